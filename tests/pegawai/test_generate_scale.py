"""`manage.py generate_scale`: valid unique NIPs, supervisors, unit paths and hirarki, extension point."""

import io

import pytest
from django.core.management import CommandError, call_command

from common import bench
from pegawai import rules
from pegawai.management.commands.generate_scale import COPY_THRESHOLD, generate_pegawai
from pegawai.models import Pegawai, UnitKerja

pytestmark = pytest.mark.django_db


def generate(n: int, *extra: str) -> str:
    out = io.StringIO()
    call_command("generate_scale", "--pegawai", str(n), *extra, stdout=out)
    return out.getvalue()


def assert_consistent(instansi_kode: str) -> list[Pegawai]:
    rows = list(Pegawai.objects.filter(instansi__kode=instansi_kode).select_related("jabatan", "unit_kerja"))
    by_pk = {p.pk: p for p in Pegawai.objects.all()}
    units = {u.pk: u for u in UnitKerja.objects.all()}
    for u in units.values():
        assert u.path == f"{units[u.parent_id].path if u.parent_id else '/'}{u.pk}/"
        assert u.depth == (units[u.parent_id].depth + 1 if u.parent_id else 0)
    for p in rows:
        parts = rules.parse_nip(p.nip)
        assert parts.tanggal_lahir == p.tanggal_lahir
        assert parts.jenis_kelamin == p.jenis_kelamin
        assert rules.golongan_valid_for(p.status, p.golongan), (p.status, p.golongan)
        assert p.batas_usia_pensiun == rules.batas_usia_pensiun(p.jabatan.jenis, p.jabatan.jenjang)
        assert p.hirarki == f"{by_pk[p.atasan_id].hirarki if p.atasan_id else '/'}{p.pk}/"
        if p.atasan_id and by_pk[p.atasan_id].atasan_id:
            atasan = by_pk[p.atasan_id]
            # Below the heads of OPD (who report to the Sekda), the atasan heads the pegawai's own
            # unit or one of its ancestors.
            assert p.unit_kerja.path.startswith(units[atasan.unit_kerja_id].path)
    assert len({p.nip for p in rows}) == len(rows)
    return rows


def test_generates_n_valid_pegawai_with_consistent_trees():
    out = generate(500)
    rows = assert_consistent("SKALA")
    assert len(rows) == 500
    assert "500 pegawai dibuat" in out
    tops = [p for p in rows if p.atasan_id is None]
    assert len(tops) == 1 and tops[0].jabatan.nama == "Sekretaris Daerah"
    kinds = {p.jabatan.jenis for p in rows}
    assert kinds >= {
        rules.JenisJabatan.JPT_PRATAMA,
        rules.JenisJabatan.ADMINISTRATOR,
        rules.JenisJabatan.PENGAWAS,
        rules.JenisJabatan.FUNGSIONAL,
        rules.JenisJabatan.PELAKSANA,
    }
    assert {p.status for p in rows} == {"pns", "pppk", "cpns"}
    # Realistic depth: Sekda -> kepala OPD -> kabid/sekretaris -> kasi/kasubbag -> staff.
    assert max(p.hirarki.count("/") - 1 for p in rows) == 5


def test_second_run_adds_more_opds_under_the_same_sekda():
    generate(450)
    generate(450)
    rows = assert_consistent("SKALA")
    assert len(rows) == 900
    assert len([p for p in rows if p.atasan_id is None]) == 1
    kode = list(UnitKerja.objects.filter(instansi__kode="SKALA").values_list("kode", flat=True))
    assert len(kode) == len(set(kode))


def test_large_batch_takes_the_fast_insert_path_and_stays_consistent():
    # On PostgreSQL this is the COPY path with ids drawn from the sequence; elsewhere bulk_create.
    result = generate_pegawai(n=COPY_THRESHOLD + 100, instansi_kode="BESAR")
    rows = assert_consistent("BESAR")
    assert len(rows) == result.created == COPY_THRESHOLD + 100
    assert result.pegawai_queryset().count() == result.created
    assert Pegawai.objects.filter(instansi__kode="BESAR", hirarki="").count() == 0


def test_tiny_n_creates_only_the_top_of_the_tree():
    generate(3, "--instansi", "KECIL")
    rows = assert_consistent("KECIL")
    assert len(rows) == 3
    assert sorted(p.hirarki.count("/") - 1 for p in rows) == [1, 2, 3]


def test_nips_do_not_collide_with_existing_ones():
    first = generate_pegawai(n=300, instansi_kode="A", seed=7)
    second = generate_pegawai(n=300, instansi_kode="B", seed=7)  # same seed: same draws, must not clash
    nips = list(Pegawai.objects.values_list("nip", flat=True))
    assert len(nips) == len(set(nips)) == first.created + second.created


def test_scale_data_and_demo_data_coexist_in_either_order():
    generate(300)
    call_command("seed_demo", stdout=io.StringIO())
    generate(300)
    assert Pegawai.objects.filter(instansi__kode="TANGSEL").count() > 150
    assert Pegawai.objects.filter(instansi__kode="SKALA").count() == 600
    scale_nips = Pegawai.objects.filter(instansi__kode="SKALA").values_list("nip", flat=True)
    assert min(rules.parse_nip(nip).nomor_urut for nip in scale_nips) >= 501


def test_zero_is_refused():
    with pytest.raises(CommandError):
        generate(0)


@pytest.fixture
def scale_extension(monkeypatch):
    """Register a throwaway extension (as kinerja will for --logs-per-pegawai)."""
    monkeypatch.setattr(bench, "_SCALE_EXTENSIONS", {})
    seen = []

    @bench.register_scale_extension(
        "uji", arguments=lambda parser: parser.add_argument("--logs-per-pegawai", type=int, default=0)
    )
    def run(*, result, options, stdout):
        seen.append((result.pegawai_queryset().count(), options["logs_per_pegawai"]))

    return seen


def test_extensions_get_their_option_and_the_new_rows(scale_extension):
    generate(120, "--logs-per-pegawai", "4")
    assert scale_extension == [(120, 4)]
