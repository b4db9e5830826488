"""Exact query count of the notifications list page (STYLE §7), with a few and with a full page of
notifications; another user's notifications never show."""

from common.notify import Pesan, notify

NOTIFIKASI_LIST = "/notifikasi/"
# Exact count for a logged-in pegawai (session, user, roles, the unread badge, the paginator count and
# the page); the same with 3 notifications and with a full page of 30.
NOTIFIKASI_LIST_QUERIES = 8


def _notify(user, n):
    notify([Pesan(user_id=user.pk, jenis="uji", judul=f"Pesan {i}", url="/kinerja/") for i in range(n)], email=False)


def test_notification_list_query_count_is_exact(client, pegawai, django_assert_num_queries):
    _notify(pegawai.user, 3)
    client.force_login(pegawai.user)
    with django_assert_num_queries(NOTIFIKASI_LIST_QUERIES):
        few = client.get(NOTIFIKASI_LIST)
    _notify(pegawai.user, 40)  # more than one page (30)
    with django_assert_num_queries(NOTIFIKASI_LIST_QUERIES):
        many = client.get(NOTIFIKASI_LIST)
    assert few.status_code == many.status_code == 200
    assert len(few.context["page"]) == 3 and len(many.context["page"]) == 30


def test_notification_list_shows_only_the_viewers_own(client, pegawai, penilai):
    _notify(penilai.user, 2)
    client.force_login(pegawai.user)
    response = client.get(NOTIFIKASI_LIST)
    assert len(response.context["page"]) == 0
    assert "Pesan 0" not in response.content.decode()
