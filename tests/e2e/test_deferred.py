"""The bot's deferred replies over the wire: when an answer or its chart is slow, the bot
says "thinking…" (callback type 5) within Discord's 3 seconds and then completes it once.

The real data answers in milliseconds, so these tests run the real bot through
tests/e2e/slow_bot.py, which only delays the answers or the charts. No assertion is about
time: only about what was sent, and in what order.
"""

from __future__ import annotations

from pathlib import Path

from fakes.discordapi.fixtures import StartBot
from fakes.discordapi.harness import assert_no_mentions
from fakes.discordapi.records import EPHEMERAL, LOADING
from fakes.discordapi.server import FakeDiscord
from tests.e2e.helpers import bot_env, component, select_value
from tests.e2e.test_resilience import assert_answered_once

SLOW_BOT = "tests.e2e.slow_bot:main"
TIMEOUT = 30.0


async def test_a_slow_answer_is_deferred_then_completed_once(
        fake_discord: FakeDiscord, start_bot: StartBot, builtin_db: Path, tmp_path: Path
) -> None:
    fake = fake_discord
    await start_bot(SLOW_BOT, "run", env=bot_env(fake, tmp_path, builtin_db,
                                                 E2E_SLOW_ANSWERS="1.5"))
    answer = await fake.interact(fake.slash("seats", council="barnet"), timeout=TIMEOUT)
    assert answer.type == 5 and answer.deferred  # "thinking…", public
    assert not answer.callback.get("data", {}).get("flags", 0) & EPHEMERAL
    assert_answered_once(answer.interaction)
    card = answer.message  # of a deferred answer: the message that completed it
    assert card is not None and not card["flags"] & LOADING
    assert "Barnet" in card["embeds"][0]["author"]["name"]
    assert [a["filename"] for a in card["attachments"]] == ["chart.png"]

    # A long answer deferred: its pages still turn.
    quote = await fake.interact(fake.slash("quote", who="rawlings"), timeout=TIMEOUT)
    assert quote.type == 5
    message = quote.message
    page2 = await fake.interact(fake.click(message, component(message, label="Next")["custom_id"]),
                                timeout=TIMEOUT)
    # The page is recomputed, which is slow here: "update later" (6), then the same message
    # edited in place.
    assert page2.type == 6
    await fake.wait_until(lambda: fake.messages[message["id"]]["embeds"][0]["footer"]["text"]
                          .split(" · page ")[-1].startswith("2/"), TIMEOUT, "page 2 in place")
    assert_answered_once(page2.interaction)
    assert_no_mentions(fake)


async def test_a_slow_error_replaces_the_public_thinking_with_a_private_reply(
        fake_discord: FakeDiscord, start_bot: StartBot, builtin_db: Path, tmp_path: Path
) -> None:
    fake = fake_discord
    await start_bot(SLOW_BOT, "run", env=bot_env(fake, tmp_path, builtin_db,
                                                 E2E_SLOW_ANSWERS="1.5"))
    unclear = await fake.interact(fake.slash("ward", name="colindale"), timeout=TIMEOUT)
    assert unclear.type == 5
    await fake.wait_until(lambda: unclear.followups, TIMEOUT, "the private follow-up")
    assert_answered_once(unclear.interaction)
    # The public "thinking…" is deleted, so the menu is not shown to everyone ...
    deletes = [r for r in unclear.interaction.requests if r.method == "DELETE"]
    assert [r.status for r in deletes] == [204]
    assert unclear.interaction.original_id not in fake.messages
    # ... and the menu comes as a private follow-up.
    [private] = unclear.followups
    assert unclear.message == private
    assert private["flags"] & EPHEMERAL
    assert private["content"].startswith("More than one ward")

    # Picking is a component interaction whose answer is slow too: deferred, then the card.
    menu_id, north = select_value(private, "Colindale North")
    picked = await fake.interact(fake.click(private, menu_id, values=[north]), timeout=TIMEOUT)
    assert picked.type == 5
    assert_answered_once(picked.interaction)
    card = picked.message
    assert card["embeds"][0]["author"]["name"].startswith("Colindale North")
    assert_no_mentions(fake)


async def test_a_slow_chart_is_waited_for_after_deferring(
        fake_discord: FakeDiscord, start_bot: StartBot, builtin_db: Path, tmp_path: Path
) -> None:
    fake = fake_discord
    await start_bot(SLOW_BOT, "run", env=bot_env(fake, tmp_path, builtin_db,
                                                 E2E_SLOW_CHARTS="1.5"))
    answer = await fake.interact(fake.slash("history", council="barnet"), timeout=TIMEOUT)
    assert answer.type == 5
    assert_answered_once(answer.interaction)
    card = answer.message
    assert card["embeds"][0]["image"]["url"] == "attachment://chart.png"
    assert [a["filename"] for a in card["attachments"]] == ["chart.png"]
