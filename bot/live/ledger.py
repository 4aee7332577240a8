"""The storage interface of election night: follows, poll positions, and the posting ledger.

One Protocol, LiveStore; bot/store/live.py implements it on the SQLite state database.
Nothing here assumes one process owns the ledger: a post is claimed by inserting its
(channel, ballot) row under a unique key, and a send by a compare-and-set lease, so two
pollers (or a poller restarted while the old one is still draining) never post twice.

The ledger is an outbox. Each Discord message the poller wants is a row with the cards it
should show and a version; Discord is known to show `shown_version`. A new message has no
message id; an edited card bumps `version`. Planning (what should be shown) commits with the
poll's new position in one transaction; sending drains the outbox. A crash anywhere leaves
a row that says exactly what is still to do.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Literal, Protocol

Kind = Literal["results", "scoreboard", "final"]
Status = Literal["posted", "corrected", "retracted"]
BOARD = ""  # the ballot id of a scoreboard's or final's one card


@dataclass(frozen=True, slots=True)
class Follow:
    guild_id: int
    channel_id: int
    council_id: str
    followed_by: int | None
    followed_at: str  # ISO 8601, UTC
    status: Literal["active", "paused"]
    reason: str | None  # why paused: "channel deleted", "missing permission: Embed Links"
    changed_at: str | None


@dataclass(frozen=True, slots=True)
class Posted:
    """One card the ledger holds for a channel: what it shows and where."""

    channel_id: int
    election_id: str
    kind: Kind
    ballot_id: str  # BOARD for a scoreboard or final
    card: str  # JSON (bot/live/payload.py)
    hash: str
    status: Status
    message_row: int


@dataclass(frozen=True, slots=True)
class NewCard:
    ballot_id: str
    card: str
    hash: str
    status: Status = "posted"


@dataclass(frozen=True, slots=True)
class NewMessage:
    channel_id: int
    election_id: str
    kind: Kind
    nonce: str  # chosen before sending, kept with the row
    cards: tuple[NewCard, ...]


@dataclass(frozen=True, slots=True)
class CardEdit:
    channel_id: int
    election_id: str
    kind: Kind
    ballot_id: str
    card: str
    hash: str
    status: Status


@dataclass(frozen=True, slots=True)
class SeenRecord:
    ballot_id: str
    election_id: str
    record: str  # JSON (bot/live/payload.py)
    last_updated: datetime


@dataclass(frozen=True, slots=True)
class Pending:
    """A message still to send (message_id None) or to edit (shown_version < version)."""

    row: int
    channel_id: int
    election_id: str
    kind: Kind
    nonce: str
    version: int
    shown_version: int
    message_id: int | None
    first_try_at: datetime | None  # when this nonce was first sent: Discord may hold it


class LiveStore(Protocol):
    # follows
    async def follow(self, guild_id: int, channel_id: int, council_id: str,
                     user_id: int | None, at: datetime) -> Follow: ...
    async def unfollow(self, channel_id: int, council_id: str) -> bool: ...
    async def follows(self, *, guild_id: int | None = None, council_id: str | None = None,
                      active: bool = False) -> list[Follow]: ...
    async def pause_channel(self, channel_id: int, reason: str, at: datetime) -> int: ...
    async def resume(self, channel_id: int, council_id: str, at: datetime) -> bool: ...

    # where the feed was read to, and what it said
    async def position(self, election_id: str) -> datetime | None: ...
    async def seen(self, election_id: str) -> list[SeenRecord]: ...
    async def ledger(self, election_id: str) -> list[Posted]: ...
    async def commit(self, marks: Mapping[str, datetime], records: Sequence[SeenRecord],
                     messages: Sequence[NewMessage], edits: Sequence[CardEdit],
                     at: datetime) -> None:
        """All at once or not at all: the new positions, records and planned posts."""
        ...

    # the outbox
    async def outbox(self) -> list[Pending]: ...
    async def claim(self, row: int, owner: str, now: datetime, lease_s: float) -> Pending | None:
        """Take a row for `lease_s` seconds; None if another poller holds it or it is done."""
        ...
    async def trying(self, row: int, now: datetime) -> None:
        """Recorded before each first send of a nonce."""
        ...
    async def cards(self, row: int) -> list[str]: ...
    async def sent(self, row: int, message_id: int, version: int) -> None: ...
    async def edited(self, row: int, version: int) -> None: ...
    async def renonce(self, row: int, old: str, new: str) -> bool: ...
    async def drop(self, row: int) -> None:
        """The message was deleted in Discord: stop editing it."""
        ...
    async def reopen_board(self, row: int, nonce: str) -> None:
        """A scoreboard deleted in Discord: send it again as a new message."""
        ...
