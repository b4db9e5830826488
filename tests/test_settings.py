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


# --- production settings as the compose file sets them (ops) ---

COMPOSE = ROOT / "docker-compose.yml"


def _compose():
    import yaml

    return yaml.safe_load(COMPOSE.read_text())


def _compose_app_env(**given) -> dict[str, str]:
    """The environment docker compose gives web/worker/beat when only `given` is set: ${X:-default}
    becomes the default, ${X:?error} must be given."""
    import re

    out = {}
    for key, value in _compose()["x-app"]["environment"].items():
        value = str(value)
        for name, op, default in re.findall(r"\$\{(\w+)(:[-?])?([^}]*)\}", value):
            if name in given:
                repl = given[name]
            elif op == ":-":
                repl = default
            else:
                raise AssertionError(f"compose requires {name}")
            value = re.sub(r"\$\{" + name + r"[^}]*\}", lambda _m, r=repl: r, value)
        out[key] = value
    return out


def _production_values(**env_values) -> dict:
    code = (
        "import json; from django.conf import settings as s; print(json.dumps({"
        "'db_options': s.DATABASES['default'].get('OPTIONS', {}),"
        "'static': s.STORAGES['staticfiles']['BACKEND'],"
        "'proxy_header': s.SECURE_PROXY_SSL_HEADER,"
        "'num_proxies': s.REST_FRAMEWORK['NUM_PROXIES'],"
        "'throttles': s.REST_FRAMEWORK['DEFAULT_THROTTLE_CLASSES'],"
        "'visibility': s.CELERY_BROKER_TRANSPORT_OPTIONS['visibility_timeout'],"
        "'time_limit': s.CELERY_TASK_TIME_LIMIT,"
        "'csp': 'csp.middleware.CSPMiddleware' in s.MIDDLEWARE}))"
    )
    result = _run(["shell", "-c", code], **env_values)
    assert result.returncode == 0, result.stdout + result.stderr
    import json

    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_keeps_database_options_jit_off_and_hashed_static_files():
    values = _production_values(SECRET_KEY=secrets.token_urlsafe(64), **PRODUCTION)
    assert "-c jit=off" in values["db_options"]["options"]  # docs/benchmarks.md: 7.8 s -> 1.3 s
    assert values["static"] == "whitenoise.storage.CompressedManifestStaticFilesStorage"
    assert values["proxy_header"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert values["num_proxies"] == 1
    assert "rest_framework.throttling.ScopedRateThrottle" in values["throttles"]
    assert values["visibility"] > values["time_limit"]
    assert values["csp"] is True


def test_tests_keep_plain_static_storage():
    assert settings.STORAGES["staticfiles"]["BACKEND"] == "django.contrib.staticfiles.storage.StaticFilesStorage"


def test_compose_defaults_pass_check_deploy():
    env_values = _compose_app_env(SECRET_KEY=secrets.token_urlsafe(64))
    assert env_values["SECURE_SSL_REDIRECT"] == "True"
    result = _run(["check", "--deploy", "--fail-level", "WARNING"], **env_values)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_compose_publishes_only_the_proxy_and_the_proxy_sets_the_forwarded_headers():
    services = _compose()["services"]
    published = {name for name, svc in services.items() if svc.get("ports")}
    assert published == {"proxy"}
    assert services["web"]["expose"] == ["8000"]
    assert any("443" in port for port in services["proxy"]["ports"])
    conf = (ROOT / "deploy/nginx/default.conf.template").read_text()
    assert "proxy_set_header X-Forwarded-Proto $scheme;" in conf  # overwritten, never passed through
    assert "proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;" in conf
    assert "listen 443 ssl;" in conf and "return 301 https://" in conf
    assert "client_max_body_size ${PROXY_MAX_BODY_SIZE};" in conf
    assert services["proxy"]["environment"]["PROXY_MAX_BODY_SIZE"].endswith(":-110m}")


def test_every_compose_variable_is_in_env_example():
    import re

    example = (ROOT / ".env.example").read_text()
    names = set(re.findall(r"\$\{(\w+)", COMPOSE.read_text()))
    missing = sorted(n for n in names if not re.search(rf"^#? ?{n}=", example, re.M))
    assert missing == []
