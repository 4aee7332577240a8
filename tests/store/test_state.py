"""The state database: per-server settings, kept in memory and on disk."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from bot.store.reader import StoreError
from bot.store.state import MIGRATIONS, StateStore


async def test_settings_survive_a_restart(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "state.sqlite3"  # the folder is made as needed
    store = await StateStore.open(path)
    assert store.default_council(1) is None
    saved = await store.set_default_council(1, "barnet", 42)
    assert saved.default_council == "barnet" and saved.updated_by == 42
    assert store.default_council(1) == "barnet"
    assert store.default_council(None) is None  # direct messages have no server
    await store.set_default_council(1, "camden", 43)
    await store.close()

    again = await StateStore.open(path)
    try:
        found = again.guild(1)
        assert found is not None
        assert (found.default_council, found.updated_by) == ("camden", 43)
        assert again.default_council(2) is None
    finally:
        await again.close()


async def test_wal_and_one_table(tmp_path: Path) -> None:
    path = tmp_path / "state.sqlite3"
    store = await StateStore.open(path)
    await store.close()
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        # then the postcode cache, the fetch record and election night's (test_live.py)
        assert tables[:3] == ["guild_settings", "postcode_cache", "dc_fetches"]
        cols = [r[1] for r in conn.execute("PRAGMA table_info(guild_settings)")]
        assert cols == ["guild_id", "default_council", "updated_at", "updated_by"]
    finally:
        conn.close()


async def test_a_corrupt_file_names_itself_and_the_fix(tmp_path: Path) -> None:
    path = tmp_path / "state.sqlite3"
    path.write_bytes(b"this is not a database" * 100)
    with pytest.raises(StoreError) as err:
        await StateStore.open(path)
    assert str(path) in str(err.value) and "move it aside" in str(err.value)


async def test_a_file_from_before_versioning_migrates_and_keeps_its_settings(
        tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    conn = sqlite3.connect(path)  # what versions before migrations wrote: no user_version
    conn.execute("CREATE TABLE guild_settings (guild_id INTEGER PRIMARY KEY, default_council "
                 "TEXT, updated_at TEXT NOT NULL, updated_by INTEGER)")
    conn.execute("INSERT INTO guild_settings VALUES (5, 'barnet', '2026-01-01T00:00:00+00:00', 9)")
    conn.commit()
    conn.close()
    store = await StateStore.open(path)
    try:
        assert store.default_council(5) == "barnet"
    finally:
        await store.close()
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)


async def test_every_step_runs_once_even_when_opened_twice(tmp_path: Path) -> None:
    path = tmp_path / "state.sqlite3"
    first, second = await StateStore.open(path), await StateStore.open(path)
    await first.close()
    await second.close()
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)


async def test_a_file_from_a_newer_version_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "new.sqlite3"
    with sqlite3.connect(path) as conn:
        conn.execute(f"PRAGMA user_version = {len(MIGRATIONS) + 1}")
    with pytest.raises(StoreError, match="newer election-bot"):
        await StateStore.open(path)
