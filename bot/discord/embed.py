"""Card -> Discord embeds: one embed per page, every page within Discord's limits.

A card is laid out in its own order (description, fields, then notes and sources)
and packed into pages. Long text is split at line breaks, never dropped; only a
card too long even for MAX_PAGES pages loses fields, from the end of its body,
and says so with "…and N more". Notes ("not recorded", "⚠ sources disagree") and
sources are never the part that is dropped.
"""

from __future__ import annotations

import re
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, field

import discord

from bot.format import safe_text
from bot.render.card import Card, SourceLink

# Discord's limits. tests/render/test_embed.py checks them against Discord's OpenAPI spec.
TITLE_MAX = 256
DESCRIPTION_MAX = 4096
FIELD_NAME_MAX = 256
FIELD_VALUE_MAX = 1024
FIELDS_MAX = 25
FOOTER_MAX = 2048
URL_MAX = 2048
EMBEDS_PER_MESSAGE = 10
CONTENT_MAX = 2000  # message text of an interaction response
# The sum of title, description, field names and values, footer and author name.
# Discord documents it (Message resource, "Embed limits") but the spec cannot express it.
EMBED_TOTAL_MAX = 6000

MAX_PAGES = 20  # beyond this, paging is no way to read an answer: ask a narrower question
SOURCES_SHOWN = 8
FOOTER_SHOWN = 300  # a card footer is an id and a data version; keep room for the page count
CHART_FILENAME = "chart.png"
CHART_URL = f"attachment://{CHART_FILENAME}"
EMPTY = "\u200b"  # Discord rejects empty field names and values
CONT = " (cont.)"

def clean(text: str | None) -> str:
    """No control, escape or bidi override characters (boxes, broken layout, text shown
    reversed); newlines kept, tabs as spaces. The table is bot/format.py's."""
    return safe_text(text)


def clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def split_text(text: str, limit: int) -> list[str]:
    """Chunks of at most `limit` characters, cut at line breaks, else spaces, else anywhere."""
    chunks: list[str] = []
    current = ""
    for line in text.split("\n"):
        while len(line) > limit:
            cut = line.rfind(" ", limit // 2, limit)
            cut = cut if cut > 0 else limit
            head, line = line[:cut], line[cut:].lstrip(" ")
            if current:
                chunks.append(current)
                current = ""
            chunks.append(head)
        if not current:
            current = line
        elif len(current) + 1 + len(line) <= limit:
            current += "\n" + line
        else:
            chunks.append(current)
            current = line
    if current.strip():
        chunks.append(current)
    return [c for c in chunks if c.strip()]


def safe_url(url: str | None) -> str | None:
    """A URL Discord accepts in an embed or a markdown link, or None."""
    if not url:
        return None
    url = url.strip()
    if not re.match(r"https?://[^\s<>\"]+$", url) or len(url) > URL_MAX:
        return None
    # Parentheses would end a markdown link early.
    return url.replace("(", "%28").replace(")", "%29")


def _link_text(text: str) -> str:
    return discord.utils.escape_markdown(text).replace("[", "\\[").replace("]", "\\]")


def sources_value(sources: Sequence[SourceLink], shown: int = SOURCES_SHOWN) -> str:
    """Numbered markdown links, as many as fit in one field, then "…and N more"."""
    lines: list[str] = []
    for i, s in enumerate(sources[:shown], 1):
        title = _link_text(clip(clean(s.title) or "untitled source", 150))
        url = safe_url(s.url)
        line = f"{i}. [{title}]({url})" if url else f"{i}. {title}"
        room = FIELD_VALUE_MAX - len(f"\n…and {len(sources)} more")
        if len("\n".join([*lines, line])) > room:
            break
        lines.append(line)
    rest = len(sources) - len(lines)
    if rest:
        lines.append(f"…and {rest} more")
    return "\n".join(lines)


@dataclass(slots=True)
class _Field:
    name: str
    value: str
    inline: bool = False

    @property
    def size(self) -> int:
        return len(self.name) + len(self.value)


def _fields(name: str, value: str, inline: bool = False) -> list[_Field]:
    """One card field as embed fields: a long value continues in "(cont.)" fields."""
    name = clip(clean(name).replace("\n", " ").strip(), FIELD_NAME_MAX) or EMPTY
    chunks = split_text(clean(value), FIELD_VALUE_MAX) or [EMPTY]
    cont = clip(name, FIELD_NAME_MAX - len(CONT)) + CONT
    # A continued field spans the full width: inline columns would scatter its pieces.
    inline = inline and len(chunks) == 1
    return [_Field(name if i == 0 else cont, chunk, inline) for i, chunk in enumerate(chunks)]


@dataclass(slots=True)
class _Page:
    description: str = ""
    fields: list[_Field] = field(default_factory=list)


def _pack(description: list[str], blocks: list[_Field], budget: int) -> list[_Page]:
    pages = [_Page(chunk) for chunk in description] or [_Page()]
    page, used = pages[-1], len(pages[-1].description)
    for block in blocks:
        if len(page.fields) >= FIELDS_MAX or used + block.size > budget:
            page, used = _Page(), 0
            pages.append(page)
        page.fields.append(block)
        used += block.size
    return pages


def _more(n: int) -> _Field:
    return _Field("Not shown", f"…and {n} more. This answer is too long to page through: "
                  "ask a narrower question (add a council, an election or a keyword).")


PAGES_KEPT = 256
_pages: OrderedDict[tuple[int, bool], tuple[Card, list[discord.Embed]]] = OrderedDict()


def pages_of(card: Card, *, chart: bool = False) -> list[discord.Embed]:
    """card_pages, remembered for the last PAGES_KEPT cards by identity.

    Answers hands out the same card for the same question (bot/answers.py, _remembered),
    so a question asked again is laid out once. Cards and their embeds are not changed
    after they are made; the entry keeps its card alive, so an id is never reused."""
    key = (id(card), chart)
    hit = _pages.get(key)
    if hit is not None and hit[0] is card:
        _pages.move_to_end(key)
        return hit[1]
    pages = card_pages(card, chart=chart)
    _pages[key] = (card, pages)
    while len(_pages) > PAGES_KEPT:
        _pages.popitem(last=False)
    return pages


def card_pages(card: Card, *, chart: bool = False) -> list[discord.Embed]:
    """The card as one or more embeds (pages); `chart` shows attachment://chart.png on each."""
    title = clip(clean(card.title).replace("\n", " ").strip(), TITLE_MAX) or "Answer"
    footer = clip(clean(card.footer), FOOTER_SHOWN)
    page_note = f" · page {MAX_PAGES}/{MAX_PAGES}"
    budget = EMBED_TOTAL_MAX - len(title) - len(footer) - len(page_note)
    description = split_text(clean(card.description), min(DESCRIPTION_MAX, budget))

    body = [f for cf in card.fields for f in _fields(cf.name, cf.value, cf.inline)]
    tail: list[_Field] = []
    if card.notices:
        tail += _fields("Notes", "\n".join(clean(n) for n in card.notices))
    if card.sources:
        tail.append(_Field("Sources", sources_value(card.sources)))

    pages = _pack(description, body + tail, budget)
    if len(pages) > MAX_PAGES:
        # Keep as much of the body as fits, always keeping the notes and sources.
        lo, hi = 0, len(body)
        while lo < hi:
            mid = (lo + hi + 1) // 2
            trial = _pack(description, [*body[:mid], _more(len(body) - mid), *tail], budget)
            lo, hi = (mid, hi) if len(trial) <= MAX_PAGES else (lo, mid - 1)
        pages = _pack(description, [*body[:lo], _more(len(body) - lo), *tail], budget)
        pages = pages[:MAX_PAGES]  # only if the description alone is longer than MAX_PAGES

    url = safe_url(card.url)
    out = []
    for i, page in enumerate(pages, 1):
        embed = discord.Embed(title=title, url=url, description=page.description or None,
                              colour=card.colour & 0xFFFFFF)
        for f in page.fields:
            embed.add_field(name=f.name, value=f.value, inline=f.inline)
        text = footer + (f" · page {i}/{len(pages)}" if len(pages) > 1 else "")
        if text.strip():
            embed.set_footer(text=text.strip(" ·"))
        if chart:
            embed.set_image(url=CHART_URL)
        out.append(embed)
    return out
