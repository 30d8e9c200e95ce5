"""A fresh machine: the SQLite folder does not exist yet, and migrating must create it."""

from __future__ import annotations

from pathlib import Path

from app.core import migrate


def test_migrations_create_a_missing_sqlite_folder(tmp_path: Path):
    db = tmp_path / "not" / "there" / "yet" / "stride.db"
    migrate.upgrade(f"sqlite:///{db}")
    assert db.exists()
