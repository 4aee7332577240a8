"""Formatting numbers, dates and user text for answers. Nothing here invents a value:
every formatter shows None as "not recorded"."""

from __future__ import annotations

import re

NOT_RECORDED = "not recorded"
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2066-\u2069]")
_MARKDOWN = re.compile(r"([\\*_`~|>#\[\]()<@])")


def number(value: int | None) -> str:
    return NOT_RECORDED if value is None else f"{value:,}"


def pct(value: float | None, digits: int = 1) -> str:
    return NOT_RECORDED if value is None else f"{value:.{digits}f}%"


def change(value: int | None) -> str:
    if value is None:
        return ""
    if value == 0:
        return "±0"
    return f"+{value}" if value > 0 else f"−{-value}"


def date(iso: str | None, text: str | None = None) -> str:
    """'2022-05-05' -> '5 May 2022'; '2025-06' -> 'June 2025'; '2025' -> '2025'."""
    if text:
        return text
    if not iso:
        return "date not recorded"
    parts = iso.split("-")
    try:
        if len(parts) == 3:
            return f"{int(parts[2])} {_MONTHS[int(parts[1]) - 1]} {parts[0]}"
        if len(parts) == 2:
            return f"{_MONTHS[int(parts[1]) - 1]} {parts[0]}"
    except (ValueError, IndexError):
        return iso
    return iso


def echo(text: str, limit: int = 80) -> str:
    """User input made safe to repeat back: no control characters, no markdown, no pings."""
    text = _CONTROL.sub("", text).strip()
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return _MARKDOWN.sub(r"\\\1", text) or "(empty)"


def plural(n: int, word: str, plural_word: str | None = None) -> str:
    return f"{n} {word if n == 1 else (plural_word or word + 's')}"
