"""/help's "/command" as clickable </command:id> mentions, plain where no id is known."""

from __future__ import annotations

from unittest.mock import AsyncMock, MagicMock

import discord
import pytest

from bot.discord.client import ElectionBot
from bot.discord.mentions import CommandIds, mention_text, with_mentions
from bot.render.card import Card, Field
from tests.discord_mocks import run_command, sent

IDS = {"seats": 11, "ward": 12, "settings": 13, "settings council": 13, "settings show": 13}


@pytest.mark.parametrize("text, expected", [
    ("/seats barnet", "</seats:11> barnet"),
    ("Try /ward burnt oak or /nope", "Try </ward:12> burnt oak or /nope"),
    ("/settings council barnet · /settings show",
     "</settings council:13> barnet · </settings show:13>"),
    ("see https://example.org/seats and a/seats", "see https://example.org/seats and a/seats"),
    ("`/seats barnet` stays code", "`/seats barnet` stays code"),
])
def test_mention_text(text: str, expected: str) -> None:
    assert mention_text(text, IDS) == expected


def test_unknown_ids_leave_the_card_alone() -> None:
    card = Card(title="How to ask", description="/seats barnet")
    assert with_mentions(card, {}) is card
    changed = with_mentions(card, IDS)
    assert changed.description == "</seats:11> barnet" and card.description == "/seats barnet"


async def test_ids_are_fetched_once_and_a_failure_is_plain_text() -> None:
    tree = MagicMock()
    command = MagicMock(options=[])
    command.name, command.id = "seats", 11
    tree.fetch_commands = AsyncMock(return_value=[command])
    ids = CommandIds(tree)
    assert await ids.get(None) == {"seats": 11}
    assert await ids.get(5) == {"seats": 11}  # no copies in that guild: the global ids
    tree.fetch_commands.assert_awaited_once()

    broken = MagicMock()
    broken.fetch_commands = AsyncMock(side_effect=discord.HTTPException(
        MagicMock(status=500, reason="down"), "down"))
    assert await CommandIds(broken).get(None) == {}


async def test_help_in_discord_has_mentions(bot: ElectionBot,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    bot.command_ids._ids[None] = dict(IDS)
    card = Card(title="How to ask", fields=[Field("Seats", "e.g. /seats barnet")])
    monkeypatch.setattr(bot.answers, "help", lambda: card)
    embed = sent(await run_command(bot, "help"))["embed"]
    assert embed.fields[0].value == "e.g. </seats:11> barnet"
