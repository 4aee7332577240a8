"""The real Feed (bot/live/feed.py) over Democracy Club: EveryElection for which elections the
followed councils have, YNR's `next` API for their ballots and what changed since a time.

No discord and no SQL here. A council id is Democracy Club's organisation slug
("doncaster"), as follows are stored. YNR marks an uncontested ballot `cancelled` too;
BallotRecord.cancelled means only a poll that did not take place, so it is split here.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta

from bot.live.feed import BallotRecord, Batch, Candidate, ElectionInfo
from bot.net.democracyclub import Ballot, DemocracyClub

AROUND = timedelta(days=7)  # an election "around" a day: polling day within a week of it


def record_of(b: Ballot, candidates_url: str) -> BallotRecord:
    """One YNR ballot as the poller holds it: nothing filled in, None stays None."""
    res = b.results
    return BallotRecord(
        ballot_id=b.ballot_paper_id, election_id=b.election_id,
        council_id=b.election_id.split(".")[1], ward=b.post_label,
        seats=b.winner_count or 0,
        candidates=tuple(Candidate(c.name, c.party_id, c.party_name, c.votes, c.elected)
                         for c in b.candidacies),
        last_updated=b.last_updated, post_id=b.post_id,
        turnout=res.turnout if res else None,
        turnout_pct=res.turnout_percentage if res else None,
        electorate=res.electorate if res else None,
        cancelled=b.cancelled and not b.uncontested, uncontested=b.uncontested,
        source_url=f"{candidates_url.rstrip('/')}/elections/{b.ballot_paper_id}/")


class DemocracyClubFeed:
    """Feed over bot/net/democracyclub.py; its HTTP client keeps the rate budget."""

    def __init__(self, dc: DemocracyClub, candidates_url: str) -> None:
        self.dc = dc
        self.candidates_url = candidates_url

    def _requests(self) -> int:
        return self.dc.http.requests_made

    async def elections(self, council_ids: Sequence[str], around: date) -> list[ElectionInfo]:
        found: list[ElectionInfo] = []
        for slug in council_ids:
            for e in await self.dc.elections(slug):
                day = date.fromisoformat(e.poll_open_date)
                if e.cancelled or abs(day - around) > AROUND:
                    continue
                found.append(ElectionInfo(e.election_id, slug, e.organisation_name or slug,
                                          day, len(e.children) or None))
        return found

    async def ballots(self, election_id: str) -> Batch:
        before = self._requests()
        got = await self.dc.ballots(election_id)
        return Batch(tuple(record_of(b, self.candidates_url) for b in got),
                     self._requests() - before)

    async def changed(self, election_date: date, since: datetime) -> Batch:
        before = self._requests()
        got = await self.dc.changed_since(since, election_date=election_date.isoformat())
        return Batch(tuple(record_of(b, self.candidates_url) for b in got.ballots),
                     self._requests() - before, capped=not got.complete)
