"""/history: a council's composition at every council-wide election on record."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field

from bot import format as fmt
from bot.answers._context import Context, Parties, Sources, council_of, finish, reference
from bot.answers._shared import (
    cited_by,
    council_wide,
    dispute_lines,
    dispute_map,
    election_when,
    elections,
    every,
    not_latest,
    office_span,
    party_square,
    results_from_ballots,
)
from bot.domain import (
    NO_OVERALL_CONTROL,
    Council,
    Dispute,
    Election,
    Office,
    PartyResult,
    Person,
    Source,
)
from bot.errors import NotFound
from bot.render.card import NEUTRAL, Action, Bar, Card, Chart

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
    rows = election_rows(f, parties, sources)
    series = [(str(row.election.year), row.bars(parties)) for row in rows if row.results]
    card = Card(title=title(f, rows, parties), author=author(f))
    if f.council.results_url:
        card.notices.append(f"The council's latest result: {f.council.results_url}")
    latest = next((row for row in reversed(rows) if row.results), None)
    later = [row.election for row in rows[rows.index(latest) + 1:]
             if row.results is None] if latest is not None else []
    if later:
        nr = later[0]
        card.warning = not_latest(f.council, nr)
    # The warning says the later election's result is missing: no row repeats it.
    card.description = "\n".join(merged_lines(
        [row for row in rows if row.election not in later[:1]], parties))
    if latest is not None and latest.election.control:
        card.colour = parties.of(latest.election.control).colour \
            if latest.election.control != NO_OVERALL_CONTROL else NEUTRAL
    # Said once, in the detail (the public card has no room left beside the chart).
    partial = [row for row in rows if row.results and not row.complete]
    shown = sum(1 for row in rows if row.results)
    card.add_detail("Seats recorded at each election", "\n".join(
        ([f"Seats are as the sources record them: {len(partial)} of {shown} elections may "
          "not count every seat (the council's size is not recorded, or the seats found "
          "fall short of it)."] if partial else []) + [
        f"{row.election.year}: {row.recorded}"
        + (f" of {row.election.total_seats}" if row.election.total_seats else "")
        for row in rows if row.results]))
    card.notices += notes(f)
    card.notices += dispute_lines(every(f.disputes), f.cited, sources)
    names = [f"{f.people[o.person_id].name if o.person_id in f.people else o.person_id} "
             f"({parties.of(o.party_id).abbr})" for o in f.leaders]
    leaders = [f"{name} {office_span(o)}" for name, o in zip(names, f.leaders, strict=True)]
    card.add_detail("Leaders of the council", "\n".join(leaders))
    for o in f.leaders:
        sources.add(o.cites)
    card.notices += dispute_lines(every(f.office_disputes), f.cited, sources)
    if series:
        card.chart = Chart("history", card.title, series=tuple(series))
    card.actions = actions(f, latest)
    card.reference = reference(f.data_version)
    return card


def author(f: HistoryFacts) -> str:
    return f.council.name  # the title says since when


def title(f: HistoryFacts, rows: list[Row], parties: Parties) -> str:
    """"Since 1964 — Conservative 13 times, Labour once": who won control how often
    (the rows show the years of no overall control)."""
    counts = Counter(row.election.control for row in rows if row.results
                     and row.election.control)
    shown = [row for row in rows if row.results]
    if not shown:
        return "Council elections on record"
    head = f"Since {shown[0].election.year}"  # the author line names the council
    if len(shown) == 1:
        row = shown[0]
        control = row.election.control
        verdict = ("control not recorded" if not control else "no overall control"
                   if control == NO_OVERALL_CONTROL else f"{parties.name(control)} "
                   + ("gain" if row.change(parties) else "control"))
        return f"One election on record — {row.election.year}, {verdict}"
    if not counts:
        return head + f" — {fmt.plural(len(shown), 'election')}, control not recorded"
    won = sorted(((pid, n) for pid, n in counts.items() if pid != NO_OVERALL_CONTROL),
                 key=lambda kv: -kv[1])
    if not won:
        return head + f" — no overall control {times(counts[NO_OVERALL_CONTROL])}"
    parts = [f"{parties.name(pid)} {times(n)}" for pid, n in won]
    return f"{head} — {', '.join(parts)}"


def merged_lines(rows: list[Row], parties: Parties) -> list[str]:
    """A line per row; rows in a row with the same seats and control share one line
    ("**1986, 1990** 🟦 39 🟥 18 🟧 3")."""
    out: list[tuple[list[int], str]] = []
    for row in rows:
        body = row.line(parties).split(" ", 1)[1]
        if out and row.results and out[-1][1] == body:
            out[-1][0].append(row.election.year)
        else:
            out.append(([row.election.year], body))
    return [f"**{', '.join(map(str, years))}** {body}" for years, body in out]


def times(n: int) -> str:
    return {1: "once", 2: "twice"}.get(n, f"{n} times")


def actions(f: HistoryFacts, latest: Row | None) -> list[Action]:
    c = f.council
    out = []
    if latest is not None:
        out.append(Action(f"Seats {latest.election.year}", question=f"/seats {c.id}"))
    out.append(Action("By-elections", question=f"/byelections {c.id}"))
    return out


@dataclass(slots=True)
class Row:
    """One council-wide election: its seats per party (largest first) and control."""

    election: Election
    results: list[PartyResult] | None  # None: held, result not recorded
    before: str | None = None  # control going in: recorded, else the previous row's
    disputed: set[str] = field(default_factory=set)  # party result ids with a seat dispute
    named_before: set[str | None] = field(default_factory=set)  # parties earlier rows named

    @property
    def recorded(self) -> int:
        return sum(r.seats or 0 for r in self.results or [])

    @property
    def complete(self) -> bool:
        total = self.election.total_seats
        return total is not None and self.recorded == total

    def bars(self, parties: Parties) -> tuple[Bar, ...]:
        return tuple(Bar(parties.of(r.party_id).short_name, r.seats or 0,
                         parties.of(r.party_id).colour, party=r.party_id or "")
                     for r in self.results or [] if r.seats)

    def line(self, parties: Parties) -> str:
        """"**2022** 🟥 41 🟦 22 — Lab gain"; a party is named at its first row."""
        e = self.election
        if self.results is None:
            return f"**{e.year}** held {election_when(e)} — result not in the bot yet"
        seats = " ".join(  # a party is named the first time its square appears
            f"{party_square(parties.of(r.party_id).colour)} "
            f"{'' if r.party_id in self.named_before else parties.of(r.party_id).abbr + ' '}"
            f"{r.seats}{' (sources differ)' if r.id in self.disputed else ''}"
            for r in self.results if r.seats) or "seats not recorded"
        return f"**{e.year}** {seats}{self.change(parties)}"

    def change(self, parties: Parties) -> str:
        """" — Lab gain" where control changed, " — no overall control"; nothing on a hold."""
        control = self.election.control
        if not control:
            return ""
        if control == NO_OVERALL_CONTROL:
            return " — NOC"  # no overall control
        if self.before is not None and self.before != control:
            return f" — {parties.of(control).abbr} gain"
        return ""


def election_rows(f: HistoryFacts, parties: Parties, sources: Sources) -> list[Row]:
    """A row per election, oldest first, with the ward totals where no seats are recorded."""
    by_election: dict[str, list[PartyResult]] = defaultdict(list)
    for r in f.results:
        by_election[r.election_id].append(r)
    seat_disputes = {rid for rid, ds in f.disputes.items()
                     if any(d.field in (None, "seats") for d in ds)}
    rows: list[Row] = []
    previous: str | None = None
    named: set[str | None] = set()
    for e in f.elections:
        sources.add(e.cites)
        if e.status == "no-result":
            rows.append(Row(e, None))
            continue
        rs = [r for r in by_election.get(e.id, []) if r.seats is not None]
        if not rs:
            rs = list(f.computed.get(e.id, []))
        rs.sort(key=lambda r: -(r.seats or 0))
        rows.append(Row(e, rs, e.control_before or previous, seat_disputes, set(named)))
        named.update(r.party_id for r in rs if r.seats)
        previous = e.control or None
    return rows


def notes(f: HistoryFacts) -> list[str]:
    """The sources' labels and notes, each note once with the years it is about."""
    out = [f"Some years' figures are labelled by the source as “{label}”."
           for label in sorted({r.label for r in f.results if r.label and r.seats})]
    years_by_note: dict[str, list[str]] = defaultdict(list)
    for e in f.elections:
        for note in e.notes:
            years_by_note[note].append(str(e.year))
    return out + [f"{', '.join(years)}: {note}" for note, years in years_by_note.items()]
