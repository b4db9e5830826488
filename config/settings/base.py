"""Settings shared by every environment. Values come from config.env only."""

from csp.constants import NONCE, NONE, SELF, UNSAFE_INLINE
from django.utils.translation import gettext_lazy as _

from config.env import BASE_DIR, env

SECRET_KEY = env("SECRET_KEY", default="dev-only-insecure-key-change-me")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# Public address of the site, printed in PDFs and their QR codes (common.verification: /v/<code>/).
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    # third party
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "django_celery_beat",
    "import_export",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "simple_history",
    "csp",
    # project
    "common",
    "pegawai",
    "kinerja",
    "pelatihan",
    "rekrutmen",
    "survei",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "common.middleware.ChosenLanguageMiddleware",  # Indonesian unless chosen in the footer
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "pegawai.middleware.MfaRequiredMiddleware",  # admins (and enrolled users) give a code first
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "common.context_processors.navigation",
                "common.context_processors.notifikasi",
            ],
        },
    },
]


def database_settings(db: dict) -> dict:
    """The project's options on a database dict from env.db(); every settings module that builds
    DATABASES goes through here (production replaces DATABASES and once lost jit=off this way)."""
    db["ATOMIC_REQUESTS"] = False
    # PostgreSQL JIT-compiles any query whose estimated cost is high before running it; for web
    # requests that costs more than it saves (kinerja compliance board over 100,000 pegawai: 7.8 s
    # with JIT, 1.3 s without; docs/benchmarks.md). Off for our connections.
    if db["ENGINE"] == "django.db.backends.postgresql":
        db.setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")
    return db


# DATABASE_URL: default is an embedded SQLite file inside the project.
DATABASES = {"default": database_settings(env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"))}
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=0))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "pegawai.User"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "pegawai.auth.NipOrUsernameBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
PASSWORD_RESET_TIMEOUT = 3 * 24 * 60 * 60  # the reset e-mail says "3 hari"

# Login throttling (django-axes): lock an account (whether typed by user name or NIP) from one IP
# address after repeated failures; unknown names are throttled per IP address (pegawai/auth.py).
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=10)
AXES_COOLOFF_TIME = 1  # hours
AXES_USERNAME_CALLABLE = "pegawai.auth.axes_username"
AXES_CLIENT_IP_CALLABLE = "pegawai.auth.client_ip"  # X-Forwarded-For behind NUM_PROXIES proxies, as DRF
AXES_LOCKOUT_PARAMETERS = "pegawai.auth.axes_lockout_parameters"
AXES_LOCKOUT_TEMPLATE = "registration/lockout.html"
AXES_RESET_ON_SUCCESS = True

# Two-step verification (django-otp; pegawai/mfa.py, docs/keamanan.md). Always on outside tests: not
# read from the environment so a deployment cannot switch it off by accident.
MFA_ENFORCED = True
OTP_TOTP_ISSUER = "Kinerja ASN"

LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024

EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Kinerja ASN <noreply@kinerja-asn.local>")
EMAIL_HOST = env("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
EMAIL_USE_SSL = env.bool("EMAIL_USE_SSL", default=False)
# Seconds per SMTP operation: a hung server holds one e-mail task, never forever (sending is a task).
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=10)

# Celery: with no broker configured the tasks run eagerly in-process (embedded default).
REDIS_URL = env("REDIS_URL", default="")
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default=REDIS_URL)
CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND", default=REDIS_URL or None)
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=not CELERY_BROKER_URL)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_TIME_LIMIT = 30 * 60
CELERY_TASK_SOFT_TIME_LIMIT = 25 * 60
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_ACKS_LATE = False
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A dead broker must cost a web request well under a second (common.queue keeps the task): one
# connection try with short socket timeouts. max_retries=0 in the transport options is what stops
# kombu's reconnect loop when publishing (3 retries, 2 s, otherwise); workers still reconnect forever
# (broker_connection_retry_on_startup / broker_connection_max_retries are the worker's own knobs).
CELERY_BROKER_CONNECTION_TIMEOUT = env.float("CELERY_BROKER_CONNECTION_TIMEOUT", default=0.5)
# Redis redelivers an unacknowledged (acks_late) task after the visibility timeout: it must be longer
# than the longest task (CELERY_TASK_TIME_LIMIT), or a slow task runs twice; the default (1 hour) made
# a task lost with a killed worker wait an hour. It also caps countdown/eta: keep those shorter.
CELERY_VISIBILITY_TIMEOUT = env.int("CELERY_VISIBILITY_TIMEOUT", default=CELERY_TASK_TIME_LIMIT + 5 * 60)
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": CELERY_VISIBILITY_TIMEOUT,
    "socket_connect_timeout": CELERY_BROKER_CONNECTION_TIMEOUT,
    "socket_timeout": 5,
    "max_retries": 0,
}
# A publish that keeps its result first subscribes to it on the result backend (Redis), which by
# default reconnects 20 times, 1 s apart (20 s in the request: common.jobs.publish_job does this).
# One quick retry instead; nothing here depends on a stored result.
CELERY_REDIS_SOCKET_CONNECT_TIMEOUT = CELERY_BROKER_CONNECTION_TIMEOUT
CELERY_REDIS_SOCKET_TIMEOUT = 5
CELERY_RESULT_BACKEND_TRANSPORT_OPTIONS = {
    "retry_policy": {"max_retries": 1, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.2}
}

CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "common.api.exception_handler",
    # Throttling (rates per client: IP for anonymous, user otherwise). Scopes: "auth" on
    # /api/auth/token/ (password guessing), "export" on export endpoints (heavy work). The counters
    # live in the default cache (Redis in production, shared by all gunicorn workers).
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
        "rest_framework.throttling.ScopedRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env("THROTTLE_ANON", default="60/minute"),
        "user": env("THROTTLE_USER", default="600/minute"),
        "auth": env("THROTTLE_AUTH", default="10/minute"),
        "export": env("THROTTLE_EXPORT", default="30/hour"),
        # the public survey submit (/api/survei/unit/<kode>/respon/): per client, like the HTML form
        "survei_submit": env("THROTTLE_SURVEI_SUBMIT", default="30/hour"),
    },
    # How many proxies sit in front of gunicorn: the client IP for throttling is then the address the
    # last proxy saw in X-Forwarded-For, never what the client wrote there. 0: REMOTE_ADDR.
    "NUM_PROXIES": env.int("NUM_PROXIES", default=0),
}

# Content-Security-Policy (django-csp 4): our own origin only. Scripts are static files (htmx,
# static/js/*.js; no inline event handlers); an inline <script> would need nonce="{{ request.csp_nonce }}".
# data: images for QR codes.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        # Inline styles stay allowed: htmx writes style attributes when it settles a swap (Chromium
        # reported each as a violation on the log form). Styles run no code; scripts stay strict.
        # (A nonce here would disable 'unsafe-inline'; <style> blocks carry one for a later tightening.)
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Kinerja ASN API",
    "DESCRIPTION": "API manajemen kinerja ASN: pegawai, kinerja, pelatihan, rekrutmen, survei.",
    "VERSION": "0.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    # Several models name a choice field "status"/"jenis"; give each choice set its own enum name.
    "ENUM_NAME_OVERRIDES": {
        "StatusPegawaiEnum": "pegawai.rules.StatusPegawai",
        "JenisJabatanEnum": "pegawai.rules.JenisJabatan",
        "KedudukanEnum": "pegawai.rules.Kedudukan",
        "StatusLogEnum": "kinerja.models.LogHarian.Status",
        "StatusSkpEnum": "kinerja.models.Skp.Status",
        "StatusPeriodeEnum": "kinerja.models.Periode.Status",
        "StatusKoreksiEnum": "kinerja.models.KoreksiAtasan.Status",
        "JenisDelegasiEnum": "kinerja.models.DelegasiPersetujuan.Jenis",
        "RatingEnum": "kinerja.rules.Rating",
        "StatusJobEnum": "common.models.Job.Status",
    },
}

IMPORT_EXPORT_SKIP_ADMIN_LOG = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}

# History (django-simple-history): the change reason holds a step's whole note (a return note can be long).
SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True
SIMPLE_HISTORY_REVERT_DISABLED = True
