"""Password reset by e-mail: the whole round trip through the locmem mailbox, the same answer for
unknown addresses, single-use links, throttling."""

import re

import pytest
from django.core import mail
from django.core.cache import cache

from tests.pegawai.factories import UserFactory

URL = "/accounts/password/reset/"


@pytest.fixture(autouse=True)
def fresh_throttle():
    cache.clear()  # the throttle counts live in the cache (Redis when REDIS_URL is set)
    yield
    cache.clear()


@pytest.fixture
def akun(db):
    return UserFactory(username="siti.rahma", email="siti.rahma@tangerangselatan.example")


def _link(message) -> str:
    return re.search(r"http://testserver(/accounts/reset/\S+/)", message.body).group(1)


def test_login_page_links_to_reset(client, db):
    assert 'href="/accounts/password/reset/"' in client.get("/accounts/login/").content.decode()


def test_round_trip_sets_a_new_password_and_the_link_works_once(client, akun):
    response = client.post(URL, {"email": "Siti.Rahma@tangerangselatan.example"})
    assert response.status_code == 302 and response.url == "/accounts/password/reset/done/"
    assert "Periksa e-mail Anda" in client.get(response.url).content.decode()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["siti.rahma@tangerangselatan.example"]
    assert message.subject == "Atur ulang kata sandi Kinerja ASN"
    assert "Halo siti.rahma" in message.body

    link = _link(message)
    form_page = client.get(link, follow=True)  # Django swaps the token for a session marker
    set_url = form_page.redirect_chain[-1][0]
    assert "Buat kata sandi baru" in form_page.content.decode()
    short = client.post(set_url, {"new_password1": "abc", "new_password2": "abc"})
    assert short.status_code == 200 and "terlalu pendek" in short.content.decode()
    done = client.post(set_url, {"new_password1": "Sandi-Baru-2026!", "new_password2": "Sandi-Baru-2026!"})
    assert done.status_code == 302 and done.url == "/accounts/reset/done/"
    akun.refresh_from_db()
    assert akun.check_password("Sandi-Baru-2026!")
    assert client.login(username="siti.rahma", password="Sandi-Baru-2026!")
    client.logout()

    again = client.get(link, follow=True)
    assert "Tautan ini tidak berlaku lagi" in again.content.decode()


def test_unknown_address_gets_the_same_answer_and_no_mail(client, akun):
    known = client.post(URL, {"email": akun.email})
    unknown = client.post(URL, {"email": "tidak.ada@contoh.example"})
    assert (unknown.status_code, unknown.url) == (known.status_code, known.url)
    assert len(mail.outbox) == 1


def test_invalid_address_is_a_form_error(client, db):
    response = client.post(URL, {"email": "bukan-email"})
    assert response.status_code == 200
    assert "Masukkan alamat email dengan format yang benar." in response.content.decode()


def test_requests_per_address_are_throttled_silently(client, akun):
    for _ in range(5):
        response = client.post(URL, {"email": akun.email}, REMOTE_ADDR=f"10.0.0.{_}")
        assert response.status_code == 302
    assert len(mail.outbox) == 3  # RESET_LIMIT_PER_EMAIL; the rest get the same page, no mail


def test_requests_per_client_are_throttled_with_a_message(client, akun):
    for i in range(5):
        assert client.post(URL, {"email": f"orang{i}@contoh.example"}).status_code == 302
    response = client.post(URL, {"email": akun.email})
    assert response.status_code == 200
    assert "Terlalu banyak permintaan" in response.content.decode()
    assert len(mail.outbox) == 0


def test_behind_the_proxy_each_client_has_its_own_budget(client, akun, settings):
    """With nginx in front (NUM_PROXIES=1) REMOTE_ADDR is the proxy for everyone: the throttle counts
    the address the proxy saw, and ignores what a client writes in front of it."""
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    proxy = {"REMOTE_ADDR": "10.9.9.9"}
    for i in range(5):
        r = client.post(URL, {"email": f"orang{i}@contoh.example"}, HTTP_X_FORWARDED_FOR="203.0.113.5", **proxy)
        assert r.status_code == 302
    assert (
        client.post(URL, {"email": "x@contoh.example"}, HTTP_X_FORWARDED_FOR="203.0.113.5", **proxy).status_code == 200
    )
    # A spoofed first entry does not buy a fresh budget: the proxy appended the real address last.
    spoofed = client.post(URL, {"email": "y@contoh.example"}, HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.5", **proxy)
    assert spoofed.status_code == 200
    # Another client behind the same proxy is unaffected.
    other = client.post(URL, {"email": akun.email}, HTTP_X_FORWARDED_FOR="198.51.100.7", **proxy)
    assert other.status_code == 302
    assert len(mail.outbox) == 1
