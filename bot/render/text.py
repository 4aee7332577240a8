"""Card -> plain text for the terminal (`election-bot ask`)."""

from __future__ import annotations

import re
import textwrap

from bot.render.card import Card

_LINK = re.compile(r"\[([^\]]+)\]\(([^)]+)\)")
_EMPHASIS = re.compile(r"(\*\*|__|\*)(.+?)\1")


def plain(text: str) -> str:
    """Discord markdown -> readable plain text."""
    text = _LINK.sub(r"\1 <\2>", text)
    return _EMPHASIS.sub(r"\2", text)


def render_text(card: Card, width: int = 100) -> str:
    """The verdict lines first, as in Discord (author, title, the warning), then the rest
    of the card and, since a terminal has room, all its notes and sources."""
    out = [plain(card.author)] if card.author else []
    out += [plain(card.title), "=" * min(len(card.title), width)]
    if card.warning:
        out += textwrap.wrap(f"⚠ {plain(card.warning)}", width, subsequent_indent="  ")
    if card.url:
        out.append(card.url)
    if card.description:
        out += [plain(card.description), ""]
    for f in [*card.fields, *card.detail]:
        out.append(plain(f.name))
        for line in plain(f.value).splitlines():
            out += textwrap.wrap(line, width, initial_indent="  ", subsequent_indent="    ") or [""]
        out.append("")
    for notice in card.notices:
        out += textwrap.wrap(plain(notice), width, subsequent_indent="  ")
    if card.notices:
        out.append("")
    if card.sources:
        out.append("Sources")
        for i, s in enumerate(card.sources, 1):
            out.append(f"  [{i}] {s.title}" + (f" <{s.url}>" if s.url else ""))
    for text in (card.footer, card.reference):
        if text:
            out.append(text)
    return "\n".join(out).rstrip() + "\n"
