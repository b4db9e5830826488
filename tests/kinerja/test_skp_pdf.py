"""The SKP PDF: rendered by the task (idempotent), text read back with pdftotext; served by the page."""

import subprocess

import pytest

from kinerja.models import Skp
from kinerja.pdf import skp_pdf_context
from kinerja.services import skp as svc
from kinerja.tasks import skp_pdf_render_task
from tests.kinerja.skp_helpers import periode_for, rhk_item, skp_for

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


def _text(path) -> str:
    out = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, text=True)
    return " ".join(out.stdout.split())


@pytest.fixture
def skp(pegawai, penilai):
    periode = periode_for(pegawai)
    atasan_rhk = skp_for(penilai, periode, rhk=[rhk_item("Meningkatnya layanan digital")]).rhk.get()
    s = skp_for(pegawai, periode, rhk=[rhk_item("Tersusunnya laporan aplikasi", rhk_atasan=atasan_rhk.pk)])
    svc.skp_set_ekspektasi(skp=s, actor=penilai, ekspektasi={"kolaboratif": "Aktif berbagi data"})
    return s


def test_pdf_task_renders_official_layout_and_is_idempotent(skp, pegawai, penilai):
    skp_pdf_render_task(skp.pk)
    skp.refresh_from_db()
    assert skp.pdf_file and skp.pdf_version == skp.version
    text = _text(skp.pdf_file.path)
    for expected in (
        "SASARAN KINERJA PEGAWAI",
        "PEGAWAI YANG DINILAI",
        "PEJABAT PENILAI KINERJA",
        pegawai.nama,
        pegawai.nip,
        penilai.nama,
        penilai.nip,
        "Tersusunnya laporan aplikasi",
        "Meningkatnya layanan digital",  # RHK atasan yang diintervensi
        "PERILAKU KERJA",
        "Aktif berbagi data",
        "LAMPIRAN",
    ):
        assert expected in text, expected
    name = skp.pdf_file.name
    skp_pdf_render_task(skp.pk)  # second run: nothing re-rendered
    skp.refresh_from_db()
    assert skp.pdf_file.name == name
    skp_pdf_render_task(10**9)  # deleted meanwhile: no error


def test_pdf_context_query_count(skp, django_assert_num_queries):
    with django_assert_num_queries(4):
        ctx = skp_pdf_context(skp.pk)
        assert len(ctx["utama"]) == 1 and len(ctx["perilaku"]) == 7


def test_pdf_page_renders_when_missing_and_denies_strangers(client, skp, pegawai):
    from tests.pegawai.factories import PegawaiFactory

    client.force_login(pegawai.user)
    r = client.get(f"/kinerja/skp/{skp.pk}/pdf/")
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf"
    assert b"".join(r.streaming_content).startswith(b"%PDF")
    assert Skp.objects.get(pk=skp.pk).pdf_version == skp.version
    client.force_login(PegawaiFactory().user)
    assert client.get(f"/kinerja/skp/{skp.pk}/pdf/").status_code == 404
