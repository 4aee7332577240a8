"""How the poller talks to Discord: the Poster Protocol, its typed outcomes, and the shared
limiter that keeps every send and edit within Discord's global 50 requests a second.

The real Poster (over discord.py, in bot/discord/) sends each new message with
`nonce=<the ledger's nonce>` and `enforce_nonce=True`: Discord then returns the message
already created by the same author with that nonce "in the past few minutes" instead of
posting again (Create Message, changelog of 12 Feb 2024). The window is not documented
more exactly than that, so the poller trusts it for NONCE_WINDOW only, well inside "a few
minutes"; after that it asks `find` (the bot's own messages in the channel since the first
try, matched on the nonce or, where Discord does not return it, on the cards) and sends
with a fresh nonce only when nothing is found.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

from bot.render.card import Card

NONCE_WINDOW = timedelta(minutes=2)
GLOBAL_PER_SECOND = 50.0  # Discord's global rate limit for a bot


@dataclass(frozen=True, slots=True)
class Sent:
    message_id: int


@dataclass(frozen=True, slots=True)
class NotFound:
    """find: no message with that nonce since the first try."""


@dataclass(frozen=True, slots=True)
class ChannelGone:
    """The channel was deleted, or the bot left the server (404 Unknown Channel)."""


@dataclass(frozen=True, slots=True)
class MissingPermission:
    name: str  # as Discord names it: "Send Messages", "Embed Links", "Read Message History"


@dataclass(frozen=True, slots=True)
class MessageGone:
    """edit: the message was deleted in Discord (404 Unknown Message)."""


@dataclass(frozen=True, slots=True)
class RateLimited:
    retry_after: float  # seconds, from Discord's 429
    scope: str = "channel"  # "global" holds every channel back


Outcome = Sent | NotFound | ChannelGone | MissingPermission | MessageGone | RateLimited


class Poster(Protocol):
    async def send(self, channel_id: int, cards: Sequence[Card], nonce: str) -> Outcome:
        """A new message of these cards (one embed each), with nonce + enforce_nonce."""
        ...

    async def edit(self, channel_id: int, message_id: int, cards: Sequence[Card]) -> Outcome:
        ...

    async def find(self, channel_id: int, nonce: str, since: datetime,
                   cards: Sequence[Card]) -> Outcome:
        """The bot's own message in the channel sent since `since` with this nonce: Sent
        (its id) or NotFound."""
        ...


class Limiter:
    """A token bucket shared by every task of the poller: `rate` calls a second on average,
    at most `burst` at once; a global 429 empties it for its retry_after."""

    def __init__(self, rate: float = GLOBAL_PER_SECOND, burst: int | None = None,
                 clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], Awaitable[None]] = asyncio.sleep) -> None:
        self.rate = rate
        self.burst = burst if burst is not None else max(1, int(rate))
        self._clock, self._sleep = clock, sleep
        self._tokens = float(self.burst)
        self._at = clock()
        self._hold_until = 0.0
        self._lock = asyncio.Lock()

    def hold(self, seconds: float) -> None:
        self._hold_until = max(self._hold_until, self._clock() + seconds)
        self._tokens = 0.0

    async def acquire(self) -> None:
        async with self._lock:
            while True:
                now = self._clock()
                if now < self._hold_until:
                    await self._sleep(self._hold_until - now)
                    continue
                self._tokens = min(self.burst, self._tokens + (now - self._at) * self.rate)
                self._at = now
                if self._tokens >= 1:
                    self._tokens -= 1
                    return
                await self._sleep((1 - self._tokens) / self.rate)
