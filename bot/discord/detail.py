"""The private "Sources & notes" of a card: every note and every numbered source, in full.

The public card names only what fits a phone screen; this is where the rest stays
reachable. Nothing is dropped: a long list continues in more fields and, past one
embed's budget, in more embeds, up to Discord's ten per message; only beyond that does
it say how many are left (and that the terminal shows them all).
"""

from __future__ import annotations

import discord

from bot.discord.embed import (
    EMBED_TOTAL_MAX,
    EMBEDS_PER_MESSAGE,
    FIELD_VALUE_MAX,
    FIELDS_MAX,
    TITLE_MAX,
    _link_text,
    clean,
    clip,
    safe_url,
    split_text,
)
from bot.render.card import NEUTRAL, Card

DETAIL_TITLE = "Sources & notes"
# Per message, all embeds together: Discord's 6,000 characters over every embed.
_MESSAGE_BUDGET = EMBED_TOTAL_MAX


def _source_lines(card: Card) -> list[str]:
    lines = []
    for i, s in enumerate(card.sources, 1):
        title = _link_text(clip(clean(s.title) or "untitled source", 200))
        url = safe_url(s.url)
        lines.append(f"{i}. [{title}]({url})" if url else f"{i}. {title}")
    return lines


def _sections(card: Card) -> list[tuple[str, str]]:
    """(field name, value) pairs in reading order: the warning, the notes, the sources."""
    out: list[tuple[str, str]] = []
    if card.warning:
        out.append(("Warning", clean(card.warning)))
    if card.notices:
        out.append(("Notes", "\n".join(f"• {clean(n)}" for n in card.notices)))
    if card.sources:
        out.append(("Sources", "\n".join(_source_lines(card))))
    return out


def detail_pages(card: Card) -> list[discord.Embed]:
    """The card's warning, notes and numbered sources as embeds for ONE private message:
    at most ten embeds and 6,000 characters over all of them, every field within limits."""
    heading = clip(clean(card.title).replace("\n", " ").strip(), TITLE_MAX - 20) or "Answer"
    title = clip(f"{DETAIL_TITLE} · {heading}", TITLE_MAX)
    fields: list[tuple[str, str]] = []
    for name, value in _sections(card):
        for i, chunk in enumerate(split_text(value, FIELD_VALUE_MAX)):
            fields.append((name if i == 0 else f"{name} (cont.)", chunk))
    if not fields:
        fields.append(("Sources", "This answer names no sources or notes."))

    colour = card.colour & 0xFFFFFF if card.colour is not None else NEUTRAL
    embeds: list[discord.Embed] = []
    used = 0
    left = len(fields)
    for name, value in fields:
        size = len(name) + len(value)
        room = _MESSAGE_BUDGET - used - (len(title) if not embeds else 0)
        current = embeds[-1] if embeds else None
        needs_new = current is None or len(current.fields) >= FIELDS_MAX
        if size > room - 120 or (needs_new and len(embeds) >= EMBEDS_PER_MESSAGE):
            # Out of room in this message: say what is left rather than drop it silently.
            note = (f"…and {left} more part(s) of the sources and notes: "
                    "`election-bot ask` in a terminal shows them all.")
            target = embeds[-1] if embeds else discord.Embed(title=title, colour=colour)
            if not embeds:
                embeds.append(target)
            if len(target.fields) >= FIELDS_MAX:
                target.remove_field(-1)
            target.add_field(name="Not shown", value=note, inline=False)
            break
        if needs_new:
            current = discord.Embed(title=title if not embeds else None, colour=colour)
            embeds.append(current)
            used += len(title) if len(embeds) == 1 else 0
        assert current is not None
        current.add_field(name=name, value=value, inline=False)
        used += size
        left -= 1
    return embeds
