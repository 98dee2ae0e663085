# Twitch triage: migrations, then uvicorn on port 8000, with the SQLite data as a volume.
FROM python:3.12-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DATABASE_URL=sqlite:////data/twitch-triage.db \
    WEB_CONCURRENCY=1

RUN groupadd --system --gid 10001 app && useradd --system --uid 10001 --gid app --home-dir /app app \
    && mkdir -p /data && chown 10001:10001 /data

WORKDIR /app
# The locked dependencies first (hash-checked; a layer kept while the lock is unchanged),
# then the project itself without dependencies, built with the locked setuptools.
COPY requirements/app.txt ./requirements/
RUN pip install --no-cache-dir --require-hashes --no-deps -r requirements/app.txt
COPY pyproject.toml README.md alembic.ini ./
COPY app ./app
COPY migrations ./migrations
COPY templates ./templates
COPY static ./static
RUN pip install --no-cache-dir --no-deps --no-build-isolation -e .

USER 10001:10001
VOLUME ["/data"]
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 \
  CMD ["python", "-c", "import urllib.request,sys; sys.exit(urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4).status != 200)"]
# Worker processes: WEB_CONCURRENCY (more than one needs a PostgreSQL DATABASE_URL).
CMD ["python", "-m", "app", "serve", "--host", "0.0.0.0", "--port", "8000"]
