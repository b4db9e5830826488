"""Settings: Indonesian locale and Jakarta time; production passes `check --deploy` with real values."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

from django.conf import settings

ROOT = Path(__file__).resolve().parent.parent


def test_locale_and_time_zone():
    assert settings.LANGUAGE_CODE == "id"
    assert settings.TIME_ZONE == "Asia/Jakarta"
    assert settings.USE_TZ is True


def _run(args, **env_values):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_", "REDIS_", "SECRET_"))}
    env.update(env_values)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


PRODUCTION = {
    "DJANGO_SETTINGS_MODULE": "config.settings.production",
    "ALLOWED_HOSTS": "kinerja.tangerangselatankota.go.id",
    "DATABASE_URL": "postgres://kinerja@127.0.0.1:5432/kinerja",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
}


def test_production_security_checks_pass():
    result = _run(
        ["check", "--deploy", "--tag", "security", "--fail-level", "WARNING"],
        SECRET_KEY=secrets.token_urlsafe(64),
        **PRODUCTION,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_check_deploy_reports_no_issues():
    # All tags: security plus every app's own deploy checks (drf-spectacular validates the schema).
    result = _run(["check", "--deploy", "--fail-level", "WARNING"], SECRET_KEY=secrets.token_urlsafe(64), **PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    result = _run(["check"], **PRODUCTION)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr
