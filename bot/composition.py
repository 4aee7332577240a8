"""The composition of a council after an election: computed, never typed in.

Start from the most recent dated composition a source reported (the election
result itself, or a later snapshot), then apply every dated seat move recorded
after it. The answer is only "as of" the last change applied. If the recorded
changes do not fit the starting point (a count would go below zero), the
computation is abandoned and the answer shows the reported figures instead.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.domain import VACANT, Cite, CompositionChange, CompositionSnapshot


def later(a: str | None, b: str | None) -> bool:
    """Is partial ISO date a after b? '2025' counts as before '2025-02-14' (its start)."""
    return a is not None and b is not None and a > b


@dataclass(slots=True)
class Composition:
    seats: dict[str, int]  # party id | "vacant" | "label:<x>" -> seats
    labels: dict[str, str]  # display names for label: keys
    baseline_text: str  # what we started from, e.g. "the 5 May 2022 result"
    baseline_date: str | None
    as_of: str | None
    applied: list[CompositionChange] = field(default_factory=list)
    undated: list[CompositionChange] = field(default_factory=list)
    consistent: bool = True
    cites: list[Cite] = field(default_factory=list)


def compose(result_seats: dict[str, int], election_date: str | None, election_text: str,
            snapshots: list[CompositionSnapshot], changes: list[CompositionChange]) -> Composition:
    """Composition after the election: its result, or a later snapshot, then later changes."""
    base_seats, base_date, base_text = dict(result_seats), election_date, election_text
    labels: dict[str, str] = {}
    cites: list[Cite] = []
    dated = [s for s in snapshots if s.as_of and later(s.as_of, election_date)]
    if dated:
        snap = max(dated, key=lambda s: s.as_of or "")
        base_seats, base_date = dict(snap.seats), snap.as_of
        base_text, labels = snap.as_of_text, dict(snap.labels)
        cites = list(snap.cites)
    comp = Composition(base_seats, labels, base_text, base_date, base_date, cites=cites)
    for ch in changes:
        if not ch.moves_seat:
            continue
        if ch.date is None:
            comp.undated.append(ch)
            continue
        if not later(ch.date, base_date):
            continue
        src, dst = ch.from_party or VACANT, ch.to_party or VACANT
        comp.seats[src] = comp.seats.get(src, 0) - ch.seats
        comp.seats[dst] = comp.seats.get(dst, 0) + ch.seats
        if comp.seats[src] < 0:
            comp.consistent = False
        comp.applied.append(ch)
        comp.as_of = ch.date
    comp.seats = {k: v for k, v in comp.seats.items() if v}
    return comp
