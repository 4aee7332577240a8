"""The schema version: stamped at build, checked at open and before building on a base."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from pathlib import Path

import pytest

from bot.domain import Dataset
from bot.store.reader import ReferenceStore, StoreError
from bot.store.schema import SCHEMA_VERSION
from bot.store.writer import BuildFailed, build

# schema.sql as of SCHEMA_VERSION. When this fails you changed schema.sql: bump
# SCHEMA_VERSION in bot/store/schema.py, then put the new digest here.
SCHEMA_DIGEST = "67df49c8227537a4207601021b050bdddb6740ee74533b2ebda0f1a172904ccd"


def test_a_schema_change_bumps_the_version() -> None:
    sql = (Path(__file__).resolve().parents[2] / "bot" / "store" / "schema.sql").read_bytes()
    assert hashlib.sha256(sql).hexdigest() == SCHEMA_DIGEST, (
        "schema.sql changed: bump SCHEMA_VERSION and update SCHEMA_DIGEST")


def _stamped(builtin_db: Path, tmp_path: Path, version: str | None) -> Path:
    path = tmp_path / "other.sqlite3"
    shutil.copy(builtin_db, path)
    with sqlite3.connect(path) as conn:
        if version is None:
            conn.execute("DELETE FROM meta WHERE key = 'schema_version'")
        else:
            conn.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", (version,))
    return path


async def test_the_built_database_opens(builtin_db: Path) -> None:
    store = await ReferenceStore.open(builtin_db)
    try:
        assert store.meta["schema_version"] == SCHEMA_VERSION
    finally:
        await store.close()


@pytest.mark.parametrize("version", ["0", "999", None])
async def test_a_file_of_another_version_is_refused_with_the_fix(
        builtin_db: Path, tmp_path: Path, version: str | None) -> None:
    path = _stamped(builtin_db, tmp_path, version)
    with pytest.raises(StoreError) as exc:
        await ReferenceStore.open(path)
    message = str(exc.value)
    assert str(path) in message and f"schema version {SCHEMA_VERSION}" in message
    assert "election-bot db build" in message and "db export" in message


def test_building_on_a_base_of_another_version_is_refused(builtin_db: Path,
                                                          tmp_path: Path) -> None:
    base = _stamped(builtin_db, tmp_path, "999")
    before = base.read_bytes()
    with pytest.raises(BuildFailed) as exc:
        build(base, [Dataset("nothing")], base=base)
    assert "schema version 999" in str(exc.value.problems[0])
    assert base.read_bytes() == before
    left = sorted(p.name for p in tmp_path.iterdir())
    assert left == [".other.sqlite3.lock", "other.sqlite3"]  # the writers' lock; no temp file
