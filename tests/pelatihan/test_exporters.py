"""The under-20-JP export through the generic export view: scoped rows, inert cells."""

import io

from django.urls import reverse
from openpyxl import load_workbook

from tests.pegawai.factories import PegawaiFactory


def _rows(response):
    wb = load_workbook(io.BytesIO(response.content))
    return [list(row) for row in wb.worksheets[0].iter_rows(values_only=True)]


def test_admin_exports_everyone_under_target_in_the_instansi(client, admin_bkd, pegawai, penilai, pegawai_lain):
    PegawaiFactory(unit_kerja=pegawai.unit_kerja, nama='=HYPERLINK("http://x")')
    client.force_login(admin_bkd.user)
    response = client.get(reverse("export", args=["pelatihan.jp_kurang"]), {"format": "xlsx", "tahun": 2026})
    assert response.status_code == 200
    rows = _rows(response)
    assert rows[0][:3] == ["NIP", "Nama", "Unit kerja"]
    names = {r[1] for r in rows[1:]}
    assert {"Staf Bidang", "Kepala Bidang", '=HYPERLINK("http://x")'} <= names
    assert "Pegawai Serang" not in names  # another instansi
    assert all(r[6] == 20 for r in rows[1:])  # nobody has any JP yet: 20 missing each


def test_asn_export_holds_only_themself(client, pegawai, penilai):
    client.force_login(pegawai.user)
    rows = _rows(client.get(reverse("export", args=["pelatihan.jp_kurang"]), {"format": "xlsx", "tahun": 2026}))
    assert [r[1] for r in rows[1:]] == ["Staf Bidang"]


def test_bad_year_is_a_form_error_not_a_500(client, admin_bkd):
    client.force_login(admin_bkd.user)
    response = client.get(reverse("export", args=["pelatihan.jp_kurang"]), {"format": "xlsx", "tahun": "dua ribu"})
    assert response.status_code in (200, 400)
    assert b"Tahun" in response.content
