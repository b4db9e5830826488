"""Edges of pegawai.rules that mutation testing found untested (docs/mutasi.md): boundary values,
exact messages in Bahasa Indonesia, defaults, and tree ids that share digits. No database."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from pegawai import rules


def _error(nip: str) -> ValidationError:
    with pytest.raises(ValidationError) as exc:
        rules.parse_nip(nip)
    return exc.value


# --- TMT CPNS must be after the birth month (pegawai.md §1) -------------------------------------


def test_tmt_cpns_in_the_birth_month_is_rejected():
    # Born September 1986, TMT CPNS September 1986: not "after" the birth date's month.
    err = _error("198609261986091001")
    assert err.code == "nip_tmt"
    assert err.messages == ["TMT CPNS pada NIP (digit 9-14) harus sesudah tanggal lahir."]


def test_tmt_cpns_in_the_month_after_birth_is_accepted():
    parts = rules.parse_nip("198609261986101001")
    assert (parts.tmt_cpns_tahun, parts.tmt_cpns_bulan) == (1986, 10)


@pytest.mark.parametrize("bulan", ["01", "12"])
def test_tmt_months_january_and_december_are_valid(bulan):
    assert rules.parse_nip(f"198609262015{bulan}1001").tmt_cpns_bulan == int(bulan)


@pytest.mark.parametrize("bulan", ["00", "13"])
def test_tmt_month_outside_1_to_12_is_rejected_with_its_message(bulan):
    err = _error(f"198609262015{bulan}1001")
    assert err.code == "nip_tmt"
    assert err.messages == ["Bulan TMT CPNS pada NIP (digit 13-14) tidak valid."]


# --- Exact messages (users read them; a changed text must be a deliberate change) ---------------


@pytest.mark.parametrize(
    ("nip", "message"),
    [
        ("19860926201505100A", "NIP hanya boleh berisi angka."),
        ("19860926201505100", "NIP harus 18 digit, bukan 17 digit."),
        ("198602312015051001", "Tanggal lahir pada NIP (digit 1-8) bukan tanggal yang valid."),
        ("198609262015053001", "Digit ke-15 NIP (jenis kelamin) harus 1 (laki-laki) atau 2 (perempuan)."),
    ],
)
def test_parse_nip_messages_are_exact(nip, message):
    assert _error(nip).messages == [message]


def test_nomor_urut_is_all_three_last_digits():
    assert rules.parse_nip("198609262015051123").nomor_urut == 123


def test_normalize_nip_of_nothing_is_empty():
    assert rules.normalize_nip(None) == ""
    assert rules.normalize_nip("") == ""


def test_nip_conflicts_messages_name_both_dates_in_full():
    parts = rules.parse_nip("198609262015051001")
    errors = rules.nip_conflicts(parts, tanggal_lahir=dt.date(1986, 9, 27), jenis_kelamin="P")
    assert errors == {
        "tanggal_lahir": "Tanggal lahir 27-09-1986 tidak sesuai dengan NIP (26-09-1986).",
        "jenis_kelamin": "Jenis kelamin tidak sesuai dengan digit ke-15 NIP.",
    }


def test_nip_conflicts_ignores_missing_values():
    parts = rules.parse_nip("198609262015051001")
    assert rules.nip_conflicts(parts, tanggal_lahir=None, jenis_kelamin=None) == {}
    assert rules.nip_conflicts(parts, tanggal_lahir=None, jenis_kelamin="") == {}


# --- Small helpers: defaults and the empty cases ------------------------------------------------


def test_empty_golongan_is_valid_for_every_status():
    assert rules.golongan_valid_for("pns", "")
    assert rules.golongan_valid_for("pppk", "")


def test_nama_lengkap_without_gelar_is_the_bare_name():
    assert rules.nama_lengkap("Siti Aminah") == "Siti Aminah"
    assert rules.nama_lengkap("  Siti Aminah ", "Dr.") == "Dr. Siti Aminah"
    assert rules.nama_lengkap("Siti Aminah", gelar_belakang="S.E.") == "Siti Aminah, S.E."
    assert rules.nama_lengkap("Siti Aminah", "", "  ") == "Siti Aminah"


@pytest.mark.parametrize(("jenis_kelamin", "digit"), [("L", "1"), ("P", "2")])
def test_build_nip_writes_the_sex_digit(jenis_kelamin, digit):
    nip = rules.build_nip(
        tanggal_lahir=dt.date(1990, 2, 28), tmt_tahun=2019, tmt_bulan=3, jenis_kelamin=jenis_kelamin, nomor_urut=7
    )
    assert nip == f"19900228201903{digit}007"


# --- Cycle check on materialized paths ("/1/7/42/"): ids that share digits ----------------------


@pytest.mark.parametrize(
    ("node_id", "parent_path", "cycle"),
    [
        (1, "/1/", True),  # the parent is the node itself
        (1, "/5/1/", True),  # the parent is below the node
        (11, "/1/11/", True),
        (7, "/1/7/42/", True),  # the node is in the middle of the parent's path
        (1, "/11/", False),  # "1/" occurs inside "/11/": not the same node
        (1, "/21/", False),
        (1, "/10/", False),
        (11, "/1/", False),
        (11, "/111/", False),
        (2, "/12/", False),
        (1, "", False),  # a root parent has no path yet
        (1, None, False),
    ],
)
def test_would_create_cycle_matches_whole_ids_only(node_id, parent_path, cycle):
    assert rules.would_create_cycle(node_id=node_id, new_parent_path=parent_path) is cycle
