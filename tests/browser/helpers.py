"""Browser-test helpers: a logged-in Playwright context without the login form.

Admin accounts get TOTP MFA on the login form (auth stream), so browser tests that are not about
logging in sign in the way Django's test client does (force_login) and hand the session cookie to
the browser context."""

from __future__ import annotations

from urllib.parse import urlparse

from django.conf import settings
from django.test import Client

DESKTOP = {"width": 1366, "height": 900}
MOBILE = {"width": 390, "height": 844}


def logged_in_context(browser, live_server, user=None, *, viewport=DESKTOP, language: str | None = None):
    """A new browser context for `live_server`, signed in as `user` (None: anonymous), optionally with
    the footer's language choice (the language cookie) already made."""
    ctx = browser.new_context(viewport=viewport)
    host = urlparse(live_server.url).hostname
    cookies = []
    if user is not None:
        client = Client()
        client.force_login(user)
        session = client.cookies[settings.SESSION_COOKIE_NAME].value
        cookies.append({"name": settings.SESSION_COOKIE_NAME, "value": session, "domain": host, "path": "/"})
    if language:
        cookies.append({"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "domain": host, "path": "/"})
    if cookies:
        ctx.add_cookies(cookies)
    return ctx
