"""What the cogs send, checked against Discord's OpenAPI spec: embeds, menus, suggestions."""

from __future__ import annotations

import pytest

from bot.discord.client import ElectionBot
from tests.cogs.conftest import BARNET_SERVER
from tests.discord.test_embed import assert_within_limits
from tests.discord_mocks import run_command, sent, suggest
from tests.openapi import problems

QUESTIONS = [
    ("seats", {"council": "barnet"}),
    ("seats", {"council": "barnet", "election": "1964"}),
    ("ward", {"name": "childs hill"}),
    ("ward", {"name": "burnt oak"}),
    ("councillor", {"name": "zinkin"}),
    ("quote", {"who": "rawlings"}),
    ("quote", {"who": "labour"}),
    ("party", {"name": "labour", "council": "barnet"}),
    ("party", {"name": "labour"}),
    ("history", {"council": "barnet"}),
    ("byelections", {"council": "barnet"}),
    ("about", {}),
    ("help", {}),
]


@pytest.mark.parametrize("command, options", QUESTIONS)
async def test_every_answer_fits_discord(bot: ElectionBot, command: str,
                                         options: dict[str, str]) -> None:
    msg = sent(await run_command(bot, command, **options))
    assert_within_limits([msg["embed"]])
    if "view" in msg:
        for row in msg["view"].to_components():
            assert problems("ActionRowComponentForMessageRequest", row) == []


async def test_did_you_mean_menu_fits_discord(bot: ElectionBot) -> None:
    msg = sent(await run_command(bot, "ward", name="colindale"))
    rows = msg["view"].to_components()
    assert rows
    for row in rows:
        assert problems("ActionRowComponentForMessageRequest", row) == []


@pytest.mark.parametrize("command, option, text", [
    ("ward", "name", "chi"), ("ward", "name", ""), ("seats", "council", "b"),
    ("quote", "who", "r"), ("party", "name", "l"), ("councillor", "name", "a"),
    ("seats", "election", ""),
])
async def test_suggestions_fit_discord(bot: ElectionBot, command: str, option: str,
                                       text: str) -> None:
    choices = await suggest(bot, command, option, text, guild_id=BARNET_SERVER)
    payload = {"choices": [c.to_dict() for c in choices]}
    assert problems("InteractionApplicationCommandAutocompleteCallbackStringData", payload) == []
