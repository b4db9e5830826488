"""Copy last year's SKP for a whole instansi in one set-based action (admin quick start)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kinerja.models import Indikator, PerilakuKerja, Rhk, Skp
from kinerja.services import skp as svc
from kinerja.services.errors import KinerjaError
from tests.kinerja.skp_helpers import periode_for, rhk_item, skp_for
from tests.pegawai.factories import PegawaiFactory

pytestmark = pytest.mark.django_db


def _staff(n, unit, atasan, periode_lalu, rhk_atasan):
    people = PegawaiFactory.create_batch(n, unit_kerja=unit, atasan=atasan)
    for p in people:
        skp = skp_for(
            p,
            periode_lalu,
            rhk=[
                rhk_item("Tersusunnya laporan", rhk_atasan=rhk_atasan.pk),
                rhk_item("Terlaksananya rapat", jenis="tambahan"),
            ],
            konsekuensi="Sesuai ketentuan",
        )
        svc.skp_set_ekspektasi(skp=skp, actor=atasan, ekspektasi={"adaptif": "Cepat belajar"})
    return people


def test_bulk_copy_makes_drafts_for_everyone_without_one(instansi, unit_bidang, penilai, atasan_penilai, pegawai):
    lalu, kini = periode_for(penilai, 2025), periode_for(penilai, 2026)
    rhk_atasan = skp_for(penilai, lalu).rhk.get()
    people = _staff(3, unit_bidang, penilai, lalu, rhk_atasan)
    sudah = people[0]
    own = skp_for(sudah, kini, rhk=[rhk_item("SKP sendiri")])
    pensiun = people[1]
    pensiun.kedudukan = "pensiun"
    pensiun.save(update_fields=["kedudukan"])
    # the penilai's own 2025 SKP is copied too; `pegawai` (no 2025 SKP) is not
    made = svc.skp_copy_previous_bulk(periode=kini)
    assert made == 2  # people[2] and the penilai
    assert Skp.objects.get(pegawai=sudah, periode=kini, is_current=True).pk == own.pk  # untouched
    assert not Skp.objects.filter(pegawai=pensiun, periode=kini).exists()
    assert not Skp.objects.filter(pegawai=pegawai, periode=kini).exists()
    copy = Skp.objects.get(pegawai=people[2], periode=kini)
    assert (copy.status, copy.version, copy.is_current) == ("draft", 1, True)
    assert copy.pejabat_penilai_id == penilai.pk and copy.atasan_pejabat_penilai_id == atasan_penilai.pk
    assert copy.konsekuensi == "Sesuai ketentuan"
    rhk = list(copy.rhk.order_by("jenis", "urutan"))
    assert [(r.jenis, r.deskripsi, r.rhk_atasan_id) for r in rhk] == [
        ("tambahan", "Terlaksananya rapat", None),
        ("utama", "Tersusunnya laporan", None),  # last year's atasan RHK do not apply
    ]
    assert Indikator.objects.filter(rhk__skp=copy).count() == 4
    assert PerilakuKerja.objects.filter(skp=copy).count() == 7
    assert copy.perilaku.get(kode="adaptif").ekspektasi_khusus == "Cepat belajar"
    assert svc.skp_copy_previous_bulk(periode=kini) == 0  # idempotent: nobody left to copy


def test_bulk_copy_query_count_does_not_grow_with_people(instansi, unit_bidang, penilai):
    lalu, kini = periode_for(penilai, 2025), periode_for(penilai, 2026)
    rhk_atasan = skp_for(penilai, lalu).rhk.get()
    _staff(2, unit_bidang, penilai, lalu, rhk_atasan)
    with CaptureQueriesContext(connection) as small:
        assert svc.skp_copy_previous_bulk(periode=kini) == 3
    Skp.objects.filter(periode=kini).delete()
    _staff(20, unit_bidang, penilai, lalu, rhk_atasan)
    with CaptureQueriesContext(connection) as big:
        assert svc.skp_copy_previous_bulk(periode=kini) == 23
    assert len(big.captured_queries) == len(small.captured_queries) <= 13  # 13th: the history rows of the new SKP
    assert Rhk.objects.filter(skp__periode=kini).count() == 1 + 22 * 2


def test_bulk_copy_refuses_a_closed_year(penilai):
    kini = periode_for(penilai, 2026)
    kini.status = "closed"
    kini.save(update_fields=["status"])
    with pytest.raises(KinerjaError):
        svc.skp_copy_previous_bulk(periode=kini)


def test_admin_copies_from_the_periode_page_and_others_are_refused(client, admin_bkd, admin_lain, penilai, pegawai):
    lalu, kini = periode_for(penilai, 2025), periode_for(penilai, 2026)
    skp_for(pegawai, lalu)
    url = f"/kinerja/periode/{kini.pk}/salin-skp-tahun-lalu/"
    client.force_login(pegawai.user)
    assert client.post(url).status_code == 403
    client.force_login(admin_lain.user)
    assert client.post(url).status_code == 403
    assert not Skp.objects.filter(periode=kini).exists()
    client.force_login(admin_bkd.user)
    assert "Salin SKP tahun lalu untuk semua pegawai" in client.get("/kinerja/periode/").content.decode()
    r = client.post(url, follow=True)
    assert r.status_code == 200 and "1 SKP tahun lalu disalin" in r.content.decode()
    assert Skp.objects.filter(periode=kini, pegawai=pegawai).exists()


def test_api_bulk_copy_admin_only(admin_bkd, admin_lain, penilai, pegawai):
    from rest_framework.test import APIClient

    lalu, kini = periode_for(penilai, 2025), periode_for(penilai, 2026)
    skp_for(pegawai, lalu)
    url = f"/api/kinerja/periode/{kini.pk}/salin-skp-tahun-lalu/"
    # an ASN of the instansi sees the periode but may not copy (403); another instansi's admin does not see it (404)
    for user, code in ((pegawai.user, 403), (admin_lain.user, 404)):
        c = APIClient()
        c.force_authenticate(user)
        assert c.post(url).status_code == code
    c = APIClient()
    c.force_authenticate(admin_bkd.user)
    r = c.post(url)
    assert r.status_code == 201 and r.json() == {"dibuat": 1}
    assert c.post(url).json() == {"dibuat": 0}
    assert c.post(f"/api/kinerja/periode/{2**70}/salin-skp-tahun-lalu/").status_code == 404
