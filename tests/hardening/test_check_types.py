"""Item 6 in `db check`: a database whose values have the wrong type fails the check."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from tests.hardening.conftest import cli


@pytest.mark.parametrize("sql, word", [
    ("UPDATE candidacies SET votes = 'lots' WHERE rowid = 1", "votes 'lots' is not a whole"),
    ("UPDATE parties SET aliases = '[[\"a\"]]' WHERE id = 'labour'", "aliases"),
    ("UPDATE parties SET aliases = 'nonsense' WHERE id = 'labour'", "aliases"),
    ("UPDATE ballots SET party_seats = '{\"labour\": \"two\"}' WHERE rowid = 1", "party_seats"),
    ("UPDATE ballots SET by_election = 7 WHERE rowid = 1", "by_election"),
    ("UPDATE ballots SET turnout_pct = 'high' WHERE rowid = 1", "turnout_pct"),
    ("UPDATE ballots SET date = '2022-02-30' WHERE rowid = 1", "not an ISO date"),
    ("UPDATE candidacies SET votes = 10000000 WHERE ballot_id = (SELECT id FROM ballots "
     "WHERE electorate IS NOT NULL LIMIT 1)", "electorate"),
])
def test_db_check_refuses_a_badly_typed_value(db: Path, sql: str, word: str,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    conn = sqlite3.connect(db)
    conn.execute(sql)
    conn.commit()
    conn.close()
    assert cli("db", "check", "--db", db) == 1
    assert word in capsys.readouterr().out
