"""SKP history: every workflow step (also those made by a conditional UPDATE) is recorded with its
actor and note, a return note survives the next return, and the SKP page shows the steps."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from kinerja.models import Skp
from kinerja.selectors.skp import skp_history
from kinerja.services import skp as svc
from kinerja.services.errors import StateError
from tests.kinerja.skp_helpers import skp_for

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


def _fresh(skp):
    return Skp.objects.get(pk=skp.pk)


def _cycle(pegawai, penilai):
    skp = skp_for(pegawai)
    svc.skp_submit(skp=_fresh(skp), actor=pegawai)
    svc.skp_return(skp=_fresh(skp), actor=penilai, catatan="Target RHK 1 terlalu rendah")
    svc.skp_submit(skp=_fresh(skp), actor=pegawai)
    svc.skp_return(skp=_fresh(skp), actor=penilai, catatan="Satuan indikator 2 belum diisi")
    svc.skp_submit(skp=_fresh(skp), actor=pegawai)
    svc.skp_approve(skp=_fresh(skp), actor=penilai, catatan="Sudah sesuai")
    return _fresh(skp)


def test_each_step_keeps_its_actor_and_note(pegawai, penilai):
    skp = _cycle(pegawai, penilai)
    steps = [(s.label, s.actor, s.note) for s in skp_history(skp)]
    assert steps == [
        ("Draf", "Sistem", ""),
        ("Diajukan", pegawai.nama_lengkap, ""),
        ("Dikembalikan", penilai.nama_lengkap, "Target RHK 1 terlalu rendah"),
        ("Diajukan", pegawai.nama_lengkap, ""),
        ("Dikembalikan", penilai.nama_lengkap, "Satuan indikator 2 belum diisi"),
        ("Diajukan", pegawai.nama_lengkap, ""),
        ("Disetujui", penilai.nama_lengkap, "Sudah sesuai"),
    ]
    assert skp.catatan == "Sudah sesuai"  # the field holds the last note only; the history keeps the others


def test_a_refused_transition_writes_no_history(pegawai, penilai):
    skp = skp_for(pegawai)
    before = skp.history.count()
    with pytest.raises(StateError):
        svc.skp_approve(skp=_fresh(skp), actor=penilai)  # a draft cannot be approved
    assert skp.history.count() == before


def test_a_new_version_records_both_ends(pegawai, penilai):
    old = _cycle(pegawai, penilai)
    new = svc.skp_revise(skp=old, actor=pegawai)
    last_old = skp_history(old)[-1]
    assert (last_old.label, last_old.actor) == ("Disetujui", pegawai.nama_lengkap)
    assert "Diganti oleh versi 2" in last_old.note
    first_new = skp_history(new)[0]
    assert (first_new.label, first_new.actor) == ("Draf", pegawai.nama_lengkap)
    assert "dari versi 1" in first_new.note


def test_koreksi_atasan_move_is_a_step(pegawai, penilai, admin_bkd, unit_bidang, atasan_penilai):
    from tests.pegawai.factories import PegawaiFactory

    skp = skp_for(pegawai)
    svc.skp_submit(skp=_fresh(skp), actor=pegawai)
    benar = PegawaiFactory(unit_kerja=unit_bidang, atasan=atasan_penilai, nama="Atasan Yang Benar")
    k = svc.koreksi_create(pegawai=pegawai, alasan="Atasan saya pindah", usulan_atasan=benar, skp=skp)
    svc.koreksi_resolve(koreksi=k, user=admin_bkd.user, atasan=benar, catatan="Diperbaiki")
    last = skp_history(skp)[-1]
    assert last.label == "Diajukan" and "Atasan Yang Benar" in last.note
    assert last.actor == admin_bkd.nama_lengkap


def test_the_skp_page_shows_who_did_what_and_when(client, pegawai, penilai):
    skp = _cycle(pegawai, penilai)
    client.force_login(pegawai.user)
    html = client.get(f"/kinerja/skp/{skp.pk}/").content.decode()
    assert "Riwayat SKP" in html
    assert "Target RHK 1 terlalu rendah" in html and "Satuan indikator 2 belum diisi" in html
    assert html.count(penilai.nama_lengkap) >= 3  # two returns and the approval (and the penilai card)
    stamp = timezone.localtime(skp_history(skp)[-1].date).strftime("%d/%m/%Y %H:%M")
    assert stamp in html


def test_skp_page_query_count_does_not_grow_with_steps(client, pegawai, penilai):
    short = skp_for(pegawai)
    client.force_login(pegawai.user)
    client.get(f"/kinerja/skp/{short.pk}/")
    with CaptureQueriesContext(connection) as few:
        client.get(f"/kinerja/skp/{short.pk}/")
    from tests.kinerja.factories import PeriodeFactory

    long = skp_for(pegawai, PeriodeFactory(instansi=pegawai.instansi, tahun=2031))
    for note in ("satu", "dua", "tiga"):
        svc.skp_submit(skp=_fresh(long), actor=pegawai)
        svc.skp_return(skp=_fresh(long), actor=penilai, catatan=note)
    with CaptureQueriesContext(connection) as many:
        client.get(f"/kinerja/skp/{long.pk}/")
    assert len(many.captured_queries) == len(few.captured_queries)
