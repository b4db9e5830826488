"""rekrutmen.services: registration, administrasi, sanggah, scores, ranking run, publication."""

import datetime as dt
import uuid
from decimal import Decimal

import pytest
import time_machine
from django.utils import timezone

from common.history import history_of
from rekrutmen import services
from rekrutmen.models import Lamaran, Pelamar, Seleksi
from rekrutmen.services import RekrutmenError
from tests.rekrutmen.factories import LamaranFactory, PelamarFactory

NIK = "3674011705980001"  # born 17-05-1998, male
LAHIR = dt.date(1998, 5, 17)


def _register(user, **kw):
    data = dict(user=user, nik=NIK, nama="Budi Santoso", tanggal_lahir=LAHIR, jenis_kelamin="L", email="budi@contoh.id")
    data.update(kw)
    return services.pelamar_register(**data)


def test_register_validates_nik_against_birth_date(akun_pelamar):
    with pytest.raises(RekrutmenError, match="tidak sesuai dengan tanggal lahir") as e:
        _register(akun_pelamar, tanggal_lahir=dt.date(1998, 5, 18))
    assert e.value.field == "nik"
    assert not Pelamar.objects.exists()
    assert _register(akun_pelamar).nik == NIK


def test_register_rejects_duplicate_nik(akun_pelamar, orang_lain):
    _register(akun_pelamar)
    with pytest.raises(RekrutmenError, match=f"NIK {NIK} sudah terdaftar"):
        _register(orang_lain)
    assert Pelamar.objects.count() == 1


def test_register_refuses_a_pegawai_account(pegawai):
    with pytest.raises(RekrutmenError, match="Akun pegawai"):
        _register(pegawai.user)


@time_machine.travel(dt.datetime(2024, 9, 1, 10, tzinfo=dt.UTC))
def test_submit_is_idempotent_on_client_token(akun_pelamar, formasi):
    pelamar = _register(akun_pelamar)
    token = uuid.uuid4()
    first = services.lamaran_submit(pelamar=pelamar, formasi=formasi, client_token=token)
    again = services.lamaran_submit(pelamar=pelamar, formasi=formasi, client_token=str(token))
    assert first.pk == again.pk and first.status == Lamaran.Status.SUBMITTED
    assert Lamaran.objects.count() == 1


@time_machine.travel(dt.datetime(2024, 9, 1, 10, tzinfo=dt.UTC))
def test_one_application_per_seleksi(akun_pelamar, formasi, formasi_lain):
    pelamar = _register(akun_pelamar)
    services.lamaran_submit(pelamar=pelamar, formasi=formasi, client_token=uuid.uuid4())
    with pytest.raises(RekrutmenError, match="satu lamaran per seleksi"):
        services.lamaran_submit(pelamar=pelamar, formasi=formasi_lain, client_token=uuid.uuid4())
    assert Lamaran.objects.count() == 1


@time_machine.travel(dt.datetime(2024, 9, 1, 10, tzinfo=dt.UTC))
def test_submit_checks_age_on_reference_date(orang_lain, formasi):
    # turns 36 on the reference date 01-08-2024
    tua = _register(orang_lain, nik="3674010108880001", tanggal_lahir=dt.date(1988, 8, 1))
    with pytest.raises(RekrutmenError, match="usia 36 tahun pada 01-08-2024 melebihi batas maksimal 35"):
        services.lamaran_submit(pelamar=tua, formasi=formasi, client_token=uuid.uuid4())
    formasi.usia_maks_40 = True
    formasi.save()
    assert services.lamaran_submit(pelamar=tua, formasi=formasi, client_token=uuid.uuid4()).pk


@time_machine.travel(dt.datetime(2024, 9, 7, 10, tzinfo=dt.UTC))
def test_submit_after_registration_closed_is_refused(akun_pelamar, formasi):
    pelamar = _register(akun_pelamar)
    with pytest.raises(RekrutmenError, match="ditutup"):
        services.lamaran_submit(pelamar=pelamar, formasi=formasi, client_token=uuid.uuid4())


def test_submit_with_junk_token_is_refused(akun_pelamar, formasi):
    with pytest.raises(RekrutmenError, match="Token"):
        services.lamaran_submit(pelamar=_register(akun_pelamar), formasi=formasi, client_token="x")


def _lamaran(formasi, user=None, **kw):
    kw.setdefault("status", Lamaran.Status.SUBMITTED)
    return LamaranFactory(formasi=formasi, pelamar=PelamarFactory(user=user), **kw)


def test_tms_needs_a_reason_and_is_recorded(formasi, panitia):
    lamaran = _lamaran(formasi)
    with pytest.raises(RekrutmenError, match="Alasan TMS wajib"):
        services.lamaran_verifikasi(lamaran=lamaran, actor=panitia, memenuhi=False)
    services.lamaran_verifikasi(lamaran=lamaran, actor=panitia, memenuhi=False, alasan="Ijazah tidak sesuai")
    last = history_of(lamaran).first()
    assert (last.status, last.history_user, last.history_change_reason) == ("tms", panitia, "Ijazah tidak sesuai")


def test_verification_is_closed_after_the_announcement(formasi, panitia):
    lamaran = _lamaran(formasi)
    services.lamaran_verifikasi(lamaran=lamaran, actor=panitia, memenuhi=True)
    services.administrasi_publish(seleksi=formasi.seleksi, actor=panitia)
    lamaran.seleksi.refresh_from_db()
    with pytest.raises(RekrutmenError, match="sudah diumumkan"):
        services.lamaran_verifikasi(lamaran=lamaran, actor=panitia, memenuhi=False, alasan="x")
    assert Lamaran.objects.get(pk=lamaran.pk).status == Lamaran.Status.MS


def test_announcement_waits_for_every_decision(formasi, panitia):
    _lamaran(formasi)
    with pytest.raises(RekrutmenError, match="belum diverifikasi"):
        services.administrasi_publish(seleksi=formasi.seleksi, actor=panitia)
    assert Seleksi.objects.get(pk=formasi.seleksi_id).administrasi_published_at is None


@pytest.fixture
def tms(formasi, panitia, akun_pelamar):
    lamaran = _lamaran(formasi, user=akun_pelamar)
    with time_machine.travel(dt.datetime(2024, 9, 10, 9, tzinfo=dt.UTC)):  # 16:00 WIB, 10 September
        services.lamaran_verifikasi(lamaran=lamaran, actor=panitia, memenuhi=False, alasan="Ijazah tidak sesuai")
        services.administrasi_publish(seleksi=formasi.seleksi, actor=panitia)
    lamaran.refresh_from_db()
    return lamaran


def test_sanggah_on_the_third_day_is_accepted_and_the_fourth_refused(tms, akun_pelamar):
    assert services.sanggah_batas(tms.seleksi) == dt.date(2024, 9, 13)
    with time_machine.travel(dt.datetime(2024, 9, 13, 16, 59, tzinfo=dt.UTC)):  # 23:59 WIB, 13 September
        services.sanggah_submit(lamaran=tms, user=akun_pelamar, alasan="Ijazah saya S1 Informatika")
    assert Lamaran.objects.get(pk=tms.pk).sanggah_status == Lamaran.Sanggah.PENDING


def test_sanggah_after_three_days_is_refused(tms, akun_pelamar):
    with (
        time_machine.travel(dt.datetime(2024, 9, 13, 17, 0, tzinfo=dt.UTC)),  # 00:00 WIB, 14 September
        pytest.raises(RekrutmenError, match="Masa sanggah berakhir pada 13-09-2024"),
    ):
        services.sanggah_submit(lamaran=tms, user=akun_pelamar, alasan="terlambat")
    assert Lamaran.objects.get(pk=tms.pk).sanggah_status == ""


def test_second_sanggah_is_refused_and_only_tms_may_appeal(tms, akun_pelamar, panitia, formasi, orang_lain):
    with time_machine.travel(dt.datetime(2024, 9, 11, 3, tzinfo=dt.UTC)):
        services.sanggah_submit(lamaran=tms, user=akun_pelamar, alasan="pertama")
        services.sanggah_decide(lamaran=tms, actor=panitia, diterima=False, jawaban="Ijazah memang D3")
        with pytest.raises(RekrutmenError, match="satu kali"):
            services.sanggah_submit(lamaran=tms, user=akun_pelamar, alasan="kedua")
        ms = _lamaran(formasi, user=orang_lain, status=Lamaran.Status.MS)
        with pytest.raises(RekrutmenError, match="hanya untuk lamaran yang dinyatakan TMS"):
            services.sanggah_submit(lamaran=ms, user=orang_lain, alasan="x")
    assert Lamaran.objects.get(pk=tms.pk).sanggah_alasan == "pertama"


def test_someone_else_cannot_appeal(tms, orang_lain):
    with pytest.raises(RekrutmenError, match="pelamar sendiri"):
        services.sanggah_submit(lamaran=tms, user=orang_lain, alasan="x")


def test_accepted_sanggah_turns_ms_and_all_steps_are_in_history(tms, akun_pelamar, panitia):
    with time_machine.travel(dt.datetime(2024, 9, 11, 3, tzinfo=dt.UTC)):
        services.sanggah_submit(lamaran=tms, user=akun_pelamar, alasan="Ijazah saya S1")
    services.sanggah_decide(lamaran=tms, actor=panitia, diterima=True, jawaban="Verifikator keliru")
    tms.refresh_from_db()
    assert (tms.status, tms.sanggah_status, tms.alasan_tms) == ("ms", "accepted", "")
    # by id: time_machine put some steps in 2024, the factory's creation row is at the real time
    steps = [(h.status, h.sanggah_status, h.history_change_reason) for h in tms.history.order_by("-history_id")]
    assert steps[:3] == [
        ("ms", "accepted", "Verifikator keliru"),
        ("tms", "pending", "Ijazah saya S1"),
        ("tms", "", "Ijazah tidak sesuai"),
    ]
    with pytest.raises(RekrutmenError, match="Tidak ada sanggah"):
        services.sanggah_decide(lamaran=tms, actor=panitia, diterima=False, jawaban="lagi")


@pytest.mark.parametrize(
    "twk, tiu, tkp, pesan",
    [
        (151, 100, 170, "TWK di luar rentang 0-150"),
        (66, 100, 170, "TWK harus kelipatan 5"),
        (100, 180, 170, "TIU di luar rentang 0-175"),
        (100, 100, 226, "TKP di luar rentang 0-225"),
        ("90", 100, 170, "TWK harus bilangan bulat"),
    ],
)
def test_skd_score_out_of_range_or_step_is_refused(formasi, panitia, twk, tiu, tkp, pesan):
    lamaran = _lamaran(formasi, status=Lamaran.Status.MS)
    with pytest.raises(RekrutmenError, match=pesan):
        services.skd_score_set(lamaran=lamaran, actor=panitia, twk=twk, tiu=tiu, tkp=tkp)
    assert Lamaran.objects.get(pk=lamaran.pk).twk is None


def test_skd_score_only_for_ms(formasi, panitia):
    lamaran = _lamaran(formasi, status=Lamaran.Status.TMS, alasan_tms="x")
    with pytest.raises(RekrutmenError, match="MS"):
        services.skd_score_set(lamaran=lamaran, actor=panitia, twk=100, tiu=100, tkp=170)


def _scored(formasi, n):
    return [LamaranFactory(formasi=formasi, status=Lamaran.Status.MS, twk=100, tiu=100, tkp=200 - i) for i in range(n)]


def test_ranking_run_ranks_through_tasks_then_publication_freezes(
    formasi, formasi_lain, panitia, django_capture_on_commit_callbacks
):
    rows = _scored(formasi, 7) + _scored(formasi_lain, 2)
    seleksi = formasi.seleksi
    with django_capture_on_commit_callbacks(execute=True):
        queued = services.ranking_run(seleksi=seleksi, actor=panitia, tahap="skd", chunks=2)
    assert queued == 2
    got = {r.pk: (r.peringkat_skd, r.ke_skb) for r in Lamaran.objects.filter(pk__in=[r.pk for r in rows])}
    assert [got[r.pk] for r in rows[:7]] == [
        (1, True),
        (2, True),
        (3, True),
        (4, True),
        (5, True),
        (6, True),
        (7, False),
    ]
    services.hasil_publish(seleksi=seleksi, actor=panitia, tahap="skd")
    seleksi.refresh_from_db()
    lamaran = Lamaran.objects.get(pk=rows[6].pk)
    with pytest.raises(RekrutmenError, match="koreksi wajib menyertakan alasan"):
        services.skd_score_set(lamaran=lamaran, actor=panitia, twk=150, tiu=175, tkp=225)
    with pytest.raises(RekrutmenError, match="koreksi wajib menyertakan alasan"):
        services.ranking_run(seleksi=seleksi, actor=panitia, tahap="skd")
    assert Lamaran.objects.get(pk=lamaran.pk).twk == 100
    # an audited correction: the reason and the actor are kept
    services.skd_score_set(lamaran=lamaran, actor=panitia, twk=150, tiu=175, tkp=225, alasan="Salah ketik hasil CAT")
    with django_capture_on_commit_callbacks(execute=True):
        services.ranking_run(seleksi=seleksi, actor=panitia, tahap="skd", alasan="Koreksi nilai peserta")
    assert Lamaran.objects.get(pk=lamaran.pk).peringkat_skd == 1
    assert history_of(lamaran).first().history_change_reason == "Salah ketik hasil CAT"
    assert history_of(seleksi).first().history_change_reason == "koreksi skd: Koreksi nilai peserta"
    with pytest.raises(RekrutmenError, match="sudah diumumkan"):
        services.hasil_publish(seleksi=seleksi, actor=panitia, tahap="skd")


def test_publication_refused_while_unranked(formasi, panitia):
    _scored(formasi, 1)
    with pytest.raises(RekrutmenError, match="jalankan pemeringkatan"):
        services.hasil_publish(seleksi=formasi.seleksi, actor=panitia, tahap="skd")


def test_ranking_task_twice_writes_the_same(formasi, panitia):
    from rekrutmen.tasks import ranking_task

    rows = _scored(formasi, 8)
    ranking_task(formasi.seleksi_id, "skd", formasi.pk, formasi.pk)
    first = list(
        Lamaran.objects.filter(pk__in=[r.pk for r in rows]).order_by("pk").values_list("peringkat_skd", "ke_skb")
    )
    ranking_task(formasi.seleksi_id, "skd", formasi.pk, formasi.pk)
    again = list(
        Lamaran.objects.filter(pk__in=[r.pk for r in rows]).order_by("pk").values_list("peringkat_skd", "ke_skb")
    )
    assert first == again and first[-1] == (8, False)


def test_skb_score_validated_and_final_ranking(formasi, panitia, django_capture_on_commit_callbacks):
    rows = _scored(formasi, 3)
    seleksi = formasi.seleksi
    services.ranking_apply(seleksi_id=seleksi.pk, tahap="skd", formasi_range=(formasi.pk, formasi.pk))
    with pytest.raises(RekrutmenError, match="di luar rentang"):
        services.skb_score_set(lamaran=rows[0], actor=panitia, skb="100.5")
    with pytest.raises(RekrutmenError, match="tidak sah"):
        services.skb_score_set(lamaran=rows[0], actor=panitia, skb="abc")
    for r, skb in zip(rows, ["70", "90", "80.25"], strict=True):
        services.skb_score_set(lamaran=r, actor=panitia, skb=skb)
    services.ranking_apply(seleksi_id=seleksi.pk, tahap="akhir", formasi_range=(formasi.pk, formasi.pk))
    got = [(r.peringkat_akhir, r.hasil) for r in Lamaran.objects.filter(pk__in=[r.pk for r in rows]).order_by("pk")]
    assert got == [(3, "optimalisasi"), (1, "lulus"), (2, "lulus")]
    assert Lamaran.objects.get(pk=rows[1].pk).skb == Decimal("90")
    assert timezone.now()
