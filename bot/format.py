"""Formatting numbers, dates and user text for answers. Nothing here invents a value:
every formatter shows None as "not recorded"."""

from __future__ import annotations

import re

NOT_RECORDED = "not recorded"
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")
# Characters that reorder or hide text: C0 and C1 controls (a terminal's escape codes
# start with \x1b or \x9b), line/paragraph separators, bidi embeddings, overrides,
# isolates and marks. Output of imported data drops them (keeping \n and \t);
# echoed user input also drops the zero-width characters.
_LAYOUT = "\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069"
_UNSAFE = re.compile(f"[{_LAYOUT}]")
_CONTROL = re.compile(f"[\t\n{_LAYOUT}\u200b-\u200d]")
# ANSI/VT escape sequences, removed whole so no "[31m" is left behind.
_ESCAPE = re.compile(r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b.?")
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


def safe_text(text: str | None) -> str:
    """Text from the data made safe to show in Discord or a terminal: no escape codes, no
    control, bidi or separator characters; newlines kept, tabs as spaces, CRLF as LF."""
    if not text:
        return ""
    text = text.replace("\r\n", "\n").replace("\t", " ")
    return _UNSAFE.sub("", _ESCAPE.sub("", text))


def echo(text: str, limit: int = 80) -> str:
    """User input made safe to repeat back: no control characters, no markdown, no pings."""
    text = _CONTROL.sub("", text).strip()
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return _MARKDOWN.sub(r"\\\1", text) or "(empty)"


def plural(n: int, word: str, plural_word: str | None = None) -> str:
    return f"{n} {word if n == 1 else (plural_word or word + 's')}"
