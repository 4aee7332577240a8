"""Pure decisions: from what the ledger holds and the ballots as they are now, what to post.

Level-triggered: for every following channel and ballot it compares what should be shown
(a declared result's card, or nothing) with what was posted, so a missed poll, a restart
or a channel resumed later all come right by the same rule:

- declared, not posted -> a new card; a channel's new cards go out together, up to
  Discord's 10 embeds and 6,000 characters a message, rather than one message each
- declared, posted with other figures (or posted, then withdrawn) -> edit it, "corrected"
- posted, no longer declared (elected flags back to null, result removed) -> strike it
- the scoreboard (one per channel and election) -> post with the first result, then edit
- every ward declared -> the final verdict; edited like a result if that changes later
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from bot.live import cards as c
from bot.live.feed import BallotRecord, ElectionInfo
from bot.live.ledger import BOARD, CardEdit, Kind, NewCard, NewMessage, Posted
from bot.live.payload import card_from, card_json, digest, result_hash

EMBEDS_PER_MESSAGE = 10  # Discord's limits for one message
CHARS_PER_MESSAGE = 6000
CHARS_MARGIN = 200  # room for what a renderer adds (page marks, "(cont.)")


def new_nonce() -> str:
    """Discord takes a nonce of up to 25 characters; unique per bot, across channels."""
    return secrets.token_hex(12)


@dataclass(slots=True)
class Plan:
    messages: list[NewMessage] = field(default_factory=list)
    edits: list[CardEdit] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.messages or self.edits)


def batches(cards: Sequence[NewCard], sizes: Sequence[int]) -> list[list[NewCard]]:
    out: list[list[NewCard]] = []
    used = CHARS_PER_MESSAGE
    for card, size in zip(cards, sizes, strict=True):
        if not out or len(out[-1]) >= EMBEDS_PER_MESSAGE or \
                used + size > CHARS_PER_MESSAGE - CHARS_MARGIN:
            out.append([])
            used = 0
        out[-1].append(card)
        used += size
    return out


def decide(election: ElectionInfo, records: Sequence[BallotRecord], channels: Sequence[int],
           ledger: Sequence[Posted], book: c.PartyBook, baseline: c.Baseline | None,
           now: datetime, nonce: Callable[[], str] = new_nonce) -> Plan:
    plan = Plan()
    records = sorted(records, key=lambda r: r.ballot_id)
    held = {(p.channel_id, p.kind, p.ballot_id): p for p in ledger}
    declared = {r.ballot_id: r for r in records if r.declared}
    fresh = {b: c.result_card(r, election, book, baseline) for b, r in declared.items()}
    hashes = {b: result_hash(r) for b, r in declared.items()}
    ballots = {p.ballot_id for p in ledger if p.kind == "results"} | set(declared)
    live = [r for r in records if not r.cancelled]
    complete = bool(live) and all(r.declared for r in live)
    board = c.scoreboard_card(records, election, book, baseline) if declared else None
    final = c.final_card(records, election, book, baseline) if complete else None

    for ch in channels:
        new: list[NewCard] = []
        sizes: list[int] = []
        for b in sorted(ballots):
            posted = held.get((ch, "results", b))
            if b in declared:
                if posted is None:
                    new.append(NewCard(b, card_json(fresh[b]), hashes[b]))
                    sizes.append(c.card_chars(fresh[b]))
                elif posted.hash != hashes[b]:
                    plan.edits.append(CardEdit(ch, election.election_id, "results", b,
                                               card_json(c.corrected(fresh[b], now)),
                                               hashes[b], "corrected"))
            elif posted is not None and posted.status != "retracted":
                plan.edits.append(_struck(posted, now))
        for group in batches(new, sizes):
            plan.messages.append(NewMessage(ch, election.election_id, "results", nonce(),
                                            tuple(group)))
        _single(plan, held.get((ch, "scoreboard", BOARD)), board, ch, election, "scoreboard",
                now, nonce)
        _single(plan, held.get((ch, "final", BOARD)), final, ch, election, "final", now, nonce)
    return plan


def _struck(posted: Posted, now: datetime) -> CardEdit:
    card = c.retracted(card_from(posted.card), now)
    return CardEdit(posted.channel_id, posted.election_id, posted.kind, posted.ballot_id,
                    card_json(card), "retracted", "retracted")


def _single(plan: Plan, posted: Posted | None, card: c.Card | None, ch: int,
            election: ElectionInfo, kind: Kind, now: datetime, nonce: Callable[[], str]) -> None:
    """A scoreboard or final: one card per channel and election, edited in place."""
    if card is None:
        if posted is not None and posted.status != "retracted" and kind == "final":
            plan.edits.append(_struck(posted, now))
        return
    text = card_json(card)
    h = digest(text)
    if posted is None:
        plan.messages.append(NewMessage(ch, election.election_id, kind, nonce(),
                                        (NewCard(BOARD, text, h),)))
    elif posted.hash != h:
        status = "corrected" if kind == "final" else "posted"
        shown = c.corrected(card, now) if kind == "final" else card
        plan.edits.append(CardEdit(ch, election.election_id, kind, BOARD, card_json(shown),
                                   h, status))
