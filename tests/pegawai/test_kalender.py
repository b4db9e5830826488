"""Working days: weekends, Indonesia's public holidays and cuti bersama (holidays package), and the
days off admins add (HariLibur, national or per instansi)."""

import datetime as dt

import pytest
from django.contrib.admin.sites import site
from django.db import IntegrityError, transaction

from pegawai import kalender
from pegawai.kalender import hari_kerja_antara, is_hari_kerja, kurangi_hari_kerja
from pegawai.models import HariLibur

D = dt.date

# --- pure part (no database) ------------------------------------------------------------------------


def test_package_knows_independence_day_and_idul_fitri_with_cuti_bersama():
    libur = kalender.libur_nasional(D(2025, 1, 1), D(2026, 12, 31))
    assert libur[D(2026, 8, 17)] == "Hari Kemerdekaan Republik Indonesia"
    assert "Idul Fitri" in libur[D(2026, 3, 21)]
    assert libur[D(2026, 3, 20)].startswith("Cuti Bersama")  # SKB cuti bersama are included
    assert libur[D(2025, 8, 18)].startswith("Cuti Bersama")  # across years too (range 2025..2026)
    assert D(2026, 8, 18) not in libur


def test_pure_week_with_17_august():
    libur = frozenset(kalender.libur_nasional(D(2026, 8, 1), D(2026, 8, 31)))
    # Mon 17 Aug is off: the week of 17-21 August 2026 has four working days.
    assert kalender.hari_kerja_antara_pada(D(2026, 8, 16), D(2026, 8, 21), libur) == 4
    assert kalender.hari_kerja_antara_pada(D(2026, 8, 16), D(2026, 8, 21), frozenset()) == 5
    assert not kalender.is_hari_kerja_pada(D(2026, 8, 17), libur)
    assert kalender.kurangi_hari_kerja_pada(D(2026, 8, 18), 1, libur) == D(2026, 8, 14)


def test_pure_edges():
    assert kalender.hari_kerja_antara_pada(D(2026, 8, 21), D(2026, 8, 21), frozenset()) == 0  # empty range
    assert kalender.hari_kerja_antara_pada(D(2026, 8, 21), D(2026, 8, 20), frozenset()) == 0  # reversed
    assert kalender.hari_kerja_antara_pada(D(2026, 8, 21), D(2026, 8, 23), frozenset()) == 0  # Fri -> Sun
    assert kalender.hari_kerja_antara_pada(D(2026, 8, 21), D(2026, 8, 24), frozenset()) == 1  # Fri -> Mon
    assert kalender.kurangi_hari_kerja_pada(D(2026, 8, 24), 0, frozenset()) == D(2026, 8, 24)
    assert kalender.hari_kerja_antara_pada(D(2026, 12, 30), D(2027, 1, 4), frozenset({D(2027, 1, 1)})) == 2


# --- with the database ------------------------------------------------------------------------------


def test_idul_fitri_2026_week_has_no_working_day_from_friday_to_tuesday(db):
    # Fri 20 (cuti bersama), Sat 21 (Idul Fitri), Sun 22, Mon 23 and Tue 24 (cuti bersama).
    for day in range(20, 25):
        assert not is_hari_kerja(D(2026, 3, day))
    assert is_hari_kerja(D(2026, 3, 25))
    # 16-27 March: Wed 18 (cuti bersama) and Thu 19 (Nyepi) are off too: 16, 17, 25, 26, 27 remain.
    assert hari_kerja_antara(D(2026, 3, 15), D(2026, 3, 27)) == 5
    # Three working days before Wed 25 March 2026: Tue 17, Mon 16, Fri 13.
    assert kurangi_hari_kerja(D(2026, 3, 25), 3) == D(2026, 3, 13)


def test_admin_added_day_counts_for_its_instansi_only(instansi, instansi_lain):
    hut = D(2026, 11, 26)  # a Thursday, not a national holiday
    HariLibur.objects.create(tanggal=hut, nama="HUT Kota Tangerang Selatan", instansi=instansi)
    assert not is_hari_kerja(hut, instansi)
    assert not is_hari_kerja(hut, instansi.pk)  # an id works as well
    assert is_hari_kerja(hut, instansi_lain)
    assert is_hari_kerja(hut)  # national only
    assert hari_kerja_antara(D(2026, 11, 22), D(2026, 11, 27), instansi) == 4
    assert hari_kerja_antara(D(2026, 11, 22), D(2026, 11, 27), instansi_lain) == 5


def test_admin_added_national_day_counts_everywhere(instansi, instansi_lain):
    HariLibur.objects.create(tanggal=D(2026, 11, 27), nama="Cuti bersama tambahan")
    assert not is_hari_kerja(D(2026, 11, 27), instansi)
    assert not is_hari_kerja(D(2026, 11, 27), instansi_lain)
    assert not is_hari_kerja(D(2026, 11, 27))
    assert kurangi_hari_kerja(D(2026, 11, 30), 1) == D(2026, 11, 26)


def test_a_long_run_of_days_off_is_loaded_further_back(db):
    start = D(2026, 9, 1)
    HariLibur.objects.bulk_create(
        HariLibur(tanggal=start + dt.timedelta(days=i), nama="Libur panjang") for i in range(40)
    )
    # 40 days off from 1 September: one working day before 12 October is Monday 31 August.
    assert kurangi_hari_kerja(D(2026, 10, 12), 1) == D(2026, 8, 31)


def test_one_query_per_call(db, django_assert_num_queries):
    with django_assert_num_queries(1):
        hari_kerja_antara(D(2026, 1, 1), D(2026, 12, 31))
    with django_assert_num_queries(1):
        kurangi_hari_kerja(D(2026, 8, 20), 3)


def test_the_same_date_twice_is_refused(instansi):
    HariLibur.objects.create(tanggal=D(2026, 11, 26), nama="HUT", instansi=instansi)
    HariLibur.objects.create(tanggal=D(2026, 11, 26), nama="Nasional")  # national and regional may coexist
    with pytest.raises(IntegrityError), transaction.atomic():
        HariLibur.objects.create(tanggal=D(2026, 11, 26), nama="Lagi", instansi=instansi)
    with pytest.raises(IntegrityError), transaction.atomic():
        HariLibur.objects.create(tanggal=D(2026, 11, 26), nama="Lagi")


def test_duplicate_is_a_clear_form_error(instansi):
    HariLibur.objects.create(tanggal=D(2026, 11, 26), nama="HUT", instansi=instansi)
    dup = HariLibur(tanggal=D(2026, 11, 26), nama="Lagi", instansi=instansi)
    with pytest.raises(Exception) as exc:
        dup.full_clean()
    assert "sudah tercatat sebagai hari libur instansi" in str(exc.value)


def test_admin_can_add_a_day_off_in_django_admin(client, django_user_model, instansi):
    assert HariLibur in site._registry
    su = django_user_model.objects.create_superuser("root", "r@example.com", "x")
    client.force_login(su)
    response = client.post(
        "/admin/pegawai/harilibur/add/",
        {"tanggal": "26/11/2026", "nama": "HUT Kota", "instansi": instansi.pk},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert HariLibur.objects.get().tanggal == D(2026, 11, 26)
