"""GET /healthz: 200 with database and broker up, 503 when the broker does not answer."""

import socket

import pytest
from django.conf import settings as django_settings


def _closed_port() -> int:
    # Bind then close: nothing listens there afterwards.
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.django_db
def test_healthz_ok_with_database_and_broker(client, settings):
    settings.CELERY_BROKER_URL = django_settings.REDIS_URL or "redis://127.0.0.1:6379/8"
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "broker": "ok"}


@pytest.mark.django_db
def test_healthz_503_when_broker_is_down(client, settings):
    settings.CELERY_BROKER_URL = f"redis://127.0.0.1:{_closed_port()}/0"
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "down", "database": "ok", "broker": "down"}


@pytest.mark.django_db
def test_healthz_without_broker_reports_eager(client, settings):
    settings.CELERY_BROKER_URL = ""
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["broker"] == "eager"
