"""Scale data (generate_scale --logs-per-pegawai) and `bench kinerja_harian`: rows made set-based,
second run adds nothing, the JSON line is printed last. Figures live in docs/benchmarks.md."""

import io
import json

import pytest
from django.core.management import call_command
from django.utils import timezone

from kinerja.models import Indikator, LogHarian, Realisasi, Rhk, Skp
from kinerja.scale import generate_kinerja
from pegawai.models import Instansi, Pegawai

pytestmark = pytest.mark.django_db


def test_generate_scale_with_logs_per_pegawai():
    out = io.StringIO()
    call_command("generate_scale", "--pegawai", "40", "--instansi", "UJIK", "--logs-per-pegawai", "6", stdout=out)
    inst = Instansi.objects.get(kode="UJIK")
    n = Pegawai.objects.filter(instansi=inst).count()
    assert n == 40
    assert Skp.objects.filter(pegawai__instansi=inst, status="approved", is_current=True).count() == n
    assert Rhk.objects.filter(skp__pegawai__instansi=inst).count() == n
    assert Indikator.objects.filter(rhk__skp__pegawai__instansi=inst).count() == n
    logs = LogHarian.objects.filter(pegawai__instansi=inst)
    assert logs.count() == n * 6
    assert logs.filter(status="submitted").count() == n * 2
    today = timezone.localdate()
    assert logs.filter(tanggal__gt=today).count() == 0
    assert logs.filter(tanggal__lt=today.replace(month=1, day=1)).count() == 0
    assert logs.values("tanggal").distinct().count() > 1  # spread over the year
    # Cascading: a staff RHK intervenes their atasan's RHK.
    staff_rhk = Rhk.objects.filter(skp__pegawai__instansi=inst, skp__pegawai__atasan__isnull=False).first()
    assert staff_rhk.rhk_atasan.skp.pegawai_id == staff_rhk.skp.pegawai.atasan_id
    assert Realisasi.objects.filter(indikator__rhk__skp__pegawai__instansi=inst).exists()
    # Idempotent: a second pass over the same instansi creates nothing.
    again = generate_kinerja(instansi=inst, logs_per_pegawai=6)
    assert (again["skp"], again["rhk"], again["logs"]) == (0, 0, 0)
    assert "log harian" in out.getvalue()


def test_bench_kinerja_harian_prints_json_last():
    out = io.StringIO()
    call_command(
        "bench", "kinerja_harian", "--pegawai", "30", "--logs-per-pegawai", "5", "--instansi", "UJIB",
        "--requests", "2", "--warmup", "0", stdout=out,
    )  # fmt: skip
    last = out.getvalue().strip().splitlines()[-1]
    data = json.loads(last)
    for key in ("name", "n", "seconds", "floor_seconds", "ratio"):
        assert key in data
    assert data["name"] == "kinerja_harian" and data["n"] == 30
    assert set(data["cases"]) >= {"dasbor ASN", "antrean atasan", "buat log (API)", "setujui 100 log"}
    assert data["cases"]["setujui 100 log"]["count"] >= 5
    # The bench removes its own logs again.
    assert not LogHarian.objects.filter(kegiatan="Menyusun dokumen layanan (bench)").exists()
