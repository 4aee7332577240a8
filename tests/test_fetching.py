"""Fetch on a miss: one flight per council, a cooldown, failures remembered briefly."""

from __future__ import annotations

import asyncio
import shutil
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.answers import Answers
from bot.ask import ask
from bot.errors import Fetchable
from bot.fetching import UNREACHABLE, Fetcher, fetched_text
from bot.net.democracyclub import DemocracyClub
from bot.net.http import HttpClient
from bot.render.card import Card
from bot.render.text import render_text
from bot.store.reader import ReferenceStore
from bot.store.state import StateStore
from fakes.democracyclub import FakeDemocracyClub
from tests.cli.test_fetch import native_db  # noqa: F401  (the fixture)
from tests.importers.conftest import answer, rows, sha256
from tests.net.conftest import FakeClock, make_http

CLOCK = FakeClock()


class Now:
    def __init__(self) -> None:
        self.at = datetime(2026, 12, 3, 14, 5, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.at


@pytest.fixture
async def fake() -> AsyncIterator[FakeDemocracyClub]:
    async with FakeDemocracyClub(clock=CLOCK) as f:
        yield f


@pytest.fixture
async def parts(fake: FakeDemocracyClub, native_db: Path,  # noqa: F811
                tmp_path: Path) -> AsyncIterator[tuple[Fetcher, Now, list[int], Path]]:
    db = tmp_path / "elections.sqlite3"
    shutil.copyfile(native_db, db)
    http: HttpClient = make_http(CLOCK)
    dc = DemocracyClub(http, candidates_url=fake.candidates_url,
                       elections_url=fake.elections_url)
    state = await StateStore.open(tmp_path / "state.sqlite3")
    reloads: list[int] = []

    async def reload() -> None:
        reloads.append(1)

    now = Now()
    fetcher = Fetcher(dc, state, db, cooldown=timedelta(minutes=30), on_change=reload,
                      clock=now)
    yield fetcher, now, reloads, db
    await state.close()
    await http.close()


async def test_ten_askers_at_once_share_one_fetch(
        parts: tuple[Fetcher, Now, list[int], Path], fake: FakeDemocracyClub) -> None:
    fetcher, _, reloads, db = parts
    outcomes = await asyncio.gather(*(fetcher.fetch("doncaster") for _ in range(10)))
    assert fetcher.fetches == 1 and reloads == [1]
    assert len(fake.seen("/data/export_csv/")) == 1 and len(fake.seen("/ee/")) == 1
    assert all(o.ok and o.changed and o.ballots == 21 for o in outcomes)
    assert rows(db, "SELECT count(*) FROM ballots WHERE election_id = ?",
                "local.doncaster.2021-05-06") == [(21,)]


async def test_a_council_fetched_lately_is_not_asked_again(
        parts: tuple[Fetcher, Now, list[int], Path], fake: FakeDemocracyClub) -> None:
    fetcher, now, reloads, db = parts
    first = await fetcher.fetch("doncaster")
    made, before = len(fake.requests), sha256(db)
    now.at += timedelta(minutes=29)
    again = await fetcher.fetch("doncaster")
    assert again.ok and not again.changed and again.fetches == 0
    assert len(fake.requests) == made and again.fetched_at == first.fetched_at
    now.at += timedelta(minutes=2)  # past the cooldown: asked again, nothing new
    later = await fetcher.fetch("doncaster")
    assert later.fetches == 1 and len(fake.requests) == made + 2  # EE, then the export
    assert not later.changed and sha256(db) == before and reloads == [1]


async def test_a_failure_is_remembered_briefly_and_said_honestly(
        parts: tuple[Fetcher, Now, list[int], Path], fake: FakeDemocracyClub) -> None:
    fetcher, now, reloads, db = parts
    before = sha256(db)
    fake.fail("/data/export_csv/", 503, times=50)
    failed = await fetcher.fetch("doncaster")
    assert not failed.ok and failed.message == UNREACHABLE
    made = len(fake.requests)
    assert (await fetcher.fetch("doncaster")).message == UNREACHABLE
    assert len(fake.requests) == made  # remembered: not asked again at once
    now.at += timedelta(minutes=3)
    fake._script.clear()  # the service is back
    assert (await fetcher.fetch("doncaster")).changed
    assert reloads == [1] and sha256(db) != before


def test_the_freshness_line() -> None:
    when = datetime(2026, 12, 3, 14, 5, tzinfo=UTC)
    assert fetched_text(when) == "as of Democracy Club data fetched 3 Dec 2026 14:05 UTC"


async def test_a_council_fetched_is_one_council_to_the_name_index(
        parts: tuple[Fetcher, Now, list[int], Path]) -> None:
    fetcher, _, _, db = parts
    await fetcher.fetch("doncaster")
    # The gazetteer's Doncaster (by its GSS code) and its wards now point at what was fetched.
    assert "Labour — 40 seats" in await answer(db, "/seats E08000017")
    assert "Daniel Steven Barwell" in await answer(db, "/ward Wheatley Hills")
    assert rows(db, "SELECT council_id FROM place_councils WHERE id = 'E08000017'") == \
        [("doncaster",)]


@pytest.mark.parametrize("question", ["/seats doncaster", "/ward Wheatley Hills",
                                      "/councillor jane council:E08000017"])
async def test_the_bot_s_answers_raise_fetchable_for_a_council_not_held(
        native_db: Path, question: str) -> None:  # noqa: F811
    store = await ReferenceStore.open(native_db)
    try:
        with pytest.raises(Fetchable) as miss:
            await ask(await Answers.load(store, fetch_on_miss=True), question)
        assert miss.value.dc_slug == "doncaster" and isinstance(miss.value.held, Card)
        text = render_text(await ask(await Answers.load(store), "/seats doncaster"))
        assert "No election result for this council is held here" in text  # the CLI's
    finally:
        await store.close()
