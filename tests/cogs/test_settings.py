"""/settings council and /settings show: only server managers may change the default."""

from __future__ import annotations

from discord import app_commands

from bot.discord.client import ElectionBot
from tests.cogs.conftest import BARNET_SERVER, PLAIN_SERVER
from tests.discord_mocks import assert_no_pings, embed_text, find_command, run_command, sent


async def test_a_manager_sets_the_default_council(bot: ElectionBot) -> None:
    inter = await run_command(bot, "settings council", name="camden", guild_id=PLAIN_SERVER,
                              manage_guild=True, user_id=5)
    msg = sent(inter)
    assert_no_pings(msg)
    assert msg["ephemeral"] is True
    assert "London Borough of Camden" in embed_text([msg["embed"]])
    saved = bot.state.guild(PLAIN_SERVER)
    assert saved is not None and (saved.default_council, saved.updated_by) == ("camden", 5)
    # ... and questions in that server now use it.
    seats = await run_command(bot, "seats", guild_id=PLAIN_SERVER)
    assert "Camden" in sent(seats)["embed"].author.name


async def test_without_manage_server_the_refusal_is_private(bot: ElectionBot) -> None:
    inter = await run_command(bot, "settings council", name="camden", guild_id=BARNET_SERVER,
                              manage_guild=False)
    msg = sent(inter)
    assert msg["ephemeral"] is True and "Manage Server" in msg["content"]
    assert bot.state.default_council(BARNET_SERVER) == "barnet"  # unchanged


async def test_not_in_direct_messages(bot: ElectionBot) -> None:
    msg = sent(await run_command(bot, "settings council", name="camden", guild_id=None,
                                 manage_guild=True))
    assert msg["ephemeral"] is True and "only in a server" in msg["content"]


async def test_an_unknown_council_is_not_saved(bot: ElectionBot) -> None:
    msg = sent(await run_command(bot, "settings council", name="atlantis",
                                 guild_id=PLAIN_SERVER, manage_guild=True))
    assert msg["ephemeral"] is True and "No council" in msg["content"]
    assert bot.state.guild(PLAIN_SERVER) is None


async def test_show(bot: ElectionBot) -> None:
    here = sent(await run_command(bot, "settings show", guild_id=BARNET_SERVER,
                                  manage_guild=True))
    assert "London Borough of Barnet" in embed_text([here["embed"]])
    none = sent(await run_command(bot, "settings show", guild_id=PLAIN_SERVER,
                                  manage_guild=True))
    assert "None set" in embed_text([none["embed"]])


async def test_hidden_from_members_and_guild_only(bot: ElectionBot) -> None:
    group = bot.tree.get_command("settings")
    assert isinstance(group, app_commands.Group)
    payload = group.to_dict(bot.tree)
    assert payload["default_member_permissions"] == 1 << 5  # MANAGE_GUILD
    assert payload["dm_permission"] is False
    assert find_command(bot, "settings council").checks  # the cooldown
