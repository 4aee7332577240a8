"""The real Feed over Democracy Club, against the fake Democracy Club on 127.0.0.1."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, timedelta

import pytest

from bot.live.dcfeed import DemocracyClubFeed
from bot.net.democracyclub import DemocracyClub
from fakes.democracyclub import FakeDemocracyClub
from fakes.democracyclub.data import uncontested_variant
from tests.net.conftest import FakeClock, make_http

DONCASTER = "local.doncaster.2021-05-06"
POLLING_DAY = date(2021, 5, 6)


@pytest.fixture
async def setup() -> AsyncIterator[tuple[DemocracyClubFeed, FakeDemocracyClub]]:
    clock = FakeClock()
    async with FakeDemocracyClub(clock=clock) as fake:
        http = make_http(clock)
        dc = DemocracyClub(http, candidates_url=fake.url, elections_url=fake.elections_url)
        try:
            yield DemocracyClubFeed(dc, fake.url), fake
        finally:
            await http.close()


async def test_the_followed_councils_elections_around_a_day(setup) -> None:  # type: ignore[no-untyped-def]
    feed, _ = setup
    (e,) = await feed.elections(["doncaster"], POLLING_DAY + timedelta(days=1))
    assert (e.election_id, e.council_id, e.council_name, e.date, e.ballots) == (
        DONCASTER, "doncaster", "Doncaster", POLLING_DAY, 21)
    assert await feed.elections(["doncaster"], date(2022, 5, 5)) == []


async def test_an_election_read_whole_as_records(setup) -> None:  # type: ignore[no-untyped-def]
    feed, fake = setup
    batch = await feed.ballots(DONCASTER)
    assert len(batch.records) == 21 and batch.requests == 1 and not batch.capped
    r = next(r for r in batch.records if "wheatley" in r.ballot_id)
    assert r.council_id == "doncaster" and r.seats == 3 and r.declared
    assert len(r.elected) == 3 and all(isinstance(c.votes, int) for c in r.candidates)
    assert r.source_url == f"{fake.url}/elections/{r.ballot_id}/"
    assert r.post_id and r.post_id.startswith("gss:E05")
    assert r.last_updated.tzinfo is not None


async def test_what_changed_since_a_time(setup) -> None:  # type: ignore[no-untyped-def]
    feed, fake = setup
    later = datetime(2021, 5, 8, 9, 0, tzinfo=UTC)
    bid = "local.doncaster.balby-south.2021-05-06"
    fake.data.stamp(bid, later)
    batch = await feed.changed(POLLING_DAY, later - timedelta(seconds=1))
    assert [r.ballot_id for r in batch.records] == [bid] and batch.requests == 1
    assert (await feed.changed(POLLING_DAY, later)).records == ()
    asked = fake.seen("/api/next/ballots/")[-1].query
    assert "election_date=2021-05-06" in asked


async def test_uncontested_is_not_a_cancelled_poll(setup) -> None:  # type: ignore[no-untyped-def]
    feed, fake = setup
    bid = "local.doncaster.balby-south.2021-05-06"
    fake.data.ballots[bid] = uncontested_variant(fake.data.ballots[bid])
    r = next(r for r in (await feed.ballots(DONCASTER)).records if r.ballot_id == bid)
    assert r.uncontested and not r.cancelled
