"""/councillor: a person's elections, offices, changes since and later listings."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from bot import format as fmt
from bot.answers import place
from bot.answers._context import Context, Parties, Sources, council_of, finish, reference, resolve
from bot.answers._shared import (
    ELECTED_BASIS,
    election_when,
    elections,
    later_no_result,
    office_span,
    short_month,
)
from bot.composition import later
from bot.domain import (
    Ballot,
    Candidacy,
    CompositionChange,
    Council,
    Election,
    Listing,
    Office,
    PartyResult,
    Person,
    Ward,
    is_place_id,
)
from bot.render.card import Action, Card


@dataclass(frozen=True, slots=True)
class CouncillorFacts:
    person: Person
    candidacies: tuple[Candidacy, ...]  # oldest contest first
    ballots: Mapping[str, Ballot]  # by id: the contests stood in
    wards: Mapping[str, Ward]  # by id: their wards and the listings' wards
    offices: tuple[Office, ...]
    changes: tuple[CompositionChange, ...]
    listings: tuple[Listing, ...]
    led: tuple[PartyResult, ...]  # results of parties the person led at an election
    led_elections: Mapping[str, Election]  # by id, for `led`
    led_councils: Mapping[str, Council]  # by id, for `led`
    statements: int  # how many statements are recorded
    later_no_result: Election | None  # a later election held in the person's latest council
    data_version: str
    council: Council | None = None  # the council of the person's latest contest


async def answer(ctx: Context, name: str, council: str | None) -> Card:
    scope = (await council_of(ctx, council, None)).id if council and council.strip() else None
    if scope and ctx.fetch_on_miss and is_place_id(scope):
        await place.answer(ctx, scope)  # a council not held: the bot fetches it (Fetchable)
    entry = resolve(ctx, "person", name, scope)
    person = await ctx.store.person(entry.id)
    assert person is not None
    sources = Sources()
    return await finish(ctx, compose(await gather(ctx, person), ctx.parties, sources), sources)


async def gather(ctx: Context, person: Person) -> CouncillorFacts:
    store = ctx.store
    cands = await store.candidacies_of(person.id)
    found = await store.ballots([cd.ballot_id for cd in cands])
    ballots = {cd.ballot_id: found[cd.ballot_id] for cd in cands if cd.ballot_id in found}
    cands = sorted(cands, key=lambda x: ballots[x.ballot_id].date or "")
    listings = await store.listings(person_id=person.id)
    wards = await store.wards_by_id([*(b.ward_id for b in ballots.values()),
                                     *(li.ward_id for li in listings if li.ward_id)])
    led = await store.party_results_led_by(person.id)
    led_elections = await store.elections_by_id([r.election_id for r in led])
    statements = await store.statements(person_ids=[person.id], limit=1000)
    return CouncillorFacts(
        person=person, candidacies=tuple(cands), ballots=ballots, wards=wards,
        offices=tuple(await store.offices(person_id=person.id)),
        changes=tuple(await store.changes(person_id=person.id)), listings=tuple(listings),
        led=tuple(led), led_elections=led_elections,
        led_councils=await store.councils_by_id(
            [e.council_id for e in led_elections.values()]),
        statements=len(statements),
        later_no_result=await _later_no_result(ctx, cands, ballots, wards),
        council=await _latest_council(ctx, cands, ballots, wards),
        data_version=ctx.data_version)


def _latest_council_id(cands: Sequence[Candidacy], ballots: Mapping[str, Ballot],
                       wards: Mapping[str, Ward]) -> str | None:
    """The council of the person's latest contest (candidacies are oldest first)."""
    council_id = None
    for cd in cands:
        w = wards.get(ballots[cd.ballot_id].ward_id)
        council_id = w.council_id if w else council_id
    return council_id


async def _latest_council(ctx: Context, cands: Sequence[Candidacy],
                          ballots: Mapping[str, Ballot],
                          wards: Mapping[str, Ward]) -> Council | None:
    council_id = _latest_council_id(cands, ballots, wards)
    return await ctx.store.council(council_id) if council_id else None


async def _later_no_result(ctx: Context, cands: Sequence[Candidacy],
                           ballots: Mapping[str, Ballot],
                           wards: Mapping[str, Ward]) -> Election | None:
    """A council-wide election after the person's last contest, in their latest council."""
    council_id = _latest_council_id(cands, ballots, wards)
    if not council_id:
        return None
    views = await elections(ctx, council_id)
    last_b = max(ballots.values(), key=lambda b: b.date or "")
    last_e = next((v.election for v in views if v.election.id == last_b.election_id), None)
    return later_no_result(views, last_e) if last_e else None


def compose(f: CouncillorFacts, parties: Parties, sources: Sources) -> Card:
    card = Card(title=f.person.name)
    lines = []
    latest_party: str | None = None
    for cd in f.candidacies:
        sources.add(cd.cites or f.ballots[cd.ballot_id].cites)
        lines.append(stood_line(cd, f.ballots[cd.ballot_id], f.wards, parties))
        latest_party = cd.party_id or latest_party
    for o in f.offices:
        sources.add(o.cites)
    for ch in f.changes:
        sources.add(ch.cites)
        if ch.to_party and ch.moves_seat:
            latest_party = ch.to_party
    for li in f.listings:
        sources.add(li.cites)
    won = [cd for cd in f.candidacies if cd.elected]
    last = max(won, key=lambda cd: f.ballots[cd.ballot_id].date or "") if won else None
    last_b = f.ballots[last.ballot_id] if last else None
    ward = f.wards.get(last_b.ward_id) if last_b else None
    council = f.council
    card.title = headline(f, parties, latest_party, ward)
    if council is not None and ward is not None:
        card.author = f"{council.short_name} · {ward.name} ward"
    card.description = status(f, parties)
    if f.offices:
        card.description += "\n" + "\n".join(
            f"{o.role} · {span}" if len(span := office_span(o)) <= 40
            else f"{o.role} (dates in Sources & notes)" for o in f.offices)
    if latest_party:
        card.add("Party", parties.of(latest_party).short_name, inline=True)
    if ward is not None:
        card.add("Ward", ward.name, inline=True)
    if last_b is not None:
        card.add("Since", short_month(last_b.date), inline=True)
    card.add("Stood", "\n".join(short_stood(cd, f.ballots[cd.ballot_id], f.wards)
                                for cd in f.candidacies)
             or "No candidacy is recorded for this person.")
    card.add_detail("Elections", "\n".join(lines))
    card.add_detail("Offices", "\n".join(f"{o.role} ({parties.of(o.party_id).short_name}) · "
                                         f"{office_span(o)}" for o in f.offices))
    card.add_detail("Since elected", "\n".join(
        f"{fmt.date(ch.date, ch.date_text)} — {one_name(ch.description, f.person.name)}"
        for ch in f.changes))
    card.add_detail("Later listings (not election results)", listing_lines(f, parties))
    card.add_detail("Party leader at an election", led_lines(f, parties))
    if latest_party:
        card.colour = parties.of(latest_party).colour
    if f.later_no_result is not None:
        where = council.short_name if council else "This council"
        card.warning = (f"**Not the latest result.** {where} voted again on "
                        f"{election_when(f.later_no_result)}; whether "
                        f"{f.person.name} kept the seat isn't in the bot yet.")
        card.notices.append(f"{where} held an election on "
                            f"{fmt.date(f.later_no_result.date)}; its result is not recorded "
                            "here.")
    if last_b is not None and ward is not None:
        card.actions.append(Action(f"{ward.name} {(last_b.date or '')[:4]} result",
                                   question=f"/ward {ward.id} {last_b.election_id}"))
    if f.statements:
        card.actions.append(Action(f"Statements ({f.statements})",
                                   question=f"/quote {f.person.name.split()[-1].lower()}"))
    card.reference = reference(f.data_version, f"person {f.person.id}")
    return card


def headline(f: CouncillorFacts, parties: Parties, party: str | None,
             ward: Ward | None) -> str:
    """"Peter Zinkin — Conservative councillor for Golders Green, Barnet"."""
    name = f.person.name
    if ward is None:
        return name
    where = f"{ward.name}, {f.council.short_name}" if f.council else ward.name
    won = [f.ballots[cd.ballot_id].date for cd in f.candidacies if cd.elected]
    last_win = max((d for d in won if d), default=None)
    left = bool(won) and any(ch.moves_seat and ch.to_party is None
                             and (last_win is None or later(ch.date, last_win))
                             for ch in f.changes)
    who = f"{parties.of(party).short_name} " if party else ""
    return f"{name} — {'former ' if left else ''}{who}councillor for {where}"


def one_name(text: str, name: str) -> str:
    """The person's display name where a source gives a longer form ("Peter John Louis
    Zinkin" -> "Peter Zinkin"), so one person has one name in a card."""
    words = name.split()
    if len(words) < 2:
        return text
    longer = re.compile(rf"\b{re.escape(words[0])}(?: [A-Z][\w'-]+)+? {re.escape(words[-1])}\b")
    return longer.sub(name, text)


def short_stood(cd: Candidacy, b: Ballot, wards: Mapping[str, Ward]) -> str:
    """"2022 · Childs Hill — not elected"."""
    w = wards.get(b.ward_id)
    what = " (by-election)" if b.by_election else ""
    outcome = ("elected" if cd.elected else "not elected" if cd.elected is False
               else "outcome not recorded")
    votes = f", {fmt.number(cd.votes)} votes" if cd.votes is not None else ""
    return f"{(b.date or '')[:4]} · {w.name if w else b.ward_id}{what} — {outcome}{votes}"


def stood_line(cd: Candidacy, b: Ballot, wards: Mapping[str, Ward], parties: Parties) -> str:
    w = wards.get(b.ward_id)
    what = "by-election" if b.by_election else "election"
    outcome = ("elected" if cd.elected else "not elected" if cd.elected is False
               else "outcome not recorded")
    basis = ELECTED_BASIS.get(cd.elected_basis or "")
    if cd.elected and basis:
        outcome += f" ({basis})"
    votes = f"{fmt.number(cd.votes)} votes" if cd.votes is not None else "votes not recorded"
    party = cd.party_label or parties.of(cd.party_id).short_name
    return (f"{fmt.date(b.date)} {what} · {w.name if w else b.ward_id} · {party} · "
            f"**{outcome}** · {votes}")


def listing_lines(f: CouncillorFacts, parties: Parties) -> str:
    lines = []
    for li in f.listings:
        ward = f.wards.get(li.ward_id) if li.ward_id else None
        party = f" ({parties.of(li.party_id).short_name})" if li.party_id else ""
        lines.append(f"Listed as councillor for {ward.name if ward else 'a ward'}{party}"
                     f" — {li.as_of_text or fmt.date(li.as_of)}")
    return "\n".join(lines)


def led_lines(f: CouncillorFacts, parties: Parties) -> str:
    lines = []
    for r in f.led:
        e = f.led_elections.get(r.election_id)
        c = f.led_councils.get(e.council_id) if e else None
        when = election_when(e) if e else r.election_id
        where = f"{c.short_name}, " if c else ""
        seat = f" (own ward: {r.leader_ward})" if r.leader_ward else ""
        lines.append(f"{parties.of(r.party_id).short_name} · {where}{when}{seat}")
    return "\n".join(lines)


def status(f: CouncillorFacts, parties: Parties) -> str:
    """Elected when and for whom, and whether they left or changed party since."""
    won = [cd for cd in f.candidacies if cd.elected]
    if not won:
        return "Not recorded as elected in this data."
    last = max(won, key=lambda cd: f.ballots[cd.ballot_id].date or "")
    b = f.ballots[last.ballot_id]
    text = f"Elected {fmt.date(b.date)} ({parties.of(last.party_id).short_name})."
    moves = [ch for ch in f.changes if ch.moves_seat and later(ch.date, b.date)]
    leaving = [ch for ch in moves if ch.to_party is None]
    moved = [ch for ch in moves if ch.to_party]
    if leaving:
        ch = leaving[-1]
        text += f" Left the council: {ch.kind}, {fmt.date(ch.date, ch.date_text)}."
    elif moved:
        ch = moved[-1]
        text += (f" Now {parties.of(ch.to_party).short_name} "
                 f"(since {fmt.date(ch.date, ch.date_text)}).")
    else:
        text += " No later change is recorded."
    return text
