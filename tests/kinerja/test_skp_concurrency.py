"""Races on SKP transitions on a real database (threads, one connection each). Each thread is held
at a barrier right before its conditional UPDATE, so both have passed every check and really race:
exactly one wins, the other answers 400 (never a double approval, never a 500)."""

import threading

import pytest
from django.db import OperationalError, connection, connections
from rest_framework.test import APIClient

from common.models import Notifikasi, TaskOutbox
from kinerja import tasks
from kinerja.models import Skp
from kinerja.services import skp as svc
from kinerja.services import skp_workflow
from kinerja.services.errors import StateError
from tests.kinerja.skp_helpers import approved, skp_for


def _run_in_threads(targets):
    results: list = [None] * len(targets)

    def worker(i, target):
        try:
            results[i] = target()
        except Exception as exc:  # asserted on below
            results[i] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(i, t)) for i, t in enumerate(targets)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return results


def _hold_before_update(monkeypatch, parties=2):
    """skp_penilai_ids is evaluated while the conditional UPDATE is being built: wait there."""
    barrier = threading.Barrier(parties, timeout=10)
    original = skp_workflow.skp_penilai_ids

    def ids_then_wait(actor, substitute_for=()):
        out = original(actor, substitute_for)
        barrier.wait()
        return out

    monkeypatch.setattr(skp_workflow, "skp_penilai_ids", ids_then_wait)


class _QueuedPdfs:
    """The SKP ids whose PDF render was queued: rows of the task outbox (common.queue.enqueue)."""

    def _pks(self) -> list[int]:
        rows = TaskOutbox.objects.filter(task_name=tasks.skp_pdf_render_task.name).order_by("pk")
        return [r.args[0] for r in rows]

    def __eq__(self, other) -> bool:
        return self._pks() == other

    def __len__(self) -> int:
        return len(self._pks())

    def __repr__(self) -> str:
        return repr(self._pks())


@pytest.fixture
def queued_pdfs(monkeypatch, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    monkeypatch.setattr(tasks.skp_pdf_render_task, "run", lambda pk: None)  # queued is what is checked
    return _QueuedPdfs()


def _post(user, url, data=None):
    client = APIClient()
    client.force_authenticate(user)
    return client.post(url, data or {}, format="json").status_code


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_api_approvals_one_wins_other_400(pegawai, penilai, monkeypatch, queued_pdfs):
    skp = skp_for(pegawai)
    svc.skp_submit(skp=skp, actor=pegawai)
    _hold_before_update(monkeypatch)
    url = f"/api/kinerja/skp/{skp.pk}/approve/"
    codes = _run_in_threads([lambda: _post(penilai.user, url), lambda: _post(penilai.user, url)])
    skp.refresh_from_db()
    if connection.vendor == "postgresql":
        # the loser's UPDATE waits on the row lock, re-reads status = approved and changes nothing
        assert sorted(codes) == [200, 400]
        assert skp.status == Skp.Status.APPROVED
        assert Notifikasi.objects.filter(penerima=pegawai.user, jenis="skp_disetujui").count() == 1
        assert queued_pdfs == [skp.pk]
    else:  # SQLite serialises writers: never two approvals
        # (a thread may commit its approval, then fail re-reading under SQLite's table lock)
        assert codes.count(200) <= 1
        assert len(queued_pdfs) <= 1


@pytest.mark.django_db(transaction=True)
def test_approve_and_return_at_once_only_one_takes_effect(pegawai, penilai, monkeypatch, queued_pdfs):
    skp = skp_for(pegawai)
    svc.skp_submit(skp=skp, actor=pegawai)
    _hold_before_update(monkeypatch)

    def approve():
        return svc.skp_approve(skp=Skp.objects.get(pk=skp.pk), actor=penilai).status

    def give_back():
        return svc.skp_return(skp=Skp.objects.get(pk=skp.pk), actor=penilai, catatan="Perbaiki target").status

    approve_result, return_result = _run_in_threads([approve, give_back])
    skp.refresh_from_db()
    outcomes = [r for r in (approve_result, return_result) if isinstance(r, str)]
    failures = [r for r in (approve_result, return_result) if isinstance(r, Exception)]
    for exc in failures:
        assert isinstance(exc, StateError) or (connection.vendor == "sqlite" and isinstance(exc, OperationalError))
    if connection.vendor == "postgresql":
        assert len(outcomes) == 1 and len(failures) == 1
    assert len(outcomes) <= 1
    if outcomes:
        assert skp.status == outcomes[0]
        jenis = "skp_disetujui" if outcomes[0] == Skp.Status.APPROVED else "skp_dikembalikan"
        assert Notifikasi.objects.filter(penerima=pegawai.user).filter(jenis__startswith="skp_").count() == 1
        assert Notifikasi.objects.filter(penerima=pegawai.user, jenis=jenis).count() == 1
    assert len(queued_pdfs) == (1 if skp.status == Skp.Status.APPROVED else 0)


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_revisions_make_one_new_version(pegawai, penilai, queued_pdfs):
    skp = approved(skp_for(pegawai), penilai)
    results = _run_in_threads(
        [lambda: svc.skp_revise(skp=skp, actor=pegawai), lambda: svc.skp_revise(skp=skp, actor=pegawai)]
    )
    made = [r for r in results if isinstance(r, Skp)]
    for r in results:
        if not isinstance(r, Skp):
            assert isinstance(r, StateError) or (connection.vendor == "sqlite" and isinstance(r, OperationalError))
    rows = list(Skp.objects.filter(pegawai=pegawai).order_by("version").values_list("version", "is_current"))
    if connection.vendor == "postgresql":
        assert len(made) == 1
        assert rows == [(1, False), (2, True)]
    assert len(rows) == 1 + len(made) <= 2
    assert sum(current for _v, current in rows) == 1
