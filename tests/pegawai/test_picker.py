"""The people picker: /pegawai/cari/ (the combobox's search) and PegawaiPickerField (the no-JS flow)
in the koreksi atasan form, the koreksi queue and the delegation form."""

import pytest
from django.db import connection
from django.utils import timezone

from kinerja.models import DelegasiPersetujuan, KoreksiAtasan
from pegawai import rules
from tests.pegawai.factories import PegawaiFactory, UnitKerjaFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def kepala_serang(instansi_lain):
    """Someone of another instansi whose name matches the searches below: must never appear."""
    unit = UnitKerjaFactory(instansi=instansi_lain, nama="Puskesmas Serang")
    return PegawaiFactory(unit_kerja=unit, nama="Kepala Puskesmas Serang")


def test_search_by_name_shows_nip_jabatan_unit_and_never_another_instansi(client, pegawai, penilai, kepala_serang):
    client.force_login(pegawai.user)
    html = client.get("/pegawai/cari/", {"q": "kepala"}).content.decode()
    assert "Kepala Bidang" in html and penilai.nip in html and "Bidang Aplikasi Informatika" in html
    assert "Kepala Dinas" in html
    assert kepala_serang.nama not in html and kepala_serang.nip not in html
    assert 'role="listbox"' in html and 'role="option"' in html
    # the option carries the "Nama — NIP" the field accepts, never an internal id
    assert f'data-value="{penilai.nama_lengkap} — {penilai.nip}"' in html


def test_search_by_nip_prefix_with_separators(client, pegawai, penilai, atasan_penilai):
    client.force_login(pegawai.user)
    printed = rules.format_nip(penilai.nip)  # "19xxxxxx 20xxxx 1 001", as printed on forms
    html = client.get("/pegawai/cari/", {"q": printed}).content.decode()
    assert penilai.nip in html and atasan_penilai.nip not in html


def test_search_of_another_instansi_by_exact_nip_finds_nothing(client, pegawai, kepala_serang):
    client.force_login(pegawai.user)
    html = client.get("/pegawai/cari/", {"q": kepala_serang.nip}).content.decode()
    assert kepala_serang.nip not in html and "Tidak ada pegawai yang cocok" in html


def test_admin_bkn_searches_every_instansi(client, admin_bkn, penilai, kepala_serang):
    client.force_login(admin_bkn)
    html = client.get("/pegawai/cari/", {"q": "kepala"}).content.decode()
    assert penilai.nip in html and kepala_serang.nip in html


def test_search_needs_login_and_two_characters(client, pegawai):
    assert client.get("/pegawai/cari/", {"q": "kepala"}).status_code == 302
    client.force_login(pegawai.user)
    assert 'role="option"' not in client.get("/pegawai/cari/", {"q": "k"}).content.decode()


def test_search_excludes_retired_pegawai(client, pegawai, unit_bidang):
    PegawaiFactory(unit_kerja=unit_bidang, nama="Kepala Pensiunan", kedudukan=rules.Kedudukan.PENSIUN)
    client.force_login(pegawai.user)
    assert "Kepala Pensiunan" not in client.get("/pegawai/cari/", {"q": "pensiunan"}).content.decode()


def test_search_query_count_is_fixed(client, pegawai, unit_bidang, django_assert_num_queries):
    PegawaiFactory.create_batch(15, unit_kerja=unit_bidang, nama="Kepala Seksi")
    client.force_login(pegawai.user)
    client.get("/pegawai/cari/", {"q": "seksi"})  # warm up
    # session, user, roles, the user's pegawai, the search (joined jabatan + unit_kerja), and the
    # navigation context processor's "is atasan" probe
    with django_assert_num_queries(6):
        html = client.get("/pegawai/cari/", {"q": "seksi"}).content.decode()
    assert html.count('role="option"') == 10 and "Hanya 10 hasil pertama" in html


def test_name_search_can_use_the_trigram_index(pegawai):
    with connection.cursor() as cur:
        cur.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'pegawai_nama_trgm_idx'")
        (indexdef,) = cur.fetchone()
        cur.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'pegawai_nip_prefix_idx'")
        assert cur.fetchone() is not None
    assert "gin_trgm_ops" in indexdef and "upper" in indexdef.lower()


# --- the no-JS flow ------------------------------------------------------------------------------


def test_koreksi_form_with_an_ambiguous_name_offers_candidates_and_keeps_the_alasan(
    client, pegawai, penilai, atasan_penilai, kepala_serang
):
    client.force_login(pegawai.user)
    r = client.post(
        "/kinerja/skp/koreksi-atasan/", {"alasan": "Sudah mutasi ke bidang lain", "usulan_atasan": "kepala"}
    )
    assert r.status_code == 400
    html = r.content.decode()
    assert "pilih salah satu" in html and "Sudah mutasi ke bidang lain" in html
    assert f'name="usulan_atasan__pilih" value="{atasan_penilai.nip}"' in html
    assert f'name="usulan_atasan__pilih" value="{penilai.nip}"' in html
    assert kepala_serang.nip not in html
    assert f'value="{atasan_penilai.pk}"' not in html  # no internal id is shown
    assert not KoreksiAtasan.objects.exists()
    r = client.post(
        "/kinerja/skp/koreksi-atasan/",
        {
            "alasan": "Sudah mutasi ke bidang lain",
            "usulan_atasan": "kepala",
            "usulan_atasan__pilih": atasan_penilai.nip,
        },
    )
    assert r.status_code == 302
    assert KoreksiAtasan.objects.get().usulan_atasan_id == atasan_penilai.pk


def test_koreksi_form_with_a_unique_name_needs_no_second_step(client, pegawai, atasan_penilai):
    client.force_login(pegawai.user)
    r = client.post("/kinerja/skp/koreksi-atasan/", {"alasan": "Salah", "usulan_atasan": "kepala dinas"})
    assert r.status_code == 302
    assert KoreksiAtasan.objects.get().usulan_atasan_id == atasan_penilai.pk


def test_koreksi_form_refuses_someone_of_another_instansi_by_nip(client, pegawai, kepala_serang):
    client.force_login(pegawai.user)
    r = client.post("/kinerja/skp/koreksi-atasan/", {"alasan": "Salah", "usulan_atasan": kepala_serang.nip})
    assert r.status_code == 400
    assert "Tidak ada pegawai dengan NIP atau nama" in r.content.decode()
    assert not KoreksiAtasan.objects.exists()


def test_koreksi_form_refuses_an_unknown_name(client, pegawai):
    client.force_login(pegawai.user)
    r = client.post("/kinerja/skp/koreksi-atasan/", {"alasan": "Salah", "usulan_atasan": "Tidak Ada Orangnya"})
    assert r.status_code == 400 and "Tidak ada pegawai" in r.content.decode()


def test_koreksi_form_no_longer_lists_every_pegawai(client, pegawai, atasan_penilai):
    client.force_login(pegawai.user)
    html = client.get("/kinerja/skp/koreksi-atasan/").content.decode()
    assert "<select" not in html.split('name="usulan_atasan"')[0][-200:]
    assert atasan_penilai.nip not in html
    assert 'name="usulan_atasan"' in html and "data-picker" in html


def test_koreksi_queue_shows_the_proposed_atasan_by_name_and_resolves_by_name(
    client, pegawai, penilai, atasan_penilai, admin_bkd
):
    from kinerja.services import skp as svc

    k = svc.koreksi_create(pegawai=pegawai, alasan="Atasan salah", usulan_atasan=atasan_penilai)
    client.force_login(admin_bkd.user)
    html = client.get("/kinerja/skp/koreksi-atasan/antrean/").content.decode()
    assert "ID pegawai" not in html
    assert f'value="{atasan_penilai.nama_lengkap} — {atasan_penilai.nip}"' in html
    # an ambiguous name re-renders the card with candidates, nothing changes
    r = client.post(f"/kinerja/skp/koreksi-atasan/{k.pk}/", {"atasan": "kepala", "catatan": "cek"})
    assert r.status_code == 400
    assert f'name="atasan__pilih" value="{atasan_penilai.nip}"' in r.content.decode()
    pegawai.refresh_from_db()
    assert pegawai.atasan_id == penilai.pk
    r = client.post(f"/kinerja/skp/koreksi-atasan/{k.pk}/", {"atasan": "kepala", "atasan__pilih": atasan_penilai.nip})
    assert r.status_code == 302
    pegawai.refresh_from_db()
    assert pegawai.atasan_id == atasan_penilai.pk


def test_koreksi_queue_query_count_is_fixed(client, admin_bkd, unit_bidang, penilai, django_assert_num_queries):
    from kinerja.services import skp as svc

    for i in range(3):
        p = PegawaiFactory(unit_kerja=unit_bidang, atasan=penilai, nama=f"Staf {i}")
        svc.koreksi_create(pegawai=p, alasan="x", usulan_atasan=penilai)
    client.force_login(admin_bkd.user)
    client.get("/kinerja/skp/koreksi-atasan/antrean/")
    with django_assert_num_queries(7):
        r = client.get("/kinerja/skp/koreksi-atasan/antrean/")
    assert r.content.decode().count("data-picker") == 3


def test_delegation_picks_people_by_name(client, admin_bkd, penilai, pegawai, kepala_serang):
    today = timezone.localdate()
    client.force_login(admin_bkd.user)
    data = {"atasan": "kepala bidang", "penerima": "staf bidang", "jenis": "plh", "mulai": today, "selesai": today}
    assert client.post("/kinerja/delegasi/", data).status_code == 302
    d = DelegasiPersetujuan.objects.get()
    assert (d.atasan_id, d.penerima_id) == (penilai.pk, pegawai.pk)
    r = client.post("/kinerja/delegasi/", {**data, "penerima": kepala_serang.nip})
    assert r.status_code == 400 and "Tidak ada pegawai" in r.content.decode()
    assert DelegasiPersetujuan.objects.count() == 1
