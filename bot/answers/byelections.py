"""/byelections: by-elections, defections and other changes since a council's election."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from bot import format as fmt
from bot.answers._context import Context, Parties, Sources, council_of, finish, reference
from bot.answers._shared import council_wide, elections
from bot.answers._since import Since, add_since, since_election
from bot.domain import (
    VACANT,
    Ballot,
    Candidacy,
    CompositionChange,
    CompositionSnapshot,
    Council,
    Ward,
)
from bot.render.card import Card


@dataclass(frozen=True, slots=True)
class ByelectionsFacts:
    council: Council
    ballots: tuple[Ballot, ...]  # the by-elections, oldest first
    candidacies: Mapping[str, list[Candidacy]]  # by ballot id
    wards: Mapping[str, Ward]  # the council's wards, by id
    changes: tuple[CompositionChange, ...]
    since: Since | None  # after the latest council-wide election with a result
    snapshots: tuple[CompositionSnapshot, ...]
    data_version: str


async def answer(ctx: Context, council: str | None, *, default_council: str | None) -> Card:
    c = await council_of(ctx, council, default_council)
    sources = Sources()
    return await finish(ctx, compose(await gather(ctx, c), ctx.parties, sources), sources)


async def gather(ctx: Context, c: Council) -> ByelectionsFacts:
    store = ctx.store
    views = await elections(ctx, c.id)
    ballots = [b for b in await store.ballots_in([v.election.id for v in views])
               if b.by_election]
    full = council_wide(views)
    since = None
    if full:
        results = await store.party_results([full[-1].id])
        since = await since_election(ctx, c, full[-1], views, results)
    return ByelectionsFacts(
        council=c, ballots=tuple(ballots),
        candidacies=await store.candidacies([b.id for b in ballots]),
        wards={w.id: w for w in await store.wards(c.id)},
        changes=tuple(await store.changes(council_id=c.id)), since=since,
        snapshots=tuple(await store.snapshots(c.id)), data_version=ctx.data_version)


def compose(f: ByelectionsFacts, parties: Parties, sources: Sources) -> Card:
    c = f.council
    card = Card(title=f"{c.short_name} — by-elections and changes since the last election")
    card.add("By-elections", "\n".join(by_election_lines(f, parties, sources))
             or "None recorded.")
    moves, events = [], []
    for ch in f.changes:
        sources.add(ch.cites)
        if ch.kind == "by-election":
            continue  # listed above
        line = f"{fmt.date(ch.date, ch.date_text)} — {ch.description}"
        if ch.moves_seat:
            moves.append(f"{line} ({parties.name(ch.from_party or VACANT)} → "
                         f"{parties.name(ch.to_party or VACANT)})")
        else:
            events.append(line)
    card.add("Seats that changed hands or fell vacant", "\n".join(moves) or "None recorded.")
    card.add("Other events", "\n".join(events))
    if f.since is not None:
        add_since(card, f.since, c, parties, sources, details=False)
    for s in f.snapshots:
        if s.as_of is None:
            sources.add(s.cites)
            seats = ", ".join(f"{parties.name(k, dict(s.labels))} {v}" for k, v in s.seats)
            card.notices.append(f"Also reported ({s.as_of_text}): {seats}.")
    card.reference = reference(f.data_version)
    return card


def by_election_lines(f: ByelectionsFacts, parties: Parties, sources: Sources) -> list[str]:
    lines = []
    for b in f.ballots:
        sources.add(b.cites)
        winners = [cd for cd in f.candidacies.get(b.id, []) if cd.elected]
        who = ", ".join(f"{cd.name or 'name not recorded'} "
                        f"({cd.party_label or parties.of(cd.party_id).short_name})"
                        for cd in winners) or "winner not recorded"
        ward = f.wards[b.ward_id].name if b.ward_id in f.wards else b.ward_id
        outcome = f" · {b.outcome}" if b.outcome else ""
        lines.append(f"**{fmt.date(b.date)} — {ward}**: {who}{outcome}")
    return lines
