"""Issue 13, items 2-5: the Discord holes, each seen failing before its fix."""

from __future__ import annotations

import json
import logging
from unittest.mock import AsyncMock, MagicMock, patch

import discord
import pytest
from discord import app_commands

from bot.discord.client import ElectionBot
from bot.discord.embed import card_pages, clean
from bot.discord.options import _Council, _Text
from bot.discord.tree import report_error
from bot.render.card import Card, Field, SourceLink
from tests.cogs.conftest import BARNET_SERVER, PLAIN_SERVER
from tests.discord_mocks import find_command, make_interaction, run_command, sent

OWNER = 7
BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"


async def test_settings_show_needs_manage_server(bot: ElectionBot) -> None:
    msg = sent(await run_command(bot, "settings show", guild_id=BARNET_SERVER,
                                 manage_guild=False))
    assert msg["ephemeral"] is True and "Manage Server" in msg["content"]
    assert "embed" not in msg


async def test_a_member_without_manage_server_cannot_use_up_the_cooldown(
        bot: ElectionBot) -> None:
    command = find_command(bot, "settings council")

    def asking(manager: bool) -> MagicMock:
        inter = make_interaction(bot, guild_id=PLAIN_SERVER, manage_guild=manager,
                                 command=command)
        inter.created_at = discord.utils.utcnow()
        return inter

    for _ in range(5):  # more than the cooldown's 3 uses
        with pytest.raises(app_commands.MissingPermissions):
            await command._check_can_run(asking(False))
    assert await command._check_can_run(asking(True))  # the manager is not locked out


def not_found_10062() -> discord.NotFound:
    response = MagicMock(status=404, reason="Not Found")
    return discord.NotFound(response, {"code": 10062, "message": "Unknown interaction"})


async def test_an_expired_token_is_one_warning_without_traceback(
        bot: ElectionBot, caplog: pytest.LogCaptureFixture) -> None:
    inter = make_interaction(bot)
    command = find_command(bot, "seats")
    caplog.set_level(logging.INFO)
    await report_error(inter, app_commands.CommandInvokeError(command, not_found_10062()))
    records = [r for r in caplog.records if r.name.startswith("bot.")]
    assert [r.levelno for r in records] == [logging.WARNING]
    assert records[0].exc_info is None and "10062" in records[0].getMessage()
    inter.response.send_message.assert_not_called()  # the token is dead: nothing to say
    inter.followup.send.assert_not_called()


async def test_a_bug_still_gets_its_traceback(bot: ElectionBot,
                                              caplog: pytest.LogCaptureFixture) -> None:
    inter = make_interaction(bot)
    command = find_command(bot, "seats")
    await report_error(inter, app_commands.CommandInvokeError(command, KeyError("x")))
    [record] = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert record.exc_info is not None


@pytest.mark.parametrize("value", [5, 2.5, True, None, ["barnet"], {"a": 1}])
async def test_an_option_of_the_wrong_json_type_never_reaches_the_answers(
        bot: ElectionBot, value: object) -> None:
    inter = make_interaction(bot)
    for transformer in (_Council(), _Text()):
        with pytest.raises(app_commands.TransformerError):
            await transformer.transform(inter, value)  # type: ignore[arg-type]


async def test_sync_where_bogus_is_refused(bot: ElectionBot) -> None:
    with patch.object(ElectionBot, "sync_commands", AsyncMock()) as sc:
        msg = sent(await run_command(bot, "sync", user_id=OWNER, where="bogus"))
    sc.assert_not_awaited()
    assert msg["ephemeral"] is True and "global" in msg["content"]


def test_bidi_overrides_from_data_never_reach_an_embed() -> None:
    evil = f"Lab{BIDI}our\x1b[31m\x85"
    card = Card(title=evil, description=evil, fields=[Field(evil, evil)], footer=evil,
                notices=[evil], sources=[SourceLink(evil, "https://example.org/")],
                author=evil, warning=evil)
    for embed in card_pages(card):
        text = json.dumps(embed.to_dict(), ensure_ascii=False)
        assert not any(ch in text for ch in BIDI + "\x1b\x85"), text
    assert clean("👨\u200d👩\u200d👧 Cymru\n\tok") == "👨\u200d👩\u200d👧 Cymru\n ok"
