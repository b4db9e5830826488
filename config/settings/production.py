"""Production: PostgreSQL + Redis + Celery workers and beat. Required values have no defaults."""

from config.env import env

from .base import *  # noqa: F401,F403

DEBUG = False
SECRET_KEY = env("SECRET_KEY")  # no default: startup fails without it
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")
DATABASES = {"default": database_settings(env.db("DATABASE_URL"))}  # noqa: F405 - keeps jit=off
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
REDIS_URL = env("REDIS_URL")
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default=REDIS_URL)
CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND", default=REDIS_URL)
CELERY_TASK_ALWAYS_EAGER = False
CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}

# Trusted because gunicorn is reachable only through the proxy, which overwrites this header
# (docker-compose.yml, deploy/nginx/default.conf.template). Never publish gunicorn's port.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
# Behind the compose proxy (nginx): one proxy in X-Forwarded-For (throttling's client IP).
REST_FRAMEWORK = {**REST_FRAMEWORK, "NUM_PROXIES": env.int("NUM_PROXIES", default=1)}  # noqa: F405
EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.smtp.EmailBackend")
# Static files with content-hashed names (cached forever by browsers), built by collectstatic in the
# image (Dockerfile). Tests and development keep plain storage: no manifest needed there.
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
