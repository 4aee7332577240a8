"""Item 8: a native JSON file is held to the same --replace guard as a CSV import."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.hardening.conftest import cli
from tests.importers.conftest import rows, sha256

BALLOT = "local.barnet.childs-hill.2022-05-05"


def _one_ballot_file(db: Path, tmp_path: Path) -> Path:
    (eid, wid, date) = rows(db, "SELECT election_id, ward_id, date FROM ballots WHERE id = ?",
                            BALLOT)[0]
    doc = {"format": "election-bot-native/1", "name": "one barnet ballot",
           "sources": [{"id": "my-notes", "title": "My notes"}],
           "ballots": [{"id": BALLOT, "election_id": eid, "ward_id": wid, "date": date,
                        "seats": 3, "cites": [{"source": "my-notes"}]}],
           "candidacies": [{"id": f"{BALLOT}#1", "ballot_id": BALLOT, "name": "A Person",
                            "party_id": "labour", "votes": 10}]}
    path = tmp_path / "one.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


def test_native_file_cannot_replace_a_curated_ballot_without_replace(
        db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = sha256(db)
    path = _one_ballot_file(db, tmp_path)
    assert cli("import", path, "--db", db) == 1
    out = capsys.readouterr().out
    assert f"ballot {BALLOT} is already recorded from other sources" in out
    assert "--replace" in out
    assert sha256(db) == before


def test_native_file_replaces_with_replace(db: Path, tmp_path: Path) -> None:
    path = _one_ballot_file(db, tmp_path)
    assert cli("import", path, "--db", db, "--replace") == 0
    assert rows(db, "SELECT name FROM candidacies WHERE ballot_id = ?", BALLOT) == [("A Person",)]


def test_native_file_cannot_rename_a_known_party_without_replace(
        db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = sha256(db)
    doc = {"format": "election-bot-native/1", "name": "renames labour",
           "parties": [{"id": "labour", "name": "Not Labour", "short_name": "Nope",
                        "abbr": "N", "colour": "#000000"}]}
    path = tmp_path / "party.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    assert cli("import", path, "--db", db) == 1
    assert "party labour is already recorded" in capsys.readouterr().out
    assert sha256(db) == before


def test_re_importing_an_export_needs_no_replace(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "export.json"
    assert cli("db", "export", out, "--db", db) == 0
    assert cli("import", out, "--db", db) == 0
