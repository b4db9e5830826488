"""Malformed API bodies on every SKP endpoint: a 4xx with field errors, never a 500, nothing changed."""

import pytest
from rest_framework.test import APIClient

from kinerja.services import skp as svc
from tests.kinerja.skp_helpers import periode_for, rhk_item, skp_for

pytestmark = pytest.mark.django_db

BODIES = [
    {"rhk": "x"},
    {"rhk": [1, 2]},
    {"rhk": [{"deskripsi": "a", "indikator": "zz"}]},
    {"rhk": [{"deskripsi": "a", "indikator": [{"deskripsi": "b", "target_angka": "1e400"}]}]},
    {"rhk": [{"deskripsi": "a", "indikator": [{"deskripsi": "b", "target_angka": "NaN"}]}]},
    {"rhk": [{"deskripsi": "a", "rhk_atasan": "abc", "indikator": [{"deskripsi": "b", "target_teks": "t"}]}]},
    {"rhk": [{"deskripsi": "a", "rhk_atasan": 2**70, "indikator": [{"deskripsi": "b", "target_teks": "t"}]}]},
    {"rhk": [{"deskripsi": "a", "jenis": "lain", "indikator": [{"deskripsi": "b", "target_teks": "t"}]}]},
    {"rhk": [{"deskripsi": "a", "indikator": [{"deskripsi": "b", "aspek": "rasa", "target_teks": "t"}]}]},
    {"rhk": [{"deskripsi": "a" * 100000, "indikator": [{"deskripsi": "b", "target_teks": "t" * 1000}]}]},
    {"pendekatan": "aneh"},
    {"konsekuensi": None},
    [],
    "string",
    {"rhk": None},
]


@pytest.mark.parametrize("body", BODIES)
def test_malformed_skp_bodies_are_refused_without_a_500(pegawai, penilai, body, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    skp = skp_for(pegawai)
    c = APIClient()
    c.force_authenticate(pegawai.user)
    r1 = c.patch(f"/api/kinerja/skp/{skp.pk}/", body, format="json")
    r2 = c.put(f"/api/kinerja/skp/{skp.pk}/", body, format="json")
    b = dict(body, periode=skp.periode_id) if isinstance(body, dict) else body
    r3 = c.post("/api/kinerja/skp/", b, format="json")
    for r in (r1, r2, r3):
        assert 400 <= r.status_code < 500, r.content[:300]
    skp.refresh_from_db()
    assert skp.rhk.get().deskripsi == rhk_item()["deskripsi"] and skp.rhk.get().indikator.count() == 2


@pytest.mark.parametrize(
    "ep,body",
    [
        ("ekspektasi/", {"ekspektasi": "x"}),
        ("ekspektasi/", {"ekspektasi": {"zz": "a"}}),
        ("return/", {"catatan": ["a"]}),
        ("approve/", {"catatan": {"a": 1}}),
        ("revise/", {}),
        ("submit/", {}),
    ],
)
def test_malformed_workflow_bodies_are_refused_without_a_500(pegawai, penilai, ep, body, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    skp = skp_for(pegawai)
    svc.skp_submit(skp=skp, actor=pegawai)
    for u in (pegawai.user, penilai.user):
        c = APIClient()
        c.force_authenticate(u)
        r = c.post(f"/api/kinerja/skp/{skp.pk}/{ep}", body, format="json")
        assert r.status_code < 500, r.content[:300]


def test_malformed_ids_and_filters_elsewhere_are_refused_without_a_500(admin_bkd, pegawai, settings, tmp_path):
    c = APIClient()
    c.force_authenticate(admin_bkd.user)
    for url, body in [
        ("/api/kinerja/koreksi-atasan/", {"alasan": ["x"]}),
        ("/api/kinerja/skp-template/1/push/", {"periode": "x"}),
        ("/api/kinerja/koreksi-atasan/99/resolve/", {"atasan": "x"}),
        ("/api/kinerja/matriks/?unit=1&periode=x", None),
        ("/api/kinerja/periode/", {"tahun": "abc"}),
        ("/api/kinerja/skp/salin-tahun-lalu/", {"periode": -1}),
    ]:
        r = c.get(url) if body is None else c.post(url, body, format="json")
        assert r.status_code < 500, (url, r.content[:300])
    c2 = APIClient()
    c2.force_authenticate(pegawai.user)
    for url, body in [
        ("/api/kinerja/koreksi-atasan/", {"alasan": "x", "usulan_atasan": 2**70}),
        ("/api/kinerja/koreksi-atasan/", {"alasan": "x", "usulan_atasan": "abc"}),
        ("/api/kinerja/skp/salin-tahun-lalu/", {"periode": 2**70}),
    ]:
        r = c2.post(url, body, format="json")
        assert r.status_code < 500, (url, r.content[:300])


def test_an_rhk_id_of_another_skp_never_touches_that_skp(pegawai, penilai, settings, tmp_path):
    """An id that is not a row of this SKP is refused (400, field error): someone else's RHK and
    indikator are never updated or moved, nor copied in as new rows."""
    settings.MEDIA_ROOT = str(tmp_path)
    periode = periode_for(pegawai)
    other = skp_for(penilai, periode, rhk=[rhk_item("RHK milik atasan")])
    other_rhk = other.rhk.get()
    other_ind = other_rhk.indikator.first()
    skp = skp_for(pegawai, periode)
    c = APIClient()
    c.force_authenticate(pegawai.user)
    body = {
        "rhk": [
            {
                "id": other_rhk.pk,
                "deskripsi": "Diambil alih",
                "indikator": [{"id": other_ind.pk, "deskripsi": "x", "target_teks": "t"}],
            }
        ]
    }
    r = c.patch(f"/api/kinerja/skp/{skp.pk}/", body, format="json")
    assert r.status_code == 400 and "tidak ada di SKP ini" in r.json()["rhk"][0]
    other_rhk.refresh_from_db()
    other_ind.refresh_from_db()
    assert other_rhk.skp_id == other.pk and other_rhk.deskripsi == "RHK milik atasan"
    assert other_ind.rhk_id == other_rhk.pk and other_ind.deskripsi != "x"
    assert not skp.rhk.filter(pk=other_rhk.pk).exists()
