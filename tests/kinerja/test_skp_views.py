"""SKP pages: forms (rows without JavaScript), workflow buttons, denials, constant query counts."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kinerja.models import KoreksiAtasan, Periode, Skp, SkpTemplate
from kinerja.services import skp as svc
from tests.kinerja.skp_helpers import periode_for, rhk_item, skp_for
from tests.pegawai.factories import JabatanFactory, PegawaiFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


def _rows(prefix_rows):
    data = {"rhk-total": str(len(prefix_rows))}
    for i, r in enumerate(prefix_rows):
        data[f"rhk-{i}-jenis"] = r.get("jenis", "utama")
        data[f"rhk-{i}-deskripsi"] = r["deskripsi"]
        data[f"rhk-{i}-rhk_atasan"] = r.get("rhk_atasan") or ""
        data[f"rhk-{i}-ind-total"] = str(len(r["indikator"]))
        for j, ind in enumerate(r["indikator"]):
            for k, v in ind.items():
                data[f"rhk-{i}-ind-{j}-{k}"] = "" if v is None else str(v)
    return data


def test_create_edit_submit_approve_through_pages(client, pegawai, penilai):
    periode = periode_for(pegawai)
    client.force_login(pegawai.user)
    assert client.get("/kinerja/skp/").status_code == 200
    assert client.get(f"/kinerja/skp/baru/?periode={periode.pk}").status_code == 200
    bad = {"periode": periode.pk, **_rows([rhk_item(target=-1)])}
    r = client.post("/kinerja/skp/baru/", bad)
    assert r.status_code == 400 and "Target tidak boleh negatif." in r.content.decode()
    r = client.post("/kinerja/skp/baru/", {"periode": periode.pk, "aksi": "simpan", **_rows([rhk_item("Layanan A")])})
    skp = Skp.objects.get(pegawai=pegawai)
    assert r.status_code == 302 and skp.rhk.get().indikator.count() == 2
    page = client.get(f"/kinerja/skp/{skp.pk}/").content.decode()
    assert "Layanan A" in page and "Berorientasi Pelayanan" in page and "Ajukan koreksi" in page
    r = client.post(f"/kinerja/skp/{skp.pk}/ubah/", {"aksi": "simpan", **_rows([rhk_item("Layanan B")])})
    assert r.status_code == 302 and skp.rhk.get().deskripsi == "Layanan B"
    client.post(f"/kinerja/skp/{skp.pk}/ajukan/")
    skp.refresh_from_db()
    assert skp.status == "submitted"
    assert client.get(f"/kinerja/skp/{skp.pk}/ubah/").status_code == 403
    client.force_login(penilai.user)
    assert "Staf Bidang" in client.get("/kinerja/skp/persetujuan/").content.decode()
    client.post(f"/kinerja/skp/{skp.pk}/ekspektasi/", {"ekspektasi-loyal": "Menjaga rahasia data"})
    client.post(f"/kinerja/skp/{skp.pk}/setujui/")
    skp.refresh_from_db()
    assert skp.status == "approved" and skp.perilaku.get(kode="loyal").ekspektasi_khusus == "Menjaga rahasia data"


def test_stranger_and_wrong_reviewer_are_refused(client, pegawai, penilai, atasan_penilai):
    skp = skp_for(pegawai)
    svc.skp_submit(skp=skp, actor=pegawai)
    client.force_login(PegawaiFactory().user)
    assert client.get(f"/kinerja/skp/{skp.pk}/").status_code == 404
    assert client.post(f"/kinerja/skp/{skp.pk}/setujui/").status_code == 404
    client.force_login(atasan_penilai.user)
    client.post(f"/kinerja/skp/{skp.pk}/setujui/")  # visible, but not the pejabat penilai
    skp.refresh_from_db()
    assert skp.status == "submitted"
    assert client.get("/kinerja/periode/").status_code == 403
    assert client.get("/kinerja/skp/koreksi-atasan/antrean/").status_code == 403


def test_skp_list_and_approval_pages_have_constant_queries(client, penilai, unit_bidang):
    periode = periode_for(penilai)
    staff = [PegawaiFactory(unit_kerja=unit_bidang, atasan=penilai) for _ in range(8)]

    def make(people):
        for p in people:
            s = skp_for(p, periode)
            svc.skp_submit(skp=s, actor=p)

    make(staff[:2])
    client.force_login(penilai.user)
    client.get("/kinerja/skp/daftar/")
    counts = []
    for batch in (staff[2:], []):
        with CaptureQueriesContext(connection) as q1:
            r1 = client.get("/kinerja/skp/daftar/")
        with CaptureQueriesContext(connection) as q2:
            r2 = client.get("/kinerja/skp/persetujuan/")
        assert r1.status_code == r2.status_code == 200
        counts.append((len(q1.captured_queries), len(q2.captured_queries)))
        make(batch)
    assert counts[0] == counts[1] == (8, 8)  # exact: a new query here is a deliberate change
    assert r2.content.decode().count("/kinerja/skp/") >= 8


def test_matriks_page_constant_queries(client, unit_opd, unit_bidang, penilai, atasan_penilai):
    periode = periode_for(penilai)
    head = skp_for(atasan_penilai, periode, rhk=[rhk_item("Visi kota")])
    mid = skp_for(penilai, periode, rhk=[rhk_item("Misi bidang", rhk_atasan=head.rhk.get().pk)])
    client.force_login(atasan_penilai.user)
    url = f"/kinerja/skp/matriks/?unit={unit_opd.pk}&periode={periode.pk}"
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        page = client.get(url).content.decode()
    assert "Visi kota" in page and "Misi bidang" in page
    for i in range(5):
        p = PegawaiFactory(unit_kerja=unit_bidang, atasan=penilai)
        skp_for(p, periode, rhk=[rhk_item(f"Dukung {i}", rhk_atasan=mid.rhk.get().pk), rhk_item(f"Lepas {i}")])
    with CaptureQueriesContext(connection) as many:
        page = client.get(url).content.decode()
    assert "Lepas 4" in page and "tidak mendukung" in page
    assert len(few.captured_queries) == len(many.captured_queries) == 11


def test_admin_pages_periode_template_push_and_koreksi(client, admin_bkd, instansi, unit_bidang, pegawai, penilai):
    client.force_login(admin_bkd.user)
    r = client.post("/kinerja/periode/", {"tahun": "2026", "jenis_periodik": "triwulanan"})
    assert r.status_code == 302
    periode = Periode.objects.get(instansi=instansi, tahun=2026)
    assert client.get("/kinerja/periode/").status_code == 200
    jab = JabatanFactory(instansi=instansi)
    holders = [PegawaiFactory(unit_kerja=unit_bidang, atasan=penilai, jabatan=jab) for _ in range(3)]
    r = client.post(
        "/kinerja/skp/templat/baru/", {"nama": "Analis", "jabatan": jab.pk, "aksi": "simpan", **_rows([rhk_item()])}
    )
    assert r.status_code == 302
    t = SkpTemplate.objects.get()
    assert client.get("/kinerja/skp/templat/").status_code == 200
    client.post(f"/kinerja/skp/templat/{t.pk}/kirim/", {"periode": periode.pk})
    assert Skp.objects.filter(pegawai__in=holders).count() == 3
    k = svc.koreksi_create(pegawai=pegawai, alasan="Atasan keliru")
    assert "Atasan keliru" in client.get("/kinerja/skp/koreksi-atasan/antrean/").content.decode()
    client.post(f"/kinerja/skp/koreksi-atasan/{k.pk}/", {"aksi": "tolak", "catatan": "Sudah benar"})
    assert KoreksiAtasan.objects.get().status == "rejected"


def test_asn_flags_wrong_atasan_from_page(client, pegawai, atasan_penilai):
    skp = skp_for(pegawai)
    client.force_login(pegawai.user)
    assert client.get(f"/kinerja/skp/koreksi-atasan/?skp={skp.pk}").status_code == 200
    r = client.post(
        "/kinerja/skp/koreksi-atasan/", {"alasan": "Sudah mutasi", "usulan_atasan": atasan_penilai.nip, "skp": skp.pk}
    )
    assert r.status_code == 302
    k = KoreksiAtasan.objects.get()
    assert k.usulan_atasan_id == atasan_penilai.pk and k.skp_id == skp.pk
    assert client.post("/kinerja/skp/koreksi-atasan/", {"alasan": "lagi"}).status_code == 400
