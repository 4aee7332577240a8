"""/follow, /unfollow, /following: Manage Server checked at run time, the channel's
permissions checked before a follow is saved, and every follow listed with its status."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from unittest.mock import MagicMock, create_autospec

import discord
from discord import app_commands

from bot.discord.client import ElectionBot
from tests.cogs.conftest import PLAIN_SERVER
from tests.discord_mocks import assert_no_pings, find_command, make_interaction, sent

CHANNEL = 555
POSTER = discord.Permissions(view_channel=True, send_messages=True, embed_links=True,
                             read_message_history=True)


def channel_in(inter: MagicMock, perms: discord.Permissions,
               channel_id: int = CHANNEL) -> MagicMock:
    ch = create_autospec(discord.TextChannel, instance=True)
    ch.id, ch.mention, ch.guild = channel_id, f"<#{channel_id}>", inter.guild
    ch.permissions_for.side_effect = lambda who: perms
    inter.guild.me = create_autospec(discord.Member, instance=True)
    return ch


async def run(bot: ElectionBot, name: str, *, manage_guild: bool = True,
              perms: discord.Permissions = POSTER, guild_id: int | None = PLAIN_SERVER,
              **options: Any) -> MagicMock:
    command = find_command(bot, name)
    inter = make_interaction(bot, guild_id=guild_id, manage_guild=manage_guild,
                             command=command, user_id=9)
    if guild_id is not None:
        inter.channel = channel_in(inter, perms)  # /follow without a channel: this one
    try:
        await command.callback(command.binding, inter, **options)  # type: ignore[arg-type]
    except app_commands.AppCommandError as exc:
        await bot.tree.on_error(inter, exc)
    except Exception as exc:
        await bot.tree.on_error(inter, app_commands.CommandInvokeError(command, exc))
    return inter


def reply(inter: MagicMock) -> str:
    msg = sent(inter)
    assert_no_pings(msg)
    assert msg["ephemeral"] is True
    return msg["content"]


async def test_a_manager_follows_a_council_in_this_channel(bot: ElectionBot) -> None:
    text = reply(await run(bot, "follow", council="doncaster"))
    assert "Following Doncaster in <#555>" in text
    assert bot.live is not None
    (f,) = await bot.live.follows(guild_id=PLAIN_SERVER)
    assert (f.channel_id, f.council_id, f.followed_by, f.status) == (CHANNEL, "doncaster", 9,
                                                                     "active")


async def test_without_manage_server_nothing_is_followed(bot: ElectionBot) -> None:
    for name, options in (("follow", {"council": "doncaster"}),
                          ("unfollow", {"council": "doncaster"}), ("following", {})):
        text = reply(await run(bot, name, manage_guild=False, **options))
        assert "Manage Server" in text, name
    assert bot.live is not None and await bot.live.follows() == []


async def test_a_channel_the_bot_cannot_post_in_is_refused_naming_the_permission(
        bot: ElectionBot) -> None:
    no_embeds = discord.Permissions(view_channel=True, send_messages=True,
                                    read_message_history=True)
    text = reply(await run(bot, "follow", council="doncaster", perms=no_embeds))
    assert "I need the Embed Links permission" in text
    mute = discord.Permissions(view_channel=True)
    text = reply(await run(bot, "follow", council="doncaster", perms=mute))
    assert "Send Messages, Embed Links and Read Message History permissions" in text
    assert bot.live is not None and await bot.live.follows() == []


async def test_another_channel_is_checked_not_this_one(bot: ElectionBot) -> None:
    command = find_command(bot, "follow")
    inter = make_interaction(bot, guild_id=PLAIN_SERVER, manage_guild=True, command=command)
    inter.channel = channel_in(inter, POSTER)
    other = channel_in(inter, discord.Permissions(view_channel=True, embed_links=True,
                                                  read_message_history=True), 777)
    await command.callback(command.binding, inter, council="doncaster", channel=other)
    assert "<#777>" in reply(inter) and "Send Messages" in reply(inter)


async def test_an_unknown_council_is_not_followed(bot: ElectionBot) -> None:
    text = reply(await run(bot, "follow", council="atlantis"))
    assert "No council" in text
    assert bot.live is not None and await bot.live.follows() == []


async def test_following_lists_each_follow_with_its_status(bot: ElectionBot) -> None:
    assert "follows no council" in reply(await run(bot, "following"))
    assert bot.live is not None
    at = datetime(2027, 5, 6, 23, 0, tzinfo=UTC)
    await bot.live.follow(PLAIN_SERVER, 1, "doncaster", 9, at)
    await bot.live.follow(PLAIN_SERVER, 2, "barnet", 9, at)
    await bot.live.follow(PLAIN_SERVER + 1, 3, "barnet", 9, at)  # another server's
    await bot.live.pause_channel(2, "missing permission: Embed Links", at)
    text = reply(await run(bot, "following"))
    lines = text.splitlines()[1:]
    assert len(lines) == 2
    assert lines[0].startswith("• Doncaster in <#1>: active")
    assert lines[1].startswith("• Barnet in <#2>: paused since 2027-05-06, missing "
                               "permission: Embed Links")


async def test_unfollow_and_follow_again(bot: ElectionBot) -> None:
    reply(await run(bot, "follow", council="doncaster"))
    assert bot.live is not None
    await bot.live.pause_channel(CHANNEL, "channel deleted", datetime.now(UTC))
    assert "again" in reply(await run(bot, "follow", council="doncaster"))
    assert [f.status for f in await bot.live.follows()] == ["active"]
    assert "Stopped following Doncaster" in reply(await run(bot, "unfollow",
                                                            council="doncaster"))
    assert "was not followed" in reply(await run(bot, "unfollow", council="doncaster"))
    assert await bot.live.follows() == []


async def test_hidden_from_members_and_guild_only(bot: ElectionBot) -> None:
    for name in ("follow", "unfollow", "following"):
        payload = find_command(bot, name).to_dict(bot.tree)
        assert payload["default_member_permissions"] == str(1 << 5) or \
            payload["default_member_permissions"] == 1 << 5, name
        assert payload["dm_permission"] is False, name
