"""The state database: per-server settings, kept in memory and on disk."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from bot.store.reader import StoreError
from bot.store.state import StateStore


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
        assert tables == ["guild_settings", "postcode_cache", "dc_fetches"]
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
