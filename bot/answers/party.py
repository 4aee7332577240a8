"""/party: a party in one council (seats, votes, leader, wards won), or everywhere."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from bot import format as fmt
from bot.answers._context import Context, Parties, Sources, council_of, finish, reference, resolve
from bot.answers._shared import (
    cited_by,
    council_wide,
    dispute_lines,
    dispute_map,
    election_when,
    elections,
    later_election_notice,
    later_no_result,
    not_latest,
    party_results,
    party_square,
    pick_election,
)
from bot.domain import (
    Ballot,
    Candidacy,
    Council,
    Dispute,
    Election,
    Party,
    PartyResult,
    Person,
    Source,
    Ward,
)
from bot.render.card import Action, Card


@dataclass(frozen=True, slots=True)
class PartyFacts:
    party: Party
    members: tuple[str, ...]  # party ids whose seats count as this party's
    council: Council
    election: Election  # the latest council-wide one with a result
    result: PartyResult | None  # the party's total there, if recorded
    leader: Person | None
    disputes: tuple[Dispute, ...]  # about that total
    cited: Mapping[str, Source]  # the sources the disputes cite
    ballots: tuple[Ballot, ...]  # the election's ward contests
    candidacies: Mapping[str, list[Candidacy]]  # by ballot id
    wards: Mapping[str, Ward]  # the council's wards, by id
    data_version: str
    later_no_result: Election | None = None  # a later election held, its result not here


async def answer(ctx: Context, name: str, council: str | None, *,
                 default_council: str | None) -> Card:
    party = ctx.parties.of(resolve(ctx, "party", name).id)
    members = tuple(p.id for p in ctx.store.parties.values() if p.totals_id == party.id)
    sources = Sources()
    if (council is None or not council.strip()) and not default_council:
        return await finish(ctx, await everywhere(ctx, party, members, sources), sources)
    c = await council_of(ctx, council, default_council)
    facts = await gather(ctx, party, members, c)
    return await finish(ctx, compose(facts, ctx.parties, sources), sources)


async def gather(ctx: Context, party: Party, members: tuple[str, ...], c: Council) -> PartyFacts:
    store = ctx.store
    views = await elections(ctx, c.id)
    e = pick_election(c, None, views, full_only=True)
    results, _ = await party_results(ctx, e)
    mine = next((r for r in results if r.party_id in members), None)
    leader = await store.person(mine.leader_id) if mine and mine.leader_id else None
    disputes = (await dispute_map(ctx, "party_result", [mine.id])).get(mine.id, []) \
        if mine else []
    ballots = [b for b in await store.ballots_in([e.id]) if not b.by_election]
    return PartyFacts(
        party=party, members=members, council=c, election=e, result=mine, leader=leader,
        disputes=tuple(disputes), cited=await cited_by(ctx, disputes), ballots=tuple(ballots),
        candidacies=await store.candidacies([b.id for b in ballots]),
        wards={w.id: w for w in await store.wards(c.id)}, data_version=ctx.data_version,
        later_no_result=later_no_result(views, e))


def compose(f: PartyFacts, parties: Parties, sources: Sources) -> Card:
    e, c, r = f.election, f.council, f.result
    sources.add(e.cites)
    card = Card(title=verdict(f), colour=f.party.colour, url=e.results_url or c.results_url,
                author=f"{c.name} · election of {election_when(e)}")
    if r is not None:
        sources.add(r.cites)
        line = fmt.plural(r.seats, 'seat') if r.seats is not None else 'seats not recorded'
        if e.total_seats and r.seats is not None:
            line += f" of {e.total_seats}"
        if r.seat_change is not None:
            line += f" ({fmt.change(r.seat_change)})"
        card.add("Seats", f"{party_square(f.party.colour)} {line}", inline=True)
        differ = " (sources differ)" if f.disputes else ""
        card.add("Votes", f"{fmt.number(r.votes)}"
                 + (f" ({fmt.pct(r.vote_pct)})" if r.vote_pct is not None else "") + differ,
                 inline=True)
        if f.leader is not None:
            card.add("Leader", f.leader.name, inline=True)
            card.add_detail("Leader", f.leader.name + (f" ({r.leader_ward})" if r.leader_ward
                                                       else ""))
        card.notices += dispute_lines(f.disputes, f.cited, sources)
    else:
        card.description = f"No {f.party.short_name} result is recorded for this election."
    card.add("Wards won", wards_won(f, sources))
    if f.later_no_result is not None:
        card.warning = not_latest(c, f.later_no_result)
        card.notices.insert(0, later_election_notice(c, f.later_no_result))
        sources.add(f.later_no_result.cites)
    card.actions.append(Action("Seats", question=f"/seats {c.id}"))
    card.actions.append(Action("History", question=f"/history {c.id}"))
    card.reference = reference(f.data_version, e.id)
    return card


def verdict(f: PartyFacts) -> str:
    """"Labour won 41 of 63 seats in Barnet"."""
    r, where, name = f.result, f.council.short_name, f.party.short_name
    if r is None or r.seats is None:
        return f"{name} in {where} — {election_when(f.election)}"
    of = f" of {f.election.total_seats}" if f.election.total_seats else ""
    seats = f"{r.seats}{of} seats" if of else fmt.plural(r.seats, "seat")
    return f"{name} won {seats} in {where}"


def wards_won(f: PartyFacts, sources: Sources) -> str:
    won, unknown = [], 0
    for b in f.ballots:
        mine = [cd for cd in f.candidacies.get(b.id, [])
                if cd.elected and cd.party_id in f.members]
        n = max(len(mine), dict(b.party_seats).get(f.party.id, 0))
        if n:
            won.append(f"{f.wards[b.ward_id].name} ({n})" if b.ward_id in f.wards else b.ward_id)
            sources.add(b.cites)
        elif not f.candidacies.get(b.id) and not b.party_seats:
            unknown += 1
    text = ", ".join(won) if won else "None recorded."
    if unknown:
        text += f"\nWinners not recorded for {fmt.plural(unknown, 'ward')}."
    return text


async def everywhere(ctx: Context, party: Party, members: tuple[str, ...],
                     sources: Sources) -> Card:
    """The party's seats at the latest recorded election in each council."""
    card = Card(title=f"{party.short_name} — results on record", colour=party.colour,
                description="Latest recorded election in each council. Add a council "
                            "for the detail, e.g. /party labour barnet.")
    lines = []
    for c in await ctx.store.councils():
        full = council_wide(await elections(ctx, c.id))
        if not full:
            continue
        e = full[-1]
        results, _ = await party_results(ctx, e)
        for r in results:
            if r.party_id in members and r.seats is not None:
                sources.add(r.cites)
                total = f" of {e.total_seats}" if e.total_seats else ""
                lines.append(f"**{c.short_name}** ({e.year}) — {r.seats}{total} seats")
    card.add("Councils", "\n".join(lines) or "No results recorded for this party.")
    card.reference = reference(ctx.data_version)
    return card
