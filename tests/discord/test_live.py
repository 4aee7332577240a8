"""The real Poster over discord.py: nonce sent with every new message, no pings, one embed
per card, and Discord's errors as the poller's typed outcomes."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from unittest.mock import AsyncMock, MagicMock, create_autospec

import discord
import pytest

from bot.discord import live
from bot.discord.live import DiscordPoster, missing_permissions
from bot.live.poster import ChannelGone, MessageGone, MissingPermission, NotFound, Sent
from bot.render.card import Card

CARDS = [Card(title="Balby South: Labour hold", description="x"),
         Card(title="Bessacarr: Conservative gain from Labour", description="y")]


def http_error(cls: type[discord.HTTPException], status: int, code: int) -> Exception:
    response = MagicMock(status=status, reason="x")
    return cls(response, {"code": code, "message": "x"})


def poster(channel: Any) -> DiscordPoster:
    client = create_autospec(discord.Client, instance=True)
    client.get_channel.return_value = channel
    client.user = MagicMock(id=1)
    return DiscordPoster(client)


def text_channel(perms: discord.Permissions | None = None) -> MagicMock:
    ch = create_autospec(discord.TextChannel, instance=True)
    ch.guild = create_autospec(discord.Guild, instance=True)
    ch.guild.me = create_autospec(discord.Member, instance=True)
    ch.permissions_for.return_value = perms or discord.Permissions.all()
    return ch


async def test_send_passes_the_nonce_no_pings_and_an_embed_per_card() -> None:
    ch = text_channel()
    ch.send.return_value = MagicMock(id=99)
    out = await poster(ch).send(5, CARDS, "abc123")
    assert out == Sent(99)
    kwargs = ch.send.call_args.kwargs
    assert kwargs["nonce"] == "abc123"
    assert kwargs["allowed_mentions"].to_dict() == discord.AllowedMentions.none().to_dict()
    assert [e.title for e in kwargs["embeds"]] == [c.title for c in CARDS]


def test_discord_py_sends_enforce_nonce_with_a_nonce() -> None:
    # What Messageable.send puts on the wire: the dedupe needs both fields.
    params = discord.http.handle_message_parameters(content="x", nonce="abc123")
    assert params.payload is not None
    assert (params.payload["nonce"], params.payload["enforce_nonce"]) == ("abc123", True)


@pytest.mark.parametrize(("error", "outcome"), [
    (http_error(discord.NotFound, 404, live.UNKNOWN_CHANNEL), ChannelGone()),
    (http_error(discord.Forbidden, 403, live.MISSING_ACCESS), MissingPermission("View Channel")),
    (http_error(discord.Forbidden, 403, live.MISSING_PERMISSIONS),
     MissingPermission("Embed Links")),
])
async def test_send_failures_are_typed(error: Exception, outcome: object) -> None:
    ch = text_channel(discord.Permissions(view_channel=True, send_messages=True,
                                          read_message_history=True))
    ch.send.side_effect = error
    assert await poster(ch).send(5, CARDS, "n") == outcome


async def test_edit_of_a_deleted_message() -> None:
    ch = text_channel()
    partial = MagicMock()
    partial.edit = AsyncMock(side_effect=http_error(discord.NotFound, 404,
                                                    live.UNKNOWN_MESSAGE))
    ch.get_partial_message.return_value = partial
    assert await poster(ch).edit(5, 42, CARDS) == MessageGone()
    partial.edit = AsyncMock(return_value=MagicMock(id=42))
    assert await poster(ch).edit(5, 42, CARDS) == Sent(42)
    assert partial.edit.call_args.kwargs["allowed_mentions"].to_dict() == \
        discord.AllowedMentions.none().to_dict()


async def test_find_matches_our_own_message_by_nonce_or_cards() -> None:
    ch = text_channel()
    mine_other = MagicMock(id=10, nonce=None, embeds=[discord.Embed(title="else")])
    mine_other.author.id = 1
    theirs = MagicMock(id=11, nonce="n1", embeds=[])
    theirs.author.id = 2
    mine = MagicMock(id=12, nonce="n1", embeds=[])
    mine.author.id = 1

    def history(messages: list[MagicMock]) -> Any:
        async def gen(**kwargs: Any) -> Any:
            for m in messages:
                yield m
        return gen

    since = datetime(2027, 5, 7, tzinfo=UTC)
    ch.history.side_effect = history([mine_other, theirs, mine])
    assert await poster(ch).find(5, "n1", since, CARDS) == Sent(12)
    ch.history.side_effect = history([mine_other, theirs])
    assert await poster(ch).find(5, "n1", since, CARDS) == NotFound()
    same = MagicMock(id=13, nonce=None, embeds=[discord.Embed(title=c.title) for c in CARDS])
    same.author.id = 1
    ch.history.side_effect = history([same])
    assert await poster(ch).find(5, "n1", since, CARDS) == Sent(13)


def test_missing_permissions_in_discord_s_names() -> None:
    assert missing_permissions(discord.Permissions.all()) == []
    assert missing_permissions(discord.Permissions.none()) == [
        "View Channel", "Send Messages", "Embed Links", "Read Message History"]


async def test_the_runner_polls_only_once_someone_follows() -> None:
    import asyncio

    follows: list[str] = []
    runs: list[str] = []

    class Poller:
        async def run(self) -> None:
            runs.append("run")
            await asyncio.Event().wait()  # polls until cancelled

    async def has_follows() -> bool:
        return bool(follows)

    runner = live.LiveRunner(Poller, has_follows)  # type: ignore[arg-type]
    runner.start()
    await asyncio.sleep(0.01)
    assert runs == []  # nobody follows anything: no poller, no requests
    follows.append("doncaster")
    runner.wake()
    await asyncio.sleep(0.01)
    assert runs == ["run"]
    await runner.stop()
    assert runner._task is None
