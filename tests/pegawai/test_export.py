"""Export of the directory list to XLSX/CSV: same filters and access scope as the directory."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tests.pegawai.factories import JabatanFactory, PegawaiFactory

pytestmark = pytest.mark.django_db


def _login(client, pegawai_or_user):
    user = getattr(pegawai_or_user, "user", pegawai_or_user)
    client.force_login(user)


def _csv_rows(response) -> list[dict]:
    text = response.content.decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def _xlsx_rows(response) -> list[dict]:
    wb = load_workbook(io.BytesIO(response.content), read_only=True)
    rows = list(wb.worksheets[0].iter_rows(values_only=True))
    header = rows[0]
    return [dict(zip(header, r, strict=True)) for r in rows[1:]]


def test_admin_instansi_csv_export_is_scoped_to_own_instansi(client, admin_bkd, pegawai, pegawai_lain):
    _login(client, admin_bkd)
    response = client.get(reverse("pegawai:export", args=["csv"]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = _csv_rows(response)
    nips = {r["NIP"] for r in rows}
    assert pegawai.nip in nips and admin_bkd.nip in nips
    assert pegawai_lain.nip not in nips
    row = next(r for r in rows if r["NIP"] == pegawai.nip)
    assert row["Nama lengkap"] == pegawai.nama_lengkap
    assert row["Pangkat/golongan"] == "Penata Muda (III/a)"
    assert row["Unit kerja"] == pegawai.unit_kerja.nama
    assert row["Status"] == "PNS"
    assert row["Tanggal lahir"] == pegawai.tanggal_lahir.strftime("%d-%m-%Y")
    assert row["BUP"] == "58"


def test_xlsx_export_follows_directory_filters(client, admin_bkd, pegawai, penilai, unit_opd):
    jab = JabatanFactory(instansi=unit_opd.instansi, nama="Analis Kebijakan Ahli Muda", jenis="fungsional")
    fungsional = PegawaiFactory(unit_kerja=pegawai.unit_kerja, jabatan=jab, golongan="III/c", nama="Ahli Muda")
    _login(client, admin_bkd)
    response = client.get(reverse("pegawai:export", args=["xlsx"]), {"golongan": "III/c"})
    assert response.status_code == 200
    rows = _xlsx_rows(response)
    assert [r["NIP"] for r in rows] == [fungsional.nip]
    assert rows[0]["Jabatan"] == "Analis Kebijakan Ahli Muda"
    assert rows[0]["Jenis jabatan"] == "Fungsional"
    assert isinstance(rows[0]["NIP"], str)  # text, not a rounded number


def test_plain_asn_exports_only_own_record(client, pegawai, penilai):
    _login(client, pegawai)
    rows = _csv_rows(client.get(reverse("pegawai:export", args=["csv"])))
    assert [r["NIP"] for r in rows] == [pegawai.nip]


def test_atasan_exports_own_tree_only(client, pegawai, penilai, atasan_penilai, pegawai_lain):
    _login(client, penilai)
    nips = {r["NIP"] for r in _csv_rows(client.get(reverse("pegawai:export", args=["csv"])))}
    assert nips == {penilai.nip, pegawai.nip}


def test_export_needs_login_and_a_known_format(client, admin_bkd):
    response = client.get(reverse("pegawai:export", args=["csv"]))
    assert response.status_code == 302
    _login(client, admin_bkd)
    assert client.get(reverse("pegawai:export", args=["pdf"])).status_code == 404


def test_export_query_count_does_not_grow_with_rows(client, admin_bkd, unit_bidang, django_assert_num_queries):
    PegawaiFactory.create_batch(3, unit_kerja=unit_bidang)
    _login(client, admin_bkd)
    with django_assert_num_queries(6):
        client.get(reverse("pegawai:export", args=["xlsx"]))
    PegawaiFactory.create_batch(10, unit_kerja=unit_bidang)
    with django_assert_num_queries(6):  # the same with more rows
        client.get(reverse("pegawai:export", args=["xlsx"]))


def test_directory_page_links_to_exports_with_current_filters(client, admin_bkd):
    _login(client, admin_bkd)
    response = client.get(reverse("pegawai:direktori"), {"golongan": "III/a"})
    html = response.content.decode()
    assert reverse("pegawai:export", args=["xlsx"]) + "?golongan=III%2Fa" in html
    assert reverse("pegawai:export", args=["csv"]) + "?golongan=III%2Fa" in html


def test_django_admin_offers_pegawai_export(client, pegawai, django_user_model):
    superuser = django_user_model.objects.create_superuser("super", "super@example.go.id", "rahasia-uji-123")
    client.force_login(superuser)
    changelist = client.get(reverse("admin:pegawai_pegawai_changelist"))
    assert reverse("admin:pegawai_pegawai_export") in changelist.content.decode()
    page = client.get(reverse("admin:pegawai_pegawai_export"))
    assert page.status_code == 200
    assert "Nama lengkap" in page.content.decode() or "nama_lengkap" in page.content.decode()
