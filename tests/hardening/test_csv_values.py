"""Items 10, 11 and 12 for CSV files: out-of-range and contradictory values get a
`file:line` message; an odd optional GSS column never decides whether a file imports."""

from __future__ import annotations

import time
import tracemalloc
from pathlib import Path

import pytest

from bot.importers import csvfile
from bot.importers.errors import ImportFailed
from bot.importers.pipeline import import_file
from tests.hardening.conftest import cli
from tests.hardening.csv_rows import DC_HEADER, LEAP_HEADER, dc_row, leap_row, write_csv
from tests.importers.conftest import rows, sha256


def _refused(db: Path, path: Path, capsys: pytest.CaptureFixture[str], *expected: str) -> str:
    before = sha256(db)
    assert cli("import", path, "--db", db) == 1
    out = capsys.readouterr().out
    for text in expected:
        assert text in out, out
    assert "Traceback" not in out
    assert sha256(db) == before
    return out


@pytest.mark.parametrize("column, value", [("votes_cast", str(2**63)),
                                           ("total_electorate", "9" * 30),
                                           ("seats_contested", str(2**64))])
def test_huge_numbers_get_a_line(db: Path, tmp_path: Path, column: str, value: str,
                                 capsys: pytest.CaptureFixture[str]) -> None:
    path = write_csv(tmp_path / "dc.csv", DC_HEADER, [dc_row(1, **{column: value}), dc_row(2)])
    _refused(db, path, capsys, f"{path}:2: ", column)


def test_huge_numbers_in_dcleapil(db: Path, tmp_path: Path,
                                  capsys: pytest.CaptureFixture[str]) -> None:
    path = write_csv(tmp_path / "l.csv", LEAP_HEADER, [leap_row(1, votes_cast=str(2**63))])
    _refused(db, path, capsys, f"{path}:2: ", "votes_cast")


def test_votes_above_the_electorate(db: Path, tmp_path: Path,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    path = write_csv(tmp_path / "dc.csv", DC_HEADER,
                     [dc_row(1), dc_row(2, votes_cast="5000")])
    _refused(db, path, capsys, f"{path}:3: ", "electorate")


def test_nan_and_30_february(db: Path, tmp_path: Path,
                             capsys: pytest.CaptureFixture[str]) -> None:
    path = write_csv(tmp_path / "dc.csv", DC_HEADER, [
        dc_row(1, turnout_percentage="NaN"),
        dc_row(2, ballot_paper_id="local.testvale.north.2024-02-30",
               election_id="local.testvale.2024-02-30", election_date="2024-02-30")])
    _refused(db, path, capsys, f"{path}:2: turnout_percentage 'NaN'", f"{path}:3: ")


def test_one_party_id_with_two_names(db: Path, tmp_path: Path,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    path = write_csv(tmp_path / "dc.csv", DC_HEADER, [
        dc_row(1), dc_row(2, party_name="Conservative and Unionist Party")])
    _refused(db, path, capsys, f"{path}:3: ", "PP53", "Conservative")


def test_two_ballots_for_one_ward_and_date(db: Path, tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    # A second ballot id for Barnsley's Kingstone ward (E05000985) on the day it already
    # has a ballot: the GSS code makes it the same ward, so its seats would count twice.
    ballot = "local.barnsley.kingstone-ward.2021-05-06"
    path = write_csv(tmp_path / "dc.csv", DC_HEADER, [dc_row(
        1, ballot_paper_id=ballot, election_id="local.barnsley.2021-05-06",
        election_date="2021-05-06", gss="E05000985", post_label="Kingstone",
        organisation_name="Barnsley")])
    _refused(db, path, capsys, f"{path}:2: ", "local.barnsley.kingstone.2021-05-06")


@pytest.mark.parametrize("value, kept", [("MTW:E05010881", "E05010881"),
                                         ("gss:E05010881", "E05010881"),
                                         ("north-ward", None)])
def test_dcleapil_legacy_gss_values(db: Path, tmp_path: Path, value: str, kept: str | None,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    path = write_csv(tmp_path / "l.csv", LEAP_HEADER,
                     [leap_row(1, GSS=value), leap_row(2, GSS=value)])
    assert cli("import", path, "--db", db) == 0
    out = capsys.readouterr().out
    assert rows(db, "SELECT w.gss FROM ballots b JOIN wards w ON w.id = b.ward_id WHERE b.id = ?",
                "local.testvale.north.2024-05-02") == [(kept,)]
    if kept is None:
        assert out.count("holds no GSS code") == 1 and "north-ward" in out  # once per file


# -- long lines: rejected fast, in bounded memory ---------------------------------------------

def test_scan_stops_at_the_first_overlong_line(tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(csvfile, "MAX_LINE_BYTES", 1000)
    path = tmp_path / "long.csv"
    path.write_bytes(b"a,b\n1,2\n" + b"x" * 5000 + b"\n3,4\n")
    with pytest.raises(ImportFailed) as exc:
        csvfile.scan_bytes(path, chunk=256)
    (problem,) = exc.value.problems
    assert problem.line == 3 and "longer than 1,000 bytes" in problem.reason


def test_a_long_line_is_rejected_fast_in_bounded_memory(
        db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "long.csv"
    with path.open("wb") as f:  # 40 MB on one line, after a valid header and row
        f.write(",".join(DC_HEADER).encode() + b"\n")
        f.write(b"x" * (1 << 20) * 40)
    tracemalloc.start()
    started = time.monotonic()
    try:
        _refused(db, path, capsys, f"{path}:2: ", "longer than")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 20 << 20, peak  # well under the line's size
    assert time.monotonic() - started < 30  # a sanity bound, not a benchmark


def test_a_long_first_line_is_rejected(db: Path, tmp_path: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "long.csv"
    path.write_bytes(b"person_id," * (3 << 20) + b"\n")
    _refused(db, path, capsys, f"{path}:1: ")


def test_import_file_raises_import_failed_for_a_long_line(tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(csvfile, "MAX_LINE_BYTES", 100)
    path = write_csv(tmp_path / "dc.csv", DC_HEADER, [dc_row(1, person_name="x" * 200)])
    _, datasets = import_file(path, "dc-csv")
    with pytest.raises(ImportFailed):
        list(datasets)
