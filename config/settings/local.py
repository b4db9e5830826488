"""Developer machine: embedded SQLite, eager Celery unless REDIS_URL is set."""

from config.env import env

from .base import *  # noqa: F401,F403

DEBUG = env.bool("DEBUG", default=True)
