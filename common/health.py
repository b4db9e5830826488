"""GET /healthz: 200 when the database and (if configured) the broker answer, else 503."""

from django.conf import settings
from django.db import connection
from django.http import JsonResponse


def _database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone()[0] == 1
    except Exception:  # any driver error means "down" for a health probe
        return False


def _broker_status() -> str:
    url = settings.CELERY_BROKER_URL
    if not url:
        return "eager"  # embedded default: tasks run in-process, no broker needed
    try:
        import redis

        client = redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=1)
        return "ok" if client.ping() else "down"
    except Exception:
        return "down"


def healthz(request):
    db = "ok" if _database_ok() else "down"
    broker = _broker_status()
    healthy = db == "ok" and broker in ("ok", "eager")
    return JsonResponse(
        {"status": "ok" if healthy else "down", "database": db, "broker": broker}, status=200 if healthy else 503
    )
