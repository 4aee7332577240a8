"""Parsing one CSV cell: numbers, booleans, dates and slugs, strictly.

Each parser returns None for an empty cell ("not recorded") and raises ValueError
with a readable reason for anything it cannot read, so the caller can report the
file and line. Nothing is guessed: "1,251" is a number because that is how the
source writes thousands; "12.5" is not a vote count.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date

_GROUPED = re.compile(r"^\d{1,3}(,\d{3})+$")  # thousands separators: "1,251"
_WHOLE_FLOAT = re.compile(r"^\d+\.0+$")  # "699.0": a whole number written by a spreadsheet
_DECIMAL = re.compile(r"^\d+(\.\d+)?$")
_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_TRUE = {"t", "true", "yes", "y", "1"}
_FALSE = {"f", "false", "no", "n", "0"}
_GSS = re.compile(r"^[EWSN]\d{8}$")


MAX_WHOLE = 10**15  # no count in an election comes near; SQLite stops at 2^63


def whole(text: str, what: str) -> int | None:
    t = text.strip()
    if not t:
        return None
    if t.isascii() and t.isdigit():
        digits = t
    elif _GROUPED.match(t):
        digits = t.replace(",", "")
    elif _WHOLE_FLOAT.match(t):
        digits = t.partition(".")[0]
    else:
        raise ValueError(f"{what} {short(text)} is not a whole number")
    if len(digits.lstrip("0")) > 16 or int(digits) > MAX_WHOLE:
        raise ValueError(f"{what} {short(text)} is too large to be a count")
    return int(digits)


def short(text: str, limit: int = 60) -> str:
    """A cell as shown in a message: quoted, and cut short when long."""
    return repr(text) if len(text) <= limit else repr(text[:limit]) + f"… ({len(text):,} chars)"


def decimal(text: str, what: str, high: float | None = None) -> float | None:
    t = text.strip()
    if not t:
        return None
    if not _DECIMAL.match(t):
        raise ValueError(f"{what} {short(text)} is not a number")
    value = float(t)
    if high is not None and value > high:
        raise ValueError(f"{what} {text!r} is more than {high:g}")
    return value


def flag(text: str, what: str) -> bool | None:
    t = text.strip().casefold()
    if not t:
        return None
    if t in _TRUE:
        return True
    if t in _FALSE:
        return False
    raise ValueError(f"{what} {short(text)} is not true/false (t/f)")


def iso_day(text: str, what: str) -> str:
    t = text.strip()
    try:
        if not _ISO_DAY.match(t):
            raise ValueError
        date.fromisoformat(t)
    except ValueError:
        raise ValueError(f"{what} {short(text)} is not a date (YYYY-MM-DD)") from None
    return t


def gss(text: str) -> str | None:
    t = text.strip().upper()
    if not t:
        return None
    if not _GSS.match(t):
        raise ValueError(f"GSS code {short(text)} is not a code like E05000985")
    return t


_GSS_INSIDE = re.compile(r"(?<![A-Z0-9])([EWSN]\d{8})(?![0-9])")


def gss_within(text: str) -> tuple[str | None, bool]:
    """A GSS code, also from inside a legacy post id ('MTW:E05010881'); and whether the
    cell held something else (a slug), which the caller drops with a warning."""
    t = text.strip().upper()
    if not t:
        return None, True
    if _GSS.match(t):
        return t, True
    found = set(_GSS_INSIDE.findall(t))
    if len(found) == 1:
        return found.pop(), True
    return None, False


def slugify(text: str) -> str:
    """Democracy Club style: lower case, accents and punctuation dropped ('&' too), hyphens."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    text = re.sub(r"['’‘`]", "", text)
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def cell(fields: list[str], index: int | None) -> str:
    """A cell by column index; an optional column that is absent reads as empty."""
    return fields[index] if index is not None else ""
