"""The import pipeline: format detection, all-or-nothing, streaming limits, encodings."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.importers import assemble
from bot.importers.errors import ImportFailed
from bot.importers.pipeline import detect_format
from bot.store.writer import BuildFailed
from tests.importers.conftest import IMPORT_FIXTURES, run_import, sha256

DATA = Path(__file__).resolve().parent.parent.parent / "data"


@pytest.mark.parametrize(("name", "fmt"), [
    ("dc-two-ballots.csv", "dc-csv"), ("dc-cancelled.csv", "dc-csv"),
    ("dcleapil-quirks.csv", "dcleapil"), ("dcleapil-bad.csv", "dcleapil"),
])
def test_format_is_detected_from_the_header(name: str, fmt: str) -> None:
    assert detect_format(IMPORT_FIXTURES / name) == fmt


def test_native_and_unknown_files(tmp_path: Path) -> None:
    assert detect_format(DATA / "parties.json") == "native"
    other = tmp_path / "other.csv"
    other.write_text("name,votes\nA,1\n", encoding="utf-8")
    with pytest.raises(ImportFailed, match="cannot tell the format"):
        detect_format(other)


def test_a_file_breaking_database_rules_leaves_the_database_as_it_was(db: Path,
                                                                      tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"format": "election-bot-native/1", "name": "bad", "ballots": [
        {"id": "local.barnet.nowhere.2022-05-05", "election_id": "local.barnet.2022-05-05",
         "ward_id": "barnet-2022:nowhere", "cites": [{"source": "no-such-source"}]}]}),
        encoding="utf-8")
    before = sha256(db)
    with pytest.raises(BuildFailed) as info:
        run_import(db, bad)
    assert any("no-such-source" in str(p) for p in info.value.problems)
    assert any("ward" in str(p) and "does not exist" in str(p) for p in info.value.problems)
    assert sha256(db) == before
    assert not [p for p in db.parent.iterdir() if p.name.endswith(".tmp")]


def test_native_files_are_imported_whole(db: Path) -> None:
    with pytest.raises(ImportFailed, match="--council applies to CSV files"):
        run_import(db, DATA / "parties.json", council="barnet")


def test_rows_of_a_ballot_far_apart_are_reported(db: Path, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    lines = (IMPORT_FIXTURES / "dcleapil-quirks.csv").read_text(encoding="utf-8-sig").splitlines()
    moved = tmp_path / "moved.csv"
    # Felpersham Central 2019's first row moved to the end: a buffer of 4 rows has long
    # handed the ballot on by then.
    moved.write_text("\n".join([lines[0], *lines[2:], lines[1]]) + "\n", encoding="utf-8")
    monkeypatch.setattr(assemble, "BUFFER_ROWS", 4)
    with pytest.raises(ImportFailed) as info:
        run_import(db, moved)
    (problem,) = info.value.problems
    assert problem.line == 27
    assert problem.reason.startswith("ballot local.borsetshire.felpersham-central.2019-05-02: "
                                     "this row is far from the ballot's other rows (from line 2)")
    # With the default buffer the same file imports: the rows are near enough.
    monkeypatch.undo()
    assert run_import(db, moved).counts["candidacies"] == 22


def test_small_buffers_give_the_same_records(db: Path, monkeypatch: pytest.MonkeyPatch,
                                             tmp_path: Path) -> None:
    import shutil

    other = tmp_path / "other.sqlite3"
    shutil.copyfile(db, other)
    run_import(db, IMPORT_FIXTURES / "dcleapil-quirks.csv")
    monkeypatch.setattr(assemble, "BUFFER_ROWS", 3)
    run_import(other, IMPORT_FIXTURES / "dcleapil-quirks.csv")
    from bot.store.export import export_dataset

    a, b = export_dataset(db), export_dataset(other)
    assert sorted(a.candidacies, key=lambda c: c.id) == sorted(b.candidacies, key=lambda c: c.id)
    assert sorted(a.wards, key=lambda w: w.id) == sorted(b.wards, key=lambda w: w.id)


def test_bad_bytes_are_reported_on_their_line_with_the_rest(db: Path, tmp_path: Path) -> None:
    raw = (IMPORT_FIXTURES / "dc-bad-rows.csv").read_bytes().replace(b"Pat Pike", b"Pat P\xefke")
    bad = tmp_path / "latin1.csv"
    bad.write_bytes(raw)
    with pytest.raises(ImportFailed) as info:
        run_import(db, bad)
    lines = [(p.line, p.reason[:14]) for p in info.value.problems]
    assert (6, "not UTF-8 text") in lines
    assert (4, "votes_cast '12") in lines and (9, "person_name is") in lines
