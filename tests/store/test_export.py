"""`db export`: a database out as native JSON, and back in unchanged."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from bot.cli import main
from bot.importers.native import dump_native
from bot.importers.pipeline import import_file
from bot.store.export import export_dataset
from bot.store.writer import build
from tests.importers.conftest import IMPORT_FIXTURES, run_import


def _export(db: Path, out: Path) -> str:
    assert main(["db", "export", str(out), "--db", str(db)]) == 0
    return out.read_text(encoding="utf-8")


@pytest.mark.parametrize("imports", [(), ("dc-two-ballots.csv", "dcleapil-quirks.csv")])
def test_export_import_export_gives_the_same_json(builtin_db: Path, tmp_path: Path,
                                                  imports: tuple[str, ...]) -> None:
    db = tmp_path / "a.sqlite3"
    shutil.copyfile(builtin_db, db)
    for name in imports:
        run_import(db, IMPORT_FIXTURES / name)
    first = _export(db, tmp_path / "first.json")
    empty = tmp_path / "b.sqlite3"
    _, datasets = import_file(tmp_path / "first.json")  # format detected: native
    build(empty, datasets, note="import export")
    assert _export(empty, tmp_path / "second.json") == first
    assert json.loads(first)["format"] == "election-bot-native/1"


def test_export_holds_every_record_and_cite(builtin_db: Path) -> None:
    ds = export_dataset(builtin_db)
    out = dump_native(ds)
    assert len(out["candidacies"]) == 341 - 0 and len(out["disputes"]) == 9
    kingstone = next(b for b in ds.ballots if b.id == "local.barnsley.kingstone.2021-05-06")
    assert [c.source_id for c in kingstone.cites] == ["democracyclub-barnsley-2021",
                                                      "dc-result-set-13461"]
    assert all(d.claims and all(c.cites for c in d.claims) for d in ds.disputes)


def test_export_needs_a_file(builtin_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["db", "export", "--db", str(builtin_db)]) == 2
    assert "needs the file" in capsys.readouterr().err
