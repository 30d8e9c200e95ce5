# syntax=docker/dockerfile:1
# Stride Strength API. Configuration only through environment variables (see README).

FROM debian:bookworm-slim AS build
ENV DEBIAN_FRONTEND=noninteractive PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates python3 python3-venv python3-pip \
 && rm -rf /var/lib/apt/lists/*
RUN python3 -m venv /opt/venv
WORKDIR /src
COPY pyproject.toml README.md LICENSE requirements.lock ./
# The locked versions with their hashes, then the service itself without resolving anything.
RUN /opt/venv/bin/pip install --upgrade pip \
 && /opt/venv/bin/pip install --require-hashes -r requirements.lock
COPY app ./app
RUN /opt/venv/bin/pip install --no-deps .

FROM debian:bookworm-slim AS runtime
ENV DEBIAN_FRONTEND=noninteractive
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates python3 \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --home-dir /app --shell /usr/sbin/nologin stride \
 && mkdir -p /app/.local && chown stride:stride /app/.local
COPY --from=build /opt/venv /opt/venv
COPY alembic /app/alembic
WORKDIR /app
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    ALEMBIC_SCRIPT_LOCATION=/app/alembic \
    DATABASE_URL=sqlite:////app/.local/stride.db \
    PORT=8000
USER stride
EXPOSE 8000
HEALTHCHECK --interval=15s --timeout=3s --start-period=20s --retries=3 \
  CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=2)"]
# Applies migrations, then serves; SIGTERM lets in-flight requests finish (20 s at most).
CMD ["python", "-m", "app", "serve", "--host", "0.0.0.0", "--port", "8000", "--no-local-key"]
