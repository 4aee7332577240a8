"""Item 9: database paths holding '#', '?' or '%' work everywhere a SQLite URI is built."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from tests.hardening.conftest import cli
from tests.importers.conftest import IMPORT_FIXTURES, counts


@pytest.mark.parametrize("name", ["a#b", "a?b", "a%23b", "odd #?% name"])
def test_import_export_and_check_with_uri_characters(builtin_db: Path, tmp_path: Path,
                                                     name: str) -> None:
    folder = tmp_path / name
    folder.mkdir()
    db = folder / f"{name}.sqlite3"
    shutil.copyfile(builtin_db, db)
    # a decoy the unquoted URI would open instead ("a" for "a#b", "a" for "a?b")
    decoy = tmp_path / name.split("#")[0].split("?")[0]
    before = counts(db)
    assert cli("import", IMPORT_FIXTURES / "dc-two-ballots.csv", "--db", db) == 0
    after = counts(db)
    assert after["ballots"] == before["ballots"] + 2
    assert cli("db", "check", "--db", db) == 0
    out = folder / f"{name}.json"
    assert cli("db", "export", out, "--db", db) == 0
    exported = json.loads(out.read_text(encoding="utf-8"))
    assert len(exported["ballots"]) == after["ballots"]
    assert not (decoy.exists() and decoy.is_file() and decoy.stat().st_size == 0)
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    conn.close()
