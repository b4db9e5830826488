"""Defect 2: "Buat versi baru" must not hide the approved SKP. The approved version stays in force
(dashboard realisasi, log form RHK, compliance board) until its successor is approved."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from kinerja.models import LogHarian, Realisasi, Rhk, Skp
from kinerja.selectors import dashboard as dashboard_sel
from kinerja.selectors.log import rhk_choices_for
from kinerja.selectors.skp import skp_in_force_for, skp_in_force_q
from kinerja.services import log as log_service
from kinerja.services import skp as svc
from tests.kinerja.factories import PeriodeFactory
from tests.kinerja.log_helpers import current_window, log_data
from tests.kinerja.skp_helpers import approved, rhk_item

pytestmark = pytest.mark.django_db


@pytest.fixture
def revised(pegawai, penilai):
    """An approved SKP with a realisasi this window, then a new version drafted from it."""
    periode = PeriodeFactory(instansi=pegawai.instansi, tahun=timezone.localdate().year)
    v1 = svc.skp_create(pegawai=pegawai, periode=periode, rhk=[rhk_item("RHK versi satu", target=8)])
    approved(v1, penilai)
    ind = v1.rhk.get().indikator.get(aspek="kuantitas")
    Realisasi.objects.create(indikator=ind, periode_evaluasi=current_window(periode), realisasi_angka=2)
    v2 = svc.skp_revise(skp=Skp.objects.get(pk=v1.pk), actor=pegawai)
    svc.skp_update(skp=v2, actor=pegawai, rhk=[rhk_item("RHK versi dua, belum disetujui")])
    return v1, v2


def test_dashboard_keeps_the_realisasi_of_the_approved_version(client, pegawai, revised):
    v1, _v2 = revised
    client.force_login(pegawai.user)
    board = client.get("/kinerja/").context["board"]
    assert board.skp.pk == v1.pk
    assert [(t.rhk, t.persen) for t in board.targets if t.persen is not None] == [("RHK versi satu", 25)]


def test_log_form_offers_the_rhk_in_force_not_the_draft(client, pegawai, revised):
    v1, v2 = revised
    assert [r.deskripsi for r in rhk_choices_for(pegawai=pegawai)] == ["RHK versi satu"]
    client.force_login(pegawai.user)
    html = client.get("/kinerja/log/").content.decode()
    assert "RHK versi satu" in html and "RHK versi dua" not in html
    # A log on the approved version's RHK is accepted; one on the unapproved draft is refused.
    log, _created = log_service.log_create(
        pegawai=pegawai, data=log_service.LogData.from_dict(log_data(Rhk.objects.get(skp=v1)))
    )
    assert log.rhk.skp_id == v1.pk
    with pytest.raises(ValidationError) as exc:
        log_service.log_create(pegawai=pegawai, data=log_service.LogData.from_dict(log_data(Rhk.objects.get(skp=v2))))
    assert "tidak berlaku" in exc.value.message_dict["rhk"][0]
    assert LogHarian.objects.count() == 1


def test_compliance_board_counts_the_approved_version(pegawai, revised):
    v1, _v2 = revised
    window = current_window(v1.periode)
    row = next(r for r in dashboard_sel.kepatuhan_board(instansi_id=pegawai.instansi_id, window=window).rows
               if r.unit_kerja_id == pegawai.unit_kerja_id)  # fmt: skip
    assert row.tanpa_skp == 1  # only the penilai, who has no SKP
    assert row.skp_belum_disetujui == 0


def test_the_new_version_takes_over_once_approved(pegawai, penilai, revised):
    v1, v2 = revised
    for step in ("submit", "return", "submit"):
        if step == "submit":
            svc.skp_submit(skp=Skp.objects.get(pk=v2.pk), actor=pegawai)
        else:
            svc.skp_return(skp=Skp.objects.get(pk=v2.pk), actor=penilai, catatan="Perbaiki target")
        assert skp_in_force_for(pegawai_id=pegawai.pk, periode_id=v1.periode_id).pk == v1.pk
    svc.skp_approve(skp=Skp.objects.get(pk=v2.pk), actor=penilai)
    assert skp_in_force_for(pegawai_id=pegawai.pk, periode_id=v1.periode_id).pk == v2.pk
    assert [r.deskripsi for r in rhk_choices_for(pegawai=pegawai)] == ["RHK versi dua, belum disetujui"]
    window = current_window(v1.periode)
    row = next(r for r in dashboard_sel.kepatuhan_board(instansi_id=pegawai.instansi_id, window=window).rows
               if r.unit_kerja_id == pegawai.unit_kerja_id)  # fmt: skip
    assert row.skp_belum_disetujui == 0


def test_exactly_one_skp_in_force_per_pegawai_and_periode(pegawai, penilai, revised):
    v1, v2 = revised
    # a third version: v1 and v2 approved, v3 draft -> v2 in force, v1 no longer
    svc.skp_submit(skp=Skp.objects.get(pk=v2.pk), actor=pegawai)
    svc.skp_approve(skp=Skp.objects.get(pk=v2.pk), actor=penilai)
    v3 = svc.skp_revise(skp=Skp.objects.get(pk=v2.pk), actor=pegawai)
    in_force = list(Skp.objects.filter(skp_in_force_q(), pegawai=pegawai).values_list("pk", flat=True))
    assert in_force == [v2.pk]
    assert v3.pk not in in_force


def test_a_first_draft_is_the_skp_in_force_for_planning(pegawai):
    periode = PeriodeFactory(instansi=pegawai.instansi, tahun=timezone.localdate().year)
    draft = svc.skp_create(pegawai=pegawai, periode=periode, rhk=[rhk_item()])
    assert skp_in_force_for(pegawai_id=pegawai.pk, periode_id=periode.pk).pk == draft.pk
    window = current_window(periode)
    row = next(r for r in dashboard_sel.kepatuhan_board(instansi_id=pegawai.instansi_id, window=window).rows
               if r.unit_kerja_id == pegawai.unit_kerja_id)  # fmt: skip
    assert (row.tanpa_skp, row.skp_belum_disetujui) == (1, 1)  # the penilai has none
