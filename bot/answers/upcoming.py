"""Ballots not yet counted, and how fresh data fetched from Democracy Club is.

A ballot Democracy Club lists with candidates but no votes and no one elected is an
election to come (or one whose count DC has not entered yet): it is answered as "these
candidates are standing", never as a result. Data fetched from Democracy Club
(bot/dcfetch.py) is credited as its licence asks, with the time it was fetched.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime

from bot import format as fmt
from bot.domain import Ballot, Candidacy, Election, Source
from bot.render.card import Card
from bot.store.reader import ReferenceStore

DC_SITE = "https://candidates.democracyclub.org.uk/"
FETCHED_SOURCE = "democracyclub-export-"  # dcfetch.source_for's ids
# dcfetch.source_for writes "..., fetched 2026-12-03T14:05Z (sha256 ...)" in the note.
_FETCHED = re.compile(r"fetched (\d{4}-\d{2}-\d{2}T\d{2}:\d{2})Z")


def not_counted(ballot: Ballot, candidacies: Sequence[Candidacy]) -> bool:
    """Candidates, but no votes and no one elected: not a result (yet)."""
    return bool(candidacies) and not ballot.party_seats and all(
        c.votes is None and c.elected is None and c.position is None for c in candidacies)


def standing_text(ballot: Ballot, today: date) -> str:
    when = fmt.date(ballot.date)
    what = "By-election" if ballot.by_election else "Election"
    if ballot.date and ballot.date >= today.isoformat():
        return f"{what} on {when}: these candidates are standing."
    return (f"{what} on {when}: these candidates stood; no result is recorded for it yet "
            "(Democracy Club may not have entered the count).")


def mark_not_counted(card: Card, ballot: Ballot, candidacies: Sequence[Candidacy],
                     today: date | None = None) -> Card:
    """The ballot's card said as candidates standing when no result is held for it."""
    if not not_counted(ballot, candidacies):
        return card
    card.description = standing_text(ballot, today or datetime.now(UTC).date())
    card.chart = None
    card.fields = [f for f in card.fields if f.name == "Candidates" or
                   f.name.startswith("Other contests")]
    return card


def fetched_at(source: Source) -> datetime | None:
    """When a Democracy Club export was fetched (None for any other source)."""
    if not source.id.startswith(FETCHED_SOURCE) or not source.note:
        return None
    m = _FETCHED.search(source.note)
    return datetime.fromisoformat(m.group(1)).replace(tzinfo=UTC) if m else None


def dc_credit(sources: Iterable[Source]) -> list[str]:
    """'Source: Democracy Club ... as of Democracy Club data fetched 3 Dec 2026 14:05 UTC'
    for an answer citing data fetched from Democracy Club; nothing otherwise."""
    times = [t for s in sources if (t := fetched_at(s)) is not None]
    if not times:
        return []
    t = max(times)
    return [f"Source: Democracy Club ({DC_SITE}), CC BY 4.0, credit “Democracy Club”; as of "
            f"Democracy Club data fetched {t.day} {t:%b %Y %H:%M} UTC."]


async def mark_seats_not_counted(store: ReferenceStore, card: Card, election: Election,
                                 today: date | None = None) -> Card:
    """/seats on an election whose every ward has candidates but no result: standing."""
    ballots = [b for b in await store.ballots_in([election.id]) if not b.by_election]
    cands = await store.candidacies([b.id for b in ballots])
    if not ballots or not all(not_counted(b, cands.get(b.id, [])) for b in ballots):
        return card
    n, wards = sum(len(cands.get(b.id, [])) for b in ballots), len(ballots)
    when = fmt.date(election.date)
    if election.date and election.date >= (today or datetime.now(UTC).date()).isoformat():
        text = f"Election on {when}: {n:,} candidates are standing in {wards:,} wards."
    else:
        text = (f"Election on {when}: {n:,} candidates stood in {wards:,} wards; no result "
                "is recorded for it yet.")
    card.description = text + " Ask /ward for each ward's candidates."
    card.fields = []
    card.chart = None
    return card
