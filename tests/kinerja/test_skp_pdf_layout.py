"""SKP PDF beyond the basic layout: the JPT variant (perspektif instead of RHK atasan), the render
queued on approval, and versions (each keeps its own document)."""

import subprocess

import pytest

from common.models import TaskOutbox
from kinerja.models import Skp
from kinerja.services import skp as svc
from pegawai.rules import JenisJabatan
from tests.kinerja.skp_helpers import periode_for, rhk_item, skp_for
from tests.pegawai.factories import JabatanFactory, PegawaiFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


def _text(path) -> str:
    out = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, text=True)
    return " ".join(out.stdout.split())


def test_jpt_pdf_shows_perspektif_not_rhk_atasan(instansi, unit_opd):
    kepala = PegawaiFactory(
        unit_kerja=unit_opd,
        nama="Kepala Dinas Uji",
        jabatan=JabatanFactory(instansi=instansi, jenis=JenisJabatan.JPT_PRATAMA, nama="Kepala Dinas"),
    )
    skp = skp_for(kepala, rhk=[rhk_item("Meningkatnya indeks kepuasan layanan", perspektif="Penerima Layanan")])
    svc.skp_pdf_render(skp=Skp.objects.select_related("pegawai").get(pk=skp.pk))
    skp.refresh_from_db()
    text = _text(skp.pdf_file.path)
    assert "Perspektif" in text and "Penerima Layanan" in text
    assert "Meningkatnya indeks kepuasan layanan" in text and kepala.nip in text
    assert "RHK atasan yang diintervensi" not in text


def test_approval_queues_the_render_and_revisions_keep_their_own_pdf(
    pegawai, penilai, django_capture_on_commit_callbacks
):
    periode = periode_for(pegawai)
    skp = skp_for(pegawai, periode, rhk=[rhk_item("Tersusunnya laporan versi satu")])
    svc.skp_submit(skp=skp, actor=pegawai)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        svc.skp_approve(skp=skp, actor=penilai)
    assert callbacks  # the render, queued after commit through the task outbox (common.queue)
    render = TaskOutbox.objects.get(task_name="kinerja.tasks.skp_pdf_render_task", args=[skp.pk])
    assert render.status == TaskOutbox.Status.DISPATCHED
    v1 = Skp.objects.get(pk=skp.pk)
    assert v1.pdf_file and v1.pdf_version == v1.version
    assert "Tersusunnya laporan versi satu" in _text(v1.pdf_file.path)

    v2 = svc.skp_revise(skp=v1, actor=pegawai)
    assert v2.version == v1.version + 1 and v2.pdf_version == 0 and not v2.pdf_file
    svc.skp_update(skp=v2, actor=pegawai, rhk=[rhk_item("Tersusunnya laporan versi dua")])
    svc.skp_submit(skp=v2, actor=pegawai)
    with django_capture_on_commit_callbacks(execute=True):
        svc.skp_approve(skp=v2, actor=penilai)
    v1.refresh_from_db()
    v2.refresh_from_db()
    assert v1.pdf_file.name != v2.pdf_file.name
    assert "Tersusunnya laporan versi satu" in _text(v1.pdf_file.path)  # the old version stays viewable
    text2 = _text(v2.pdf_file.path)
    assert "Tersusunnya laporan versi dua" in text2 and "versi satu" not in text2


def test_old_version_page_and_pdf_stay_viewable(client, pegawai, penilai):
    skp = skp_for(pegawai)
    svc.skp_submit(skp=skp, actor=pegawai)
    svc.skp_approve(skp=skp, actor=penilai)
    new = svc.skp_revise(skp=skp, actor=pegawai)
    client.force_login(penilai.user)
    page = client.get(f"/kinerja/skp/{skp.pk}/").content.decode()
    assert "Versi lama (hanya baca)" in page and f"/kinerja/skp/{new.pk}/" in page
    assert "Setujui" not in page
    r = client.get(f"/kinerja/skp/{skp.pk}/pdf/")
    assert r.status_code == 200 and b"".join(r.streaming_content)[:4] == b"%PDF"
