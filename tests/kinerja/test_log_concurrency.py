"""Races on a real database (threads, one connection each): two approvals of the same log, and two
submissions of the same form (same client_token). Each thread is held at a barrier right before its
write, so both have passed every check and really do race."""

import threading
import uuid

import pytest
from django.db import OperationalError, connection, connections

from common.models import Notifikasi
from kinerja.models import LogHarian
from kinerja.services import bukti as bukti_service
from kinerja.services import log as svc
from kinerja.services.errors import StateError
from tests.kinerja.log_helpers import log_data, setup_skp

pytest_plugins = ["tests.kinerja.log_helpers"]


def _run_in_threads(n, target):
    results, errors = [], []

    def worker():
        try:
            results.append(target())
        except Exception as exc:  # collected and asserted on below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return results, errors


def _only_lock_errors_on_sqlite(errors, allowed):
    for e in errors:
        if isinstance(e, allowed):
            continue
        # SQLite serialises writers; a thread refused with "database is locked" did not approve.
        assert connection.vendor == "sqlite" and isinstance(e, OperationalError), repr(e)


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_approvals_approve_once(pegawai, penilai, monkeypatch, media):
    _skp, rhk, _ind = setup_skp(pegawai)
    log, _ = svc.log_create(pegawai=pegawai, data=svc.LogData.from_dict(log_data(rhk)), kirim=True)
    barrier = threading.Barrier(2, timeout=10)
    original = svc._windows_by_log

    def windows_then_wait(rows):
        out = original(rows)
        barrier.wait()  # both threads have read the log as "submitted"
        return out

    monkeypatch.setattr(svc, "_windows_by_log", windows_then_wait)
    results, errors = _run_in_threads(2, lambda: svc.log_review(actor=penilai, ids=[log.pk], approve=True))
    _only_lock_errors_on_sqlite(errors, StateError)
    assert len(results) + len(errors) == 2
    approvals = sum(r.changed for r in results)
    log.refresh_from_db()
    if connection.vendor == "postgresql":
        # one wins; the other blocks on the row lock, re-checks status and changes nothing
        assert approvals == 1 and log.status == "approved"
    else:
        # SQLite may refuse both writers ("database table is locked"): never two approvals
        assert approvals <= 1 and log.status == ("approved" if approvals else "submitted")
    assert Notifikasi.objects.filter(penerima=pegawai.user, jenis="log_disetujui").count() == approvals


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_posts_with_one_client_token_make_one_log(pegawai, monkeypatch, media):
    _skp, rhk, _ind = setup_skp(pegawai)
    token = uuid.uuid4()
    barrier = threading.Barrier(2, timeout=10)
    original = bukti_service.check_files

    def check_then_wait(files, **kw):
        out = original(files, **kw)
        barrier.wait()  # both threads have found no log with this token
        return out

    monkeypatch.setattr(bukti_service, "check_files", check_then_wait)
    results, errors = _run_in_threads(
        2,
        lambda: svc.log_create(
            pegawai=pegawai, data=svc.LogData.from_dict(log_data(rhk)), client_token=token, kirim=True
        ),
    )
    _only_lock_errors_on_sqlite(errors, ())
    logs = LogHarian.objects.filter(pegawai=pegawai).count()
    if connection.vendor == "postgresql":
        # the loser's INSERT waits for the winner's commit, fails on the unique constraint inside
        # its savepoint and answers with the winner's log
        assert logs == 1 and len(results) == 2
        assert sorted(created for _log, created in results) == [False, True]
    assert logs <= 1 and len({log.pk for log, _created in results}) == logs
