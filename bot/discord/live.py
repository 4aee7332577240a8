"""Election night over discord.py: the real Poster, the channel permission check, and the
task that runs the poller (bot/live/poller.py) while someone follows something.

Sending: discord.py 2.7's Messageable.send(nonce=...) puts `nonce` and `enforce_nonce: true`
in the Create Message payload (discord/http.py handle_message_parameters), so Discord
returns the message already made with that nonce instead of posting twice.

Rate limits: discord.py already waits out every 429 (per route bucket and global) and
retries by itself. The poller's Limiter (bot/live/poster.py) paces our own calls below the
global 50/s, leaving room for replies to commands, so the two do not fight: ours keeps the
average down, discord.py's handles what Discord still refuses. A 429 that reaches us
(discord.RateLimited, raised only past the client's max_ratelimit_timeout) becomes a typed
RateLimited and the poller waits its retry_after.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

import discord

from bot.discord.embed import pages_of
from bot.live.following import NEEDED
from bot.live.poster import (
    GLOBAL_PER_SECOND,
    ChannelGone,
    Limiter,
    MessageGone,
    MissingPermission,
    NotFound,
    Outcome,
    RateLimited,
    Sent,
)
from bot.render.card import Card

if TYPE_CHECKING:
    from bot.live.poller import Poller

log = logging.getLogger(__name__)

NO_MENTIONS = discord.AllowedMentions.none()
HISTORY_LIMIT = 100  # find: the bot's recent messages read back (one request)
POSTER_SHARE = 0.9  # of Discord's global 50/s; the rest is for answering commands
# Discord's JSON error codes (https://discord.com/developers/docs/topics/opcodes-and-status-codes)
UNKNOWN_CHANNEL, UNKNOWN_MESSAGE, MISSING_ACCESS, MISSING_PERMISSIONS = 10003, 10008, 50001, 50013


def missing_permissions(perms: discord.Permissions) -> list[str]:
    """What the bot lacks of NEEDED in a channel, as Discord names it."""
    have = {"View Channel": perms.view_channel, "Send Messages": perms.send_messages,
            "Embed Links": perms.embed_links,
            "Read Message History": perms.read_message_history}
    return [name for name in NEEDED if not have[name]]


def embeds(cards: Sequence[Card]) -> list[discord.Embed]:
    """One embed per card. A live post has no pager: a card is laid out by Discord's
    limits only, not cut to a phone screen (a long board would lose its tail)."""
    return [pages_of(card, screen=False)[0] for card in cards]


class DiscordPoster:
    """bot/live/poster.py's Poster over a logged-in discord.py client."""

    def __init__(self, client: discord.Client) -> None:
        self.client = client

    async def _channel(self, channel_id: int) -> Any:
        channel = self.client.get_channel(channel_id)
        if channel is None:
            channel = await self.client.fetch_channel(channel_id)
        return channel

    def _missing(self, channel: Any) -> MissingPermission:
        """Which permission a 403 means, if the channel and our member are known."""
        guild = getattr(channel, "guild", None)
        if guild is not None and guild.me is not None:
            lacking = missing_permissions(channel.permissions_for(guild.me))
            if lacking:
                return MissingPermission(lacking[0])
        return MissingPermission("Send Messages")

    def _outcome(self, exc: discord.HTTPException, channel: Any = None) -> Outcome:
        if isinstance(exc, discord.NotFound):
            return MessageGone() if exc.code == UNKNOWN_MESSAGE else ChannelGone()
        if isinstance(exc, discord.Forbidden):
            if exc.code == MISSING_ACCESS:
                return MissingPermission("View Channel")
            return self._missing(channel)
        if exc.status == 429:
            retry = float(getattr(exc, "retry_after", 0) or 1.0)
            return RateLimited(retry, "channel")
        raise exc  # a 5xx after discord.py's own retries: the poller's round fails, retried

    async def send(self, channel_id: int, cards: Sequence[Card], nonce: str) -> Outcome:
        channel = None
        try:
            channel = await self._channel(channel_id)
            msg = await channel.send(embeds=embeds(cards), nonce=nonce,
                                     allowed_mentions=NO_MENTIONS)
        except discord.RateLimited as exc:
            return RateLimited(exc.retry_after, "channel")
        except discord.HTTPException as exc:
            return self._outcome(exc, channel)
        return Sent(msg.id)

    async def edit(self, channel_id: int, message_id: int, cards: Sequence[Card]) -> Outcome:
        channel = None
        try:
            channel = await self._channel(channel_id)
            msg = await channel.get_partial_message(message_id).edit(
                embeds=embeds(cards), allowed_mentions=NO_MENTIONS)
        except discord.RateLimited as exc:
            return RateLimited(exc.retry_after, "channel")
        except discord.HTTPException as exc:
            return self._outcome(exc, channel)
        return Sent(msg.id)

    async def find(self, channel_id: int, nonce: str, since: datetime,
                   cards: Sequence[Card]) -> Outcome:
        """Our message with this nonce among the channel's recent ones; Discord returns a
        message's nonce only for a short while, so the cards' titles are matched too."""
        me = self.client.user
        titles = [e.title for e in embeds(cards)]
        channel = None
        try:
            channel = await self._channel(channel_id)
            async for m in channel.history(limit=HISTORY_LIMIT, after=since,
                                           oldest_first=True):
                if me is None or m.author.id != me.id:
                    continue
                if (m.nonce is not None and str(m.nonce) == nonce) or \
                        [e.title for e in m.embeds] == titles:
                    return Sent(m.id)
        except discord.RateLimited as exc:
            return RateLimited(exc.retry_after, "channel")
        except discord.HTTPException as exc:
            return self._outcome(exc, channel)
        return NotFound()


class LiveRunner:
    """Runs the poller in the background while at least one follow is active.

    `wake()` (after /follow) starts it at once; with no follows it waits for one instead of
    asking Democracy Club about nothing. A round that fails (Democracy Club down, a
    database error) is logged and retried after a pause; the ledger makes a retry safe.
    """

    RETRY_AFTER = 60.0

    def __init__(self, make_poller: Callable[[], Poller], has_follows: Callable[[], Any], *,
                 ready: Callable[[], Any] | None = None,
                 sleep: Callable[[float], Any] = asyncio.sleep) -> None:
        self._make = make_poller
        self._ready = ready
        self._has_follows = has_follows
        self._sleep = sleep
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        if self._task is None:
            self._task = asyncio.get_running_loop().create_task(self._run(), name="live")

    def wake(self) -> None:
        self._wake.set()

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
            self._task = None

    async def _run(self) -> None:
        if self._ready is not None:
            await self._ready()  # the channel cache is filled by READY's guilds
        while not await self._has_follows():
            self._wake.clear()
            await self._wake.wait()
        poller = self._make()
        log.info("election night: polling for the followed councils")
        while True:
            try:
                await poller.run()
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("election night: a poll failed; trying again in %g s",
                              self.RETRY_AFTER)
                await self._sleep(self.RETRY_AFTER)


def poster_limiter() -> Limiter:
    return Limiter(rate=GLOBAL_PER_SECOND * POSTER_SHARE)


def utcnow() -> datetime:
    return datetime.now(UTC)
