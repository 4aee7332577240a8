"""The council since its latest election (for /seats and /byelections): read, then told."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bot import format as fmt
from bot.answers._context import Context, Parties, Sources
from bot.answers._shared import (
    ElectionView,
    council_wide,
    later_election_notice,
    later_no_result,
    not_latest,
    short_month,
)
from bot.composition import Composition, compose, later
from bot.domain import VACANT, Council, Election, PartyResult
from bot.render.card import Card


@dataclass(frozen=True, slots=True)
class Since:
    composition: Composition | None  # None when no later change or report is recorded
    next_no_result: Election | None  # a later election held, its result not recorded here


async def since_election(ctx: Context, c: Council, e: Election, views: list[ElectionView],
                         results: Sequence[PartyResult]) -> Since | None:
    """What changed after `e`; None for an older election, whose make-up later ones replaced."""
    full = council_wide(views)
    next_no_result = later_no_result(views, e)
    if full and e.id != full[-1].id:
        return None
    changes = [ch for ch in await ctx.store.changes(council_id=c.id)
               if ch.date is None or later(ch.date, e.date or str(e.year))]
    snapshots = await ctx.store.snapshots(c.id)
    moving = [ch for ch in changes if ch.moves_seat]
    comp = None
    if moving or any(later(s.as_of, e.date) for s in snapshots):
        comp = compose({r.party_id: r.seats for r in results if r.seats is not None},
                       e.date, f"the {fmt.date(e.date)} result", snapshots, changes)
    return Since(comp, next_no_result)


def add_since(card: Card, since: Since, c: Council, parties: Parties, sources: Sources,
              *, details: bool = True) -> None:
    """The "Since the election" block, and a warning first if a later result is missing."""
    if since.composition is not None:
        card.add("Since the election",
                 composition_text(since.composition, c, parties, sources, details))
    nr = since.next_no_result
    if nr is not None:
        link = nr.results_url or c.results_url or ""
        card.notices.insert(0, f"⚠ {c.short_name} held an election on "
                            f"{fmt.date(nr.date)}; its result is not recorded "
                            f"here, so this is not today's council. {link}".strip())
        sources.add(nr.cites)


def composition_text(comp: Composition, c: Council, parties: Parties, sources: Sources,
                     details: bool = True) -> str:
    sources.add(comp.cites)
    for ch in comp.applied:
        sources.add(ch.cites)
    order = sorted(comp.seats.items(), key=lambda kv: (kv[0] == VACANT, -kv[1]))
    seats = ", ".join(f"{parties.name(k, comp.labels)} {v}" for k, v in order)
    if not comp.consistent:
        return (f"The recorded changes since {comp.baseline_text} do not add up, so no "
                f"composition is computed. See /byelections {c.id} for the changes.")
    start = (f"as reported on {fmt.date(comp.baseline_date)} ({comp.baseline_text})"
             if comp.cites else comp.baseline_text)
    text = (f"As of {fmt.date(comp.as_of)}: **{seats}** — {start}, then "
            f"{fmt.plural(len(comp.applied), 'recorded change')}.")
    if comp.undated:
        text += (f" {fmt.plural(len(comp.undated), 'change')} with no exact date could not "
                 "be placed.")
    return text + (f" Details: /byelections {c.id}" if details else "")


def _short(key: str, comp: Composition, parties: Parties) -> str:
    """A composition key in a few letters: "Lab", "Ind"; labels cut to their first word."""
    if key.startswith("label:"):
        label = parties.name(key, comp.labels)
        return "Ind" if label.lower().startswith("independent") else label
    return parties.of(key).abbr or parties.name(key, comp.labels)


def since_line(comp: Composition, parties: Parties) -> str:
    """"Lab 40 · Con 19 · Ind 3 · 1 vacant": the council now, in a line (the field's name
    says as of when and after how many changes)."""
    order = sorted(comp.seats.items(), key=lambda kv: (kv[0] == VACANT, -kv[1]))
    return " · ".join(f"{v} vacant" if k == VACANT else f"{_short(k, comp, parties)} {v}"
                      for k, v in order if v)


def add_since_line(card: Card, since: Since, c: Council, parties: Parties,
                   sources: Sources) -> None:
    """The one-screen form of add_since: the warning first when a later result is missing,
    a one-line "Since then (<as of>)" field, and the full account in the detail."""
    comp = since.composition
    if comp is not None:
        if comp.consistent:
            card.add(f"Since then ({short_month(comp.as_of)}, "
                     f"{fmt.plural(len(comp.applied), 'change')})", since_line(comp, parties))
        else:
            card.add("Since then", "The recorded changes do not add up (see By-elections).")
        card.add_detail("Since the election",
                        composition_text(comp, c, parties, sources, details=False))
    nr = since.next_no_result
    if nr is not None:
        card.warning = not_latest(c, nr)
        card.notices.insert(0, later_election_notice(c, nr))
        sources.add(nr.cites)
