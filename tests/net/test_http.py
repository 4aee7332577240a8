"""The polite HTTP machinery, against the fake Democracy Club."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.net.democracyclub import DemocracyClub
from bot.net.http import (
    BadResponse,
    HttpClient,
    NotFound,
    RateWindow,
    Refused,
    Service,
    ServiceUnavailable,
    retry_after,
    user_agent,
)
from fakes.democracyclub import FakeDemocracyClub
from tests.net.conftest import FakeClock, make_http

DONCASTER = "local.doncaster.2021-05-06"


def test_the_user_agent_names_the_project_its_version_and_a_url() -> None:
    ua = user_agent("https://bot.example.org/about")
    assert ua.startswith("election-bot/0") and "(+https://bot.example.org/about;" in ua
    assert "aiohttp" not in ua.casefold() and "python" not in ua.casefold()
    assert user_agent(None).startswith("election-bot/") and "Discord bot" in user_agent(None)


async def test_every_request_carries_our_user_agent(dc: DemocracyClub, http: HttpClient,
                                                    fake_dc: FakeDemocracyClub) -> None:
    await dc.elections("doncaster")
    await dc.ballots(DONCASTER)
    await dc.export_csv(DONCASTER)
    assert len(fake_dc.requests) == 3
    assert {r.user_agent for r in fake_dc.requests} == {http.user_agent}


async def test_a_refused_user_agent_is_a_clear_error_and_not_retried(
        clock: FakeClock, fake_dc: FakeDemocracyClub) -> None:
    http = make_http(clock)
    http.user_agent = "Python/3.11 aiohttp/3.9.5"  # aiohttp's default, which DC's WAF refuses
    dc = DemocracyClub(http, candidates_url=fake_dc.url, elections_url=fake_dc.elections_url)
    try:
        with pytest.raises(Refused, match="refused our User-Agent") as err:
            await dc.ballots(DONCASTER)
    finally:
        await http.close()
    assert err.value.status == 418
    assert len(fake_dc.requests) == 1


async def test_a_500_then_success_is_retried_after_a_backoff(
        dc: DemocracyClub, fake_dc: FakeDemocracyClub, clock: FakeClock) -> None:
    fake_dc.fail("/api/next/ballots/", 500)
    ballots = await dc.ballots(DONCASTER)
    assert len(ballots) == 21
    assert [r.status for r in fake_dc.requests] == [500, 200]
    assert clock.slept and clock.slept[0] > 0  # backed off before the retry


async def test_5xx_every_time_ends_as_service_unavailable(
        dc: DemocracyClub, fake_dc: FakeDemocracyClub, http: HttpClient,
        clock: FakeClock) -> None:
    fake_dc.fail("/api/next/ballots/", 503, times=10)
    with pytest.raises(ServiceUnavailable, match="having trouble"):
        await dc.ballots(DONCASTER)
    assert len(fake_dc.requests) == http.retries + 1
    waits = [s for s in clock.slept if s > 0]
    assert waits == sorted(waits) and waits[-1] > waits[0]  # exponential


async def test_a_slow_answer_times_out_and_the_retry_succeeds(
        clock: FakeClock, fake_dc: FakeDemocracyClub) -> None:
    http = make_http(clock, timeout=0.3)
    dc = DemocracyClub(http, candidates_url=fake_dc.url, elections_url=fake_dc.elections_url)
    fake_dc.slow("/api/next/ballots/", 1.0)
    try:
        ballots = await dc.ballots(DONCASTER)
    finally:
        await http.close()
    assert len(ballots) == 21
    assert len(fake_dc.seen("/api/next/ballots/")) == 2


async def test_a_429_waits_for_retry_after(clock: FakeClock) -> None:
    async with FakeDemocracyClub(clock=clock, anon_limit=2) as fake:
        http = make_http(clock)
        service = Service("Democracy Club", fake.url)  # no budget: let the fake throttle us
        try:
            for _ in range(3):
                await http.get_json(service, "/api/next/ballots/",
                                    params={"election_id": DONCASTER})
        finally:
            await http.close()
    assert [r.status for r in fake.requests] == [200, 200, 429, 200]
    assert clock.slept == [60.0]  # the Retry-After the fake sent (the window is 60 s)


def test_retry_after_reads_seconds_and_http_dates() -> None:
    now = datetime(2026, 12, 3, 10, 0, 0, tzinfo=UTC)
    assert retry_after("7") == 7.0
    assert retry_after("Thu, 03 Dec 2026 10:00:30 GMT", now) == 30.0
    assert retry_after("Thu, 03 Dec 2026 09:00:00 GMT", now) == 0.0  # in the past: now
    assert retry_after("soon") is None and retry_after(None) is None


async def test_never_more_than_10_api_requests_a_minute_without_a_token(
        dc: DemocracyClub, fake_dc: FakeDemocracyClub, clock: FakeClock) -> None:
    started = clock.now
    for _ in range(25):
        await dc.ballots(DONCASTER)
    times = [r.at for r in fake_dc.seen("/api/")]
    assert len(times) == 25 and all(r.status == 200 for r in fake_dc.requests)
    assert max(sum(1 for u in times if t - 60 < u <= t) for t in times) == 10
    assert clock.now - started >= 120  # 25 requests need two full waits


async def test_a_token_lifts_the_minute_limit_but_not_the_firewall(
        http: HttpClient, fake_dc: FakeDemocracyClub, clock: FakeClock) -> None:
    dc = DemocracyClub(http, candidates_url=fake_dc.url, elections_url=fake_dc.elections_url,
                       token="secret-token")
    for _ in range(25):
        await dc.ballots(DONCASTER)
    assert clock.now == 1000.0  # no waiting at all
    assert {r.token for r in fake_dc.requests} == {"secret-token"}
    assert {r.status for r in fake_dc.requests} == {200}
    waf = next(w for w in dc.api.windows if w.limit == 150)
    assert waf.period == 300 and dc.export.windows == (waf,)  # the CSV counts too


async def test_a_budget_shared_by_two_services_counts_both(clock: FakeClock) -> None:
    shared = RateWindow(3, 10.0)
    http = make_http(clock)
    a, b = Service("A", "http://127.0.0.1:9"), Service("B", "http://127.0.0.1:9")
    a = Service("A", a.base_url, (shared,))
    b = Service("B", b.base_url, (shared,))
    for service in (a, b, a, b):
        await http._budget(service).acquire()
    assert clock.now == 1010.0  # the fourth waited for the window to slide


async def test_malformed_json_is_a_bad_response(dc: DemocracyClub,
                                                fake_dc: FakeDemocracyClub) -> None:
    fake_dc.malformed("/api/next/ballots/")
    with pytest.raises(BadResponse, match="could not read"):
        await dc.ballots(DONCASTER)


async def test_the_wrong_shape_is_a_bad_response(dc: DemocracyClub,
                                                 fake_dc: FakeDemocracyClub) -> None:
    fake_dc.answer("/ee/api/elections/", ["not", "an", "envelope"])
    with pytest.raises(BadResponse, match="wrong shape"):
        await dc.elections("doncaster")
    fake_dc.answer("/ee/api/elections/", {"results": [{"election_id": 7}], "next": None})
    with pytest.raises(BadResponse, match="could not read"):
        await dc.elections("doncaster")
    # A ballot whose time is not a time: a record we cannot read, not a crash.
    fake_dc.data.ballots["local.doncaster.adwick-le-street-carcroft.2021-05-06"].json[
        "last_updated"] = "yesterday"
    with pytest.raises(BadResponse, match="could not read"):
        await dc.ballots(DONCASTER)


async def test_a_service_that_is_down_is_service_unavailable(
        clock: FakeClock, closed_port: int) -> None:
    http = make_http(clock)
    dc = DemocracyClub(http, candidates_url=f"http://127.0.0.1:{closed_port}",
                       elections_url=f"http://127.0.0.1:{closed_port}/ee")
    try:
        with pytest.raises(ServiceUnavailable, match="could not be reached") as err:
            await dc.elections("doncaster")
    finally:
        await http.close()
    assert "aiohttp" not in str(err.value).casefold() or "Client" in str(err.value)
    assert http.requests_made == http.retries + 1


async def test_the_session_is_made_once_and_closed_explicitly(
        http: HttpClient) -> None:
    first = await http.session()
    assert await http.session() is first
    await http.close()
    assert first.closed
    assert (await http.session()) is not first  # a closed client can be used again


def test_a_rate_window_slides() -> None:
    w = RateWindow(2, 60)
    w.record(0)
    w.record(30)
    assert w.wait(31) == pytest.approx(29)
    assert w.wait(60) == 0  # the first has left the window
    with pytest.raises(ValueError):
        RateWindow(0, 60)
    assert timedelta(seconds=w.period) == timedelta(minutes=1)


async def test_a_missing_record_is_not_found(http: HttpClient,
                                             fake_dc: FakeDemocracyClub) -> None:
    service = Service("Democracy Club", fake_dc.url, ())
    with pytest.raises(NotFound) as err:
        await http.get_json(service, "/api/next/ballots/local.nowhere.x.2021-05-06/")
    assert err.value.payload == {"detail": "Not found."}


async def test_with_a_token_the_firewall_limit_still_holds(clock: FakeClock) -> None:
    async with FakeDemocracyClub(clock=clock) as fake:
        http = make_http(clock)
        dc = DemocracyClub(http, candidates_url=fake.url, elections_url=fake.elections_url,
                           token="t")
        try:
            for _ in range(160):
                await dc.ballots("local.westminster.2022-05-05")
        finally:
            await http.close()
    times = [r.at for r in fake.requests]
    assert {r.status for r in fake.requests} == {200}  # never a 403 from the firewall
    assert max(sum(1 for u in times if t - 300 < u <= t) for t in times) == 150
    assert clock.now - 1000.0 >= 300
