"""Defect 1: the SKP edit form accepts exactly what it renders (targets shown as "24,00"), every
error names its row and field, and a failed save keeps everything typed (a new RHK too) while
saving nothing."""

from decimal import Decimal

import pytest
from rest_framework.test import APIClient

from common.forms import parse_decimal_input
from kinerja.models import Indikator, Rhk, Skp
from tests.kinerja.factories import PeriodeFactory
from tests.kinerja.form_parse import RenderedForm
from tests.kinerja.skp_helpers import periode_for, rhk_item, skp_for

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


def _snapshot(skp: Skp):
    """Everything the form edits, as stored."""
    skp = Skp.objects.get(pk=skp.pk)
    rhk = [
        (r.pk, r.jenis, r.urutan, r.deskripsi, r.rhk_atasan_id, r.perspektif)
        for r in Rhk.objects.filter(skp=skp).order_by("pk")
    ]
    ind = [
        (i.pk, i.rhk_id, i.aspek, i.deskripsi, i.target_angka, i.satuan, i.target_teks, i.urutan)
        for i in Indikator.objects.filter(rhk__skp=skp).order_by("pk")
    ]
    lampiran = (skp.pendekatan, skp.dukungan_sumber_daya, skp.skema_pertanggungjawaban, skp.konsekuensi)
    return rhk, ind, lampiran


@pytest.fixture
def two_rhk_skp(pegawai, penilai):
    periode = periode_for(pegawai)
    atasan_skp = skp_for(penilai, periode, rhk=[rhk_item("RHK atasan: layanan digital")])
    skp = skp_for(
        pegawai,
        periode,
        rhk=[
            rhk_item("Tersedianya aplikasi", target=24, rhk_atasan=atasan_skp.rhk.get().pk),
            rhk_item("Terselenggaranya pelatihan", target=Decimal("1234.5")),
        ],
        dukungan_sumber_daya="Server & jaringan <kantor>",
        konsekuensi="Teguran",
    )
    return skp


def _edit_page(client, skp):
    r = client.get(f"/kinerja/skp/{skp.pk}/ubah/")
    assert r.status_code == 200
    return r.content.decode()


def test_the_edit_page_saves_unchanged_with_no_change(client, pegawai, two_rhk_skp):
    client.force_login(pegawai.user)
    html = _edit_page(client, two_rhk_skp)
    form = RenderedForm(html)
    assert form.value("rhk-0-ind-0-target_angka") == "24,00"  # the Indonesian rendering
    assert form.value("rhk-1-ind-0-target_angka") == "1234,50"
    before = _snapshot(two_rhk_skp)
    r = client.post(f"/kinerja/skp/{two_rhk_skp.pk}/ubah/", form.data({"aksi": "simpan"}))
    assert r.status_code == 302, r.content.decode()[:2000]
    assert _snapshot(two_rhk_skp) == before


def test_a_bad_row_is_named_and_the_new_rhk_kept_then_fixed_and_saved(client, pegawai, two_rhk_skp):
    client.force_login(pegawai.user)
    form = RenderedForm(_edit_page(client, two_rhk_skp))
    before = _snapshot(two_rhk_skp)
    typed = {
        "aksi": "simpan",
        "rhk-1-ind-0-target_angka": "dua puluh",  # RHK 2, indikator 1
        "rhk-2-deskripsi": "RHK baru yang diketik",  # the blank row the page offers
        "rhk-2-ind-0-deskripsi": "Jumlah modul",
        "rhk-2-ind-0-target_angka": "3,5",
        "rhk-2-ind-0-satuan": "modul",
    }
    r = client.post(f"/kinerja/skp/{two_rhk_skp.pk}/ubah/", form.data(typed))
    html = r.content.decode()
    assert r.status_code == 400
    assert "RHK 2, indikator 1: Target (angka): Masukkan angka" in html
    assert _snapshot(two_rhk_skp) == before  # nothing saved
    again = RenderedForm(html)
    assert again.value("rhk-2-deskripsi") == "RHK baru yang diketik"
    assert again.value("rhk-2-ind-0-target_angka") == "3,5"
    assert again.value("rhk-1-ind-0-target_angka") == "dua puluh"  # what was typed, to correct
    bad = again.attrs["rhk-1-ind-0-target_angka"]
    assert bad.get("aria-invalid") == "true"
    assert bad["aria-describedby"] in again.ids
    # No other field claims to be invalid, and every aria-describedby points to an existing id.
    invalid = [n for n, a in again.attrs.items() if a.get("aria-invalid") == "true"]
    assert invalid == ["rhk-1-ind-0-target_angka"]
    for a in again.attrs.values():
        for ref in a.get("aria-describedby", "").split():
            assert ref in again.ids
    # The user corrects the value and saves: the new RHK is there, with its decimals.
    r = client.post(
        f"/kinerja/skp/{two_rhk_skp.pk}/ubah/", again.data({"rhk-1-ind-0-target_angka": "20", "aksi": "simpan"})
    )
    assert r.status_code == 302
    rhk = list(Rhk.objects.filter(skp=two_rhk_skp).order_by("pk"))
    assert [x.deskripsi for x in rhk] == ["Tersedianya aplikasi", "Terselenggaranya pelatihan", "RHK baru yang diketik"]
    assert rhk[1].indikator.order_by("urutan").first().target_angka == Decimal("20")
    assert rhk[2].indikator.get().target_angka == Decimal("3.5")
    assert [r[0] for r in _snapshot(two_rhk_skp)[0][:2]] == [r[0] for r in before[0][:2]]  # same rows, updated


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("24,00", "24"), ("24.00", "24"), ("1.234,50", "1234.5"), ("1,234.50", "1234.5"), ("1.000", "1000"), (" 7 ", "7")],
)
def test_targets_in_either_decimal_convention_are_accepted(client, pegawai, typed, stored):
    skp = skp_for(pegawai)
    client.force_login(pegawai.user)
    form = RenderedForm(_edit_page(client, skp))
    r = client.post(f"/kinerja/skp/{skp.pk}/ubah/", form.data({"rhk-0-ind-0-target_angka": typed, "aksi": "simpan"}))
    assert r.status_code == 302
    assert Indikator.objects.get(rhk__skp=skp, urutan=1).target_angka == Decimal(stored)


def test_errors_name_row_and_field_for_each_rule(client, pegawai, two_rhk_skp):
    client.force_login(pegawai.user)
    form = RenderedForm(_edit_page(client, two_rhk_skp))
    typed = {
        "aksi": "simpan",
        "rhk-0-ind-1-target_teks": "",  # RHK 1, indikator 2: no target at all
        "rhk-1-deskripsi": "",  # RHK 2 without its text but with indikator
        "rhk-0-ind-0-target_angka": "-4",
    }
    html = client.post(f"/kinerja/skp/{two_rhk_skp.pk}/ubah/", form.data(typed)).content.decode()
    assert "RHK 1, indikator 2: Target (angka): Isi target berupa angka dan satuan, atau pernyataan kualitatif." in html
    assert "RHK 2: Rencana hasil kerja: Rencana hasil kerja wajib diisi." in html
    assert "RHK 1, indikator 1: Target (angka): Target tidak boleh negatif." in html
    again = RenderedForm(html)
    for name in ("rhk-0-ind-1-target_angka", "rhk-1-deskripsi", "rhk-0-ind-0-target_angka"):
        assert again.attrs[name].get("aria-invalid") == "true"
        assert again.attrs[name]["aria-describedby"] == f"{name}_error" and f"{name}_error" in again.ids


def test_an_unknown_rhk_id_is_refused_not_added(client, pegawai, penilai, two_rhk_skp):
    other = skp_for(penilai, PeriodeFactory(instansi=penilai.instansi, tahun=2027))
    client.force_login(pegawai.user)
    form = RenderedForm(_edit_page(client, two_rhk_skp))
    before = _snapshot(two_rhk_skp)
    for forged in (str(other.rhk.get().pk), "987654321"):
        r = client.post(f"/kinerja/skp/{two_rhk_skp.pk}/ubah/", form.data({"rhk-1-id": forged, "aksi": "simpan"}))
        assert r.status_code == 400
        assert "RHK 2: RHK ini tidak ada di SKP ini" in r.content.decode()
        assert _snapshot(two_rhk_skp) == before
    # the API, same rule: a field error, nothing changed
    c = APIClient()
    c.force_authenticate(pegawai.user)
    body = {"rhk": [{"id": 987654321, "deskripsi": "Baru?", "indikator": [{"deskripsi": "x", "target_teks": "t"}]}]}
    r = c.patch(f"/api/kinerja/skp/{two_rhk_skp.pk}/", body, format="json")
    assert r.status_code == 400 and "tidak ada di SKP ini" in r.json()["rhk"][0]
    assert _snapshot(two_rhk_skp) == before


def test_adding_rows_keeps_what_was_typed_and_saves_nothing(client, pegawai, two_rhk_skp):
    client.force_login(pegawai.user)
    form = RenderedForm(_edit_page(client, two_rhk_skp))
    before = _snapshot(two_rhk_skp)
    r = client.post(f"/kinerja/skp/{two_rhk_skp.pk}/ubah/", form.data({"aksi": "tambah", "rhk-2-deskripsi": "Diketik"}))
    assert r.status_code == 200
    again = RenderedForm(r.content.decode())
    assert again.value("rhk-total") == "4" and again.value("rhk-2-deskripsi") == "Diketik"
    assert again.value("rhk-0-ind-0-target_angka") == "24,00"
    assert _snapshot(two_rhk_skp) == before


def test_the_create_page_round_trips_too(client, pegawai):
    periode = periode_for(pegawai)
    client.force_login(pegawai.user)
    form = RenderedForm(client.get(f"/kinerja/skp/baru/?periode={periode.pk}").content.decode())
    typed = {
        "aksi": "simpan",
        "rhk-0-deskripsi": "Tersedianya layanan",
        "rhk-0-ind-0-deskripsi": "Jumlah layanan",
        "rhk-0-ind-0-target_angka": "12,5",
        "rhk-1-ind-0-deskripsi": "Indikator tanpa RHK",
    }
    r = client.post("/kinerja/skp/baru/", form.data(typed))
    assert r.status_code == 400 and "RHK 2: Rencana hasil kerja: Rencana hasil kerja wajib diisi." in r.content.decode()
    assert not Skp.objects.filter(pegawai=pegawai).exists()
    again = RenderedForm(r.content.decode())
    r = client.post("/kinerja/skp/baru/", again.data({"rhk-1-ind-0-deskripsi": "", "aksi": "simpan"}))
    assert r.status_code == 302
    assert Indikator.objects.get(rhk__skp__pegawai=pegawai).target_angka == Decimal("12.5")


def test_edit_page_query_count_does_not_grow_with_rows(client, pegawai):
    skp = skp_for(pegawai, rhk=[rhk_item(f"RHK {i}") for i in range(6)])
    client.force_login(pegawai.user)
    _edit_page(client, skp)  # warm the session
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as six:
        _edit_page(client, skp)
    small = skp_for(pegawai, PeriodeFactory(instansi=pegawai.instansi, tahun=2030), rhk=[rhk_item()])
    with CaptureQueriesContext(connection) as one:
        _edit_page(client, small)
    assert len(six.captured_queries) == len(one.captured_queries)


@pytest.mark.parametrize(
    ("raw", "sep", "plain"),
    [
        ("24,00", ",", "24.00"),
        ("24.00", ",", "24.00"),
        ("1.234.567,5", ",", "1234567.5"),
        ("1.000", ",", "1000"),
        ("1,000", ".", "1000"),
        ("24,5", ".", "24.5"),
        ("-3", ",", "-3"),
    ],
)
def test_parse_decimal_input(raw, sep, plain):
    assert parse_decimal_input(raw, sep) == plain


@pytest.mark.parametrize("raw", ["abc", "1e5", "NaN", "12,3,4.5.6", "", "1 2a"])
def test_parse_decimal_input_refuses_what_is_not_a_number(raw):
    with pytest.raises(ValueError):
        parse_decimal_input(raw, ",")


def test_ekspektasi_rows_are_parsed_by_a_form_and_errors_name_the_value(client, pegawai, penilai):
    skp = skp_for(pegawai)
    client.force_login(penilai.user)
    url = f"/kinerja/skp/{skp.pk}/ekspektasi/"
    r = client.post(url, {"ekspektasi-loyal": "Menjaga rahasia data", "ekspektasi-adaptif": "x" * 4001}, follow=True)
    assert "Ekspektasi khusus Adaptif: " in r.content.decode()
    assert set(skp.perilaku.exclude(ekspektasi_khusus="").values_list("kode", flat=True)) == set()  # nothing saved
    client.post(url, {"ekspektasi-loyal": "  Menjaga rahasia data  "})
    client.post(url, {"ekspektasi-adaptif": "Cepat belajar"})  # a later post of one value leaves the other
    assert dict(skp.perilaku.exclude(ekspektasi_khusus="").values_list("kode", "ekspektasi_khusus")) == {
        "loyal": "Menjaga rahasia data",
        "adaptif": "Cepat belajar",
    }
