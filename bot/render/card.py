"""A Card: one answer, as plain data. Renderers turn it into an embed or terminal text."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from bot.maps import MapPlan

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
    name: str = ""  # the publisher in a few words ("Wikipedia"), for the public footer


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
    kind "map": plan = what bot/render/map.py draws, and cache_key its MapPlan.key (the
    council, election, data and boundaries versions): a plan is too big to be its own key.
    """

    kind: str
    title: str
    bars: tuple[Bar, ...] = ()
    total: int | None = None
    line: int | None = None
    series: tuple[tuple[str, tuple[Bar, ...]], ...] = ()
    plan: MapPlan | None = field(default=None, repr=False, compare=False)
    cache_key: str = ""

    @property
    def key(self) -> str:
        """Identifies the picture: same key, same PNG (for the chart cache)."""
        return self.cache_key or repr(self)


@dataclass(frozen=True, slots=True)
class Action:
    """A button under an answer: the next question, one click away.

    `question` is a text command as `election-bot ask` takes it ("/byelections barnet";
    ids are fine and shortest: "/ward barnet-2022:burnt-oak local.barnet.2022-05-05"), so
    the button can carry it in its custom id and still work after a restart. `part` says
    what of that question's answer the button shows: the answer itself, or only its
    picture ("chart", "map"). A button with `url` is a link instead.
    """

    label: str
    question: str = ""
    part: Literal["answer", "chart", "map"] = "answer"
    url: str = ""


@dataclass(frozen=True, slots=True)
class Menu:
    """A menu under an answer ("Wards ▾"): picking an option asks `question` with the
    option's value in the option that `kind` fills (bot/questions.py's picks), so it too
    works after a restart."""

    placeholder: str
    question: str  # "/ward council:barnet election:local.barnet.2022-05-05"
    kind: str  # "ward": the value is a ward id
    options: tuple[tuple[str, str], ...]  # (label, value)


@dataclass(slots=True)
class Card:
    title: str
    description: str = ""
    fields: list[Field] = field(default_factory=list)
    colour: int = NEUTRAL
    url: str | None = None
    notices: list[str] = field(default_factory=list)  # not recorded / sources disagree
    sources: list[SourceLink] = field(default_factory=list)
    footer: str = ""  # the public footer: at most two sources and the data date
    chart: Chart | None = None
    # False: the chart is not drawn under the card but behind its "Chart" button (an
    # Action with part="chart" re-asking this question), as on /ward, whose coloured
    # candidate list already is the picture.
    chart_shown: bool = True
    author: str = ""  # the context line above the title: "Barnet · 5 May 2022"
    # The one caveat that matters, before anything else ("Not the latest result. ..."); the
    # rest of the notes and the sources are the detail, shown on demand.
    warning: str = ""
    actions: list[Action] = field(default_factory=list)  # buttons for the next question
    menu: Menu | None = None
    # What the card is about and the data version ("local.barnet.2022-05-05 · data 806bd…"):
    # for the detail and the terminal, never the public card.
    reference: str = ""
    # Fields kept off the public card to fit a phone screen: the private detail shows them
    # first, before the notes and sources (so no figure an answer has is out of reach).
    detail: list[Field] = field(default_factory=list)

    def add(self, name: str, value: str, inline: bool = False) -> None:
        if value:
            self.fields.append(Field(name, value, inline))

    def add_detail(self, name: str, value: str) -> None:
        """A field for the private detail only."""
        if value:
            self.detail.append(Field(name, value))
