"""`election-bot import`: what it prints, and what it leaves behind."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot import config
from bot.cli import main
from tests.importers.conftest import IMPORT_FIXTURES, sha256


@pytest.fixture
def db(builtin_db: Path, tmp_path: Path) -> Path:
    path = tmp_path / "e.sqlite3"
    shutil.copyfile(builtin_db, path)
    return path


def test_import_prints_a_summary_and_warnings(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    fixture = IMPORT_FIXTURES / "dcleapil-quirks.csv"
    assert main(["import", str(fixture), "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert "4 row(s) left out, each with its reason:" in out
    assert f"warning: {fixture}:18: skipped: no year" in out
    assert "26 rows read: 6 ballots, 22 candidacies written." in out


def test_failed_import_prints_every_problem_and_changes_nothing(
        db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = sha256(db)
    fixture = IMPORT_FIXTURES / "dc-bad-rows.csv"
    assert main(["import", str(fixture), "--db", str(db), "--format", "dc-csv"]) == 1
    out = capsys.readouterr().out
    assert f"Import failed: 5 problem(s); {db} is unchanged." in out
    assert f"{fixture}:9: person_name is empty" in out
    assert sha256(db) == before


def test_council_option(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    fixture = IMPORT_FIXTURES / "dcleapil-quirks.csv"
    assert main(["import", str(fixture), "--db", str(db), "--council", "penny-hassett"]) == 0
    assert "24 row(s) of other councils not imported" in capsys.readouterr().out


def test_default_database_is_built_first(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "var" / "elections.sqlite3"
    monkeypatch.delenv("ELECTION_DB", raising=False)
    monkeypatch.setattr(config, "DEFAULT_ELECTION_DB", target)
    assert main(["import", str(IMPORT_FIXTURES / "dc-two-ballots.csv")]) == 0
    assert target.exists() and f"into {target}" in capsys.readouterr().out
    assert main(["ask", "/ward north hinksey and wytham"]) == 0
    assert "Harry Hill" in capsys.readouterr().out


def test_named_database_must_exist(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "none.sqlite3"
    assert main(["import", str(IMPORT_FIXTURES / "dc-two-ballots.csv"), "--db",
                 str(missing)]) == 1
    assert "No election database" in capsys.readouterr().err and not missing.exists()
