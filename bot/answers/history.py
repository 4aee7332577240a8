"""/history: a council's composition at every council-wide election on record."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass

from bot.answers._context import Context, Parties, Sources, council_of, finish, reference
from bot.answers._shared import (
    cited_by,
    council_wide,
    dispute_lines,
    dispute_map,
    election_when,
    elections,
    every,
    office_span,
    results_from_ballots,
)
from bot.domain import Council, Dispute, Election, Office, PartyResult, Person, Source
from bot.errors import NotFound
from bot.render.card import Bar, Card, Chart

LEADER = "Leader of the Council"


@dataclass(frozen=True, slots=True)
class HistoryFacts:
    council: Council
    elections: tuple[Election, ...]  # council-wide, oldest first (some without a result)
    results: tuple[PartyResult, ...]  # the recorded party totals of all of them
    computed: Mapping[str, list[PartyResult]]  # by election id: summed from ward results,
    #                                            where no recorded total gives seats
    disputes: Mapping[str, list[Dispute]]  # by party result id
    leaders: tuple[Office, ...]  # leaders of the council, in order
    people: Mapping[str, Person]  # the leaders, by id
    office_disputes: Mapping[str, list[Dispute]]  # by office id
    cited: Mapping[str, Source]  # the sources the disputes cite
    data_version: str


async def answer(ctx: Context, council: str | None, *, default_council: str | None) -> Card:
    c = await council_of(ctx, council, default_council)
    sources = Sources()
    return await finish(ctx, compose(await gather(ctx, c), ctx.parties, sources), sources)


async def gather(ctx: Context, c: Council) -> HistoryFacts:
    store = ctx.store
    full = council_wide(await elections(ctx, c.id), with_result=False)
    if not full:
        raise NotFound(f"No council-wide election is recorded for {c.name}.")
    with_result = [e for e in full if e.status != "no-result"]
    results = await store.party_results([e.id for e in with_result])
    seated = {r.election_id for r in results if r.seats is not None}
    computed = {e.id: await results_from_ballots(ctx, e)
                for e in with_result if e.id not in seated}
    disputes = await dispute_map(ctx, "party_result", [r.id for r in results])
    leaders = [o for o in await store.offices(council_id=c.id) if o.role == LEADER]
    people = await store.people([o.person_id for o in leaders]) if leaders else {}
    office_disputes = await dispute_map(ctx, "office", [o.id for o in leaders]) \
        if leaders else {}
    return HistoryFacts(
        council=c, elections=tuple(full), results=tuple(results), computed=computed,
        disputes=disputes, leaders=tuple(leaders), people=people,
        office_disputes=office_disputes,
        cited=await cited_by(ctx, [*every(disputes), *every(office_disputes)]),
        data_version=ctx.data_version)


def compose(f: HistoryFacts, parties: Parties, sources: Sources) -> Card:
    for r in f.results:
        sources.add(r.cites)
    lines, series = election_lines(f, parties, sources)
    card = Card(title=f"{f.council.short_name} — council composition at each election",
                url=f.council.results_url)
    card.description = "\n".join(lines)
    card.notices += notes(f)
    card.notices += dispute_lines(every(f.disputes), f.cited, sources)
    card.add("Leaders of the council", "\n".join(
        f"{f.people[o.person_id].name if o.person_id in f.people else o.person_id} "
        f"({parties.of(o.party_id).abbr}) {office_span(o)}" for o in f.leaders))
    for o in f.leaders:
        sources.add(o.cites)
    card.notices += dispute_lines(every(f.office_disputes), f.cited, sources)
    if series:
        card.chart = Chart("history", card.title, series=tuple(series))
    card.reference = reference(f.data_version)
    return card


def election_lines(f: HistoryFacts, parties: Parties, sources: Sources
                   ) -> tuple[list[str], list[tuple[str, tuple[Bar, ...]]]]:
    """A line per election (control, seats per party), and the chart's bars per year."""
    by_election: dict[str, list[PartyResult]] = defaultdict(list)
    for r in f.results:
        by_election[r.election_id].append(r)
    seat_disputes = {rid for rid, ds in f.disputes.items()
                     if any(d.field in (None, "seats") for d in ds)}
    lines, series = [], []
    for e in f.elections:
        sources.add(e.cites)
        if e.status == "no-result":
            lines.append(f"**{e.year}** — held {election_when(e)}; result not recorded")
            continue
        rs = [r for r in by_election.get(e.id, []) if r.seats is not None]
        if not rs:
            rs = list(f.computed.get(e.id, []))
        control = parties.name(e.control) if e.control else "control not recorded"
        seats = ", ".join(
            f"{parties.of(r.party_id).abbr} {r.seats}{'⚠' if r.id in seat_disputes else ''}"
            for r in rs if r.seats)
        total = f" of {e.total_seats}" if e.total_seats else ""
        recorded = sum(r.seats or 0 for r in rs)
        lines.append(f"**{e.year}** — {control} · {seats} ({recorded}{total} recorded)")
        series.append((str(e.year), tuple(
            Bar(parties.of(r.party_id).short_name, r.seats or 0,
                parties.of(r.party_id).colour, party=r.party_id or "") for r in rs if r.seats)))
    return lines, series


def notes(f: HistoryFacts) -> list[str]:
    """The sources' labels and notes, each note once with the years it is about."""
    out = [f"Some years' figures are labelled by the source as “{label}”."
           for label in sorted({r.label for r in f.results if r.label and r.seats})]
    years_by_note: dict[str, list[str]] = defaultdict(list)
    for e in f.elections:
        for note in e.notes:
            years_by_note[note].append(str(e.year))
    return out + [f"{', '.join(years)}: {note}" for note, years in years_by_note.items()]
