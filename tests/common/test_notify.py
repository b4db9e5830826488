"""In-app notifications: list page, unread count in the nav bar, mark read / all read, API, e-mail
via send_pending_emails; another user's notifications are never shown nor changed."""

from django.core import mail

from common.models import Notifikasi
from common.notify import Pesan, notify, send_pending_emails
from tests.pegawai.factories import UserFactory


def _notify(user, n=1, **kw):
    notify(
        [Pesan(user_id=user.pk, jenis="uji", judul=f"Pesan {i}", url="/kinerja/", **kw) for i in range(n)], email=False
    )


def test_list_page_and_unread_badge(client, pegawai):
    _notify(pegawai.user, 3)
    client.force_login(pegawai.user)
    r = client.get("/notifikasi/")
    html = r.content.decode()
    assert r.status_code == 200
    assert "Pesan 0" in html and "Pesan 2" in html
    assert "3 belum dibaca" in html  # nav bar badge
    assert r.context["notifikasi_unread"] == 3


def test_mark_one_and_all_read(client, pegawai):
    _notify(pegawai.user, 3)
    client.force_login(pegawai.user)
    first = Notifikasi.objects.filter(penerima=pegawai.user).first()
    r = client.post(f"/notifikasi/{first.pk}/baca/", {"buka": "1"})
    assert r.status_code == 302 and r["Location"] == "/kinerja/"
    assert Notifikasi.objects.filter(dibaca_at__isnull=True).count() == 2
    assert client.post("/notifikasi/baca-semua/").status_code == 302
    assert not Notifikasi.objects.filter(dibaca_at__isnull=True).exists()
    assert "belum dibaca" not in client.get("/notifikasi/").content.decode()


def test_others_notifications_are_invisible_and_untouchable(client, pegawai, penilai):
    _notify(penilai.user, 2)
    theirs = Notifikasi.objects.filter(penerima=penilai.user).first()
    client.force_login(pegawai.user)
    assert "Pesan 0" not in client.get("/notifikasi/").content.decode()
    assert client.post(f"/notifikasi/{theirs.pk}/baca/").status_code == 404
    client.post("/notifikasi/baca-semua/")
    assert client.post("/api/notifikasi/", {}, content_type="application/json").json()["ditandai"] == 0
    assert Notifikasi.objects.filter(penerima=penilai.user, dibaca_at__isnull=True).count() == 2


def test_api_lists_and_marks_read(client, pegawai):
    _notify(pegawai.user, 2)
    client.force_login(pegawai.user)
    data = client.get("/api/notifikasi/").json()
    assert data["belum_dibaca"] == 2 and len(data["results"]) == 2
    one = data["results"][0]["id"]
    r = client.post("/api/notifikasi/", {"ids": [one]}, content_type="application/json")
    assert r.json() == {"ditandai": 1, "belum_dibaca": 1}
    assert client.post("/api/notifikasi/", {"ids": ["x"]}, content_type="application/json").status_code == 400
    assert client.get("/api/notifikasi/?belum_dibaca=1").json()["results"][0]["id"] != one


def test_anonymous_is_sent_to_login(client):
    r = client.get("/notifikasi/")
    assert r.status_code == 302 and "/accounts/login/" in r["Location"]
    assert client.get("/api/notifikasi/").status_code in (401, 403)


def test_emails_once_and_dedup_key_stores_once(db):
    user = UserFactory(email="asn@tangsel.go.id")
    msg = Pesan(user_id=user.pk, jenis="uji", judul="Halo", dedup_key="k:1")
    assert notify([msg, msg], email=False) == 1
    assert notify([msg], email=False) == 0
    assert send_pending_emails() == 1
    assert send_pending_emails() == 0
    assert [m.to for m in mail.outbox] == [["asn@tangsel.go.id"]]
