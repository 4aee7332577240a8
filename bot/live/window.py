"""When to poll: only while a followed council's election is being counted.

Polls close at 22:00 London time on polling day (Ballot.polls_closed in Democracy Club's
code); no result exists before then. Most councils count overnight or the next day, so the
window runs from close of poll to the end of the next day (London time, through BST/GMT
changes via zoneinfo). By-elections are treated the same: they close at 22:00 on their own
date, so a by-election is simply one more election with its own window. A count that runs
into day 3 or later (recounts, a weekend count): while the election still has undeclared
ballots the window is extended a day at a time, up to EXTRA_DAYS, so a ballot that is
never entered (a countermanded poll, re-run under a new ballot id and date) cannot keep the
poller awake for ever.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.live.feed import ElectionInfo

LONDON = ZoneInfo("Europe/London")
CLOSE_OF_POLL = time(22, 0)
EXTRA_DAYS = 3  # at most: polling day, the next day, then three more while undeclared


def polls_close(day: date) -> datetime:
    return datetime.combine(day, CLOSE_OF_POLL, tzinfo=LONDON)


def window(day: date, *, undeclared: bool = False) -> tuple[datetime, datetime]:
    """[start, end) of the time to poll an election held on `day`."""
    days = 2 + (EXTRA_DAYS if undeclared else 0)
    end = datetime.combine(day + timedelta(days=days), time(0, 0), tzinfo=LONDON)
    return polls_close(day), end


def in_window(election: ElectionInfo, now: datetime, *, undeclared: bool = False) -> bool:
    start, end = window(election.date, undeclared=undeclared)
    return start <= now < end


def due(elections: Iterable[ElectionInfo], now: datetime,
        undeclared: frozenset[str] = frozenset()) -> list[ElectionInfo]:
    """The elections to poll now; `undeclared` names those still missing results."""
    return [e for e in elections
            if in_window(e, now, undeclared=e.election_id in undeclared)]


def next_start(elections: Iterable[ElectionInfo], now: datetime) -> datetime | None:
    """When the poller should next wake, if nothing is due now."""
    starts = [polls_close(e.date) for e in elections if polls_close(e.date) > now]
    return min(starts, default=None)
