"""The private "Sources & notes" of a card: every note and every numbered source, in full.

The public card names only what fits a phone screen; this is where the rest stays
reachable. Nothing is dropped: a long list continues in more fields and, past one
embed's budget, in more embeds sent as more private messages; only beyond MESSAGES_MAX does
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
from bot.render.card import Card

DETAIL_TITLE = "Sources & notes"
MESSAGES_MAX = 5  # private follow-ups for one click; each embed fills most of one
EMBEDS_MAX = MESSAGES_MAX
_NOTE_ROOM = 200  # kept free in every embed for the "…and N more" line


def _source_lines(card: Card) -> list[str]:
    lines = []
    for i, s in enumerate(card.sources, 1):
        title = _link_text(clip(clean(s.title) or "untitled source", 200))
        url = safe_url(s.url)
        lines.append(f"{i}. [{title}]({url})" if url else f"{i}. {title}")
    return lines


def _sections(card: Card) -> list[tuple[str, str]]:
    """(field name, value) pairs in reading order: the warning, the fields kept off the
    public card, the notes, the sources,
    then what the answer is about and the data version (kept out of the public card)."""
    out: list[tuple[str, str]] = []
    if card.warning:
        out.append(("Warning", clean(card.warning)))
    out += [(clean(f.name), clean(f.value)) for f in card.detail]
    if card.notices:
        out.append(("Notes", "\n".join(f"• {clean(n)}" for n in card.notices)))
    if card.sources:
        out.append(("Sources", "\n".join(_source_lines(card))))
    if card.reference:
        out.append(("About this answer", clean(card.reference)))
    return out


def _size(embed: discord.Embed) -> int:
    return len(embed.title or "") + sum(len(f.name or "") + len(f.value or "")
                                        for f in embed.fields)


def detail_pages(card: Card) -> list[discord.Embed]:
    """The card's warning, notes and numbered sources as embeds, each within Discord's
    limits (25 fields, 6,000 characters); `messages` groups them into private messages.
    Beyond MESSAGES_MAX messages' worth, the last says how much is left."""
    heading = clip(clean(card.title).replace("\n", " ").strip(), TITLE_MAX - 20) or "Answer"
    title = clip(f"{DETAIL_TITLE} · {heading}", TITLE_MAX)
    fields: list[tuple[str, str]] = []
    for name, value in _sections(card):
        for i, chunk in enumerate(split_text(value, FIELD_VALUE_MAX)):
            fields.append((name if i == 0 else f"{name} (cont.)", chunk))
    if not fields:
        fields.append(("Sources", "This answer names no sources or notes."))

    colour = card.colour & 0xFFFFFF
    budget = EMBED_TOTAL_MAX - len(title) - _NOTE_ROOM
    embeds: list[discord.Embed] = []
    for n, (name, value) in enumerate(fields):
        current = embeds[-1] if embeds else None
        if (current is None or len(current.fields) >= FIELDS_MAX - 1
                or _size(current) + len(name) + len(value) > budget):
            if len(embeds) >= EMBEDS_MAX:
                embeds[-1].add_field(name="Not shown", value=(
                    f"…and {len(fields) - n} more part(s) of the sources and notes: "
                    "`election-bot ask` in a terminal shows them all."), inline=False)
                break
            current = discord.Embed(title=title, colour=colour)
            embeds.append(current)
        current.add_field(name=name, value=value, inline=False)
    return embeds


def messages(embeds: list[discord.Embed]) -> list[list[discord.Embed]]:
    """Embeds grouped into messages of at most ten and 6,000 characters each."""
    out: list[list[discord.Embed]] = []
    used = 0
    for embed in embeds:
        size = _size(embed)
        if not out or len(out[-1]) >= EMBEDS_PER_MESSAGE or used + size > EMBED_TOTAL_MAX:
            out.append([])
            used = 0
        out[-1].append(embed)
        used += size
    return out
