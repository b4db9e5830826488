"""Periode kinerja services: a year per instansi with its windows, opened and closed, and what a
closed year or window refuses."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from kinerja.models import Periode, PeriodeEvaluasi
from kinerja.selectors.skp import window_for
from kinerja.services import periode as svc
from kinerja.services import skp as skp_service
from kinerja.services.errors import KinerjaError, StateError
from tests.kinerja.skp_helpers import rhk_item

pytestmark = pytest.mark.django_db


def test_quarterly_year_has_four_windows_with_official_labels(instansi):
    periode = svc.periode_create(instansi=instansi, tahun=2027, jenis_periodik="triwulanan")
    assert (periode.mulai, periode.selesai, periode.status) == (dt.date(2027, 1, 1), dt.date(2027, 12, 31), "open")
    windows = list(periode.windows.order_by("nomor").values_list("nomor", "mulai", "selesai", "status"))
    assert [w[0] for w in windows] == [1, 2, 3, 4]
    assert windows[0][1:] == (dt.date(2027, 1, 1), dt.date(2027, 3, 31), "open")
    assert windows[-1][1:3] == (dt.date(2027, 10, 1), dt.date(2027, 12, 31))
    assert "TRIWULAN I" in periode.windows.get(nomor=1).label.upper()


def test_monthly_year_has_twelve_contiguous_windows(instansi):
    periode = svc.periode_create(instansi=instansi, tahun=2028, jenis_periodik="bulanan")
    windows = list(periode.windows.order_by("nomor"))
    assert len(windows) == 12
    assert windows[1].selesai == dt.date(2028, 2, 29)  # leap year
    for a, b in zip(windows, windows[1:], strict=False):
        assert b.mulai == a.selesai + dt.timedelta(days=1)


@pytest.mark.parametrize(
    ("tahun", "jenis", "field"),
    [(2027, "mingguan", "jenis_periodik"), (1999, "bulanan", "tahun"), (2101, "bulanan", "tahun")],
)
def test_bad_year_or_cadence_is_refused_and_nothing_saved(instansi, tahun, jenis, field):
    with pytest.raises(ValidationError) as exc:
        svc.periode_create(instansi=instansi, tahun=tahun, jenis_periodik=jenis)
    assert field in exc.value.message_dict
    assert not Periode.objects.exists() and not PeriodeEvaluasi.objects.exists()


def test_one_year_per_instansi_but_other_instansi_may_have_the_same_year(instansi, instansi_lain):
    svc.periode_create(instansi=instansi, tahun=2027, jenis_periodik="bulanan")
    with pytest.raises(ValidationError) as exc:
        svc.periode_create(instansi=instansi, tahun=2027, jenis_periodik="triwulanan")
    assert "tahun" in exc.value.message_dict
    svc.periode_create(instansi=instansi_lain, tahun=2027, jenis_periodik="triwulanan")
    assert Periode.objects.filter(tahun=2027).count() == 2
    assert PeriodeEvaluasi.objects.filter(periode__instansi=instansi).count() == 12


def test_close_and_reopen_year_and_window(instansi):
    periode = svc.periode_create(instansi=instansi, tahun=2027, jenis_periodik="triwulanan")
    svc.periode_set_status(periode=periode, status="closed")
    assert Periode.objects.get(pk=periode.pk).status == "closed"
    with pytest.raises(StateError):  # already closed
        svc.periode_set_status(periode=periode, status="closed")
    with pytest.raises(ValidationError):
        svc.periode_set_status(periode=periode, status="archived")
    svc.periode_set_status(periode=periode, status="open")
    window = periode.windows.get(nomor=2)
    svc.window_set_status(window=window, status="closed")
    assert list(periode.windows.order_by("nomor").values_list("status", flat=True)) == [
        "open",
        "closed",
        "open",
        "open",
    ]
    with pytest.raises(StateError):
        svc.window_set_status(window=window, status="closed")


def test_window_for_tells_whether_a_date_may_take_logs(instansi):
    periode = svc.periode_create(instansi=instansi, tahun=2027, jenis_periodik="triwulanan")
    window, open_ = window_for(instansi.pk, dt.date(2027, 5, 10))
    assert window.nomor == 2 and open_
    svc.window_set_status(window=window, status="closed")
    assert window_for(instansi.pk, dt.date(2027, 5, 10)) == (window, False)
    assert window_for(instansi.pk, dt.date(2027, 8, 1))[1] is True
    svc.periode_set_status(periode=periode, status="closed")
    assert window_for(instansi.pk, dt.date(2027, 8, 1))[1] is False  # the year is closed
    assert window_for(instansi.pk, dt.date(2030, 1, 1)) == (None, False)


def test_closed_year_refuses_a_new_skp(pegawai):
    periode = svc.periode_create(instansi=pegawai.instansi, tahun=2027, jenis_periodik="triwulanan")
    svc.periode_set_status(periode=periode, status="closed")
    with pytest.raises(KinerjaError):
        skp_service.skp_create(pegawai=pegawai, periode=periode, rhk=[rhk_item()])


def test_a_year_of_another_instansi_refuses_an_skp(pegawai, instansi_lain):
    periode = svc.periode_create(instansi=instansi_lain, tahun=2027, jenis_periodik="triwulanan")
    with pytest.raises(ValidationError) as exc:
        skp_service.skp_create(pegawai=pegawai, periode=periode, rhk=[rhk_item()])
    assert "periode" in exc.value.message_dict
