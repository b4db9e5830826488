"""The quota under concurrency on PostgreSQL: two registrations for the last seat, each in its own
thread and connection, held at a barrier right before the seat is claimed, so both have passed every
check and really race. Exactly one gets the seat; the other goes to the waiting list."""

import threading

import pytest
from django.db import connections

from pelatihan import services as svc
from pelatihan.models import Angkatan, Pendaftaran
from tests.pegawai.factories import PegawaiFactory
from tests.pelatihan.factories import AngkatanFactory, ProgramFactory


def _run_in_threads(targets):
    results, errors = [], []

    def worker(fn):
        try:
            results.append(fn())
        except Exception as exc:  # collected and asserted on below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(fn,)) for fn in targets]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return results, errors


@pytest.mark.django_db(transaction=True)
def test_two_registrations_for_the_last_seat_exactly_one_succeeds(pegawai, monkeypatch):
    angkatan = AngkatanFactory(program=ProgramFactory(instansi=pegawai.instansi), kuota=1)
    other = PegawaiFactory(unit_kerja=pegawai.unit_kerja, atasan=pegawai.atasan)
    barrier = threading.Barrier(2, timeout=10)
    original = svc._take_seat

    def wait_then_take(a):
        barrier.wait()  # both threads have checked the run and their own enrolment
        return original(a)

    monkeypatch.setattr(svc, "_take_seat", wait_then_take)
    results, errors = _run_in_threads(
        [lambda u=u: svc.pendaftaran_daftar(angkatan=angkatan, actor=u) for u in (pegawai.user, other.user)]
    )
    assert errors == []
    assert sorted(p.status for p in results) == [Pendaftaran.Status.REQUESTED, Pendaftaran.Status.WAITLISTED]
    angkatan.refresh_from_db()
    assert angkatan.terisi == 1
    assert Pendaftaran.objects.filter(status__in=Pendaftaran.SEAT_STATUSES).count() == 1


@pytest.mark.django_db(transaction=True)
def test_constraint_refuses_overfilling_even_without_the_service(pegawai):
    from django.db import IntegrityError

    angkatan = AngkatanFactory(program=ProgramFactory(instansi=pegawai.instansi), kuota=1)
    Angkatan.objects.filter(pk=angkatan.pk).update(terisi=1)
    with pytest.raises(IntegrityError):
        Angkatan.objects.filter(pk=angkatan.pk).update(terisi=2)
