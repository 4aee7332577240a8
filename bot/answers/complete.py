"""Autocomplete: the choices offered while a user types a name or an election."""

from __future__ import annotations

from bot.answers._context import Context
from bot.answers._shared import election_label, elections
from bot.errors import Choice


def complete(ctx: Context, kind: str, text: str, council_id: str | None = None) -> list[Choice]:
    entries = ctx.index.autocomplete(kind, text, council_id)
    return [Choice(e.label[:100], e.id[:100]) for e in entries]


def complete_who(ctx: Context, text: str) -> list[Choice]:
    """/quote's `who`: speakers and parties in one ranked list.

    Speakers lead unless the text names a party outright ("lab", "green"), so a
    party is not buried under fuzzy matches on people's names.
    """
    speakers = complete(ctx, "speaker", text)
    parties = complete(ctx, "party", text)
    party_first = bool(text.strip()) and ctx.index.resolve("party", text).how in (
        "id", "exact", "prefix")
    first, second = (parties, speakers) if party_first else (speakers, parties)
    seen: set[str] = set()
    out = []
    for ch in [*first, *second]:
        if ch.value not in seen:
            seen.add(ch.value)
            out.append(ch)
    return out[:25]


def council_scope(ctx: Context, council_text: str | None, default: str | None) -> str | None:
    """The council an autocomplete should search in, from what is typed so far."""
    if council_text:
        res = ctx.index.resolve("council", council_text)
        return res.entry.id if res.status == "match" and res.entry else None
    return default


async def complete_election(ctx: Context, council_id: str | None, text: str) -> list[Choice]:
    if council_id is None:
        return []
    out = [Choice(election_label(v.election, v.full), v.election.id)
           for v in reversed(await elections(ctx, council_id))]
    q = text.strip().casefold()
    if q:
        out = [ch for ch in out if q in ch.label.casefold() or q in ch.value]
    return out[:25]
