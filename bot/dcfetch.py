"""Fetching a council's (or a whole day's) results from Democracy Club into the database.

EveryElection lists the elections (one council's, or every council's on a date); the
candidates site's CSV export gives each election whole in one request; the existing
import pipeline reads every export and writes them in ONE build, so the database
changes all at once or not at all (a failed fetch, a bad row or an exception half-way
leave it exactly as it was). Every record cites the export URL it came from, under
Democracy Club's licence (CC BY 4.0, credit "Democracy Club").

No request is made when the caller already holds a fresh answer (`Held`), and a
re-fetch whose exports are byte-identical to what was imported writes nothing. What
to hold for next time is `FetchResult.held`; the state database keeps it
(StateStore.dc_fetch_put(result.question, result.fetched_at, result.held.to_json())).
"""

from __future__ import annotations

import asyncio
import csv
import hashlib
import io
import json
import tempfile
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.domain import Dataset
from bot.importers.gazetteer import relink
from bot.importers.pipeline import import_file
from bot.importers.report import ImportReport
from bot.net.democracyclub import ATTRIBUTION, LICENCE, DemocracyClub
from bot.store.dbfile import writer_lock
from bot.store.lookup import Existing, read_existing, unlinked_places
from bot.store.writer import build

DEFAULT_MAX_AGE = timedelta(minutes=30)
SOURCE_LICENCE = f"{LICENCE} (credit “{ATTRIBUTION}”)"


@dataclass(frozen=True)
class Held:
    """What an earlier fetch of the same question brought in (FetchResult.held)."""

    fetched_at: datetime
    exports: Mapping[str, str]  # election id -> sha256 of its CSV export as imported

    def to_json(self) -> str:
        return json.dumps({"fetched_at": self.fetched_at.isoformat(),
                           "exports": dict(self.exports)}, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> Held | None:
        """None for anything unreadable: then the fetch is simply made again."""
        try:
            d = json.loads(text)
            when = datetime.fromisoformat(d["fetched_at"])
            exports = d["exports"]
            if when.tzinfo is None or not isinstance(exports, dict):
                return None
            return cls(when, {str(k): str(v) for k, v in exports.items()})
        except (ValueError, KeyError, TypeError):
            return None


@dataclass(frozen=True)
class Progress:
    councils_done: int
    councils_total: int
    ballots_done: int
    requests: int  # made so far by this fetch, retries included


@dataclass
class FetchResult:
    question: str  # "doncaster", "doncaster 2021-05-06", "every council 2021-05-06"
    elections: tuple[str, ...]
    fetched_at: datetime  # when the data was fetched (for "as of ..."), held or new
    requests: int
    fresh: bool  # True: answered from what was held, no request made
    changed: bool  # False: the database was not touched
    exports: dict[str, str] = field(default_factory=dict)
    ballots: int = 0
    upcoming: int = 0  # ballots with candidates and no result yet
    data_version: str | None = None
    reports: list[ImportReport] = field(default_factory=list)

    @property
    def held(self) -> Held:
        return Held(self.fetched_at, dict(self.exports))


ProgressCallback = Callable[[Progress], None]


def source_for(election_id: str, url: str, sha256: str, fetched_at: datetime) -> dict[str, str]:
    """The source record of one export: its URL, licence, attribution and fetch time."""
    when = fetched_at.astimezone(UTC).isoformat(timespec="minutes").replace("+00:00", "Z")
    return {
        "id": f"democracyclub-export-{election_id}",
        "title": f"Democracy Club candidates and results: {election_id}",
        "url": url, "publisher": ATTRIBUTION, "licence": SOURCE_LICENCE,
        "note": (f"Democracy Club's CSV export of {election_id}, fetched {when} "
                 f"(sha256 {sha256[:16]}). Data: Democracy Club, {LICENCE}."),
    }


async def fetch_council(dc: DemocracyClub, target: Path, organisation: str,
                        date: str | None = None, *, held: Held | None = None,
                        max_age: timedelta = DEFAULT_MAX_AGE,
                        progress: ProgressCallback | None = None, replace: bool = False,
                        merge: bool = False, now: datetime | None = None) -> FetchResult:
    """Fetch ORGANISATION's elections (on DATE, or all EE lists) into the database TARGET.

    With a DATE and something held, the held election ids are fetched again without
    asking EE (one request per election); without a date EE is asked, to find new ones.
    `replace` lets the import replace ballots that other sources recorded; `merge`
    keeps them and records what DC states differently as disputes (curated data stays
    authoritative: the mode the bot and `election-bot fetch` use).
    """
    question = f"{organisation} {date}" if date else organisation

    async def listing() -> list[str]:
        if date and held is not None and held.exports:
            return sorted(held.exports)
        return [e.election_id for e in await dc.elections(organisation, date)]

    return await _fetch(dc, target, question, listing, held, max_age, progress, replace,
                        merge, now)


async def fetch_day(dc: DemocracyClub, target: Path, date: str, *, held: Held | None = None,
                    max_age: timedelta = DEFAULT_MAX_AGE,
                    progress: ProgressCallback | None = None, replace: bool = False,
                    merge: bool = False, now: datetime | None = None) -> FetchResult:
    """Fetch every council that held a local election on DATE (EE re-asked each time:
    on polling day more councils' results arrive)."""

    async def listing() -> list[str]:
        return [e.election_id for e in await dc.local_elections_on(date)]

    return await _fetch(dc, target, f"every council {date}", listing, held, max_age,
                        progress, replace, merge, now)


async def _fetch(dc: DemocracyClub, target: Path, question: str,
                 listing: Callable[[], object], held: Held | None, max_age: timedelta,
                 progress: ProgressCallback | None, replace: bool, merge: bool,
                 now: datetime | None) -> FetchResult:
    now = now or datetime.now(UTC)
    if held is not None and now - held.fetched_at < max_age:
        return FetchResult(question, tuple(sorted(held.exports)), held.fetched_at, 0,
                           fresh=True, changed=False, exports=dict(held.exports))
    start = dc.http.requests_made
    elections: list[str] = await listing()  # type: ignore[misc]
    result = FetchResult(question, tuple(elections), now, 0, fresh=False, changed=False)
    with tempfile.TemporaryDirectory(prefix="dcfetch-") as tmp:
        got: dict[str, tuple[Path, dict[str, str]]] = {}

        async def download(eid: str) -> tuple[str, str, int, int]:
            export = await dc.export_csv(eid)
            data = export.text.encode("utf-8")
            sha = hashlib.sha256(data).hexdigest()
            path = Path(tmp) / f"{eid}.csv"
            path.write_bytes(data)
            got[eid] = (path, source_for(eid, export.url, sha, export.fetched_at))
            return (eid, sha, *_count(export.text))

        # Several at once (the client bounds how many and keeps to the rate budget);
        # anything raised here cancels the rest, and nothing has been written yet.
        tasks = [asyncio.ensure_future(download(eid)) for eid in elections]
        try:
            for n, next_done in enumerate(asyncio.as_completed(tasks), 1):
                eid, sha, ballots, upcoming = await next_done
                result.exports[eid] = sha
                result.ballots += ballots
                result.upcoming += upcoming
                if progress:
                    progress(Progress(n, len(elections), result.ballots,
                                      dc.http.requests_made - start))
        finally:
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
        files = [got[eid] for eid in elections]  # imported in the listing's order
        result.requests = dc.http.requests_made - start
        if held is not None and dict(held.exports) == result.exports:
            return result  # byte-identical to what was imported: nothing to write
        files = [f for f in files if _has_rows(f[0])]
        if not files:
            return result
        version, reports = await asyncio.to_thread(_import, target, files, replace, merge,
                                                   f"fetch {question} from Democracy Club")
    result.reports = reports
    if version is not None:
        result.changed, result.data_version = True, version
    return result


def _count(text: str) -> tuple[int, int]:
    """(ballots, ballots with candidates but no result yet) in an export."""
    reader = csv.DictReader(io.StringIO(text))
    results: dict[str, bool] = {}
    for row in reader:
        bid = row.get("ballot_paper_id") or ""
        voted = bool((row.get("votes_cast") or "").strip() or (row.get("elected") or "").strip())
        cancelled = (row.get("cancelled_poll") or "").strip() in ("t", "True", "true")
        results[bid] = results.get(bid, False) or voted or cancelled
    return len(results), sum(1 for done in results.values() if not done)


def _has_rows(path: Path) -> bool:
    """An election DC holds no candidates for exports just its header: nothing to import."""
    with path.open(encoding="utf-8") as f:
        return bool(f.readline()) and bool(f.readline().strip())


def _import(target: Path, files: list[tuple[Path, dict[str, str]]], replace: bool,
            merge: bool, note: str) -> tuple[str | None, list[ImportReport]]:
    """Every export in one build: ImportFailed/BuildFailed leave TARGET as it was.
    None for the version when a merge found nothing new (TARGET not touched)."""
    with writer_lock(target):  # what the exports map onto must not change under them
        return _import_locked(target, files, replace, merge, note)


def _import_locked(target: Path, files: list[tuple[Path, dict[str, str]]], replace: bool,
                   merge: bool, note: str) -> tuple[str | None, list[ImportReport]]:
    base = target if target.exists() else None
    existing = read_existing(target) if base else Existing()
    reports: list[ImportReport] = []

    def datasets() -> Iterator[Dataset]:
        for path, source in files:
            report, stream = import_file(path, "dc-csv", existing=existing, source=source,
                                         replace=replace, merge=merge)
            reports.append(report)
            for ds in stream:
                existing.add(ds)
                yield ds

    # Held ballots the exports agree with write nothing (merge), so look before building
    # (one council's or one day's records: they fit in memory).
    every = list(datasets())
    if merge and not any(ds.ballots or ds.disputes for ds in every):
        return None, reports
    if base is not None:  # the gazetteer's record of a council now held points at it
        links = relink(*unlinked_places(target), every)
        if links is not None:
            every.append(links)
    return build(target, every, base=base, note=note), reports
