"""The real bot under faults (issue 4, item 5): a dropped gateway socket mid-burst, rate
limits on interaction callbacks, the database replaced by an import while it answers, and a
missing or broken database at start. Each test has its own fake and bot process."""

from __future__ import annotations

import asyncio
import os
import re
import shutil
import sqlite3
import sys
from pathlib import Path
from typing import Any

import pytest

from fakes.discordapi.fixtures import StartBot
from fakes.discordapi.harness import REPO, SCRUBBED_ENV, assert_no_mentions
from fakes.discordapi.records import Answer, InteractionRecord
from fakes.discordapi.server import FakeDiscord
from tests.e2e.helpers import ELECTION_BOT, bot_env, component, run_cli

CALLBACK = "POST /interactions/{interaction_id}/{interaction_token}/callback"
IMPORT_FIXTURE = REPO / "tests" / "fixtures" / "import" / "dc-two-ballots.csv"  # Ambridge
DATA_VERSION = re.compile(r"data ([0-9a-f]{12})")


def mixed(fake: FakeDiscord, n: int) -> list[dict[str, Any]]:
    """N interactions of every kind the bot answers: cards with and without charts, pages,
    private replies, autocomplete."""
    kinds = [
        lambda: fake.slash("seats", council="barnet"),
        lambda: fake.slash("ward", name="childs-hill"),
        lambda: fake.slash("quote", who="rawlings"),
        lambda: fake.slash("councillor", name="zinkin"),
        lambda: fake.slash("history", council="barnet"),
        lambda: fake.slash("byelections", council="barnet"),
        lambda: fake.slash("party", name="labour", council="barnet"),
        lambda: fake.slash("about"),
        lambda: fake.slash("help"),
        lambda: fake.slash("ping"),
        lambda: fake.slash("seats", council="doncaster"),
        lambda: fake.slash("ward", name="colindale"),  # private menu
        lambda: fake.autocomplete("ward", focused="name", name="chi"),
        lambda: fake.autocomplete("seats", focused="council", council="bar"),
    ]
    return [kinds[i % len(kinds)]() for i in range(n)]


def assert_answered_once(record: InteractionRecord) -> None:
    accepted = [r for r in record.requests
                if r.path.endswith("/callback") and r.status == 200]
    assert len(accepted) == 1, f"{record.id}: {len(accepted)} accepted callbacks"
    assert not record.duplicate_callbacks
    # A deferred answer is completed once: one follow-up or edits of @original, not both.
    if record.callback_type in (5, 6):
        assert len(record.followups) + bool(record.edits) == 1, record.id


def data_version(answer: Answer) -> str | None:
    for embed in [*answer.embeds, *(e for f in answer.followups for e in f.get("embeds", []))]:
        for f in embed.get("fields") or []:
            m = DATA_VERSION.search(f.get("value", ""))
            if f.get("name") == "About this answer" and m:
                return m.group(1)
    return None


async def about_version(fake: FakeDiscord) -> str | None:
    """The data version /about's private "Sources & notes" names (the public card does not)."""
    about = await fake.interact(fake.slash("about"))
    detail = await fake.interact(fake.click(about, component(about, label="Sources & notes")
                                            ["custom_id"]))
    return data_version(detail)


# -- the gateway ------------------------------------------------------------------------------


async def test_socket_dropped_mid_burst_every_interaction_answered_once(
        election_bot: Any, fake_discord: FakeDiscord) -> None:
    fake = fake_discord
    burst = mixed(fake, 50)
    await fake.drop_socket(after_events=17)  # the 18th INTERACTION_CREATE is lost in transit
    records = [await fake.send_interaction(p) for p in burst]
    session = await fake.wait_for_resume(timeout=30)
    assert len(session.resumes) == 1
    first, *later = [c for c in fake.connections if c.session is session]
    delivered = sum(e.get("t") == "INTERACTION_CREATE" for e in first.sent)
    assert delivered == 17  # the rest of the burst came back by RESUME replay
    assert sum(e.get("t") == "INTERACTION_CREATE" for c in later for e in c.sent) == 33
    answers = await asyncio.gather(*(fake.response_for(r, timeout=30) for r in records))
    assert len(answers) == 50
    for record, answer in zip(records, answers, strict=True):
        assert_answered_once(record)
        if record.type == 4:
            assert answer.type == 8  # autocomplete
        else:
            assert answer.message is not None and (answer.embeds or answer.content)
    assert len({a.interaction.id for a in answers}) == 50
    assert_no_mentions(fake)


# -- rate limits ------------------------------------------------------------------------------


async def test_429_on_a_callback_is_retried_and_answered(
        election_bot: Any, fake_discord: FakeDiscord) -> None:
    fake = fake_discord
    # The answer with a chart: a multipart callback, whose file must be sent again.
    rule = fake.inject_429(CALLBACK, count=1, retry_after=0.2)
    answer = await fake.interact(fake.slash("seats", council="barnet"), timeout=20)
    assert len(rule.hits) == 1
    statuses = [r.status for r in answer.interaction.requests if r.path.endswith("/callback")]
    assert statuses == [429, 200]
    assert answer.embeds[0]["title"] == "Labour gain Barnet — majority of 19"
    assert [a["filename"] for a in answer.attachments] == ["chart.png"]
    assert_answered_once(answer.interaction)

    # A private reply and an autocomplete, each limited twice.
    for payload in (fake.slash("ward", name="colindale"),
                    fake.autocomplete("ward", focused="name", name="chi")):
        rule = fake.inject_429(CALLBACK, count=2, retry_after=0.1)
        answer = await fake.interact(payload, timeout=20)
        assert len(rule.hits) == 2
        assert_answered_once(answer.interaction)
        assert answer.content or answer.choices


# -- the database replaced while the bot answers ----------------------------------------------


def import_env(db: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in SCRUBBED_ENV}
    env.update({"ELECTION_DB": str(db), "DISCORD_TOKEN": "", "DEV_GUILD_ID": "",
                "STATE_DB": "", "PYTHONPATH": str(REPO)})
    return env


async def test_an_import_switches_the_running_bot_to_the_new_data(
        fake_discord: FakeDiscord, start_bot: StartBot, builtin_db: Path, tmp_path: Path
) -> None:
    fake = fake_discord
    db = tmp_path / "elections.sqlite3"
    shutil.copy(builtin_db, db)  # the import replaces this file: a private copy
    bot = await start_bot(ELECTION_BOT, "run", env=bot_env(
        fake, tmp_path, db, RELOAD_POLL_SECONDS="0.2"))

    before = await fake.interact(fake.slash("seats", council="ambridge"))
    assert before.ephemeral and before.content.startswith("No council matches")
    version_before = await about_version(fake)

    # Questions keep coming, four at a time, while the import runs and the bot reloads.
    stop = asyncio.Event()
    answers: list[Answer] = []

    async def traffic(offset: int) -> None:
        i = offset
        while not stop.is_set():
            answers.append(await fake.interact(mixed(fake, i + 1)[i], timeout=30))
            i += 4

    askers = [asyncio.create_task(traffic(k)) for k in range(4)]
    try:
        await asyncio.sleep(0.3)
        proc = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", "import", str(IMPORT_FIXTURE), cwd=str(REPO),
            env=import_env(db), stdin=asyncio.subprocess.DEVNULL,
            stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT)
        out, _ = await asyncio.wait_for(proc.communicate(), 60)
        assert proc.returncode == 0, out.decode()
        assert "Imported" in out.decode()
        line = await bot.wait_for_log(r"election data reloaded: \w+ -> \w+", timeout=20)
        count = len(answers)
        await fake.wait_until(lambda: len(answers) >= count + 8, 20, "answers after reload")
    finally:
        stop.set()
        await asyncio.gather(*askers)

    old, new = re.search(r"reloaded: (\w+) -> (\w+)", line).groups()  # type: ignore[union-attr]
    assert old != new
    assert f"{db} was replaced" in bot.log
    # Every question asked around the switch was answered, none with an error.
    for answer in answers:
        assert_answered_once(answer.interaction)
        assert "Something went wrong" not in answer.content
    assert version_before == old

    after = await fake.interact(fake.slash("seats", council="ambridge"))
    assert not after.ephemeral
    assert "Ambridge" in after.embeds[0]["author"]["name"]
    assert await about_version(fake) == new
    picks = await fake.interact(fake.autocomplete("seats", focused="council", council="ambr"))
    assert picks.choices[0]["value"] == "ambridge"
    assert_no_mentions(fake)


# -- a missing or broken database at start ----------------------------------------------------


def corrupt_file(path: Path, kind: str) -> None:
    if kind == "garbage":
        path.write_bytes(b"SQLite format 3\x00" + b"\xff" * 5000)
    elif kind == "empty":
        path.write_bytes(b"")
    elif kind == "not-elections":  # a valid SQLite file, but not an election database
        conn = sqlite3.connect(path)
        conn.execute("CREATE TABLE notes (text TEXT)")
        conn.commit()
        conn.close()
    elif kind == "truncated":
        data = (REPO / "tests" / "fixtures" / "import" / "dc-two-ballots.csv").read_bytes()
        path.write_bytes(b"SQLite format 3\x00" + data[:100])


@pytest.mark.parametrize("kind", ["missing", "garbage", "empty", "not-elections", "truncated"])
async def test_a_missing_or_broken_database_stops_the_bot_at_once(
        fake_discord: FakeDiscord, tmp_path: Path, kind: str) -> None:
    fake = fake_discord
    db = tmp_path / f"{kind}.sqlite3"
    if kind != "missing":
        corrupt_file(db, kind)
    proc = await run_cli(fake, "run", env=bot_env(fake, tmp_path, db),
                         log_path=tmp_path / "bot.log", timeout=15)  # a hang fails
    assert proc.returncode == 1, proc.log_tail()
    errors = [line for line in proc.lines if " ERROR " in line and str(db) in line]
    assert errors, f"no error line naming {db}:\n{proc.log_tail()}"
    assert "election-bot db build" in proc.log  # and the fix
    assert proc.log_problems() == []  # no traceback: a clean exit
    assert fake.identifies == [] and not fake.requests  # it never went online
