"""Daily log services: domain rules, idempotency, locking, bulk review, delegation, notifications."""

import datetime as dt
import uuid
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from common.models import Notifikasi
from kinerja.models import BuktiDukung, DelegasiPersetujuan, LogHarian, Periode, Realisasi
from kinerja.services import log as svc
from kinerja.services.errors import StateError
from tests.kinerja.factories import LogHarianFactory, RhkFactory, SkpFactory
from tests.kinerja.log_helpers import (
    current_window,
    fake_pdf,
    log_data,
    pdf_bytes,
    png_bytes,
    setup_skp,
    stored_files,
    upload,
)
from tests.pegawai.factories import PegawaiFactory

pytest_plugins = ["tests.kinerja.log_helpers"]
pytestmark = pytest.mark.usefixtures("media")


@pytest.fixture
def skp_setup(pegawai):
    return setup_skp(pegawai)


def _create(pegawai, the_rhk, files=(), kirim=False, token=None, **over):
    return svc.log_create(
        pegawai=pegawai,
        data=svc.LogData.from_dict(log_data(the_rhk, **over)),
        client_token=token,
        files=files,
        kirim=kirim,
    )


def test_create_draft_with_files_stores_hash_size_and_name(pegawai, skp_setup, media):
    _skp, rhk, _ind = skp_setup
    log, created = _create(pegawai, rhk, files=[upload("laporan.pdf", pdf_bytes()), upload("foto.png", png_bytes())])
    assert created and log.status == LogHarian.Status.DRAFT
    rows = list(log.bukti.order_by("id"))
    assert [(b.nama_asli, b.content_type) for b in rows] == [
        ("laporan.pdf", "application/pdf"),
        ("foto.png", "image/png"),
    ]
    assert rows[0].ukuran == len(pdf_bytes()) and len(rows[0].sha256) == 64
    assert len(stored_files(media)) == 2


def test_create_and_send_notifies_the_atasan_once(pegawai, penilai, skp_setup):
    _skp, rhk, _ind = skp_setup
    log, _ = _create(pegawai, rhk, kirim=True)
    assert log.status == LogHarian.Status.SUBMITTED and log.submitted_at is not None
    notes = Notifikasi.objects.filter(penerima=penilai.user, jenis="log_dikirim")
    assert notes.count() == 1


def test_same_client_token_twice_makes_one_log(pegawai, skp_setup, media):
    _skp, rhk, _ind = skp_setup
    token = uuid.uuid4()
    first, created1 = _create(pegawai, rhk, files=[upload("a.png", png_bytes())], token=token)
    again, created2 = _create(pegawai, rhk, files=[upload("a.png", png_bytes())], token=token, kegiatan="lain")
    assert (created1, created2) == (True, False)
    assert again.pk == first.pk
    assert LogHarian.objects.count() == 1 and BuktiDukung.objects.count() == 1
    assert len(stored_files(media)) == 1


def test_same_token_of_another_pegawai_is_a_different_log(pegawai, penilai, skp_setup):
    _skp, rhk, _ind = skp_setup
    _s2, rhk2, _i2 = setup_skp(penilai)
    token = uuid.uuid4()
    _create(pegawai, rhk, token=token)
    _create(penilai, rhk2, token=token)
    assert LogHarian.objects.count() == 2


@pytest.mark.parametrize(
    ("over", "field", "fragment"),
    [
        ({"output_jumlah": Decimal("-1")}, "output_jumlah", "tidak boleh negatif"),
        ({"jam_mulai": dt.time(10), "jam_selesai": dt.time(9)}, "jam_selesai", "setelah jam mulai"),
        ({"jam_mulai": dt.time(10), "jam_selesai": dt.time(10)}, "jam_selesai", "setelah jam mulai"),
        ({"rhk": 987654}, "rhk", "tidak ditemukan"),
        ({"rhk": None}, "rhk", "Pilih RHK"),
        ({"kegiatan": "  "}, "kegiatan", "wajib"),
        ({"link_bukti": "javascript:alert(1)"}, "link_bukti", "URL"),
    ],
)
def test_create_refuses_bad_input_and_saves_nothing(pegawai, skp_setup, over, field, fragment):
    _skp, rhk, _ind = skp_setup
    with pytest.raises(ValidationError) as exc:
        _create(pegawai, rhk, **over)
    assert fragment in " ".join(exc.value.message_dict[field])
    assert LogHarian.objects.count() == 0


def test_create_refuses_rhk_of_another_pegawai(pegawai, penilai, skp_setup):
    _s, other_rhk, _i = setup_skp(penilai)
    with pytest.raises(ValidationError) as exc:
        _create(pegawai, other_rhk)
    assert "bukan bagian dari SKP Anda" in exc.value.message_dict["rhk"][0]


def test_create_refuses_rhk_of_an_old_skp_version(pegawai, skp_setup):
    skp, _rhk, _ind = skp_setup
    old = SkpFactory(pegawai=pegawai, periode=skp.periode, is_current=False, version=0)
    with pytest.raises(ValidationError) as exc:
        _create(pegawai, RhkFactory(skp=old))
    assert "tidak berlaku" in exc.value.message_dict["rhk"][0]


def test_create_allows_rhk_of_a_draft_skp(pegawai):
    _skp, rhk, _ind = setup_skp(pegawai, status="draft")
    log, created = _create(pegawai, rhk)
    assert created and log.rhk_id == rhk.pk


def test_create_refuses_a_future_date(pegawai, skp_setup):
    _skp, rhk, _ind = skp_setup
    with pytest.raises(ValidationError) as exc:
        _create(pegawai, rhk, tanggal=timezone.localdate() + dt.timedelta(days=1))
    assert "masa depan" in exc.value.message_dict["tanggal"][0]


def test_create_refuses_a_closed_window_and_a_closed_year(pegawai, skp_setup):
    skp, rhk, _ind = skp_setup
    window = current_window(skp.periode)
    window.status = Periode.Status.CLOSED
    window.save()
    with pytest.raises(ValidationError) as exc:
        _create(pegawai, rhk)
    assert "sudah ditutup" in exc.value.message_dict["tanggal"][0]
    window.status = Periode.Status.OPEN
    window.save()
    Periode.objects.filter(pk=skp.periode_id).update(status=Periode.Status.CLOSED)
    with pytest.raises(ValidationError):
        _create(pegawai, rhk)


def test_create_refuses_a_date_outside_any_periode(pegawai, skp_setup):
    _skp, rhk, _ind = skp_setup
    with pytest.raises(ValidationError) as exc:
        _create(pegawai, rhk, tanggal=dt.date(2001, 5, 5))
    assert "Belum ada periode" in exc.value.message_dict["tanggal"][0]


def test_bad_second_file_saves_neither_the_log_nor_the_first_file(pegawai, skp_setup, media):
    _skp, rhk, _ind = skp_setup
    with pytest.raises(ValidationError):
        _create(pegawai, rhk, files=[upload("ok.png", png_bytes()), fake_pdf()])
    assert LogHarian.objects.count() == 0 and BuktiDukung.objects.count() == 0
    assert stored_files(media) == []


def test_failure_after_files_are_written_removes_them(pegawai, skp_setup, media, monkeypatch):
    _skp, rhk, _ind = skp_setup

    def boom(*args, **kwargs):
        raise RuntimeError("mail server down")

    monkeypatch.setattr(svc, "_notify_submitted", boom)
    with pytest.raises(RuntimeError):
        _create(pegawai, rhk, files=[upload("ok.png", png_bytes())], kirim=True)
    assert LogHarian.objects.count() == 0 and stored_files(media) == []


# --- edit, delete, lock ---------------------------------------------------------------------------


def test_owner_edits_a_draft_and_adds_evidence(pegawai, skp_setup):
    _skp, rhk, _ind = skp_setup
    log, _ = _create(pegawai, rhk)
    svc.log_update(
        log=log,
        actor=pegawai,
        data=svc.LogData.from_dict(log_data(rhk, kegiatan="Diubah", output_jumlah=Decimal(5))),
        files=[upload("b.png", png_bytes())],
    )
    log.refresh_from_db()
    assert (log.kegiatan, log.output_jumlah, log.bukti.count()) == ("Diubah", Decimal(5), 1)


def test_approved_log_is_locked(pegawai, penilai, skp_setup):
    _skp, rhk, _ind = skp_setup
    log, _ = _create(pegawai, rhk, kirim=True)
    svc.log_review(actor=penilai, ids=[log.pk], approve=True)
    log.refresh_from_db()
    data = svc.LogData.from_dict(log_data(rhk, kegiatan="Diubah"))
    with pytest.raises(StateError):
        svc.log_update(log=log, actor=pegawai, data=data)
    with pytest.raises(StateError):
        svc.log_delete(log=log, actor=pegawai)
    with pytest.raises(StateError):
        svc.log_add_bukti(log=log, actor=pegawai, files=[upload("b.png", png_bytes())])
    log.refresh_from_db()
    assert log.kegiatan != "Diubah" and LogHarian.objects.filter(pk=log.pk).exists()


def test_submitted_log_is_locked_for_the_owner(pegawai, skp_setup):
    _skp, rhk, _ind = skp_setup
    log, _ = _create(pegawai, rhk, kirim=True)
    with pytest.raises(StateError):
        svc.log_update(log=log, actor=pegawai, data=svc.LogData.from_dict(log_data(rhk)))


def test_another_pegawai_cannot_edit_or_delete(pegawai, penilai, skp_setup):
    _skp, rhk, _ind = skp_setup
    log, _ = _create(pegawai, rhk)
    with pytest.raises(PermissionDenied):
        svc.log_update(log=log, actor=penilai, data=svc.LogData.from_dict(log_data(rhk)))
    with pytest.raises(PermissionDenied):
        svc.log_delete(log=log, actor=penilai)


def test_delete_draft_removes_its_files_after_commit(pegawai, skp_setup, media, django_capture_on_commit_callbacks):
    _skp, rhk, _ind = skp_setup
    log, _ = _create(pegawai, rhk, files=[upload("a.png", png_bytes())])
    with django_capture_on_commit_callbacks(execute=True):
        svc.log_delete(log=log, actor=pegawai)
    assert LogHarian.objects.count() == 0 and stored_files(media) == []


# --- submit ---------------------------------------------------------------------------------------


def test_submit_many_drafts_notifies_the_atasan_once(pegawai, penilai, skp_setup):
    _skp, rhk, _ind = skp_setup
    logs = [_create(pegawai, rhk)[0] for _ in range(3)]
    svc.log_submit(actor=pegawai, ids=[log.pk for log in logs])
    assert set(LogHarian.objects.values_list("status", flat=True)) == {"submitted"}
    assert Notifikasi.objects.filter(penerima=penilai.user, jenis="log_dikirim").count() == 1


def test_submit_refuses_logs_of_others_and_already_sent(pegawai, penilai, skp_setup):
    _skp, rhk, _ind = skp_setup
    log, _ = _create(pegawai, rhk, kirim=True)
    with pytest.raises(StateError):
        svc.log_submit(actor=pegawai, ids=[log.pk])
    with pytest.raises(PermissionDenied):
        svc.log_submit(actor=penilai, ids=[log.pk])


def test_submit_without_an_atasan_is_refused(atasan_penilai):
    _skp, rhk, _ind = setup_skp(atasan_penilai)
    log, _ = _create(atasan_penilai, rhk)
    with pytest.raises(ValidationError) as exc:
        svc.log_submit(actor=atasan_penilai, ids=[log.pk])
    assert "atasan langsung" in str(exc.value)


# --- review ---------------------------------------------------------------------------------------


def test_bulk_approve_counts_changes_and_refreshes_realisasi(pegawai, penilai, skp_setup):
    skp, rhk, ind = skp_setup
    a, _ = _create(pegawai, rhk, kirim=True, output_jumlah=Decimal(2), output_satuan="Dokumen ")
    b, _ = _create(pegawai, rhk, kirim=True, output_jumlah=Decimal(3), output_satuan="dokumen")
    c, _ = _create(pegawai, rhk, kirim=True, output_jumlah=Decimal(7), output_satuan="lembar")
    result = svc.log_review(actor=penilai, ids=[a.pk, b.pk, c.pk], approve=True, catatan="Bagus")
    assert result.changed == 3 and result.ids == sorted([a.pk, b.pk, c.pk])
    assert set(LogHarian.objects.values_list("status", flat=True)) == {"approved"}
    real = Realisasi.objects.get(indikator=ind, periode_evaluasi=current_window(skp.periode))
    assert real.realisasi_angka == Decimal(5) and real.sumber == "log"
    assert Notifikasi.objects.filter(penerima=pegawai.user, jenis="log_disetujui").count() == 1


def test_approving_twice_is_a_state_error(pegawai, penilai, skp_setup):
    _skp, rhk, _ind = skp_setup
    log, _ = _create(pegawai, rhk, kirim=True)
    svc.log_review(actor=penilai, ids=[log.pk], approve=True)
    with pytest.raises(StateError):
        svc.log_review(actor=penilai, ids=[log.pk], approve=True)
    assert Notifikasi.objects.filter(penerima=pegawai.user, jenis="log_disetujui").count() == 1


def test_approving_a_log_one_does_not_supervise_changes_nothing(pegawai, penilai, atasan_penilai, skp_setup):
    _skp, rhk, _ind = skp_setup
    own_team, _ = _create(pegawai, rhk, kirim=True)
    other = LogHarianFactory(rhk=RhkFactory(skp=SkpFactory(pegawai=PegawaiFactory())))
    with pytest.raises(PermissionDenied):
        svc.log_review(actor=penilai, ids=[own_team.pk, other.pk], approve=True)
    # the atasan's atasan supervises only indirectly: not an approver either
    with pytest.raises(PermissionDenied):
        svc.log_review(actor=atasan_penilai, ids=[own_team.pk], approve=True)
    # the owner cannot approve their own log
    with pytest.raises(PermissionDenied):
        svc.log_review(actor=pegawai, ids=[own_team.pk], approve=True)
    assert set(LogHarian.objects.values_list("status", flat=True)) == {"submitted"}


def test_unknown_ids_are_answered_like_other_teams_logs(penilai):
    # Same answer as a log of someone else's team: a batch does not reveal which ids exist.
    with pytest.raises(PermissionDenied):
        svc.log_review(actor=penilai, ids=[99999], approve=True)
    with pytest.raises(ValidationError):
        svc.log_review(actor=penilai, ids=[], approve=True)


def test_reject_needs_a_reason_and_notifies(pegawai, penilai, skp_setup):
    _skp, rhk, _ind = skp_setup
    log, _ = _create(pegawai, rhk, kirim=True)
    with pytest.raises(ValidationError) as exc:
        svc.log_review(actor=penilai, ids=[log.pk], approve=False, catatan=" ")
    assert "catatan" in exc.value.message_dict
    svc.log_review(actor=penilai, ids=[log.pk], approve=False, catatan="Lampirkan notulen")
    log.refresh_from_db()
    assert (log.status, log.catatan_atasan, log.reviewed_by_id) == ("rejected", "Lampirkan notulen", penilai.pk)
    assert Notifikasi.objects.filter(penerima=pegawai.user, jenis="log_ditolak").count() == 1
    # rejected: the owner fixes it and sends it again
    svc.log_update(log=log, actor=pegawai, data=svc.LogData.from_dict(log_data(rhk, kegiatan="Dengan notulen")))
    svc.log_submit(actor=pegawai, ids=[log.pk])
    log.refresh_from_db()
    assert log.status == "submitted"


def test_approval_skips_logs_of_a_closed_window(pegawai, penilai, skp_setup):
    skp, rhk, _ind = skp_setup
    log, _ = _create(pegawai, rhk, kirim=True)
    current_window(skp.periode).__class__.objects.filter(periode=skp.periode).update(status="closed")
    with pytest.raises(StateError) as exc:
        svc.log_review(actor=penilai, ids=[log.pk], approve=True)
    assert "ditutup" in exc.value.message


def test_plt_plh_delegate_approves_only_during_the_delegation(pegawai, penilai, skp_setup):
    _skp, rhk, _ind = skp_setup
    plh = PegawaiFactory(unit_kerja=penilai.unit_kerja)
    log, _ = _create(pegawai, rhk, kirim=True)
    today = timezone.localdate()
    DelegasiPersetujuan.objects.create(
        atasan=penilai, penerima=plh, mulai=today - dt.timedelta(days=10), selesai=today - dt.timedelta(days=1)
    )
    with pytest.raises(PermissionDenied):
        svc.log_review(actor=plh, ids=[log.pk], approve=True)
    DelegasiPersetujuan.objects.create(atasan=penilai, penerima=plh, mulai=today, selesai=today)
    assert svc.log_review(actor=plh, ids=[log.pk], approve=True).changed == 1
    log.refresh_from_db()
    assert log.reviewed_by_id == plh.pk


def test_submit_notifies_the_active_plh_too(pegawai, penilai, skp_setup):
    _skp, rhk, _ind = skp_setup
    plh = PegawaiFactory(unit_kerja=penilai.unit_kerja)
    today = timezone.localdate()
    DelegasiPersetujuan.objects.create(atasan=penilai, penerima=plh, mulai=today, selesai=today)
    _create(pegawai, rhk, kirim=True)
    assert set(Notifikasi.objects.filter(jenis="log_dikirim").values_list("penerima_id", flat=True)) == {
        penilai.user_id,
        plh.user_id,
    }


def test_submit_refuses_drafts_whose_window_closed_or_skp_was_revised(pegawai, skp_setup):
    skp, rhk, _ind = skp_setup
    log, _ = _create(pegawai, rhk)
    window = current_window(skp.periode)
    window.status = Periode.Status.CLOSED
    window.save()
    with pytest.raises(ValidationError) as exc:
        svc.log_submit(actor=pegawai, ids=[log.pk])
    assert "sudah ditutup" in exc.value.message_dict["tanggal"][0]
    window.status = Periode.Status.OPEN
    window.save()
    type(skp).objects.filter(pk=skp.pk).update(is_current=False)
    with pytest.raises(ValidationError) as exc:
        svc.log_submit(actor=pegawai, ids=[log.pk])
    assert "tidak berlaku" in exc.value.message_dict["rhk"][0]
    assert LogHarian.objects.get().status == "draft"


def test_submitting_many_drafts_takes_constant_queries(pegawai, skp_setup, django_assert_max_num_queries):
    _skp, rhk, _ind = skp_setup
    ids = [_create(pegawai, rhk)[0].pk for _ in range(12)]
    # Constant: lock + checks + one UPDATE, the history (SELECT + INSERT), the notification with
    # its outbox row. 14 for 12 logs as for 1.
    with django_assert_max_num_queries(14):
        svc.log_submit(actor=pegawai, ids=ids)
    assert LogHarian.objects.filter(status="submitted").count() == 12
