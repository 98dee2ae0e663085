# Twitch triage: migrations, then uvicorn on port 8000, with the SQLite data as a volume.
# The first stage builds the wheel (templates, static files and migrations inside it) with
# the locked setuptools; the image installs the locked dependencies, hash-checked, then that
# wheel without dependencies. No source tree is left in the image.
FROM python:3.12-slim AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /src
COPY requirements/app.txt requirements/
RUN pip install --no-cache-dir --require-hashes --no-deps -r requirements/app.txt
COPY pyproject.toml setup.py README.md ./
COPY app app
COPY migrations migrations
COPY templates templates
COPY static static
RUN pip wheel --no-cache-dir --no-deps --no-build-isolation -w /dist .

FROM python:3.12-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DATA_DIR=/data \
    WEB_CONCURRENCY=1

RUN groupadd --system --gid 10001 app && useradd --system --uid 10001 --gid app --home-dir /data app \
    && mkdir -p /data && chown 10001:10001 /data

# The dependencies first: this layer is kept while the lock is unchanged.
COPY requirements/app.txt /tmp/requirements.txt
RUN pip install --no-cache-dir --require-hashes --no-deps -r /tmp/requirements.txt
COPY --from=build /dist /tmp/dist
RUN pip install --no-cache-dir --no-deps /tmp/dist/*.whl

WORKDIR /data
USER 10001:10001
VOLUME ["/data"]
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 \
  CMD ["python", "-c", "import urllib.request,sys; sys.exit(urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4).status != 200)"]
# Worker processes: WEB_CONCURRENCY (more than one needs a PostgreSQL DATABASE_URL).
CMD ["python", "-m", "app", "serve", "--host", "0.0.0.0", "--port", "8000"]
