FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 DJANGO_SETTINGS_MODULE=config.settings.production
RUN apt-get update && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 \
      libharfbuzz-subset0 fonts-dejavu-core fonts-liberation fonts-noto-core \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY pyproject.toml ./
RUN pip install --no-cache-dir uv && uv pip install --system --no-cache -r pyproject.toml
COPY . .
RUN SECRET_KEY=build ALLOWED_HOSTS=x DATABASE_URL=sqlite:////tmp/x REDIS_URL=redis://x:6379/0 \
    python manage.py collectstatic --noinput
RUN useradd --create-home app && mkdir -p /var/lib/kinerja/media && chown -R app /var/lib/kinerja
USER app
EXPOSE 8000
CMD ["gunicorn", "config.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "4"]
