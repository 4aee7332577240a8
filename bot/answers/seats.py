"""/seats: a council election's seats and votes per party, control, and the council since."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from bot import format as fmt
from bot.answers import place
from bot.answers._context import Context, Parties, Sources, council_of, finish, reference
from bot.answers._shared import (
    ElectionView,
    also_stood,
    cited_by,
    council_wide,
    dispute_lines,
    dispute_map,
    election_when,
    elections,
    every,
    party_results,
    pick_election,
    turnout_text,
)
from bot.answers._since import add_since_line, since_election
from bot.answers.map import map_action
from bot.answers.seats_text import (
    SeatsFacts,
    council_size,
    has_majority,
    no_show,
    seat_lines,
    seats_line,
    size_line,
    turnout_short,
    verdict,
    vote_shares,
)
from bot.answers.upcoming import mark_seats_not_counted
from bot.answers.ward import wards_menu
from bot.composition import later
from bot.domain import (
    NO_OVERALL_CONTROL,
    Council,
    Election,
    PartyResult,
    Person,
    is_place_id,
)
from bot.render.card import NEUTRAL, Action, Bar, Card, Chart

__all__ = ["SeatsFacts", "answer", "compose", "worked_out_size"]


async def answer(ctx: Context, council: str | None, election: str | None, *,
                 default_council: str | None) -> Card:
    c = await council_of(ctx, council, default_council)
    if is_place_id(c.id):
        return await place.answer(ctx, c.id)
    views = await elections(ctx, c.id)
    e = pick_election(c, election, views, full_only=True)
    sources = Sources()
    if e.status == "no-result":
        sources.add(e.cites)
        return await finish(ctx, no_result_card(c, e), sources)
    facts = await gather(ctx, c, e, views)
    card = compose(facts, ctx.parties, sources)
    if not facts.results:  # perhaps candidates standing, not a result
        card = await mark_seats_not_counted(ctx.store, card, e)
    if action := await map_action(ctx, c, e):  # the "Map" button, when a map can be drawn
        card.actions.append(action)
    card.menu = await wards_menu(ctx, c, e)
    return await finish(ctx, card, sources)



async def gather(ctx: Context, c: Council, e: Election, views: list[ElectionView]) -> SeatsFacts:
    results, computed = await party_results(ctx, e)
    disputes = await dispute_map(ctx, "party_result", [r.id for r in results])
    of_election = (await dispute_map(ctx, "election", [e.id])).get(e.id, [])
    leader_ids = [r.leader_id for r in results if r.leader_id]
    ward_seats: tuple[int | None, ...] = ()
    if computed and e.total_seats is None:
        ward_seats = tuple(b.seats for b in await ctx.store.ballots_in([e.id])
                           if not b.by_election)
    if computed and e.total_seats is None and not ward_seats:
        ward_seats = tuple(b.seats for b in await ctx.store.ballots_in([e.id])
                           if not b.by_election)
    sizes = {v.election.id: v.election.total_seats for v in views
             if v.full and v.election.total_seats and v.election.id != e.id}
    size, basis = worked_out_size(e, results, computed, ward_seats, sizes)
    return SeatsFacts(
        size=size, size_basis=basis, control_before=_previous_control(views, e),
        byelections=await _byelections_after(ctx, views, e),
        council=c, election=e, results=tuple(results), computed=computed,
        previous=await _previous_seats(ctx, views, e),
        leaders=await ctx.store.people(leader_ids) if leader_ids else {},
        ward_seats=ward_seats, disputes=disputes, election_disputes=tuple(of_election),
        cited=await cited_by(ctx, [*every(disputes), *of_election]),
        since=await since_election(ctx, c, e, views, results), data_version=ctx.data_version)


def _previous_control(views: list[ElectionView], e: Election) -> str | None:
    """Who controlled the council going in: the previous council-wide election's control."""
    full = council_wide(views)
    if e not in full or full.index(e) == 0:
        return None
    return full[full.index(e) - 1].control


async def _byelections_after(ctx: Context, views: list[ElectionView], e: Election) -> int:
    """By-elections recorded after `e` and before the next council-wide election."""
    after = [v.election for v in views if v.full and v.election.date and e.date
             and later(v.election.date, e.date)]
    until = after[0].date if after else None
    ballots = await ctx.store.ballots_in([v.election.id for v in views])
    return sum(1 for b in ballots if b.by_election and b.date and e.date
               and later(b.date, e.date) and (until is None or later(until, b.date)))


async def _previous_seats(ctx: Context, views: list[ElectionView], e: Election) -> dict[str, int]:
    full = council_wide(views)
    if e not in full or full.index(e) == 0:
        return {}
    prev = full[full.index(e) - 1]
    return {r.party_id: r.seats for r in await ctx.store.party_results([prev.id])
            if r.seats is not None}


def no_result_card(c: Council, e: Election) -> Card:
    card = Card(title=f"{c.short_name} — council election, {election_when(e)}",
                url=e.results_url)
    link = e.results_url or c.results_url
    card.description = (f"{c.name} held an election on {fmt.date(e.date)}, but its "
                        "result is not recorded here.")
    if link:
        card.description += f" The result may be found at {link}"
    card.notices += list(e.notes)
    return card


def compose(f: SeatsFacts, parties: Parties, sources: Sources) -> Card:
    e, c, results = f.election, f.council, f.results
    size = council_size(f)
    sources.add(e.cites)
    for r in results:
        sources.add(r.cites)
    card = Card(title=verdict(f, parties, size), url=e.results_url,
                author=f"{c.name} · election of {election_when(e)}")
    lines, marks = seat_lines(f, parties)
    card.description = "\n".join(filter(None, (
        seats_line(f, parties), size_line(f, size, parties), also_stood(no_show(f, parties)))))
    winner = results[0] if results and results[0].seats else None
    controller = e.control if e.control and e.control != NO_OVERALL_CONTROL else None
    if winner and has_majority(winner, size):
        card.colour = parties.of(winner.party_id).colour
    elif controller:
        card.colour = parties.of(controller).colour
    else:
        card.colour = NEUTRAL
    seats_known = sum(r.seats or 0 for r in results)
    if not results:
        card.description = "\n".join(filter(None, ("Seats per party not recorded.",
                                                    card.description)))
    if any(r.vote_pct is not None for r in results):
        card.add("Vote share", vote_shares(f, parties), inline=True)
    card.add("Turnout", turnout_short(e), inline=True)
    card.add_detail("Seats and votes", "\n".join(lines) or "No party figures are recorded.")
    card.add_detail("Control", control_text(e, results, parties, seats_known, size))
    card.add_detail("Turnout", turnout_text(e.turnout_votes, e.turnout_pct, None,
                                            e.turnout_note))
    card.add_detail("Leaders", leaders_text(results, f.leaders, parties))
    card.notices += marks + totals_notices(f, seats_known, size)
    card.notices += e.notes
    card.notices += dispute_lines([*every(f.disputes), *f.election_disputes], f.cited, sources)
    if f.since is not None:
        add_since_line(card, f.since, c, parties, sources)
    if f.byelections:
        card.actions.append(Action(f"By-elections ({f.byelections})",
                                   question=f"/byelections {c.id}"))
    card.actions.append(Action("History", question=f"/history {c.id}"))
    card.chart = seat_chart(card.title, results, size, parties)
    card.reference = reference(f.data_version, e.id)
    return card


def totals_notices(f: SeatsFacts, seats_known: int, size: int | None) -> list[str]:
    """What the totals do not cover: computed from wards, size unknown, seats unassigned."""
    out = []
    total = f.election.total_seats
    if f.computed:
        out.append("Seat and vote totals computed from the recorded ward results; "
                   "vote shares are of all votes cast, and where a ward elects "
                   "several councillors each voter had several votes.")
        if total is None and not size:  # imported ward results do not say the council size
            out.append(size_unknown_text(f.ward_seats))
    if total is None and size and f.size_basis:
        out.append(f.size_basis)
    if size and seats_known and seats_known < size:
        out.append(f"Seats for {size - seats_known} of {size} councillors are "
                   "not recorded by party here.")
    return out


def size_unknown_text(ward_seats: Sequence[int | None]) -> str:
    size = ("The council's total number of seats is not recorded here, so control and "
            "majority are not shown.")
    known = [n for n in ward_seats if n is not None]
    if ward_seats and len(known) == len(ward_seats):
        return (f"{sum(known)} seats were contested in the {len(ward_seats)} recorded ward "
                f"results. {size}")
    return size


def worked_out_size(e: Election, results: Sequence[PartyResult], computed: bool,
                    ward_seats: Sequence[int | None],
                    sizes: Mapping[str, int]) -> tuple[int | None, str]:
    """The council's size when the election does not record it, and how it was found:
    every ward elected two or more councillors (a whole-council election: its seats are
    the council), or the seats recorded add up to the size recorded for the nearest
    election of the same council. (None, "") when neither holds: then no majority."""
    if e.total_seats:
        return e.total_seats, ""
    if computed:
        if ward_seats and all(n is not None and n >= 2 for n in ward_seats):
            n = sum(ward_seats)  # type: ignore[arg-type]
            return n, (f"Council size taken as the {n} seats contested in its "
                       f"{len(ward_seats)} wards: every ward elected two or more "
                       "councillors, so the whole council was elected.")
        return None, ""
    seats = [r.seats for r in results]
    if not seats or None in seats or not sizes:
        return None, ""
    total = sum(seats)  # type: ignore[arg-type]
    nearest = min(sizes, key=lambda eid: abs(_year(eid) - e.year))
    if sizes[nearest] == total:
        return total, (f"Council size {total}: the seats recorded here add up to the size "
                       f"recorded for the {_year(nearest)} election.")
    return None, ""


def _year(election_id: str) -> int:
    m = re.search(r"\.(\d{4})", election_id)
    return int(m.group(1)) if m else 0


def control_text(e: Election, results: Sequence[PartyResult], parties: Parties,
                 seats_known: int, size: int | None = None) -> str:
    parts = []
    total = size or e.total_seats
    top = results[0] if results else None
    if total and top and top.seats is not None and has_majority(top, total):
        name = parties.of(top.party_id).short_name
        margin = top.seats - (total - top.seats)
        parts.append(f"{name} majority: {top.seats} of {total} seats "
                     f"({total // 2 + 1} needed), a majority of {margin} over all others.")
    elif total and seats_known == total:
        parts.append(f"No overall control: no party has the {total // 2 + 1} seats "
                     f"needed out of {total}.")
    elif total:
        parts.append(f"{total} seats; {total // 2 + 1} needed for a majority.")
    if e.control:
        control = parties.name(e.control)
        if e.control_before and e.control_before != e.control:
            parts.append(f"Control: {control} gain from {parties.name(e.control_before)}.")
        elif e.control_before:
            parts.append(f"Control: {control} hold.")
        else:
            parts.append(f"Control after the election: {control}.")
    return "\n".join(parts)


def leaders_text(results: Sequence[PartyResult], people: Mapping[str, Person],
                 parties: Parties) -> str:
    lines = []
    for r in results:
        if r.leader_id and r.leader_id in people:
            where = f", {r.leader_ward}" if r.leader_ward else ""
            lines.append(f"{people[r.leader_id].name} ({parties.of(r.party_id).short_name}"
                         f"{where})")
    return " · ".join(lines)


def seat_chart(title: str, results: Sequence[PartyResult], total: int | None,
               parties: Parties) -> Chart | None:
    bars = tuple(Bar(r.label or parties.of(r.party_id).short_name, r.seats,
                     parties.of(r.party_id).colour, party=r.party_id or "")
                 for r in results if r.seats)
    if not bars:
        return None
    # No size, no majority line: the text says nothing of a majority either.
    return Chart("seats", title, bars, total=total, line=total // 2 + 1 if total else None)
