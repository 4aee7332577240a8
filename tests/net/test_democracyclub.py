"""The Democracy Club client: YNR next, the CSV export and EveryElection, against the fake."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta, timezone
from urllib.parse import parse_qsl

import pytest

from bot.net import democracyclub as dcmod
from bot.net.democracyclub import DemocracyClub, parse_ballot, parse_election, parse_time
from fakes.democracyclub import FakeDemocracyClub
from fakes.democracyclub.data import SAMPLES, before_count, uncontested_variant
from tests.net.conftest import FakeClock, make_http

DONCASTER = "local.doncaster.2021-05-06"
ST_JAMESS = "local.westminster.st-jamess.2022-05-05"


def test_timestamps_keep_their_offsets() -> None:
    z = parse_time("2024-01-16T18:09:16.478549Z")
    bst = parse_time("2023-07-11T15:31:13.176989+01:00")
    assert z.utcoffset() == timedelta(0) and bst.utcoffset() == timedelta(hours=1)
    assert bst.astimezone(UTC).hour == 14
    for bad in ("2023-07-11T15:31:13", "yesterday", None, 17):
        with pytest.raises(ValueError):
            parse_time(bad)


async def test_the_ballots_of_an_election_with_their_results(dc: DemocracyClub) -> None:
    ballots = await dc.ballots(DONCASTER)
    assert len(ballots) == 21
    wheatley = next(b for b in ballots if "wheatley" in b.ballot_paper_id)
    assert wheatley.winner_count == 3 and wheatley.gss and wheatley.gss.startswith("E05")
    assert sum(1 for c in wheatley.candidacies if c.elected) == 3
    assert all(isinstance(c.votes, int) for b in ballots for c in b.candidacies)
    assert all(b.has_result and not b.cancelled for b in ballots)


async def test_a_tie_comes_through_as_the_source_has_it(http, fake_dc) -> None:  # type: ignore[no-untyped-def]
    dc = DemocracyClub(http, candidates_url=fake_dc.url, elections_url=fake_dc.elections_url)
    rockingham = next(b for b in await dc.ballots("local.barnsley.2021-05-06")
                      if b.ballot_paper_id == "local.barnsley.rockingham.2021-05-06")
    top = sorted(rockingham.candidacies, key=lambda c: -(c.votes or 0))[:2]
    assert top[0].votes == top[1].votes == 1084
    assert sorted([top[0].elected, top[1].elected]) == [False, True]


async def test_a_real_next_ballot_with_mixed_offsets(dc: DemocracyClub) -> None:
    [b] = await dc.ballots("local.westminster.2022-05-05")
    assert b.ballot_paper_id == ST_JAMESS and b.post_id == "gss:E05013806"
    assert b.last_updated == datetime(2024, 1, 16, 18, 9, 16, 478549, tzinfo=UTC)
    assert b.results is not None and b.results.turnout_percentage == 30.0
    assert b.results.spoilt is None  # null stays "not recorded", never 0
    assert b.results.electorate == 6943 and b.winner_count == 3
    assert b.sopn_url and "statement-of-persons-nominated" in b.sopn_url


def test_turnout_percentage_as_a_string_null_and_t_f() -> None:
    import json
    raw = json.loads((SAMPLES / dcmod_sample()).read_text(encoding="utf-8"))
    raw["results"]["turnout_percentage"] = "29.63"
    raw["cancelled"] = "f"
    raw["candidacies"][0]["result"] = None
    b = parse_ballot(raw)
    assert b.results is not None and b.results.turnout_percentage == 29.63
    assert b.cancelled is False and b.candidacies[0].votes is None
    raw["results"]["turnout_percentage"] = "about a third"
    with pytest.raises(ValueError):
        parse_ballot(raw)


def dcmod_sample() -> str:
    return ("electionleaflets__leaflets-tests-data-c8bb940__next-ballot__"
            "local.westminster.st-jamess.2022-05-05.json")


async def test_uncontested_and_upcoming_ballots(dc: DemocracyClub,
                                                fake_dc: FakeDemocracyClub) -> None:
    fake_dc.data.ballots[ST_JAMESS] = uncontested_variant(fake_dc.data.ballots[ST_JAMESS])
    [b] = await dc.ballots("local.westminster.2022-05-05")
    assert b.uncontested and b.cancelled and b.results is None
    assert all(c.elected and c.votes is None for c in b.candidacies)
    bid = "local.doncaster.bessacarr.2021-05-06"
    fake_dc.data.ballots[bid] = before_count(fake_dc.data.ballots[bid])
    upcoming = next(b for b in await dc.ballots(DONCASTER) if b.ballot_paper_id == bid)
    assert not upcoming.has_result and upcoming.candidacies
    assert all(c.elected is None and c.votes is None for c in upcoming.candidacies)


async def test_pages_are_followed_to_the_end(clock: FakeClock) -> None:
    async with FakeDemocracyClub(clock=clock, page_max=5) as fake:
        http = make_http(clock)
        dc = DemocracyClub(http, candidates_url=fake.url, elections_url=fake.elections_url,
                           token="t")
        try:
            ballots = await dc.ballots(DONCASTER)
        finally:
            await http.close()
    assert len({b.ballot_paper_id for b in ballots}) == 21
    pages = [dict(parse_qsl(r.query)) for r in fake.requests]
    assert [p.get("page", "1") for p in pages] == ["1", "2", "3", "4", "5"]
    assert all(p["page_size"] == "100" for p in pages)  # asked for 100, the fake gave 5


async def test_fake_pagination_404s_past_the_end_and_clamps(http, fake_dc) -> None:  # type: ignore[no-untyped-def]
    from bot.net.http import NotFound, Service
    api = Service("DC", fake_dc.url, ())
    page = await http.get_json(api, "/api/next/ballots/",
                               params={"election_id": DONCASTER, "page_size": 1000})
    assert page["count"] == 21 and len(page["results"]) == 21 and page["next"] is None
    with pytest.raises(NotFound) as err:
        await http.get_json(api, "/api/next/ballots/", params={"page": 99})
    assert err.value.payload == {"detail": "Invalid page."}
    res = await http.get_json(api, "/api/next/results/", params={"election_id": DONCASTER})
    assert isinstance(res["results"][0]["turnout_percentage"], str)  # a string on /results/


def _stamp_all(fake: FakeDemocracyClub, start: datetime, tie_from: int = -1,
               ties: int = 0) -> list[str]:
    """Doncaster's ballots changed a minute apart, TIES of them from TIE_FROM at one instant."""
    ids = sorted(b for b in fake.data.ballots if b.startswith("local.doncaster."))
    for i, bid in enumerate(ids):
        n = tie_from if tie_from <= i < tie_from + ties else i
        fake.data.stamp(bid, start + timedelta(minutes=n))
    return ids


async def test_changed_since_sends_utc_and_returns_oldest_first(
        dc: DemocracyClub, fake_dc: FakeDemocracyClub) -> None:
    start = datetime(2026, 5, 8, 1, 0, tzinfo=UTC)
    ids = _stamp_all(fake_dc, start)
    # 02:15:30 BST: the `+` would become a space in a query string if sent as written
    since = (start + timedelta(minutes=15, seconds=30)).astimezone(timezone(timedelta(hours=1)))
    changed = await dc.changed_since(since, election_date="2021-05-06")
    assert [b.ballot_paper_id for b in changed.ballots] == ids[16:]
    assert changed.complete and changed.high_water_mark == start + timedelta(minutes=20)
    query = fake_dc.requests[-1].query
    assert "%2B" not in query and "+" not in query
    assert "last_updated=2026-05-08T01:15:30Z" in query


async def test_changed_since_pages_past_the_1000_cap_without_losing_ties(
        dc: DemocracyClub, fake_dc: FakeDemocracyClub,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(dcmod, "CHANGED_CAP", 5)
    fake_dc.changed_cap = 5
    start = datetime(2026, 5, 8, 1, 0, tzinfo=UTC)
    ids = _stamp_all(fake_dc, start, 3, 4)  # ballots 3-6 share one instant, across the cap
    changed = await dc.changed_since(start - timedelta(seconds=1))
    got = [b.ballot_paper_id for b in changed.ballots]
    assert sorted(got) == ids and changed.complete
    assert len(fake_dc.seen("/api/next/ballots/")) > 4


async def test_changed_since_says_when_it_cannot_be_complete(
        dc: DemocracyClub, fake_dc: FakeDemocracyClub,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(dcmod, "CHANGED_CAP", 5)
    fake_dc.changed_cap = 5
    start = datetime(2026, 5, 8, 1, 0, tzinfo=UTC)
    for bid in sorted(b for b in fake_dc.data.ballots if b.startswith("local.doncaster."))[:7]:
        fake_dc.data.stamp(bid, start)  # seven on one instant: more than a batch holds
    changed = await dc.changed_since(start - timedelta(seconds=1))
    assert not changed.complete and changed.high_water_mark == start


async def test_the_csv_export_of_a_whole_election(dc: DemocracyClub,
                                                  fake_dc: FakeDemocracyClub) -> None:
    export = await dc.export_csv(DONCASTER)
    rows = list(csv.DictReader(io.StringIO(export.text)))
    assert len({r["ballot_paper_id"] for r in rows}) == 21
    assert {r["elected"] for r in rows} == {"t", "f"}  # Postgres COPY booleans
    assert {r["cancelled_poll"] for r in rows} == {"f"}
    assert rows[0]["spoilt_ballots"] == ""  # NULL is an empty cell
    q = parse_qsl(fake_dc.requests[-1].query)
    assert ("election_id", r"^local\.doncaster\.2021-05-06$") in q
    assert [v for k, v in q if k == "field_group"] == ["results", "election"]
    assert export.url.startswith(fake_dc.url + "/data/export_csv/?")
    with pytest.raises(ValueError):
        await dc.export_csv("doncaster; drop")


async def test_everyelection_elections_of_a_council_and_of_a_day(
        dc: DemocracyClub, fake_dc: FakeDemocracyClub) -> None:
    [don] = await dc.elections("doncaster")
    assert don.election_id == DONCASTER and len(don.children) == 21
    assert don.identifier_type == "organisation" and don.organisation_slug == "doncaster"
    assert await dc.elections("doncaster", "2022-05-05") == []
    day = await dc.local_elections_on("2021-05-06")
    assert {e.organisation_slug for e in day} == {"barnsley", "doncaster"}
    q = dict(parse_qsl(fake_dc.requests[-1].query))
    assert q["limit"] == "100" and q["identifier_type"] == "organisation"
    with pytest.raises(ValueError):
        await dc.elections("Doncaster!")


async def test_everyelection_cancelled_and_by_election_ballots(dc: DemocracyClub) -> None:
    lewisham = await dc.election_ballots("lewisham", "2018-05-03")
    [blackheath] = lewisham
    assert blackheath.cancelled and blackheath.cancellation_reason == "UNDER_CONTESTED"
    assert blackheath.replaced_by == "local.lewisham.blackheath.2018-05-10"
    [ely] = await dc.election_ballots("cardiff", "2019-02-21")
    assert ely.by_election and ely.election_id == "local.cardiff.ely.by.2019-02-21"
    [group] = await dc.elections("cardiff")
    assert group.children == ("local.cardiff.ely.by.2019-02-21",)


async def test_everyelection_presence_booleans_and_limit(http, fake_dc) -> None:  # type: ignore[no-untyped-def]
    from bot.net.http import Service
    ee = Service("EE", fake_dc.elections_url, ())
    page = await http.get_json(ee, "/api/elections/", params={"limit": 500})
    assert page["count"] == len(fake_dc.data.ee) and len(page["results"]) <= 100
    current = await http.get_json(ee, "/api/elections/", params={"current": 0})
    assert current["count"] == 0  # "current=0" still turns the filter on; nothing is current


def test_an_ee_object_parses() -> None:
    import json
    raw = json.loads((SAMPLES / "aggregator-api__tests-v1-test_data__ee-single__"
                      "local.cardiff.ely.by.2019-02-21.json").read_text(encoding="utf-8"))
    e = parse_election(raw)
    assert e.by_election and e.organisation_name == "City of Cardiff Council"
