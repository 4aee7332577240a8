"""Fetch on a miss over the wire: the real bot, the fake Discord and the fake Democracy Club.

Doncaster is a real council the database does not hold (the curated data and the gazetteer,
without the shipped Democracy Club CSVs). Asked about it, the bot defers, says it is
fetching, fetches it from the fake once however many ask at once, reloads and answers
each asker once, with Democracy Club's figures.
"""

from __future__ import annotations

import asyncio
import shutil
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from fakes.democracyclub import FakeDemocracyClub
from fakes.discordapi.fixtures import StartBot
from fakes.discordapi.harness import assert_no_mentions
from fakes.discordapi.server import FakeDiscord
from tests.cli.test_fetch import native_db  # noqa: F401  (the fixture)
from tests.e2e.helpers import ELECTION_BOT, bot_env
from tests.e2e.test_resilience import assert_answered_once

TIMEOUT = 60.0
ASKERS = 10


@pytest.fixture
async def dc() -> AsyncIterator[FakeDemocracyClub]:
    async with FakeDemocracyClub() as fake:
        yield fake


async def test_ten_askers_about_a_council_not_held_cause_one_fetch(
        fake_discord: FakeDiscord, start_bot: StartBot, dc: FakeDemocracyClub,
        native_db: Path, tmp_path: Path) -> None:  # noqa: F811
    fake = fake_discord
    db = tmp_path / "elections.sqlite3"
    shutil.copyfile(native_db, db)
    await start_bot(ELECTION_BOT, "run", env=bot_env(
        fake, tmp_path, db, FETCH_ON_MISS="on", DC_CANDIDATES_URL=dc.candidates_url,
        DC_ELECTIONS_URL=dc.elections_url, DC_API_TOKEN=""))
    sent = [await fake.send_interaction(fake.slash("seats", council="doncaster"))
            for _ in range(ASKERS)]
    answers = await asyncio.gather(*(fake.response_for(s, TIMEOUT) for s in sent))
    for answer in answers:
        assert answer.type == 5  # deferred: "thinking…", then "Fetching…", then the card

    def done() -> bool:
        return all((a.current_message or {}).get("embeds") for a in answers)

    await fake.wait_until(done, TIMEOUT, "every asker's answer")
    for answer in answers:
        assert_answered_once(answer.interaction)
        card = answer.current_message
        assert card is not None and not card.get("content")  # "Fetching…" was replaced
        assert card["embeds"][0]["author"]["name"].startswith("Doncaster")
        text = str(card["embeds"])
        assert "Democracy Club" in text and "Labour" in text
        assert "No election result" not in text  # not the gazetteer's card: the fetched data
    contents = [r.json.get("content") for a in answers for r in a.interaction.edits
                if isinstance(r.json, dict)]
    assert any(c and "from Democracy Club…" in c for c in contents)

    assert len(dc.seen("/data/export_csv/")) == 1 and len(dc.seen("/ee/")) == 1
    assert all(r.user_agent.startswith("election-bot/") for r in dc.requests)
    assert not [r for r in dc.requests if r.status in (418, 429)]
    assert len(dc.seen("/api/")) <= 10  # the anonymous API limit, per minute
    assert_no_mentions(fake)

    # Asked again at once: answered from the data now held, nothing asked of Democracy Club.
    again = await fake.interact(fake.slash("seats", council="doncaster"), timeout=TIMEOUT)
    await fake.wait_until(lambda: (again.current_message or {}).get("embeds"), TIMEOUT,
                          "the second answer")
    assert len(dc.requests) == 2
