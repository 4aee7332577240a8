"""Card -> Discord embeds: the public card, one embed per page, every page within
Discord's limits and about one phone screen tall.

The public card is author (council · date), title (the verdict), the warning that
matters, the description and fields, the chart and a footer naming at most two sources
and the data date. Notes and the numbered sources are the detail: bot/discord/detail.py
answers them privately from the "Sources & notes" button. Long text is split at line
breaks and paged, never dropped; only a card too long even for MAX_PAGES pages loses
fields, from the end of its body, and says so with "…and N more".
"""

from __future__ import annotations

import re
from collections import OrderedDict
from dataclasses import dataclass, field

import discord

from bot.format import safe_text
from bot.render.card import Card

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
FOOTER_SHOWN = 300  # two sources and the data date; keep room for the page count
AUTHOR_MAX = 256
# A page is about one phone screen: Discord draws ~PHONE_CHARS characters of embed text a
# line at phone width (360 px), and ~PAGE_LINES lines fit in 1.3 screens beside the
# author, title, footer and buttons; a chart takes about CHART_LINES of them.
PHONE_CHARS = 36
PAGE_LINES = 30
CHART_LINES = 9
INLINE_ROW = 3  # inline fields side by side
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


def phone_lines(text: str) -> int:
    """About how many lines `text` takes in an embed on a phone (PHONE_CHARS a line)."""
    return sum(max(1, -(-len(line) // PHONE_CHARS)) for line in text.split("\n"))


def screens_of(text: str, lines: int, limit: int) -> list[str]:
    """`text` in chunks of about `lines` phone lines (and at most `limit` characters),
    cut at line breaks where it can."""
    chunks: list[str] = []
    current: list[str] = []
    used = 0
    for piece in split_text(text, lines * PHONE_CHARS):  # no piece taller than a page
        for line in piece.split("\n"):
            tall = phone_lines(line)
            if current and used + tall > lines:
                chunks.append("\n".join(current))
                current, used = [], 0
            current.append(line)
            used += tall
    if current:
        chunks.append("\n".join(current))
    return [c for chunk in chunks for c in split_text(chunk, limit)]


def _block_lines(block: _Field) -> int:
    return 1 + phone_lines(block.value)  # its name, then its value


def _pack(description: list[str], blocks: list[_Field], budget: int,
          lines: int = PAGE_LINES) -> list[_Page]:
    """Pages of at most `budget` characters and, past the first block, about `lines`
    phone lines; inline fields side by side count as their tallest."""
    pages = [_Page(chunk) for chunk in description] or [_Page()]
    page, used = pages[-1], len(pages[-1].description)
    tall = phone_lines(page.description) if page.description else 0
    row: list[_Field] = []
    for block in blocks:
        height = _block_lines(block)
        if block.inline and row and len(row) < INLINE_ROW and row[-1].inline:
            height = max(0, height - max(_block_lines(b) for b in row))
            row.append(block)
        else:
            row = [block] if block.inline else []
        full = len(page.fields) >= FIELDS_MAX or used + block.size > budget
        if full or ((page.fields or page.description) and tall + height > lines):
            page, used, tall = _Page(), 0, 0
            pages.append(page)
            row = [block] if block.inline else []
            height = _block_lines(block)
        page.fields.append(block)
        used += block.size
        tall += height
    return pages


def _more(n: int) -> _Field:
    return _Field("Not shown", f"…and {n} more. This answer is too long to page through: "
                  "ask a narrower question (add a council, an election or a keyword).")


PAGES_KEPT = 256
_pages: OrderedDict[tuple[int, bool, bool], tuple[Card, list[discord.Embed]]] = OrderedDict()


def pages_of(card: Card, *, chart: bool = False, screen: bool = True) -> list[discord.Embed]:
    """card_pages, remembered for the last PAGES_KEPT cards by identity.

    Answers hands out the same card for the same question (bot/answers.py, _remembered),
    so a question asked again is laid out once. Cards and their embeds are not changed
    after they are made; the entry keeps its card alive, so an id is never reused."""
    key = (id(card), chart, screen)
    hit = _pages.get(key)
    if hit is not None and hit[0] is card:
        _pages.move_to_end(key)
        return hit[1]
    pages = card_pages(card, chart=chart, screen=screen)
    _pages[key] = (card, pages)
    while len(_pages) > PAGES_KEPT:
        _pages.popitem(last=False)
    return pages


def card_pages(card: Card, *, chart: bool = False, screen: bool = True) -> list[discord.Embed]:
    """The public card as one or more embeds (pages) of about a phone screen each;
    `chart` shows attachment://chart.png on each. Notes and sources are not here: they
    are the private detail (bot/discord/detail.py)."""
    title = clip(clean(card.title).replace("\n", " ").strip(), TITLE_MAX) or "Answer"
    author = clip(clean(card.author).replace("\n", " ").strip(), AUTHOR_MAX)
    footer = clip(clean(card.footer), FOOTER_SHOWN)
    page_note = f" · page {MAX_PAGES}/{MAX_PAGES}"
    budget = EMBED_TOTAL_MAX - len(title) - len(author) - len(footer) - len(page_note)
    lines = PAGE_LINES - (CHART_LINES if chart else 0) - phone_lines(title) // 2
    if not screen:  # one message that cannot page (a live post): only Discord's limits
        lines = EMBED_TOTAL_MAX
    text = clean(card.description)
    if card.warning:
        text = f"⚠️ {clean(card.warning)}" + (f"\n{text}" if text else "")
    description = screens_of(text, lines, min(DESCRIPTION_MAX, budget))
    if len(description) > MAX_PAGES // 2:  # no one pages through this: fewer, fuller pages
        description = split_text(text, min(DESCRIPTION_MAX, budget))

    body = [f for cf in card.fields for f in _fields(cf.name, cf.value, cf.inline)]
    pages = _pack(description, body, budget, lines)
    if len(pages) > MAX_PAGES:
        # Keep as much of the body as fits.
        lo, hi = 0, len(body)
        while lo < hi:
            mid = (lo + hi + 1) // 2
            trial = _pack(description, [*body[:mid], _more(len(body) - mid)], budget, lines)
            lo, hi = (mid, hi) if len(trial) <= MAX_PAGES else (lo, mid - 1)
        pages = _pack(description, [*body[:lo], _more(len(body) - lo)], budget, lines)
        pages = pages[:MAX_PAGES]  # only if the description alone is longer than MAX_PAGES

    url = safe_url(card.url)
    out = []
    for i, page in enumerate(pages, 1):
        embed = discord.Embed(title=title, url=url, description=page.description or None,
                              colour=card.colour & 0xFFFFFF)
        if author:
            embed.set_author(name=author)
        for f in page.fields:
            embed.add_field(name=f.name, value=f.value, inline=f.inline)
        text = footer + (f" · page {i}/{len(pages)}" if len(pages) > 1 else "")
        if text.strip():
            embed.set_footer(text=text.strip(" ·"))
        if chart:
            embed.set_image(url=CHART_URL)
        out.append(embed)
    return out
