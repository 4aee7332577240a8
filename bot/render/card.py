"""A Card: one answer, as plain data. Renderers turn it into an embed or terminal text."""

from __future__ import annotations

from dataclasses import dataclass, field

NEUTRAL = 0x5865F2  # Discord blurple: answers about no single party


@dataclass(frozen=True, slots=True)
class Field:
    name: str
    value: str
    inline: bool = False


@dataclass(frozen=True, slots=True)
class SourceLink:
    title: str
    url: str | None


@dataclass(frozen=True, slots=True)
class Bar:
    """One party or candidate in a chart."""

    label: str
    value: int
    colour: int
    marked: bool = False  # elected (vote chart)
    note: str = ""  # e.g. "2,545 (69.1%)"
    party: str = ""  # party id: picks a stable colour for a party with none of its own


@dataclass(frozen=True, slots=True)
class Chart:
    """What to draw; bot/render/chart.py draws it. The title is not drawn (the embed
    shows it) but keeps charts of different answers apart in the chart cache.

    kind "seats": bars = parties with seats; total = council size and line = seats needed
    for a majority, both None when the size is not known (then no majority line is drawn).
    kind "votes": bars = candidates in vote order.
    kind "history": series = (year label, bars) per election.
    """

    kind: str
    title: str
    bars: tuple[Bar, ...] = ()
    total: int | None = None
    line: int | None = None
    series: tuple[tuple[str, tuple[Bar, ...]], ...] = ()

    @property
    def key(self) -> str:
        """Identifies the picture: same key, same PNG (for the chart cache)."""
        return repr(self)


@dataclass(slots=True)
class Card:
    title: str
    description: str = ""
    fields: list[Field] = field(default_factory=list)
    colour: int = NEUTRAL
    url: str | None = None
    notices: list[str] = field(default_factory=list)  # not recorded / sources disagree
    sources: list[SourceLink] = field(default_factory=list)
    footer: str = ""
    chart: Chart | None = None
    author: str = ""  # the context line above the title: "Barnet · 5 May 2022"

    def add(self, name: str, value: str, inline: bool = False) -> None:
        if value:
            self.fields.append(Field(name, value, inline))
