"""Fetch on a miss: a council asked about but not held is fetched from Democracy Club.

The bot's answers raise errors.Fetchable for a real council no result is held for; the
reply layer (bot/discord/reply.py) awaits `Fetcher.fetch(slug)` and asks again. This
module decides when a fetch is made (no discord here):

- one fetch per council at a time: concurrent askers share it (single flight);
- a council fetched in the last FETCH_COOLDOWN_MINUTES is not asked again (the fetch
  record in the state database says when, and survives a restart);
- a failure is remembered for FAILURE_MEMORY, so a service that is down is not hammered
  by every asker; the answer then says so and shows what is held;
- a fetch that changed the database calls `on_change` (the bot reloads its data).

Every fetch merges (curated ballots stay authoritative: bot/importers/merge.py).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.dcfetch import FetchResult, Held, fetch_council
from bot.domain import is_place_id
from bot.importers.errors import ImportFailed
from bot.net.democracyclub import DemocracyClub
from bot.net.http import ServiceError
from bot.store.dbfile import DatabaseBusy
from bot.store.reader import ReferenceStore
from bot.store.state import StateStore
from bot.store.writer import BuildFailed

log = logging.getLogger(__name__)

FAILURE_MEMORY = timedelta(minutes=2)
UNREACHABLE = "Democracy Club could not be reached; here is what I hold."
Clock = Callable[[], datetime]


@dataclass(frozen=True, slots=True)
class Outcome:
    """What asking for a council came to."""

    slug: str
    ok: bool
    changed: bool = False  # the database now holds more: ask the question again
    fetched_at: datetime | None = None  # of the data held (for "as of ...")
    ballots: int = 0
    message: str = ""  # for the asker when not ok: honest, short, no traceback
    fetches: int = 0  # fetches actually made for this outcome (0: cooldown or remembered)


class Fetcher:
    def __init__(self, dc: DemocracyClub, state: StateStore, target: Path, *,
                 cooldown: timedelta, on_change: Callable[[], Awaitable[object]] | None = None,
                 failure_memory: timedelta = FAILURE_MEMORY,
                 clock: Clock = lambda: datetime.now(UTC)) -> None:
        self.dc, self.state, self.target = dc, state, target
        self.cooldown, self.failure_memory = cooldown, failure_memory
        self.on_change = on_change
        self.clock = clock
        self.fetches = 0  # fetches started (requests may be 0 for a fresh held answer)
        self._flights: dict[str, asyncio.Task[Outcome]] = {}
        self._failed: dict[str, tuple[datetime, Outcome]] = {}

    async def fetch(self, slug: str, *, force: bool = False) -> Outcome:
        """The council SLUG fetched (or known fresh, or known failing): one flight at a time.
        FORCE (the owner's /data fetch): ask even if fetched lately or failing lately."""
        failed = self._failed.get(slug)
        if not force and failed is not None and self.clock() - failed[0] < self.failure_memory:
            return failed[1]
        flight = self._flights.get(slug)
        if flight is None:
            flight = asyncio.ensure_future(self._run(slug, force))
            self._flights[slug] = flight
            flight.add_done_callback(lambda _t: self._flights.pop(slug, None))
        # shielded: one asker giving up (Discord's window closing) does not stop the others'
        return await asyncio.shield(flight)

    async def _run(self, slug: str, force: bool = False) -> Outcome:
        kept = await self.state.dc_fetch_get(slug)
        held = Held.from_json(kept[1]) if kept else None
        self.fetches += 1
        try:
            result = await fetch_council(self.dc, self.target, slug, held=held,
                                         max_age=timedelta(0) if force else self.cooldown,
                                         merge=True, now=self.clock())
        except (ServiceError, DatabaseBusy) as exc:
            log.warning("fetching %s from Democracy Club failed: %s", slug, exc)
            return self._remember(slug, UNREACHABLE)
        except (ImportFailed, BuildFailed) as exc:
            log.warning("Democracy Club's data for %s failed the import checks: %s", slug,
                        "; ".join(map(str, exc.problems[:5])))
            return self._remember(slug, "Democracy Club's data for this council did not pass "
                                  "the bot's checks, so it was not added; here is what I hold.")
        self._failed.pop(slug, None)
        if not result.fresh:
            await self.state.dc_fetch_put(result.question, result.fetched_at,
                                          result.held.to_json())
        if result.changed and self.on_change is not None:
            await self.on_change()
        return _outcome(slug, result)

    def _remember(self, slug: str, message: str) -> Outcome:
        outcome = Outcome(slug, ok=False, message=message, fetches=1)
        self._failed[slug] = (self.clock(), outcome)
        return outcome

    async def refresh(self, slugs: list[str]) -> list[Outcome]:
        """Fetch each council in turn (SYNC_INTERVAL: the servers' default councils)."""
        return [await self.fetch(s) for s in dict.fromkeys(slugs)]


def _outcome(slug: str, result: FetchResult) -> Outcome:
    return Outcome(slug, ok=True, changed=result.changed, fetched_at=result.fetched_at,
                   ballots=result.ballots, fetches=0 if result.fresh else 1)


async def slug_of(store: ReferenceStore, council_id: str) -> str | None:
    """A council's Democracy Club organisation slug: the gazetteer's for a place id, else
    the gazetteer's record of the held council, else its id (held ids are DC slugs)."""
    if is_place_id(council_id):
        place = await store.place_council(council_id)
        return place.dc_slug if place else None
    place = await store.place_council_of(council_id)
    return place.dc_slug if place and place.dc_slug else council_id


def fetch_report(council: str, outcome: Outcome) -> str:
    """What the owner's /data fetch says it did."""
    if not outcome.ok:
        return f"{council}: {outcome.message}"
    when = f" ({fetched_text(outcome.fetched_at)})" if outcome.fetched_at else ""
    if outcome.changed:
        return (f"{council}: fetched {outcome.ballots:,} ballot(s) from Democracy Club{when}; "
                "the data was reloaded.")
    return f"{council}: nothing new at Democracy Club{when}; the data is unchanged."


def fetched_text(when: datetime) -> str:
    """'as of Democracy Club data fetched 3 Dec 2026 14:05' (UTC)."""
    t = when.astimezone(UTC)
    return f"as of Democracy Club data fetched {t.day} {t:%b %Y %H:%M} UTC"
