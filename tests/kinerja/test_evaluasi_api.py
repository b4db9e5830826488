"""e-Kinerja II API: rating (400 with field errors, 403/404 denials), annual run start/progress with a
refused second start, keberatan after 14 days refused with a 400."""

import datetime as dt

import time_machine
from rest_framework.test import APIClient

from kinerja.models import EvaluasiPeriodik, EvaluasiRun, EvaluasiTahunan
from tests.kinerja.factories import PeriodeFactory
from tests.kinerja.skp_helpers import approved, skp_for
from tests.pegawai.factories import PegawaiFactory

JAKARTA = dt.timezone(dt.timedelta(hours=7))


def client_for(user) -> APIClient:
    c = APIClient()
    c.force_authenticate(user)
    return c


def _url(skp):
    return f"/api/kinerja/evaluasi/skp/{skp.pk}/periode/{skp.periode.windows.get(nomor=2).pk}/"


def test_rate_api_grants_and_field_errors(pegawai, penilai):
    skp = approved(skp_for(pegawai), penilai)
    rhk = skp.rhk.first()
    api = client_for(penilai.user)
    bad = api.post(_url(skp), {"rating_hasil": "hebat", "rating_perilaku": "sesuai"}, format="json")
    assert bad.status_code == 400 and "rating_hasil" in bad.json()
    bad = api.post(
        _url(skp), {"rating_hasil": "sesuai", "rating_perilaku": "sesuai", "rating_rhk": {"x": "sesuai"}}, format="json"
    )
    assert bad.status_code == 400 and "rating_rhk" in bad.json()
    assert not EvaluasiPeriodik.objects.exists()
    ok = api.post(
        _url(skp),
        {
            "rating_hasil": "di_bawah",
            "rating_perilaku": "di_bawah",
            "rating_rhk": {str(rhk.pk): "di_bawah"},
            "final": True,
        },
        format="json",
    )
    assert ok.status_code == 200 and ok.json()["predikat"] == "sangat_kurang"
    again = api.post(_url(skp), {"rating_hasil": "sesuai", "rating_perilaku": "sesuai"}, format="json")
    assert again.status_code == 400 and "final" in again.json()["detail"][0]


def test_rate_api_denials_and_unapproved_skp(pegawai, penilai, atasan_penilai, pegawai_lain):
    draft = skp_for(pegawai)
    body = {"rating_hasil": "sesuai", "rating_perilaku": "sesuai"}
    r = client_for(penilai.user).post(_url(draft), body, format="json")
    assert r.status_code == 400 and "belum disetujui" in r.json()["detail"][0]
    assert client_for(atasan_penilai.user).post(_url(draft), body, format="json").status_code == 403
    assert client_for(pegawai_lain.user).post(_url(draft), body, format="json").status_code == 404
    assert not EvaluasiPeriodik.objects.exists()


def test_run_start_progress_and_second_start_refused(pegawai, admin_bkd, admin_lain):
    periode = PeriodeFactory(instansi=pegawai.instansi)
    api = client_for(admin_bkd.user)
    r = api.post("/api/kinerja/evaluasi/tahunan/run/", {"periode": periode.pk}, format="json")
    assert r.status_code == 202 and r.json()["status"] == "running" and r.json()["job_status"] == "queued"
    second = api.post("/api/kinerja/evaluasi/tahunan/run/", {"periode": periode.pk}, format="json")
    assert second.status_code == 400 and "sedang berjalan" in second.json()["detail"][0]
    assert EvaluasiRun.objects.count() == 1
    detail = api.get(f"/api/kinerja/evaluasi/tahunan/run/{r.json()['id']}/")
    assert detail.status_code == 200 and detail.json()["id"] == r.json()["id"]
    # another instansi's admin and a plain pegawai: the run and the periode do not exist for them
    assert client_for(admin_lain.user).get(f"/api/kinerja/evaluasi/tahunan/run/{r.json()['id']}/").status_code == 404
    assert (
        client_for(pegawai.user)
        .post("/api/kinerja/evaluasi/tahunan/run/", {"periode": periode.pk}, format="json")
        .status_code
        == 404
    )


def test_keberatan_api_after_14_days_is_400(pegawai, penilai, atasan_penilai, unit_bidang):
    periode = PeriodeFactory(instansi=pegawai.instansi)
    ev = EvaluasiTahunan.objects.create(
        pegawai=pegawai, periode=periode, unit_kerja=unit_bidang, penilai=penilai, atasan_penilai=atasan_penilai,
        rating_hasil="sesuai", rating_perilaku="sesuai", predikat="baik", status="final",
        finalised_at=dt.datetime(2027, 1, 5, 10, tzinfo=JAKARTA),
    )  # fmt: skip
    url = f"/api/kinerja/evaluasi/tahunan/{ev.pk}/keberatan/"
    with time_machine.travel(dt.datetime(2027, 1, 20, 9, tzinfo=JAKARTA)):
        r = client_for(pegawai.user).post(url, {"alasan": "Tidak sesuai"}, format="json")
    assert r.status_code == 400 and "14 hari" in r.json()["alasan"][0]
    with time_machine.travel(dt.datetime(2027, 1, 10, 9, tzinfo=JAKARTA)):
        assert client_for(penilai.user).post(url, {"alasan": "x"}, format="json").status_code == 403
        assert (
            client_for(PegawaiFactory(unit_kerja=unit_bidang).user)
            .post(url, {"alasan": "x"}, format="json")
            .status_code
            == 404
        )
        ok = client_for(pegawai.user).post(url, {"alasan": "Tidak sesuai"}, format="json")
    assert ok.status_code == 200 and ok.json()["keberatan_status"] == "filed"
