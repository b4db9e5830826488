"""History of the kinerja workflow models (django-simple-history + common.history.record_history):
every step done by a conditional UPDATE leaves a row with the acting user and the note, set-based,
and the log page shows the steps from it."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from common.history import history_of
from kinerja.models import DelegasiPersetujuan, LogHarian, Realisasi
from kinerja.selectors.log import log_history
from kinerja.services import delegasi as delegasi_service
from kinerja.services import log as svc
from kinerja.services import realisasi as realisasi_service
from tests.kinerja.log_helpers import current_window, log_data, png_bytes, setup_skp, upload
from tests.pegawai.factories import PegawaiFactory

pytest_plugins = ["tests.kinerja.log_helpers"]
pytestmark = pytest.mark.usefixtures("media")


@pytest.fixture
def skp_setup(pegawai):
    return setup_skp(pegawai)


def _draft(pegawai, rhk, **over):
    log, _ = svc.log_create(pegawai=pegawai, data=svc.LogData.from_dict(log_data(rhk, **over)))
    return log


def _fix(log, pegawai):
    """The owner edits the rejected log (an edit inside one state is not a step)."""
    data = {f: getattr(log, "rhk_id" if f == "rhk" else f) for f in svc.EDITABLE_FIELDS}
    data["kegiatan"] = f"{log.kegiatan} (diperbaiki)"
    svc.log_update(log=LogHarian.objects.get(pk=log.pk), actor=pegawai, data=svc.LogData.from_dict(data))


def test_every_return_note_survives_the_next_review(pegawai, penilai, skp_setup):
    _skp, rhk, _ind = skp_setup
    log = _draft(pegawai, rhk)
    svc.log_submit(actor=pegawai, ids=[log.pk])
    svc.log_review(actor=penilai, ids=[log.pk], approve=False, catatan="Lampirkan notulen rapat.")
    _fix(log, pegawai)
    svc.log_submit(actor=pegawai, ids=[log.pk])
    svc.log_review(actor=penilai, ids=[log.pk], approve=False, catatan="Jam selesai keliru.")
    svc.log_submit(actor=pegawai, ids=[log.pk])
    svc.log_review(actor=penilai, ids=[log.pk], approve=True, catatan="")

    log.refresh_from_db()
    assert log.catatan_atasan == ""  # the model keeps only the last review's note...
    steps = log_history(log)  # ...the history keeps each one
    assert [(s.label, s.actor, s.note) for s in steps] == [
        ("Draf", pegawai.nama_lengkap, ""),
        ("Dikirim", pegawai.nama_lengkap, ""),
        ("Dikembalikan", penilai.nama_lengkap, "Lampirkan notulen rapat."),
        ("Dikirim", pegawai.nama_lengkap, ""),
        ("Dikembalikan", penilai.nama_lengkap, "Jam selesai keliru."),
        ("Dikirim", pegawai.nama_lengkap, ""),
        ("Disetujui", penilai.nama_lengkap, ""),
    ]
    # The edit of the rejected log was recorded too (it is just not a step of its own).
    assert history_of(log).filter(kegiatan__endswith="(diperbaiki)").exists()
    assert all(h.history_user_id for h in history_of(log))


def test_bulk_review_writes_one_history_row_per_log_in_constant_queries(pegawai, penilai, skp_setup):
    _skp, rhk, _ind = skp_setup

    def review_queries(n: int) -> int:
        ids = [_draft(pegawai, rhk).pk for _ in range(n)]
        svc.log_submit(actor=pegawai, ids=ids)
        with CaptureQueriesContext(connection) as ctx:
            svc.log_review(actor=penilai, ids=ids, approve=False, catatan="Perbaiki uraian.")
        rows = LogHarian.history.filter(id__in=ids, status="rejected")
        assert rows.count() == n
        assert set(rows.values_list("history_change_reason", "history_user_id")) == {
            ("Perbaiki uraian.", penilai.user_id)
        }
        return len(ctx.captured_queries)

    assert review_queries(2) == review_queries(8)


def test_bulk_approval_query_count_is_pinned(pegawai, penilai, skp_setup, django_assert_num_queries):
    _skp, rhk, _ind = skp_setup
    ids = [_draft(pegawai, rhk, output_jumlah=Decimal(1)).pk for _ in range(6)]
    svc.log_submit(actor=pegawai, ids=ids)
    penilai = type(penilai).objects.select_related("user").get(pk=penilai.pk)
    # Pinned so set-based stays set-based: the review's reads and UPDATE, the log history (SELECT +
    # INSERT), realisasi refresh (aggregate, indikator, stored rows, upsert, history SELECT + INSERT)
    # and the notification with its task-outbox row. Growing this number needs a reason.
    with django_assert_num_queries(19):
        svc.log_review(actor=penilai, ids=ids, approve=True)
    assert LogHarian.history.filter(id__in=ids, status="approved").count() == 6


def test_submit_writes_history_in_constant_queries(pegawai, skp_setup, django_assert_max_num_queries):
    _skp, rhk, _ind = skp_setup
    ids = [_draft(pegawai, rhk).pk for _ in range(10)]
    with django_assert_max_num_queries(14):
        svc.log_submit(actor=pegawai, ids=ids)
    assert LogHarian.history.filter(id__in=ids, status="submitted", history_user=pegawai.user).count() == 10


def test_a_refused_review_leaves_no_history(pegawai, penilai, atasan_penilai, skp_setup):
    _skp, rhk, _ind = skp_setup
    log = _draft(pegawai, rhk)
    svc.log_submit(actor=pegawai, ids=[log.pk])
    before = history_of(log).count()
    with pytest.raises(Exception):  # noqa: B017 - PermissionDenied: not the direct atasan
        svc.log_review(actor=atasan_penilai, ids=[log.pk], approve=True)
    assert history_of(log).count() == before


@pytest.mark.parametrize("viewer", ["pegawai", "penilai"])
def test_log_page_shows_the_steps_to_owner_and_atasan(request, client, pegawai, penilai, skp_setup, viewer):
    _skp, rhk, _ind = skp_setup
    log = _draft(pegawai, rhk)
    svc.log_submit(actor=pegawai, ids=[log.pk])
    svc.log_review(actor=penilai, ids=[log.pk], approve=False, catatan="Tambahkan foto kegiatan.")
    client.force_login(request.getfixturevalue(viewer).user)
    html = client.get(reverse("kinerja:log_detail", args=[log.pk])).content.decode()
    assert "Riwayat proses" in html
    assert "Tambahkan foto kegiatan." in html
    assert penilai.nama_lengkap in html and "Dikembalikan" in html
    rejected = LogHarian.history.get(id=log.pk, status="rejected").history_date
    assert timezone.localtime(rejected).strftime("%d/%m/%Y %H:%M") in html


def test_log_page_history_does_not_add_queries_per_step(client, pegawai, penilai, skp_setup):
    _skp, rhk, _ind = skp_setup
    log = _draft(pegawai, rhk)
    client.force_login(pegawai.user)
    url = reverse("kinerja:log_detail", args=[log.pk])
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for note in ("Satu.", "Dua.", "Tiga."):
        svc.log_submit(actor=pegawai, ids=[log.pk])
        svc.log_review(actor=penilai, ids=[log.pk], approve=False, catatan=note)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert len(many.captured_queries) == len(few.captured_queries)
    assert len(response.context["history"]) == 7  # draft, then three times sent and returned


def test_outsider_gets_404_not_the_history(client, pegawai, pegawai_lain, skp_setup):
    _skp, rhk, _ind = skp_setup
    log = _draft(pegawai, rhk)
    client.force_login(pegawai_lain.user)
    assert client.get(reverse("kinerja:log_detail", args=[log.pk])).status_code == 404


def test_realisasi_history_names_who_entered_and_who_approved(pegawai, penilai, skp_setup):
    skp, rhk, ind = skp_setup
    w = current_window(skp.periode)
    log = _draft(pegawai, rhk, output_jumlah=Decimal(3))
    svc.log_submit(actor=pegawai, ids=[log.pk])
    svc.log_review(actor=penilai, ids=[log.pk], approve=True)
    real = Realisasi.objects.get(indikator=ind, periode_evaluasi=w)
    assert [(h.sumber, h.realisasi_angka, h.history_user_id) for h in history_of(real)] == [
        ("log", Decimal(3), penilai.user_id)
    ]
    realisasi_service.realisasi_set_manual(
        actor=pegawai, indikator_id=ind.pk, window_id=w.pk, angka=Decimal(5), files=[upload("b.png", png_bytes())]
    )
    realisasi_service.realisasi_use_logs(actor=pegawai, indikator_id=ind.pk, window_id=w.pk)
    assert [(h.sumber, h.realisasi_angka, h.history_user_id) for h in history_of(real)] == [
        ("log", Decimal(3), pegawai.user_id),  # recomputed: the approved logs sum to 3
        ("log", Decimal(5), pegawai.user_id),  # switched back to logs
        ("manual", Decimal(5), pegawai.user_id),
        ("log", Decimal(3), penilai.user_id),
    ]
    # A refresh that changes nothing writes nothing (no history noise on every approval).
    assert realisasi_service.realisasi_refresh(skp_ids=[skp.pk], window=w) == 0
    assert history_of(real).count() == 4


def test_delegasi_history_keeps_who_granted_and_who_removed(admin_bkd, penilai, unit_opd):
    penerima = PegawaiFactory(unit_kerja=unit_opd)
    today = timezone.localdate()
    d = delegasi_service.delegasi_create(
        actor=admin_bkd.user,
        atasan_id=penilai.pk,
        penerima_id=penerima.pk,
        mulai=today,
        selesai=today + dt.timedelta(days=5),
        alasan="Cuti tahunan",
    )
    pk = d.pk  # delete() clears it
    delegasi_service.delegasi_delete(actor=admin_bkd.user, delegasi=d)
    assert not DelegasiPersetujuan.objects.exists()
    rows = list(DelegasiPersetujuan.history.filter(id=pk).order_by("history_id"))
    assert [(h.history_type, h.history_user_id, h.alasan) for h in rows] == [
        ("+", admin_bkd.user_id, "Cuti tahunan"),
        ("-", admin_bkd.user_id, "Cuti tahunan"),
    ]


def test_koreksi_history_keeps_the_flag_and_the_admins_decision(pegawai, admin_bkd):
    from kinerja.models import KoreksiAtasan
    from kinerja.services import skp as skp_service

    k = skp_service.koreksi_create(pegawai=pegawai, alasan="Atasan saya sudah pindah.")
    skp_service.koreksi_reject(koreksi=k, user=admin_bkd.user, catatan="Atasan sudah benar menurut SK.")
    rows = list(KoreksiAtasan.history.filter(id=k.pk).order_by("history_id"))
    assert [(h.status, h.history_change_reason or "") for h in rows] == [
        ("open", ""),
        ("rejected", "Atasan sudah benar menurut SK."),
    ]
    assert rows[-1].history_user_id == admin_bkd.user_id
