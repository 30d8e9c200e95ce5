"""A fresh machine: the SQLite folder does not exist yet, and migrating must create it."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from pathlib import Path

import psycopg
import pytest
from sqlalchemy.engine import make_url

from app.core import migrate


def test_migrations_create_a_missing_sqlite_folder(tmp_path: Path):
    db = tmp_path / "not" / "there" / "yet" / "stride.db"
    migrate.upgrade(f"sqlite:///{db}")
    assert db.exists()


@pytest.mark.postgres
def test_migrate_creates_a_missing_postgresql_database():
    base = os.environ.get("TEST_DATABASE_URL")
    if not base:
        pytest.skip("PostgreSQL lane: TEST_DATABASE_URL is not set")
    name = f"stride_new_{uuid.uuid4().hex[:8]}"
    url = make_url(base).set(database=name).render_as_string(hide_password=False)
    admin = make_url(base).set(drivername="postgresql").render_as_string(hide_password=False)
    try:
        done = subprocess.run([sys.executable, "-m", "app", "migrate"], capture_output=True,
                              text=True, timeout=120, env={**os.environ, "DATABASE_URL": url})
        assert done.returncode == 0, done.stderr
        assert f"created database {name}" in done.stdout
        assert "database at migration" in done.stdout
        again = subprocess.run([sys.executable, "-m", "app", "migrate"], capture_output=True,
                               text=True, timeout=120, env={**os.environ, "DATABASE_URL": url})
        assert again.returncode == 0
        assert "created database" not in again.stdout
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
