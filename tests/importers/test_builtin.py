"""Barnsley and Doncaster 2021: Democracy Club files shipped in data/ and built in through
the Democracy Club importer, and the answers given from them."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from bot.importers.builtin import builtin_csv_files
from tests.importers.conftest import answer, sha256

REPO = Path(__file__).resolve().parent.parent.parent
DATA = REPO / "data"
SHARED = REPO.parent / "shared" / "data" / "democracyclub"


def q(db: Path, sql: str, *params: object) -> list[tuple]:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def test_the_files_are_unchanged_copies() -> None:
    files = builtin_csv_files(DATA)
    assert [f.name for f in files] == ["barnsley-2021.csv", "doncaster-2021.csv"]
    if not SHARED.exists():
        pytest.skip("shared/data is not beside this checkout")
    for f in files:
        assert sha256(f) == sha256(SHARED / f.name)


def test_every_row_is_built_in(builtin_db: Path) -> None:
    got = q(builtin_db, "SELECT e.council_id, count(DISTINCT b.id), count(c.id) FROM elections e "
            "JOIN ballots b ON b.election_id = e.id JOIN candidacies c ON c.ballot_id = b.id "
            "WHERE e.council_id IN ('barnsley', 'doncaster') GROUP BY 1 ORDER BY 1")
    assert got == [("barnsley", 21, 110), ("doncaster", 21, 168)]
    assert q(builtin_db, "SELECT licence FROM sources WHERE id = 'democracyclub-doncaster-2021'") \
        == [("Democracy Club data: CC BY-SA (credit “Democracy Club”); sheffield-election-map: "
             "MIT licence",)]


async def test_seats_doncaster(builtin_db: Path) -> None:
    text = await answer(builtin_db, "/seats doncaster")
    lines = text.splitlines()
    assert lines[0] == "Doncaster · election of 6 May 2021"
    # every ward elected two or three: a whole-council election, so its 55 seats are the
    # council and Labour's 40 a majority (the note says how the size was found)
    assert lines[1] == "Labour win Doncaster — majority of 25"
    # Labour and Co-operative winners (3, Wheatley Hills & Intake) count as Labour: 37 + 3.
    assert "  Labour — 40 seats · 65,712 votes (46.6%)" in lines
    assert "  Conservative — 11 seats · 46,885 votes (33.3%)" in lines
    assert "  Mexborough First — 3 seats · 4,923 votes (3.5%)" in lines
    assert "  Edlington and Warmsworth First — 1 seat · 1,444 votes (1.0%)" in lines
    assert not any("Co-operative —" in x for x in lines)
    assert "Council size taken as the 55 seats contested in its 21 wards" in text
    assert any("doncaster-2021.csv" in x for x in lines[lines.index("Sources"):])
    assert q(builtin_db, "SELECT count(*) FROM candidacies c JOIN ballots b ON b.id = c.ballot_id "
             "WHERE b.election_id = 'local.doncaster.2021-05-06' AND c.elected = 1 AND "
             "c.party_id = 'labour-co-operative'") == [(3,)]


async def test_ward_in_barnsley(builtin_db: Path) -> None:
    text = await answer(builtin_db, "/ward kingstone")
    lines = [x.strip() for x in text.splitlines()]
    assert lines[0] == "Kingstone ward · Barnsley · 6 May 2021"
    assert lines[lines.index("Candidates") + 1:lines.index("Candidates") + 3] == [
        "✅ Pooja Ramchandani · Labour · 699 votes (38.1%)",
        "▫️ Peter Doyle · Barnsley Independent Group · 396 votes (21.6%)",
    ]
    assert "23.8%" in text and "303 votes (Pooja Ramchandani over Peter Doyle)" in text
    sources = lines[lines.index("Sources") + 1:]
    assert "barnsley-2021.csv" in sources[0] and "Democracy Club" in sources[0]
    assert sources[1] == "[2] Democracy Club result set 13461 " \
        "<https://candidates.democracyclub.org.uk/api/v0.9/result_sets/13461/>"


async def test_seats_barnsley_counts_only_the_third_elected(builtin_db: Path) -> None:
    text = await answer(builtin_db, "/seats barnsley")
    assert "Labour — 17 seats" in text and "Liberal Democrats — 3 seats" in text
    assert "21 seats were contested in the 21 recorded ward results" in text
