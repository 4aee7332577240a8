"""/seats: a council election's seats and votes per party, control, and the council since."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from bot import format as fmt
from bot.answers import place
from bot.answers._context import Context, Parties, Sources, council_of, finish, reference
from bot.answers._shared import (
    ElectionView,
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
from bot.answers._since import Since, add_since, since_election
from bot.answers.map import map_action
from bot.answers.upcoming import mark_seats_not_counted
from bot.domain import Council, Dispute, Election, PartyResult, Person, Source, is_place_id
from bot.render.card import NEUTRAL, Bar, Card, Chart


@dataclass(frozen=True, slots=True)
class SeatsFacts:
    council: Council
    election: Election
    results: tuple[PartyResult, ...]  # biggest first
    computed: bool  # no totals recorded: summed from the ward results
    previous: Mapping[str, int]  # seats per party at the previous council-wide election
    leaders: Mapping[str, Person]  # the parties' leaders, by person id
    ward_seats: tuple[int | None, ...]  # seats per ward contest, read when the size is unknown
    disputes: Mapping[str, list[Dispute]]  # by party result id
    election_disputes: tuple[Dispute, ...]
    cited: Mapping[str, Source]  # the sources the disputes cite
    since: Since | None
    data_version: str


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
    return SeatsFacts(
        council=c, election=e, results=tuple(results), computed=computed,
        previous=await _previous_seats(ctx, views, e),
        leaders=await ctx.store.people(leader_ids) if leader_ids else {},
        ward_seats=ward_seats, disputes=disputes, election_disputes=tuple(of_election),
        cited=await cited_by(ctx, [*every(disputes), *of_election]),
        since=await since_election(ctx, c, e, views, results), data_version=ctx.data_version)


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
    e, results, total = f.election, f.results, f.election.total_seats
    sources.add(e.cites)
    for r in results:
        sources.add(r.cites)
    card = Card(title=f"{f.council.short_name} — council election, {election_when(e)}",
                url=e.results_url)
    lines, marks = seat_lines(f, parties)
    card.add("Seats and votes", "\n".join(lines) or "No party figures are recorded.")
    seats_known = sum(r.seats or 0 for r in results)
    card.description = control_text(e, results, parties, seats_known)
    winner = results[0] if results and results[0].seats else None
    card.colour = parties.of(winner.party_id).colour if winner and has_majority(
        winner, total) else NEUTRAL
    card.notices += marks + totals_notices(f, seats_known)
    card.add("Turnout", turnout_text(e.turnout_votes, e.turnout_pct, None, e.turnout_note),
             inline=True)
    card.add("Leaders", leaders_text(results, f.leaders, parties), inline=False)
    card.notices += e.notes
    card.notices += dispute_lines([*every(f.disputes), *f.election_disputes], f.cited, sources)
    if f.since is not None:
        add_since(card, f.since, f.council, parties, sources)
    card.chart = seat_chart(card.title, results, total, parties)
    card.reference = reference(f.data_version, e.id)
    return card


def seat_lines(f: SeatsFacts, parties: Parties) -> tuple[list[str], list[str]]:
    """A line per party, and the notices explaining the marks on changes (* and †)."""
    lines, derived, computed_change = [], [], False
    for r in f.results:
        name = r.label or parties.of(r.party_id).short_name
        seat_text = "seats not recorded" if r.seats is None else fmt.plural(r.seats, "seat")
        change = ""
        if r.seat_change is not None and (r.seat_change_basis or "").startswith("derived"):
            change = f" ({fmt.change(r.seat_change)}†)"
            derived.append(f"{name}: {(r.seat_change_basis or '')[9:]}")
        elif r.seat_change is not None:
            change = f" ({fmt.change(r.seat_change)})"
        elif r.seats is not None and f.previous and r.party_id in f.previous:
            change = f" ({fmt.change(r.seats - f.previous[r.party_id])}*)"
            computed_change = True
        flag = " ⚠" if r.id in f.disputes else ""
        lines.append(f"**{name}** — {seat_text}{change}{_votes_text(r)}{flag}")
    marks = []
    if computed_change:
        marks.append("* change computed from the previous recorded election.")
    if derived:
        marks.append("† change worked out, not stated by a source — " + "; ".join(derived))
    return lines, marks


def _votes_text(r: PartyResult) -> str:
    if r.votes is None and r.vote_pct is None:
        return " · votes not recorded"
    votes = f" · {fmt.number(r.votes)} votes" if r.votes is not None else " · votes"
    return votes + (f" ({fmt.pct(r.vote_pct)})" if r.vote_pct is not None else "")


def totals_notices(f: SeatsFacts, seats_known: int) -> list[str]:
    """What the totals do not cover: computed from wards, size unknown, seats unassigned."""
    out = []
    total = f.election.total_seats
    if f.computed:
        out.append("Seat and vote totals computed from the recorded ward results; "
                   "vote shares are of all votes cast, and where a ward elects "
                   "several councillors each voter had several votes.")
        if total is None:  # imported ward results do not say how big the council is
            out.append(size_unknown_text(f.ward_seats))
    if total and seats_known and seats_known < total:
        out.append(f"Seats for {total - seats_known} of {total} councillors are "
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


def has_majority(r: PartyResult, total: int | None) -> bool:
    return bool(total and r.seats and r.seats > total // 2)


def control_text(e: Election, results: Sequence[PartyResult], parties: Parties,
                 seats_known: int) -> str:
    parts = []
    total = e.total_seats
    top = results[0] if results else None
    if total and top and top.seats is not None and has_majority(top, total):
        name = parties.of(top.party_id).short_name
        margin = top.seats - (total - top.seats)
        parts.append(f"**{name} majority**: {top.seats} of {total} seats "
                     f"({total // 2 + 1} needed), a majority of {margin} over all others.")
    elif total and seats_known == total:
        parts.append(f"**No overall control**: no party has the {total // 2 + 1} seats "
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
