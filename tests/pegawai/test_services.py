import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from pegawai import services
from pegawai.models import Pegawai, RiwayatPegawai, UnitKerja
from tests.pegawai.factories import JabatanFactory, PegawaiFactory, UnitKerjaFactory


def test_create_refuses_birth_date_that_disagrees_with_nip(unit_bidang):
    with pytest.raises(ValidationError) as exc:
        services.pegawai_create(
            nip="198609262015051001",
            nama="Budi",
            tanggal_lahir=dt.date(1986, 9, 25),
            jenis_kelamin="L",
            status="pns",
            instansi=unit_bidang.instansi,
            unit_kerja=unit_bidang,
        )
    assert "tanggal_lahir" in exc.value.message_dict
    assert not Pegawai.objects.filter(nip="198609262015051001").exists()


def test_create_refuses_duplicate_nip(pegawai):
    with pytest.raises(ValidationError) as exc:
        services.pegawai_create(
            nip=pegawai.nip,
            nama="Kembar",
            tanggal_lahir=pegawai.tanggal_lahir,
            jenis_kelamin=pegawai.jenis_kelamin,
            status="pns",
            instansi=pegawai.instansi,
            unit_kerja=pegawai.unit_kerja,
        )
    assert "nip" in exc.value.message_dict


def test_hirarki_follows_atasan_chain(pegawai, penilai, atasan_penilai):
    assert atasan_penilai.hirarki == f"/{atasan_penilai.pk}/"
    assert pegawai.hirarki == f"/{atasan_penilai.pk}/{penilai.pk}/{pegawai.pk}/"


def test_update_records_history_and_moves_subtree(pegawai, penilai, atasan_penilai, admin_bkd):
    baru = PegawaiFactory(unit_kerja=penilai.unit_kerja, nama="Atasan Baru")
    jabatan = JabatanFactory(instansi=penilai.instansi, nama="Kepala Seksi", jenis="pengawas")
    services.pegawai_update(pegawai=penilai, actor=admin_bkd.user, atasan=baru, jabatan=jabatan, golongan="IV/a")
    pegawai.refresh_from_db()
    assert pegawai.hirarki == f"/{baru.pk}/{penilai.pk}/{pegawai.pk}/"
    jenis = set(RiwayatPegawai.objects.filter(pegawai=penilai).values_list("jenis", flat=True))
    assert jenis == {"atasan", "jabatan", "golongan"}
    row = RiwayatPegawai.objects.get(pegawai=penilai, jenis="golongan")
    assert row.sebelum == "Penata Tingkat I (III/d)" and row.sesudah == "Pembina (IV/a)"
    assert row.changed_by == admin_bkd.user


def test_update_refuses_atasan_loop_and_saves_nothing(pegawai, penilai, atasan_penilai):
    with pytest.raises(ValidationError) as exc:
        services.pegawai_update(pegawai=atasan_penilai, atasan=pegawai, golongan="IV/c")
    assert "atasan" in exc.value.message_dict
    atasan_penilai.refresh_from_db()
    assert atasan_penilai.atasan_id is None and atasan_penilai.golongan == "IV/b"
    assert not RiwayatPegawai.objects.filter(pegawai=atasan_penilai).exists()


def test_update_without_change_writes_no_history(pegawai):
    services.pegawai_update(pegawai=pegawai, golongan=pegawai.golongan)
    assert not pegawai.riwayat.exists()


def test_unit_move_rewrites_subtree_paths(unit_opd, unit_bidang):
    seksi = UnitKerjaFactory(instansi=unit_opd.instansi, parent=unit_bidang, nama="Seksi")
    other = UnitKerjaFactory(instansi=unit_opd.instansi, nama="Dinas Lain")
    services.unit_kerja_move(unit=unit_bidang, parent=other)
    seksi.refresh_from_db()
    assert seksi.path == f"/{other.pk}/{unit_bidang.pk}/{seksi.pk}/" and seksi.depth == 2


def test_unit_move_under_own_descendant_is_refused(unit_opd, unit_bidang):
    with pytest.raises(ValidationError) as exc:
        services.unit_kerja_move(unit=unit_opd, parent=unit_bidang)
    assert "parent" in exc.value.message_dict
    unit_opd.refresh_from_db()
    assert unit_opd.parent_id is None


def test_rebuild_paths_recomputes_from_links(unit_opd, unit_bidang, pegawai, penilai, atasan_penilai):
    UnitKerja.objects.update(path="", depth=0)
    Pegawai.objects.update(hirarki="")
    services.unit_kerja_rebuild_paths()
    services.pegawai_rebuild_hirarki()
    unit_bidang.refresh_from_db()
    pegawai.refresh_from_db()
    assert unit_bidang.path == f"/{unit_opd.pk}/{unit_bidang.pk}/" and unit_bidang.depth == 1
    assert pegawai.hirarki == f"/{atasan_penilai.pk}/{penilai.pk}/{pegawai.pk}/"


def test_bup_follows_jabatan(unit_bidang):
    jab = JabatanFactory(
        instansi=unit_bidang.instansi, nama="Dokter Ahli Utama", jenis="fungsional", jenjang="ahli_utama"
    )
    p = PegawaiFactory(unit_kerja=unit_bidang, jabatan=jab, golongan="IV/d")
    assert p.batas_usia_pensiun == 65
