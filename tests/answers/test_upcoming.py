"""Ballots not yet counted are candidates standing; Democracy Club's credit and fetch time."""

from __future__ import annotations

from datetime import UTC, date, datetime

from bot.answers.upcoming import dc_credit, fetched_at, not_counted, standing_text
from bot.dcfetch import source_for
from bot.domain import Ballot, Candidacy, Source

B = Ballot("local.x.a.2027-05-06", "local.x.2027-05-06", "x:a", "2027-05-06", seats=2)


def test_an_election_to_come_and_one_not_yet_entered() -> None:
    assert standing_text(B, date(2027, 4, 1)) == \
        "Election on 6 May 2027: these candidates are standing."
    assert "no result is recorded for it yet" in standing_text(B, date(2027, 5, 7))


def test_only_no_votes_and_no_one_elected_is_not_counted() -> None:
    standing = [Candidacy("a#1", B.id, name="A"), Candidacy("a#2", B.id, name="B")]
    assert not_counted(B, standing)
    assert not not_counted(B, [*standing[:1], Candidacy("a#2", B.id, name="B", elected=True)])
    assert not not_counted(B, [Candidacy("a#1", B.id, name="A", votes=0)])
    assert not not_counted(B, [])


def test_the_credit_reads_the_fetch_time_from_the_source_record() -> None:
    when = datetime(2026, 12, 3, 14, 5, 59, tzinfo=UTC)
    source = Source(**source_for("local.x.2027-05-06", "https://dc/export", "ab" * 32, when))
    assert fetched_at(source) == datetime(2026, 12, 3, 14, 5, tzinfo=UTC)
    [line] = dc_credit([source, Source("other", "Other")])
    assert line.endswith("as of Democracy Club data fetched 3 Dec 2026 14:05 UTC.")
    assert dc_credit([Source("other", "Other", note="fetched 2026-12-03T14:05Z")]) == []
