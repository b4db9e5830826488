"""The pelatihan part of seed_demo: catalogue, a finished run with certificates, a running and an open
run, JP ledgers with demo.asn under target; a second run creates nothing."""

import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from pelatihan.demo import seed_pelatihan_demo
from pelatihan.models import Angkatan, JpEksternal, Pendaftaran, Program
from pelatihan.selectors import jp_di_bawah_target, jp_pegawai


@pytest.mark.django_db
def test_seed_demo_builds_pelatihan_and_is_idempotent(media):
    call_command("seed_demo", stdout=io.StringIO())
    from pegawai.models import Pegawai, User

    tahun = timezone.localdate().year
    asn = Pegawai.objects.get(user__username="demo.asn")
    atasan = Pegawai.objects.get(user__username="demo.atasan")
    assert Program.objects.count() == 5
    assert set(Angkatan.objects.values_list("status", flat=True)) == {"finished", "running", "open"}
    graduates = Pendaftaran.objects.filter(angkatan__status="finished", lulus=True)
    assert graduates.count() == 3 and all(p.sertifikat_kode and p.sertifikat_file for p in graduates)
    for a in Angkatan.objects.all():
        assert a.terisi == a.pendaftaran.filter(status__in=Pendaftaran.SEAT_STATUSES).count() <= a.kuota
    assert jp_pegawai(pegawai=asn, tahun=tahun) == 8  # under target
    assert jp_pegawai(pegawai=atasan, tahun=tahun) >= 20
    admin = User.objects.get(username="demo.admin")
    under = jp_di_bawah_target(viewer=admin, tahun=tahun)
    assert asn in under and atasan not in under

    counts = (
        Program.objects.count(),
        Angkatan.objects.count(),
        Pendaftaran.objects.count(),
        JpEksternal.objects.count(),
    )
    assert seed_pelatihan_demo() == 0
    assert counts == (
        Program.objects.count(),
        Angkatan.objects.count(),
        Pendaftaran.objects.count(),
        JpEksternal.objects.count(),
    )
