"""/byelections: by-elections, defections and other changes since a council's election.

The public card leads with the council's make-up as the recorded changes compute it,
then one line per by-election; every change in full, the events that move no seat and
the make-ups other sources report are the private detail.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field

from bot import format as fmt
from bot.answers._context import Context, Parties, Sources, council_of, finish, reference
from bot.answers._shared import council_wide, elections, not_latest, party_square
from bot.answers._since import Since, since_election
from bot.answers._wording import source_name
from bot.composition import Composition
from bot.domain import (
    VACANT,
    Ballot,
    Candidacy,
    CompositionChange,
    CompositionSnapshot,
    Council,
    Election,
    Person,
    Source,
    Ward,
)
from bot.render.card import NEUTRAL, Action, Card

WARD_BUTTONS = 3  # a button per by-election result when there are at most this many
# What a change that moves a seat is called in the public summary line, by its kind.
KIND_WORDS = {"defection": ("defection", None), "death": ("death", None),
              "resignation": ("resignation", None),
              "disqualification": ("disqualification", None),
              "whip-withdrawn": ("whip withdrawn", "whips withdrawn")}


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
    election: Election | None = None  # the latest council-wide election with a result
    people: Mapping[str, Person] = field(default_factory=dict)  # the winners, by id
    cited: Mapping[str, Source] = field(default_factory=dict)  # the snapshots' sources


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
    candidacies = await store.candidacies([b.id for b in ballots])
    winners = [cd.person_id for cds in candidacies.values() for cd in cds
               if cd.elected and cd.person_id]
    snapshots = tuple(await store.snapshots(c.id))
    return ByelectionsFacts(
        council=c, ballots=tuple(ballots), candidacies=candidacies,
        wards={w.id: w for w in await store.wards(c.id)},
        changes=tuple(await store.changes(council_id=c.id)), since=since,
        snapshots=snapshots, data_version=ctx.data_version,
        election=full[-1] if full else None,
        people=await store.people(winners) if winners else {},
        cited=await store.sources([ct.source_id for s in snapshots for ct in s.cites]))


def compose(f: ByelectionsFacts, parties: Parties, sources: Sources) -> Card:
    c = f.council
    comp = f.since.composition if f.since is not None else None
    card = Card(title=title(f, comp, parties), author=author(f))
    if f.since is not None and f.since.next_no_result is not None:
        nr = f.since.next_no_result
        card.warning = not_latest(c, nr)
        sources.add(nr.cites)
        link = nr.results_url or c.results_url
        if link:
            card.notices.append(f"The {nr.year} election: {link}")
    lines = by_election_lines(f, parties, sources)
    card.add(f"By-elections ({len(lines)})" if lines else "By-elections",
             "\n".join(lines) or "None recorded.")
    moves, events = [], []
    for ch in f.changes:
        sources.add(ch.cites)
        if ch.kind == "by-election":
            continue  # listed above
        line = f"{fmt.date(ch.date, ch.date_text)} — {ch.description}"
        if ch.moves_seat:
            moves.append((ch, f"{line} ({parties.name(ch.from_party or VACANT)} → "
                              f"{parties.name(ch.to_party or VACANT)})"))
        else:
            events.append(line)
    if moves:
        card.add(f"Other seat changes ({len(moves)})", moves_summary(
            [ch for ch, _ in moves], parties))
    card.add_detail("Seats that changed hands or fell vacant",
                    "\n".join(text for _, text in moves) or "None recorded.")
    card.add_detail("Other events", "\n".join(events))
    if comp is not None:
        card.add_detail("How the make-up is counted", composition_detail(comp, sources))
    card.notices += snapshot_notes(f, comp, parties, sources)
    card.actions = actions(f)
    card.colour = colour(comp, parties)
    card.reference = reference(f.data_version)
    return card


def author(f: ByelectionsFacts) -> str:
    e = f.election
    if e is None:
        return f.council.name
    return f"{f.council.name} · since the election of {fmt.date(e.date) if e.date else e.year}"


def title(f: ByelectionsFacts, comp: Composition | None, parties: Parties) -> str:
    """The make-up the recorded changes compute, when they add up; else what was held."""
    if comp is not None and comp.consistent:
        when = fmt.date(comp.as_of) if comp.as_of else "now"
        seats = seats_text(comp, parties).replace("Independent", "Ind")
        return f"{f.council.short_name} by {when}: {seats}"
    n = len(f.ballots)
    since = f" since {f.election.year}" if f.election is not None else ""
    if n:
        return f"{fmt.plural(n, 'by-election')} in {f.council.short_name}{since}"
    if any(ch.moves_seat for ch in f.changes):
        return f"No by-elections recorded in {f.council.short_name}{since}; seats changed"
    return f"No by-elections or seat changes recorded in {f.council.short_name}{since}"


def seats_text(comp: Composition, parties: Parties, *, squares: bool = False) -> str:
    """"Lab 40 · Con 19 · Independent/unaffiliated 3 · 1 vacant": largest first."""
    parts = []
    for key, n in sorted(comp.seats.items(), key=lambda kv: (kv[0] == VACANT, -kv[1])):
        if key == VACANT:
            parts.append(f"{n} vacant")
        elif key.startswith("label:"):
            parts.append(f"{parties.name(key, comp.labels)} {n}")
        else:
            p = parties.of(key)
            parts.append((f"{party_square(p.colour)} " if squares else "") + f"{p.abbr} {n}")
    return " · ".join(parts)


def colour(comp: Composition | None, parties: Parties) -> int:
    """The colour of a party with more than half the seats, else neutral."""
    if comp is None or not comp.consistent:
        return NEUTRAL
    total = sum(comp.seats.values())
    for key, n in comp.seats.items():
        if key != VACANT and not key.startswith("label:") and 2 * n > total:
            return parties.of(key).colour
    return NEUTRAL


def composition_detail(comp: Composition, sources: Sources) -> str:
    sources.add(comp.cites)
    for ch in comp.applied:
        sources.add(ch.cites)
    if not comp.consistent:
        return (f"The recorded changes since {comp.baseline_text} do not add up, so no "
                "make-up is computed.")
    start = (f"As reported on {fmt.date(comp.baseline_date)} ({comp.baseline_text})"
             if comp.cites else f"From {comp.baseline_text}")
    text = (f"{start}, then {fmt.plural(len(comp.applied), 'recorded change')}, to "
            f"{fmt.date(comp.as_of)}.")
    if comp.undated:
        text += (f" {fmt.plural(len(comp.undated), 'change')} with no exact date could not "
                 "be placed.")
    return text


def moves_summary(moves: list[CompositionChange], parties: Parties) -> str:
    """"2 to Reform UK · 1 whip withdrawn · 2 deaths · 3 resignations · 1 other"."""
    counts: Counter[str] = Counter()
    for ch in moves:
        if ch.kind == "defection" and ch.to_party:
            counts[f"to {parties.name(ch.to_party)}"] += 1
        else:
            counts[ch.kind] += 1
    order = [*KIND_WORDS, "other"]
    parts = []
    for kind, n in sorted(counts.items(), key=lambda kv: (
            not kv[0].startswith("to "), order.index(kv[0]) if kv[0] in order else 99)):
        if kind.startswith("to "):
            parts.append(f"{n} {'defection' if n == 1 else 'defections'} {kind}")
        elif kind in KIND_WORDS:
            one, many = KIND_WORDS[kind]
            parts.append(f"{n} {one if n == 1 else (many or one + 's')}")
        else:
            parts.append(f"{n} other")
    return " · ".join(parts) + " (each in Sources & notes)"


def snapshot_notes(f: ByelectionsFacts, comp: Composition | None, parties: Parties,
                   sources: Sources) -> list[str]:
    """The make-ups sources report without a date: what each says, beside the count."""
    out = []
    for s in f.snapshots:
        if s.as_of is not None:
            continue
        sources.add(s.cites)
        names = ", ".join(dict.fromkeys(source_name(f.cited[ct.source_id]) for ct in s.cites
                                        if ct.source_id in f.cited)) or "A source"
        seats = ", ".join(f"{parties.name(k, dict(s.labels))} {v}" for k, v in s.seats)
        out.append(f"Also reported — {names}, {s.as_of_text}: {seats}.")
    if out and comp is not None and comp.consistent:
        out.append(f"The make-up shown ({seats_text(comp, parties)}) is counted from the "
                   "dated changes recorded here; the reports above are undated.")
    return out


def by_election_lines(f: ByelectionsFacts, parties: Parties, sources: Sources) -> list[str]:
    """"**16 Feb 2023** Golders Green: 🟦 Con hold — Peter Zinkin"."""
    lines = []
    known = [p for ch in f.changes for p in (ch.from_party, ch.to_party)]
    for b in f.ballots:
        sources.add(b.cites)
        cands = f.candidacies.get(b.id, [])
        winners = [cd for cd in cands if cd.elected]
        ward = f.wards[b.ward_id].name if b.ward_id in f.wards else b.ward_id
        who = ", ".join(winner_name(cd, f.people) for cd in winners) or "winner not recorded"
        first = parties.of(winners[0].party_id) if winners else None
        square = f"{party_square(first.colour)} " if first is not None else ""
        result = outcome_text(b.outcome, [cd.party_id for cd in cands] + known, parties)
        if not result and first is not None:
            result = first.abbr if winners[0].party_id else (winners[0].party_label or "")
        when = short_date(b.date)
        lines.append(f"**{when}** {ward}: {square}{result}" + (f" — {who}" if result
                                                                 else f" {who}"))
    return lines


def winner_name(cd: Candidacy, people: Mapping[str, Person]) -> str:
    """One name per person: the person's name where the candidacy names them."""
    if cd.person_id and cd.person_id in people:
        return people[cd.person_id].name
    return cd.name or "name not recorded"


def outcome_text(outcome: str | None, party_ids: list[str | None], parties: Parties) -> str:
    """The source's "Labour gain from Conservative" with the parties abbreviated (those
    of the candidates and of the council's recorded changes)."""
    if not outcome:
        return ""
    text = outcome
    for pid in dict.fromkeys(p for p in party_ids if p):
        p = parties.of(pid)
        for name in sorted({p.name, p.short_name}, key=len, reverse=True):
            text = re.sub(rf"\b{re.escape(name)}\b", p.abbr, text)
    return text


def actions(f: ByelectionsFacts) -> list[Action]:
    c = f.council
    out = [Action("Seats", question=f"/seats {c.id}"),
           Action("History", question=f"/history {c.id}")]
    if len(f.ballots) <= WARD_BUTTONS:
        for b in f.ballots:
            ward = f.wards[b.ward_id].name if b.ward_id in f.wards else b.ward_id
            out.append(Action(f"{ward} {short_date(b.date)}",
                              question=f"/ward {b.ward_id} {b.election_id}"))
    return out


def short_date(iso: str | None) -> str:
    """'2023-02-16' -> '16 Feb 2023'."""
    text = fmt.date(iso)
    return re.sub(r"\b(January|February|March|April|June|July|August|September|October|"
                  r"November|December)\b", lambda m: m.group(1)[:3], text)
