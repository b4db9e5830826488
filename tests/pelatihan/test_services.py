"""pelatihan.services on PostgreSQL: enrolment, waiting list, decisions, attendance, completion,
external JP and training needs. Bad input: a clear Indonesian error and nothing half-saved."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from pelatihan import services as svc
from pelatihan.models import Angkatan, JpEksternal, KebutuhanPelatihan, Kehadiran, Pendaftaran
from pelatihan.selectors import jp_di_bawah_target, jp_pegawai, riwayat_jp
from tests.pegawai.factories import PegawaiFactory
from tests.pelatihan.factories import AngkatanFactory, ProgramFactory

S = Pendaftaran.Status
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = bytes.fromhex("89504e470d0a1a0a0000000d49484452") + b"\x00" * 64


@pytest.fixture
def angkatan(instansi):
    return AngkatanFactory(program=ProgramFactory(instansi=instansi, jp=12), kuota=2)


def _staf(pegawai, **kw):
    return PegawaiFactory(unit_kerja=pegawai.unit_kerja, atasan=pegawai.atasan, **kw)


def test_self_registration_holds_a_seat_and_waits_for_the_atasan(pegawai, angkatan):
    p = svc.pendaftaran_daftar(angkatan=angkatan, actor=pegawai.user)
    assert p.status == S.REQUESTED and p.disetujui_oleh is None
    angkatan.refresh_from_db()
    assert angkatan.terisi == 1
    assert p.history.count() == 1


def test_full_run_puts_the_next_registration_on_the_waiting_list(pegawai, angkatan):
    a, b, c = pegawai, _staf(pegawai), _staf(pegawai)
    svc.pendaftaran_daftar(angkatan=angkatan, actor=a.user)
    svc.pendaftaran_daftar(angkatan=angkatan, actor=b.user)
    third = svc.pendaftaran_daftar(angkatan=angkatan, actor=c.user)
    assert third.status == S.WAITLISTED
    angkatan.refresh_from_db()
    assert angkatan.terisi == 2 == angkatan.kuota


def test_rejection_passes_the_seat_to_the_waiting_list(pegawai, penilai, angkatan):
    a, b, c = pegawai, _staf(pegawai), _staf(pegawai)
    first = svc.pendaftaran_daftar(angkatan=angkatan, actor=a.user)
    svc.pendaftaran_daftar(angkatan=angkatan, actor=b.user)
    waiting = svc.pendaftaran_daftar(angkatan=angkatan, actor=c.user)
    svc.pendaftaran_putuskan(pendaftaran=first, actor=penilai.user, setuju=False, catatan="Beban kerja")
    waiting.refresh_from_db()
    angkatan.refresh_from_db()
    assert (first.status, waiting.status, angkatan.terisi) == (S.REJECTED, S.REQUESTED, 2)
    # the note of the rejection is kept in history even if the pegawai registers again
    assert first.history.filter(history_change_reason="Beban kerja").exists()


def test_cancel_without_waiting_list_frees_the_seat(pegawai, angkatan):
    p = svc.pendaftaran_daftar(angkatan=angkatan, actor=pegawai.user)
    svc.pendaftaran_batal(pendaftaran=p, actor=pegawai.user)
    angkatan.refresh_from_db()
    assert (p.status, angkatan.terisi) == (S.CANCELLED, 0)
    again = svc.pendaftaran_daftar(angkatan=angkatan, actor=pegawai.user)
    assert again.pk == p.pk and again.status == S.REQUESTED


def test_closed_run_refuses_registration_and_writes_nothing(pegawai, angkatan):
    Angkatan.objects.filter(pk=angkatan.pk).update(status=Angkatan.Status.CLOSED)
    with pytest.raises(svc.PelatihanError, match="tidak dibuka"):
        svc.pendaftaran_daftar(angkatan=angkatan, actor=pegawai.user)
    assert not Pendaftaran.objects.exists()


def test_second_registration_is_refused(pegawai, angkatan):
    svc.pendaftaran_daftar(angkatan=angkatan, actor=pegawai.user)
    with pytest.raises(svc.PelatihanError, match="sudah terdaftar"):
        svc.pendaftaran_daftar(angkatan=angkatan, actor=pegawai.user)
    angkatan.refresh_from_db()
    assert angkatan.terisi == 1  # the refused attempt took no seat


def test_other_instansi_cannot_register(pegawai_lain, angkatan):
    with pytest.raises(svc.PelatihanError, match="bukan untuk instansi"):
        svc.pendaftaran_daftar(angkatan=angkatan, actor=pegawai_lain.user)
    assert not Pendaftaran.objects.exists()


def test_atasan_approves_only_a_requested_registration(pegawai, penilai, angkatan):
    p = svc.pendaftaran_daftar(angkatan=angkatan, actor=pegawai.user)
    svc.pendaftaran_putuskan(pendaftaran=p, actor=penilai.user, setuju=True)
    assert p.status == S.APPROVED and p.disetujui_oleh == penilai
    with pytest.raises(svc.PelatihanError, match="tidak sedang menunggu"):
        svc.pendaftaran_putuskan(pendaftaran=p, actor=penilai.user, setuju=False)


def test_atasan_nominates_subordinate_but_not_a_stranger(pegawai, penilai, pegawai_lain, angkatan):
    p = svc.pendaftaran_usulkan(angkatan=angkatan, pegawai=pegawai, actor=penilai.user)
    assert p.status == S.NOMINATED and p.disetujui_oleh == penilai
    with pytest.raises(svc.PelatihanError, match="bawahan"):
        svc.pendaftaran_usulkan(angkatan=angkatan, pegawai=penilai, actor=pegawai.user)  # upward
    with pytest.raises(svc.PelatihanError, match="bawahan"):
        svc.pendaftaran_usulkan(angkatan=angkatan, pegawai=pegawai_lain, actor=penilai.user)


def test_attendance_only_for_participants_all_or_nothing(pegawai, penilai, angkatan, admin_bkd):
    peserta = svc.pendaftaran_usulkan(angkatan=angkatan, pegawai=pegawai, actor=penilai.user)
    belum = svc.pendaftaran_daftar(angkatan=angkatan, actor=_staf(pegawai).user)  # not yet approved
    day = angkatan.tanggal_mulai
    with pytest.raises(ValidationError) as e:
        svc.kehadiran_catat(
            angkatan=angkatan, tanggal=day, hadir={peserta.pk: True, belum.pk: True}, actor=admin_bkd.user
        )
    assert str(belum.pk) in e.value.message_dict["peserta"][0]
    assert not Kehadiran.objects.exists()
    with pytest.raises(ValidationError) as e:
        svc.kehadiran_catat(
            angkatan=angkatan, tanggal=day - dt.timedelta(days=1), hadir={peserta.pk: True}, actor=admin_bkd.user
        )
    assert "di luar jadwal" in e.value.message_dict["tanggal"][0]
    svc.kehadiran_catat(angkatan=angkatan, tanggal=day, hadir={peserta.pk: True}, actor=admin_bkd.user)
    svc.kehadiran_catat(angkatan=angkatan, tanggal=day, hadir={peserta.pk: False}, actor=admin_bkd.user)
    assert list(Kehadiran.objects.values_list("hadir", flat=True)) == [False]  # overwritten, one row


def test_completion_credits_jp_to_graduates_in_the_year_the_run_ended(pegawai, penilai, angkatan, admin_bkd):
    lulus = svc.pendaftaran_usulkan(angkatan=angkatan, pegawai=pegawai, actor=penilai.user)
    gagal = svc.pendaftaran_usulkan(angkatan=angkatan, pegawai=_staf(pegawai), actor=penilai.user)
    with pytest.raises(ValidationError, match="setiap peserta"):
        svc.angkatan_selesaikan(angkatan=angkatan, hasil={lulus.pk: svc.Hasil(Decimal(80), True)}, actor=admin_bkd.user)
    with pytest.raises(ValidationError, match="0 sampai 100"):
        svc.angkatan_selesaikan(
            angkatan=angkatan,
            hasil={lulus.pk: svc.Hasil(Decimal(180), True), gagal.pk: svc.Hasil(None, False)},
            actor=admin_bkd.user,
        )
    angkatan.refresh_from_db()
    assert angkatan.status == Angkatan.Status.OPEN  # nothing half-written
    svc.angkatan_selesaikan(
        angkatan=angkatan,
        hasil={lulus.pk: svc.Hasil(Decimal("85.5"), True), gagal.pk: svc.Hasil(Decimal(40), False)},
        actor=admin_bkd.user,
    )
    assert angkatan.status == Angkatan.Status.FINISHED
    assert jp_pegawai(pegawai=pegawai, tahun=2026) == 12
    assert jp_pegawai(pegawai=gagal.pegawai, tahun=2026) == 0
    assert jp_pegawai(pegawai=pegawai, tahun=2025) == 0
    assert [r["jp"] for r in riwayat_jp(pegawai=pegawai, tahun=2026)] == [12]
    with pytest.raises(svc.PelatihanError, match="sudah selesai"):
        svc.angkatan_selesaikan(angkatan=angkatan, hasil={}, actor=admin_bkd.user)


def _data(**kw):
    base = {
        "nama_kegiatan": "Webinar Keamanan Siber",
        "penyelenggara": "BSSN",
        "jenis": "seminar",
        "bidang": "teknis",
        "tanggal_mulai": dt.date(2026, 2, 10),
        "tanggal_selesai": dt.date(2026, 2, 11),
        "jp": 10,
    }
    return base | kw


@pytest.mark.parametrize(("jp", "shown"), [(0, "0"), (1500, "1500"), (None, "None")])
def test_external_jp_refuses_zero_and_absurd_jp(pegawai, media, jp, shown):
    with pytest.raises(ValidationError) as e:
        svc.jp_eksternal_ajukan(actor=pegawai.user, data=_data(jp=jp), berkas=SimpleUploadedFile("s.pdf", PDF))
    assert shown in e.value.message_dict["jp"][0]
    assert not JpEksternal.objects.exists()


@pytest.mark.parametrize(
    ("name", "content"),
    [("s.pdf", b"%PDF-1.4 just text, no trailer"), ("s.pdf", b"hello"), ("s.png", PDF), ("s.pdf", b"")],
)
def test_external_certificate_must_be_a_real_pdf_or_image(pegawai, media, name, content):
    with pytest.raises(ValidationError) as e:
        svc.jp_eksternal_ajukan(actor=pegawai.user, data=_data(), berkas=SimpleUploadedFile(name, content))
    assert "berkas" in e.value.message_dict
    assert not JpEksternal.objects.exists()
    assert not list(media.rglob("*.*"))


def test_external_jp_counts_only_once_verified(pegawai, admin_bkd, media):
    obj = svc.jp_eksternal_ajukan(actor=pegawai.user, data=_data(), berkas=SimpleUploadedFile("s.png", PNG))
    assert obj.berkas_content_type == "image/png" and len(obj.berkas_sha256) == 64
    assert jp_pegawai(pegawai=pegawai, tahun=2026) == 0
    with pytest.raises(ValidationError, match="alasan"):
        svc.jp_eksternal_verifikasi(obj=obj, actor=admin_bkd.user, setuju=False)
    svc.jp_eksternal_verifikasi(obj=obj, actor=admin_bkd.user, setuju=True)
    assert jp_pegawai(pegawai=pegawai, tahun=2026) == 10
    with pytest.raises(svc.PelatihanError, match="sudah diverifikasi"):
        svc.jp_eksternal_verifikasi(obj=obj, actor=admin_bkd.user, setuju=True)


def test_unit_view_lists_who_is_under_20_jp_sorted(pegawai, penilai, admin_bkd, media):
    rich = _staf(pegawai, nama="Aaa Rajin")
    obj = svc.jp_eksternal_ajukan(actor=rich.user, data=_data(jp=25), berkas=SimpleUploadedFile("s.pdf", PDF))
    svc.jp_eksternal_verifikasi(obj=obj, actor=admin_bkd.user, setuju=True)
    some = svc.jp_eksternal_ajukan(actor=pegawai.user, data=_data(jp=8), berkas=SimpleUploadedFile("s.pdf", PDF))
    svc.jp_eksternal_verifikasi(obj=some, actor=admin_bkd.user, setuju=True)
    rows = list(jp_di_bawah_target(viewer=admin_bkd.user, tahun=2026, sort="-jp"))
    assert rich not in rows
    assert rows[0] == pegawai and rows[0].jp_total == 8 and rows[0].jp_luar == 8
    assert all(r.jp_total == 0 for r in rows[1:])
    # the atasan sees themself and the team (not the rich colleague), the ASN only themself
    assert set(jp_di_bawah_target(viewer=penilai.user, tahun=2026)) == {pegawai, penilai}
    assert list(jp_di_bawah_target(viewer=pegawai.user, tahun=2026)) == [pegawai]


def test_kebutuhan_catat_from_evaluation_and_survey_is_idempotent(pegawai, unit_bidang):
    row, created = svc.kebutuhan_catat(
        tahun=2026,
        sumber="evaluasi",
        bidang="manajerial",
        pegawai=pegawai,
        sumber_ref="kinerja.evaluasi:17",
        catatan="Predikat butuh perbaikan",
    )
    again, created2 = svc.kebutuhan_catat(
        tahun=2026, sumber="evaluasi", bidang="manajerial", pegawai=pegawai, sumber_ref="kinerja.evaluasi:17"
    )
    assert created and not created2 and again.pk == row.pk and row.instansi_id == pegawai.instansi_id
    unit_row, _ = svc.kebutuhan_catat(
        tahun=2026, sumber="survei", bidang="sosial_kultural", unit_kerja=unit_bidang, sumber_ref="survei.unsur:3:2026"
    )
    assert unit_row.pegawai is None and unit_row.instansi_id == unit_bidang.instansi_id
    assert KebutuhanPelatihan.objects.count() == 2


@pytest.mark.parametrize(
    ("kw", "field"),
    [({}, "pegawai"), ({"sumber": "gosip"}, "sumber"), ({"bidang": "memasak"}, "bidang")],
)
def test_kebutuhan_catat_refuses_bad_values(kw, field, pegawai):
    args = {"tahun": 2026, "sumber": "manual", "bidang": "teknis"} | kw
    if field != "pegawai":
        args["pegawai"] = pegawai
    with pytest.raises(ValidationError) as e:
        svc.kebutuhan_catat(**args)
    assert field in e.value.message_dict
    assert not KebutuhanPelatihan.objects.exists()
