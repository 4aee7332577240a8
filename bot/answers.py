"""The questions the bot answers, one method each, returning Cards.

This is where the bot decides what is true enough to say: it resolves names
with the matcher, reads the store, and builds a Card that shows every figure
with its source, says "not recorded" where nothing is known, and surfaces
disagreements between sources. It never imports discord.
"""

from __future__ import annotations

import asyncio
import functools
import re
from collections import OrderedDict, defaultdict
from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from bot import format as fmt
from bot import places
from bot.composition import Composition, compose, later
from bot.domain import (
    NO_OVERALL_CONTROL,
    VACANT,
    Ballot,
    Candidacy,
    Cite,
    Council,
    Dispute,
    Election,
    Office,
    Party,
    PartyResult,
    Statement,
    is_place_id,
)
from bot.errors import Ambiguous, BadOption, Choice, NotFound, UserError
from bot.matching import Entry, NameIndex, Resolution
from bot.render.card import NEUTRAL, Bar, Card, Chart, SourceLink
from bot.store.reader import ReferenceStore

UNKNOWN_PARTY = Party("unknown", "Party not recorded", "party not recorded", "?", 0x99AAB5)
KIND_WORDS = {"council": "council", "ward": "ward", "person": "person",
              "speaker": "speaker", "party": "party", "election": "election"}
ELECTED_BASIS = {
    "serving_may_2022": "named as serving in May 2022",
    "inferred_later": "inferred from a later source",
}
MAX_SOURCES = 6
CARDS_KEPT = 1024  # answers remembered per data version (see _remembered)

_Method = TypeVar("_Method", bound=Callable[..., Awaitable[Card]])


def _remembered(method: _Method) -> _Method:
    """Remember a question's card for the life of this Answers, i.e. of one data version.

    The reference database is read-only and an answer depends only on the question and
    the data, so the same question asked again (everyone asking /seats barnet on election
    night) is answered from memory without a database round trip. Askers of a question
    still being answered share its one computation. Errors are not kept. A card handed out
    is shared: callers must not change it.
    """
    name = method.__name__

    @functools.wraps(method)
    async def wrapper(self: Answers, *args: Any, **kwargs: Any) -> Card:
        key = (name, args, tuple(sorted(kwargs.items())))
        cards = self._cards
        task = cards.get(key)
        if task is None:
            task = asyncio.ensure_future(method(self, *args, **kwargs))
            cards[key] = task
            task.add_done_callback(functools.partial(self._settled, key))
            while len(cards) > CARDS_KEPT:
                cards.popitem(last=False)
        else:
            cards.move_to_end(key)
        # shield: one asker giving up (a failed defer) must not cancel the others' answer
        return await asyncio.shield(task)

    return wrapper  # type: ignore[return-value]


def _office_span(o: Office) -> str:
    """'24 May 2022 – no end recorded', or the source's words when it gives no dates."""
    start = o.start_text or (fmt.date(o.start) if o.start else "start not recorded")
    if o.start_text and o.start_text == o.end_text:
        return o.start_text  # an undated listing: one phrase covers both ends
    end = o.end_text or (fmt.date(o.end) if o.end else "no end recorded")
    return f"{start} – {end}"


def _is_year(text: str) -> bool:
    return bool(re.fullmatch(r"\d{4}", text))


class _Sources:
    """Collects the cites behind one answer, in order, without repeats."""

    def __init__(self) -> None:
        self.ids: dict[str, None] = {}

    def add(self, cites: Iterable[Cite]) -> None:
        for c in cites:
            self.ids.setdefault(c.source_id)

    async def links(self, store: ReferenceStore) -> list[SourceLink]:
        found = await store.sources(list(self.ids))
        out = []
        for sid in self.ids:
            s = found.get(sid)
            if s is None:
                continue
            title = f"{s.publisher}: {s.title}" if s.publisher and s.publisher not in s.title \
                else s.title
            out.append(SourceLink(title, s.url))
        return out


@dataclass(slots=True)
class _ElectionView:
    election: Election
    full: bool  # a council-wide election, not only by-elections


class Answers:
    def __init__(self, store: ReferenceStore, index: NameIndex) -> None:
        self.store = store
        self.index = index
        self._cards: OrderedDict[tuple[Any, ...], asyncio.Future[Card]] = OrderedDict()

    def _settled(self, key: tuple[Any, ...], task: asyncio.Future[Card]) -> None:
        """Forget a question whose answer failed (a UserError, say): it is asked afresh."""
        if (task.cancelled() or task.exception() is not None) and self._cards.get(key) is task:
            del self._cards[key]

    @classmethod
    async def load(cls, store: ReferenceStore) -> Answers:
        """Build the in-memory name index from the store: once per data version."""
        index = NameIndex()
        speakers = await store.speakers()
        extra = await store.place_aliases()  # the gazetteer's names for what is held
        for row in [*await store.index_rows(), *await store.place_index_rows()]:
            index.add(row.kind, row.id, row.name, council_id=row.council_id,
                      aliases=(*row.aliases, *extra.get((row.kind, row.id), ())),
                      detail=row.detail, rank=row.rank)
            if row.kind == "person" and row.id in speakers:
                index.add("speaker", row.id, row.name, council_id=None, aliases=row.aliases,
                          detail=row.detail, rank=speakers[row.id])
        return cls(store, index.freeze())

    @property
    def data_version(self) -> str:
        return self.store.data_version

    # -- resolving names ------------------------------------------------------

    def _resolve(self, kind: str, text: str, council_id: str | None = None) -> Entry:
        res: Resolution = self.index.resolve(kind, text, council_id)
        if res.status == "match" and res.entry is not None:
            return res.entry
        word = KIND_WORDS[kind]
        shown = fmt.echo(text)
        if res.status == "ambiguous":
            raise Ambiguous(f"More than one {word} matches “{shown}”. Which one did you mean?",
                            tuple(Choice(e.label, e.id) for e in res.choices),
                            kind=kind, query=text)
        where = ""
        if council_id:
            c = self.index.get("council", council_id)
            where = f" in {c.name}" if c else ""
        if res.suggestions:
            raise NotFound(f"No {word}{where} matches “{shown}”. Did you mean one of these?",
                           tuple(Choice(e.label, e.id) for e in res.suggestions),
                           kind=kind, query=text)
        known = self.index.autocomplete(kind, "", council_id, limit=5)
        raise NotFound(f"No {word}{where} matches “{shown}”, and no name is close. "
                       + (f"Some {word} names the bot knows:" if known else
                          "Try /about to see what the bot knows."),
                       tuple(Choice(e.label, e.id) for e in known), kind=kind, query=text)

    async def _council(self, text: str | None, default: str | None) -> Council:
        if text is None or not text.strip():
            if default:
                council = await self.store.council(default) or await self._place_council(default)
                if council:
                    return council
            raise UserError("Which council? Add the council option, e.g. /seats barnet. "
                            "A server admin can set a default with /settings council.")
        entry = self._resolve("council", text)
        council = await self.store.council(entry.id) or await self._place_council(entry.id)
        assert council is not None  # the index is built from the store
        return council

    async def _place_council(self, council_id: str) -> Council | None:
        """A council named by the gazetteer only (bot/places.py), as a Council record."""
        if not is_place_id(council_id):
            return None
        place = await self.store.place_council(council_id)
        return places.as_council(place) if place else None

    def _party(self, party_id: str | None) -> Party:
        if party_id is None:
            return UNKNOWN_PARTY
        return self.store.parties.get(party_id, UNKNOWN_PARTY)

    def _party_name(self, key: str, labels: dict[str, str] | None = None) -> str:
        if key == VACANT:
            return "Vacant"
        if key.startswith("label:"):
            return (labels or {}).get(key, key[6:].replace("-", " ").capitalize())
        if key == NO_OVERALL_CONTROL:
            return "No overall control"
        return self._party(key).short_name

    async def _elections(self, council_id: str) -> list[_ElectionView]:
        kinds = await self.store.election_kinds(council_id)
        out = []
        for e in await self.store.elections(council_id):
            results, full_ballots, by_ballots = kinds.get(e.id, (0, 0, 0))
            # Council-wide if anything council-wide is recorded; an election record that
            # only groups by-elections has none of these.
            council_wide = e.status == "no-result" or e.total_seats or e.control
            full = bool(results or full_ballots) or bool(council_wide and not by_ballots)
            out.append(_ElectionView(e, full))
        return out

    async def _pick_election(self, council: Council, text: str | None,
                             views: list[_ElectionView], *, full_only: bool) -> Election:
        """The election asked for, or the latest council-wide one with a result."""
        pool = [v for v in views if v.full or not full_only]
        if not text or not text.strip():
            with_result = [v.election for v in pool if v.full and v.election.status != "no-result"]
            if not with_result:
                raise NotFound(f"No election result is recorded for {council.name}.")
            return with_result[-1]
        q = text.strip()
        for v in pool:
            e = v.election
            exact = q in (e.id, e.date)
            if exact or (_is_year(q) and str(e.year) == q and v.full):
                return e
        if _is_year(q):  # a year with only by-elections
            same = [v.election for v in pool if str(v.election.year) == q]
            if same:
                return same[0]
        raise BadOption(
            f"{council.short_name} has no recorded election matching “{fmt.echo(q)}”.",
            tuple(Choice(self._election_label(v.election, v.full), v.election.id)
                  for v in reversed(pool))[:25], kind="election", query=q)

    def _election_label(self, e: Election, full: bool) -> str:
        what = "election" if full else "by-election(s)"
        when = fmt.date(e.date) if e.date else str(e.year)
        suffix = " — result not recorded" if e.status == "no-result" else ""
        return f"{when} {what}{suffix}"

    async def _dispute_map(self, kind: str, ids: Sequence[str]) -> dict[str, list[Dispute]]:
        out: dict[str, list[Dispute]] = defaultdict(list)
        for d in await self.store.disputes(kind, list(ids)):
            out[d.subject_id].append(d)
        return out

    async def _dispute_lines(self, disputes: Iterable[Dispute], sources: _Sources) -> list[str]:
        lines = []
        for d in disputes:
            cited = await self.store.sources([c.source_id for cl in d.claims for c in cl.cites])
            parts = []
            for claim in d.claims:
                sources.add(claim.cites)
                names = ", ".join(dict.fromkeys(
                    (cited[c.source_id].publisher or cited[c.source_id].title)
                    for c in claim.cites if c.source_id in cited))
                parts.append(f"{claim.value} ({names})" if names else claim.value)
            lines.append(f"⚠ Sources disagree — {d.topic}: " + " vs ".join(parts))
        return lines

    @staticmethod
    def _later_no_result(views: list[_ElectionView], after: Election) -> Election | None:
        for v in views:
            e = v.election
            if e.status == "no-result" and v.full and (
                    later(e.date, after.date) or e.year > after.year):
                return e
        return None

    # -- /seats -------------------------------------------------------------

    @_remembered
    async def seats(self, council: str | None, election: str | None = None, *,
                    default_council: str | None = None) -> Card:
        c = await self._council(council, default_council)
        if is_place_id(c.id):
            return await self._place_card(c.id)
        views = await self._elections(c.id)
        e = await self._pick_election(c, election, views, full_only=True)
        sources = _Sources()
        sources.add(e.cites)
        when = fmt.date(e.date) if e.date else str(e.year)
        card = Card(title=f"{c.short_name} — council election, {when}", url=e.results_url)
        if e.status == "no-result":
            return await self._no_result_card(card, c, e, sources)
        results = await self.store.party_results([e.id])
        computed = False
        if not any(r.seats is not None for r in results):
            results = await self._results_from_ballots(e)
            computed = bool(results)
        for r in results:
            sources.add(r.cites)
        disputes = await self._dispute_map("party_result", [r.id for r in results])
        previous = await self._previous_seats(views, e)
        seats_known = sum(r.seats or 0 for r in results)
        total = e.total_seats
        lines = []
        computed_change = False
        derived_basis: list[str] = []  # changes a source implies but does not state
        for r in results:
            party = self._party(r.party_id)
            name = r.label or party.short_name
            seat_text = "seats not recorded" if r.seats is None else fmt.plural(r.seats, "seat")
            change = ""
            if r.seat_change is not None and (r.seat_change_basis or "").startswith("derived"):
                change = f" ({fmt.change(r.seat_change)}†)"
                derived_basis.append(f"{name}: {(r.seat_change_basis or '')[9:]}")
            elif r.seat_change is not None:
                change = f" ({fmt.change(r.seat_change)})"
            elif r.seats is not None and previous and r.party_id in previous:
                change = f" ({fmt.change(r.seats - previous[r.party_id])}*)"
                computed_change = True
            flag = " ⚠" if r.id in disputes else ""
            votes = ""
            if r.votes is not None or r.vote_pct is not None:
                votes = f" · {fmt.number(r.votes)} votes" if r.votes is not None else " · votes"
                votes += f" ({fmt.pct(r.vote_pct)})" if r.vote_pct is not None else ""
            else:
                votes = " · votes not recorded"
            lines.append(f"**{name}** — {seat_text}{change}{votes}{flag}")
        card.add("Seats and votes", "\n".join(lines) or "No party figures are recorded.")
        card.description = self._control_text(e, results, total, seats_known)
        winner = results[0] if results and results[0].seats else None
        card.colour = self._party(winner.party_id).colour if winner and self._has_majority(
            winner, total) else NEUTRAL
        if computed_change:
            card.notices.append("* change computed from the previous recorded election.")
        if derived_basis:
            card.notices.append("† change worked out, not stated by a source — "
                                + "; ".join(derived_basis))
        if computed:
            card.notices.append("Seat and vote totals computed from the recorded ward results; "
                                "vote shares are of all votes cast, and where a ward elects "
                                "several councillors each voter had several votes.")
            if total is None:  # imported ward results do not say how big the council is
                card.notices.append(await self._size_unknown(e))
        if total and seats_known and seats_known < total:
            card.notices.append(f"Seats for {total - seats_known} of {total} councillors are "
                                "not recorded by party here.")
        turnout = self._turnout_text(e.turnout_votes, e.turnout_pct, None, e.turnout_note)
        card.add("Turnout", turnout, inline=True)
        leaders = await self._leaders(results)
        card.add("Leaders", leaders, inline=False)
        for note in e.notes:
            card.notices.append(note)
        card.notices += await self._dispute_lines(
            [d for ds in disputes.values() for d in ds], sources)
        card.notices += await self._dispute_lines(
            (await self._dispute_map("election", [e.id])).get(e.id, []), sources)
        await self._composition_since(card, c, e, views, results, sources)
        card.chart = self._seat_chart(card.title, results, total)
        card.sources = await sources.links(self.store)
        card.footer = self._footer(e, c)
        return card

    async def _no_result_card(self, card: Card, c: Council, e: Election,
                              sources: _Sources) -> Card:
        link = e.results_url or c.results_url
        card.description = (f"{c.name} held an election on {fmt.date(e.date)}, but its "
                            "result is not recorded here.")
        if link:
            card.description += f" The result may be found at {link}"
        card.notices += list(e.notes)
        card.sources = await sources.links(self.store)
        return card

    @staticmethod
    def _has_majority(r: PartyResult, total: int | None) -> bool:
        return bool(total and r.seats and r.seats > total // 2)

    def _control_text(self, e: Election, results: list[PartyResult], total: int | None,
                      seats_known: int) -> str:
        parts = []
        top = results[0] if results else None
        if total and top and top.seats is not None and self._has_majority(top, total):
            name = self._party(top.party_id).short_name
            margin = top.seats - (total - top.seats)
            parts.append(f"**{name} majority**: {top.seats} of {total} seats "
                         f"({total // 2 + 1} needed), a majority of {margin} over all others.")
        elif total and seats_known == total:
            parts.append(f"**No overall control**: no party has the {total // 2 + 1} seats "
                         f"needed out of {total}.")
        elif total:
            parts.append(f"{total} seats; {total // 2 + 1} needed for a majority.")
        if e.control:
            control = self._party_name(e.control)
            if e.control_before and e.control_before != e.control:
                before = self._party_name(e.control_before)
                parts.append(f"Control: {control} gain from {before}.")
            elif e.control_before:
                parts.append(f"Control: {control} hold.")
            else:
                parts.append(f"Control after the election: {control}.")
        return "\n".join(parts)

    async def _results_from_ballots(self, e: Election) -> list[PartyResult]:
        """Party totals summed from ward results when no totals are recorded (e.g. imports)."""
        ballots = [b for b in await self.store.ballots_in([e.id]) if not b.by_election]
        cands = await self.store.candidacies([b.id for b in ballots])
        seats: dict[str, int] = defaultdict(int)
        votes: dict[str, int] = defaultdict(int)
        complete_votes = True
        for b in ballots:
            for c in cands.get(b.id, []):
                pid = self._party(c.party_id).totals_id if c.party_id else "unknown"
                if c.elected:
                    seats[pid] += 1
                if c.votes is None:
                    complete_votes = False
                else:
                    votes[pid] += c.votes
        all_votes = sum(votes.values())
        out = []
        for pid in set(seats) | set(votes):
            v = votes.get(pid) if complete_votes else None
            share = round(100 * v / all_votes, 1) if v is not None and all_votes else None
            out.append(PartyResult(f"{e.id}#{pid}", e.id, pid, seats=seats.get(pid, 0),
                                   votes=v, vote_pct=share, cites=e.cites))
        out.sort(key=lambda r: (-(r.seats or 0), -(r.votes or 0)))
        return out

    async def _size_unknown(self, e: Election) -> str:
        seats = [b.seats for b in await self.store.ballots_in([e.id]) if not b.by_election]
        size = ("The council's total number of seats is not recorded here, so control and "
                "majority are not shown.")
        known = [n for n in seats if n is not None]
        if seats and len(known) == len(seats):
            return (f"{sum(known)} seats were contested in the {len(seats)} recorded ward "
                    f"results. {size}")
        return size

    async def _previous_seats(self, views: list[_ElectionView], e: Election) -> dict[str, int]:
        full = [v.election for v in views if v.full and v.election.status != "no-result"]
        if e not in full or full.index(e) == 0:
            return {}
        prev = full[full.index(e) - 1]
        return {r.party_id: r.seats for r in await self.store.party_results([prev.id])
                if r.seats is not None}

    async def _leaders(self, results: list[PartyResult]) -> str:
        ids = [r.leader_id for r in results if r.leader_id]
        people = await self.store.people(ids) if ids else {}
        lines = []
        for r in results:
            if r.leader_id and r.leader_id in people:
                where = f", {r.leader_ward}" if r.leader_ward else ""
                lines.append(f"{people[r.leader_id].name} ({self._party(r.party_id).short_name}"
                             f"{where})")
        return " · ".join(lines)

    async def _composition_since(self, card: Card, c: Council, e: Election,
                                 views: list[_ElectionView], results: list[PartyResult],
                                 sources: _Sources, details: bool = True) -> None:
        """Changes since the election and the composition they lead to, if any are recorded."""
        full = [v.election for v in views if v.full and v.election.status != "no-result"]
        next_no_result = self._later_no_result(views, e)
        if full and e.id != full[-1].id:
            return  # an older election: later elections replaced its composition
        changes = [ch for ch in await self.store.changes(council_id=c.id)
                   if ch.date is None or later(ch.date, e.date or str(e.year))]
        snapshots = await self.store.snapshots(c.id)
        moving = [ch for ch in changes if ch.moves_seat]
        if moving or any(later(s.as_of, e.date) for s in snapshots):
            comp = compose({r.party_id: r.seats for r in results if r.seats is not None},
                           e.date, f"the {fmt.date(e.date)} result", snapshots, changes)
            card.add("Since the election", self._composition_text(comp, c, sources, details))
        if next_no_result is not None:
            link = next_no_result.results_url or c.results_url or ""
            card.notices.insert(0, f"⚠ {c.short_name} held an election on "
                                f"{fmt.date(next_no_result.date)}; its result is not recorded "
                                f"here, so this is not today's council. {link}".strip())
            sources.add(next_no_result.cites)

    def _composition_text(self, comp: Composition, c: Council, sources: _Sources,
                          details: bool = True) -> str:
        sources.add(comp.cites)
        for ch in comp.applied:
            sources.add(ch.cites)
        order = sorted(comp.seats.items(), key=lambda kv: (kv[0] == VACANT, -kv[1]))
        seats = ", ".join(f"{self._party_name(k, comp.labels)} {v}" for k, v in order)
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

    def _seat_chart(self, title: str, results: list[PartyResult],
                    total: int | None) -> Chart | None:
        bars = tuple(Bar(r.label or self._party(r.party_id).short_name, r.seats,
                         self._party(r.party_id).colour)
                     for r in results if r.seats)
        if not bars:
            return None
        total = total or sum(b.value for b in bars)
        return Chart("seats", title, bars, total=total, line=total // 2 + 1)

    @staticmethod
    def _turnout_text(votes: int | None, pct: float | None, electorate: int | None,
                      note: str | None) -> str:
        if votes is None and pct is None:
            return fmt.NOT_RECORDED
        parts = []
        if votes is not None:
            parts.append(f"{fmt.number(votes)} ballots")
            if electorate is not None:
                parts[-1] += f" of {fmt.number(electorate)} electors"
        if pct is not None:
            parts.append(f"({fmt.pct(pct)})" if parts else fmt.pct(pct))
        text = " ".join(parts)
        return f"{text}, {note}" if note else text

    def _footer(self, e: Election | None, c: Council | None) -> str:
        bits = []
        if e is not None:
            bits.append(e.id)
        bits.append(f"data {self.data_version}")
        return " · ".join(bits)

    # -- /ward ----------------------------------------------------------------

    @_remembered
    async def ward(self, name: str, council: str | None = None, election: str | None = None,
                   *, default_council: str | None = None) -> Card:
        scope = None
        if council and council.strip():
            scope = (await self._council(council, None)).id
        elif default_council:
            scope = default_council
        entry = self._resolve("ward", name, scope)
        if is_place_id(entry.id):
            return await self._place_card(entry.council_id or "", entry.id)
        ward = await self.store.ward(entry.id)
        assert ward is not None
        c = await self.store.council(ward.council_id)
        assert c is not None
        ballots = await self.store.ballots_for_wards([ward.id])
        views = await self._elections(c.id)
        by_id = {v.election.id: v for v in views}
        if election and election.strip():
            e = await self._pick_election(c, election, views, full_only=False)
            chosen = [b for b in ballots if b.election_id == e.id]
            if not chosen:  # a namesake ward (other boundaries, e.g. before a review) may have it
                namesakes = [x.id for x in self.index.entries("ward", c.id)
                             if x.norm == entry.norm and x.id != ward.id]
                chosen = [b for b in await self.store.ballots_for_wards(namesakes)
                          if b.election_id == e.id]
                if chosen:
                    ward = await self.store.ward(chosen[0].ward_id) or ward
                    ballots = await self.store.ballots_for_wards([ward.id])
            if not chosen:
                raise BadOption(
                    f"{ward.name} was not contested in the {self._election_label(e, True)} "
                    "as far as the records here show.",
                    tuple(Choice(self._ballot_label(b), b.election_id) for b in ballots),
                    kind="election", query=election)
            ballot = chosen[0]
        else:
            main = [b for b in ballots if not b.by_election]
            if not ballots:
                raise NotFound(f"No contest in {ward.name} ({c.short_name}) is recorded.")
            ballot = (main or ballots)[-1]
        e = by_id[ballot.election_id].election
        return await self._ballot_card(ward.name, c, e, ballot, ballots, views)

    async def _place_card(self, council_id: str, ward_id: str | None = None) -> Card:
        """A council or ward the gazetteer names, with no result held (bot/places.py)."""
        held = None if is_place_id(council_id) else await self.store.council(council_id)
        place = await (self.store.place_council_of(council_id) if held
                       else self.store.place_council(council_id))
        assert place is not None  # the index is built from the store
        ward = await self.store.place_ward(ward_id) if ward_id else None
        source = (await self.store.sources([place.source_id])).get(place.source_id)
        return places.place_card(
            place, ward=ward, wards=await self.store.place_ward_count(place.id),
            held=places.HeldCouncil(held.short_name, held.results_url) if held else None,
            source=source, data_version=self.data_version)

    def _ballot_label(self, b: Ballot) -> str:
        what = "by-election" if b.by_election else "election"
        return f"{fmt.date(b.date)} {what}"

    async def _ballot_card(self, ward_name: str, c: Council, e: Election, ballot: Ballot,
                           all_ballots: list[Ballot], views: list[_ElectionView]) -> Card:
        sources = _Sources()
        sources.add(ballot.cites)
        cands = (await self.store.candidacies([ballot.id])).get(ballot.id, [])
        for cd in cands:
            sources.add(cd.cites)
        what = "by-election" if ballot.by_election else "election"
        card = Card(title=f"{ward_name} — {c.short_name}, {what} of {fmt.date(ballot.date)}",
                    url=e.results_url or c.results_url)
        seats = fmt.plural(ballot.seats, "seat") if ballot.seats else "seats not recorded"
        if ballot.seats and ballot.seats_basis and ballot.seats_basis != "stated":
            seats += f" ({ballot.seats_basis})"
        head = [seats]
        if ballot.outcome:
            head.append(ballot.outcome)
        elif (gain := await self._gain_or_hold(ballot, cands, all_ballots)):
            head.append(gain)
        card.description = " · ".join(head)
        if ballot.cause:
            card.description += f"\nCalled because of: {ballot.cause}"
        ordered = self._vote_order(cands)
        shares = self._shares(ballot, ordered)
        lines = [self._candidate_line(cd, shares.get(cd.id)) for cd in ordered]
        status = self._result_status(ballot, cands)
        if lines:
            card.add("Candidates", "\n".join(lines))
        if ballot.party_seats:
            won = ", ".join(f"{self._party_name(p)} {n}" for p, n in ballot.party_seats)
            card.add("Seats won", won, inline=True)
        link = e.results_url or c.results_url
        if status == "none":
            card.notices.append("Result not recorded: who stood and the votes are not in this "
                                "data." + (f" The result may be found at {link}" if link else ""))
        elif status == "partial":
            card.notices.append("Only part of this result is recorded (votes or candidates are "
                                "missing; the list of candidates may be incomplete)."
                                + (f" Full result: {link}" if link else ""))
        if ballot.turnout is not None or ballot.turnout_pct is not None:
            card.add("Turnout", self._turnout_text(ballot.turnout, ballot.turnout_pct,
                                                   ballot.electorate, None), inline=True)
        if ballot.electorate is not None and ballot.turnout is None:
            card.add("Electorate", fmt.number(ballot.electorate), inline=True)
        majority = self._majority(ballot, ordered)
        if majority:
            card.add("Majority", majority, inline=True)
        if any(cd.vote_pct is not None for cd in cands) and (ballot.seats or 1) > 1:
            card.notices.append(f"Shares are of ballots cast; each voter had up to "
                                f"{ballot.seats} votes, so they add up to more than 100%.")
        if shares and not any(cd.vote_pct is not None for cd in cands):
            card.notices.append("Shares computed from the recorded votes.")
        for note in ballot.notes:
            card.notices.append(note)
        card.notices += [f"{cd.name or 'A candidate'}: {cd.note}" for cd in cands if cd.note]
        disputes = await self._dispute_map("ballot", [ballot.id])
        disputes_c = await self._dispute_map("candidacy", [cd.id for cd in cands])
        card.notices += await self._dispute_lines(
            [*disputes.get(ballot.id, []), *(d for ds in disputes_c.values() for d in ds)],
            sources)
        others = [b for b in all_ballots if b.id != ballot.id]
        if others:
            card.add("Other contests here",
                     "\n".join(f"{self._ballot_label(b)} — /ward {ward_name.lower()} "
                               f"election:{b.date}" for b in others))
        listings = await self.store.listings(ward_id=ballot.ward_id)
        if listings:
            people = await self.store.people([li.person_id for li in listings])
            card.add("Later listed as councillors (not election results)", "\n".join(
                f"{people[li.person_id].name}"
                f"{' (' + self._party(li.party_id).short_name + ')' if li.party_id else ''}"
                f" — {li.as_of_text or fmt.date(li.as_of)}" for li in listings
                if li.person_id in people))
            for li in listings:
                sources.add(li.cites)
        later_e = self._later_no_result(views, e)
        if later_e is not None and not ballot.by_election:
            card.notices.insert(0, f"⚠ {c.short_name} held an election on "
                                f"{fmt.date(later_e.date)}; its result is not recorded here.")
        winners = [cd for cd in cands if cd.elected]
        if winners:
            counts: dict[str, int] = defaultdict(int)
            for cd in winners:
                counts[self._party(cd.party_id).totals_id] += 1
            card.colour = self._party(max(counts, key=lambda k: counts[k])).colour
        elif ballot.party_seats:
            card.colour = self._party(max(ballot.party_seats, key=lambda kv: kv[1])[0]).colour
        card.chart = self._vote_chart(card.title, ordered, shares)
        card.sources = await sources.links(self.store)
        card.footer = f"{ballot.id} · data {self.data_version}"
        return card

    @staticmethod
    def _vote_order(cands: list[Candidacy]) -> list[Candidacy]:
        def key(cd: Candidacy) -> tuple:
            return (cd.votes is None, -(cd.votes or 0), cd.position or 999, not cd.elected)
        return sorted(cands, key=key)

    @staticmethod
    def _shares(ballot: Ballot, ordered: list[Candidacy]) -> dict[str, float]:
        """Stated shares; else, for a one-seat contest with every vote known, computed ones."""
        stated = {cd.id: cd.vote_pct for cd in ordered if cd.vote_pct is not None}
        if stated:
            return stated
        votes = [cd.votes for cd in ordered]
        if ballot.seats == 1 and votes and None not in votes and sum(votes):  # type: ignore[arg-type]
            total = sum(votes)  # type: ignore[arg-type]
            return {cd.id: 100 * (cd.votes or 0) / total for cd in ordered}
        return {}

    def _candidate_line(self, cd: Candidacy, share: float | None) -> str:
        mark = "✅" if cd.elected else ("▫️" if cd.elected is False else "❔")
        name = f"**{cd.name}**" if cd.name else "*name not recorded*"
        party = cd.party_label or self._party(cd.party_id).short_name
        votes = f"{fmt.number(cd.votes)} votes" if cd.votes is not None else "votes not recorded"
        if share is not None:
            votes += f" ({share:.1f}%)"
        elif cd.position is not None and cd.votes is None:
            votes += f", finished {cd.position}"
        basis = ELECTED_BASIS.get(cd.elected_basis or "")
        extra = f" — elected ({basis})" if cd.elected and basis else ""
        return f"{mark} {name} · {party} · {votes}{extra}"

    @staticmethod
    def _result_status(ballot: Ballot, cands: list[Candidacy]) -> str:
        if not cands:
            return "none" if not ballot.party_seats else "partial"
        if all(cd.votes is not None for cd in cands) and all(cd.name for cd in cands):
            return "full"
        return "partial"

    @staticmethod
    def _majority(ballot: Ballot, ordered: list[Candidacy]) -> str:
        if ballot.majority is not None:
            return f"{fmt.number(ballot.majority)} votes"
        elected = [cd for cd in ordered if cd.elected]
        losers = [cd for cd in ordered if cd.elected is False]
        if not elected or not losers:
            return ""
        last, first_out = elected[-1], losers[0]
        if last.votes is None or first_out.votes is None or (
                ballot.seats and len(elected) != ballot.seats):
            return ""
        return (f"{fmt.number(last.votes - first_out.votes)} votes "
                f"({last.name or 'last elected'} over {first_out.name or 'first not elected'})")

    async def _gain_or_hold(self, ballot: Ballot, cands: list[Candidacy],
                            all_ballots: list[Ballot]) -> str:
        """Compare with the previous contest on the same ward (same boundaries) if known."""
        earlier = [b for b in all_ballots if later(ballot.date, b.date)]
        if not earlier:
            return ""
        prev = earlier[-1]
        prev_cands = (await self.store.candidacies([prev.id])).get(prev.id, [])
        now = [self._party(cd.party_id).totals_id for cd in cands if cd.elected]
        before = [self._party(cd.party_id).totals_id for cd in prev_cands if cd.elected]
        if not now or not before or (prev.seats and len(before) != prev.seats):
            return ""
        if len(now) == 1 and len(before) == 1:
            name = self._party(now[0]).short_name
            if now[0] == before[0]:
                return f"{name} hold"
            return f"{name} gain from {self._party(before[0]).short_name}"
        return ""

    def _vote_chart(self, title: str, ordered: list[Candidacy],
                    shares: dict[str, float]) -> Chart | None:
        with_votes = [cd for cd in ordered if cd.votes is not None]
        if not with_votes:
            return None
        bars = tuple(
            Bar(f"{cd.name or 'Name not recorded'} ({self._party(cd.party_id).abbr})",
                cd.votes or 0, self._party(cd.party_id).colour, bool(cd.elected),
                fmt.number(cd.votes) + (f" ({shares[cd.id]:.1f}%)" if cd.id in shares else ""))
            for cd in with_votes)
        return Chart("votes", title, bars)

    # -- /councillor ------------------------------------------------------------

    @_remembered
    async def councillor(self, name: str, council: str | None = None, *,
                         default_council: str | None = None) -> Card:
        scope = (await self._council(council, None)).id if council and council.strip() else None
        entry = self._resolve("person", name, scope)
        person = await self.store.person(entry.id)
        assert person is not None
        sources = _Sources()
        cands = await self.store.candidacies_of(person.id)
        ballots = {b.id: b for b in [await self.store.ballot(cd.ballot_id) for cd in cands] if b}
        wards = {b.ward_id: await self.store.ward(b.ward_id) for b in ballots.values()}
        changes = await self.store.changes(person_id=person.id)
        offices = await self.store.offices(person_id=person.id)
        listings = await self.store.listings(person_id=person.id)
        card = Card(title=person.name)
        stood = []
        latest_party: str | None = None
        latest_council: str | None = None
        for cd in sorted(cands, key=lambda x: ballots[x.ballot_id].date or ""):
            b = ballots[cd.ballot_id]
            w = wards.get(b.ward_id)
            sources.add(cd.cites or b.cites)
            what = "by-election" if b.by_election else "election"
            outcome = ("elected" if cd.elected else "not elected" if cd.elected is False
                       else "outcome not recorded")
            basis = ELECTED_BASIS.get(cd.elected_basis or "")
            if cd.elected and basis:
                outcome += f" ({basis})"
            votes = f"{fmt.number(cd.votes)} votes" if cd.votes is not None else \
                "votes not recorded"
            party = cd.party_label or self._party(cd.party_id).short_name
            stood.append(f"{fmt.date(b.date)} {what} · {w.name if w else b.ward_id} · {party} · "
                         f"**{outcome}** · {votes}")
            latest_party = cd.party_id or latest_party
            latest_council = w.council_id if w else latest_council
        card.add("Elections", "\n".join(stood) or "No candidacy is recorded for this person.")
        if offices:
            lines = []
            for o in offices:
                sources.add(o.cites)
                lines.append(f"{o.role} ({self._party(o.party_id).short_name}) · "
                             f"{_office_span(o)}")
            card.add("Offices", "\n".join(lines))
        if changes:
            lines = []
            for ch in changes:
                sources.add(ch.cites)
                lines.append(f"{fmt.date(ch.date, ch.date_text)} — {ch.description}")
                if ch.to_party and ch.moves_seat:
                    latest_party = ch.to_party
            card.add("Since elected", "\n".join(lines))
        if listings:
            lines = []
            for li in listings:
                sources.add(li.cites)
                ward = await self.store.ward(li.ward_id) if li.ward_id else None
                party = f" ({self._party(li.party_id).short_name})" if li.party_id else ""
                lines.append(f"Listed as councillor for {ward.name if ward else 'a ward'}{party}"
                             f" — {li.as_of_text or fmt.date(li.as_of)}")
            card.add("Later listings (not election results)", "\n".join(lines))
        led = await self._led_parties(person.id)
        if led:
            card.add("Party leader at an election", led)
        statements = await self.store.statements(person_ids=[person.id], limit=1000)
        if statements:
            card.add("Statements", f"{fmt.plural(len(statements), 'statement')} recorded — "
                     f"/quote {person.name.split()[-1].lower()}")
        card.description = self._status(cands, ballots, changes)
        if latest_party:
            card.colour = self._party(latest_party).colour
        if latest_council:
            views = await self._elections(latest_council)
            last_b = max(ballots.values(), key=lambda b: b.date or "")
            last_e = next((v.election for v in views if v.election.id == last_b.election_id), None)
            if last_e and (nr := self._later_no_result(views, last_e)):
                card.notices.append(f"⚠ This council held an election on {fmt.date(nr.date)}; "
                                    "its result is not recorded here.")
        card.sources = await sources.links(self.store)
        card.footer = f"person {person.id} · data {self.data_version}"
        return card

    def _status(self, cands: list[Candidacy], ballots: dict[str, Ballot],
                changes: list) -> str:
        won = [cd for cd in cands if cd.elected]
        if not won:
            return "Not recorded as elected in this data."
        last = max(won, key=lambda cd: ballots[cd.ballot_id].date or "")
        b = ballots[last.ballot_id]
        party = self._party(last.party_id).short_name
        text = f"Elected {fmt.date(b.date)} ({party})."
        leaving = [ch for ch in changes if ch.moves_seat and ch.to_party is None
                   and later(ch.date, b.date)]
        moved = [ch for ch in changes if ch.moves_seat and ch.to_party
                 and later(ch.date, b.date)]
        if leaving:
            ch = leaving[-1]
            text += f" Left the council: {ch.kind}, {fmt.date(ch.date, ch.date_text)}."
        elif moved:
            ch = moved[-1]
            text += (f" Now {self._party(ch.to_party).short_name} "
                     f"(since {fmt.date(ch.date, ch.date_text)}).")
        else:
            text += " No later change is recorded."
        return text

    async def _led_parties(self, person_id: str) -> str:
        lines = []
        for r in await self.store.party_results_led_by(person_id):
            e = await self.store.election(r.election_id)
            c = await self.store.council(e.council_id) if e else None
            when = (fmt.date(e.date) if e.date else str(e.year)) if e else r.election_id
            where = f"{c.short_name}, " if c else ""
            seat = f" (own ward: {r.leader_ward})" if r.leader_ward else ""
            lines.append(f"{self._party(r.party_id).short_name} · {where}{when}{seat}")
        return "\n".join(lines)

    # -- /quote -----------------------------------------------------------------

    @_remembered
    async def quote(self, who: str, keyword: str | None = None, *,
                    default_council: str | None = None) -> Card:
        keyword = (keyword or "").strip() or None
        fts = self._fts_query(keyword) if keyword else None
        if keyword and fts is None:
            raise BadOption(f"“{fmt.echo(keyword)}” has no words to search for.")
        res = self.index.resolve("speaker", who)
        title = ""
        if res.status == "match" and res.entry is not None:
            statements = await self.store.statements(person_ids=[res.entry.id], text_query=fts)
            title = f"What {res.entry.name} said"
        elif res.status == "ambiguous":
            raise Ambiguous(f"More than one speaker matches “{fmt.echo(who)}”.",
                            tuple(Choice(e.label, e.id) for e in res.choices),
                            kind="speaker", query=who)
        else:
            party_res = self.index.resolve("party", who)
            if party_res.status == "match" and party_res.entry is not None:
                ids = [p.id for p in self.store.parties.values()
                       if p.totals_id == party_res.entry.id or p.id == party_res.entry.id]
                statements = await self.store.statements(party_ids=ids, text_query=fts)
                title = f"What {party_res.entry.name} figures said"
            else:
                words = self._fts_query(" ".join(filter(None, [who, keyword])))
                statements = await self.store.statements(text_query=words) if words else []
                if not statements:
                    raise NotFound(
                        f"No speaker, party or statement matches “{fmt.echo(who)}”.",
                        tuple(Choice(e.label, e.id) for e in res.suggestions)
                        or tuple(Choice(e.name, e.id) for e in
                                 self.index.autocomplete("speaker", "", limit=5)),
                        kind="speaker", query=who)
                title = f"Statements mentioning “{fmt.echo(who, 40)}”"
        if keyword:
            title += f" about “{fmt.echo(keyword, 40)}”"
        if not statements:
            raise NotFound(f"No recorded statement matches “{fmt.echo(keyword or who)}”.")
        return await self._statements_card(title, statements)

    @staticmethod
    def _fts_query(text: str) -> str | None:
        """Plain words -> an FTS5 query that cannot be an injection: each word quoted."""
        words = re.findall(r"\w+", text.casefold())[:8]
        return " ".join(f'"{w}"*' for w in words) if words else None

    async def _statements_card(self, title: str, statements: list[Statement]) -> Card:
        sources = _Sources()
        people = await self.store.people([s.person_id for s in statements])
        card = Card(title=title)
        colours = set()
        for s in statements:
            sources.add(s.cites)
            speaker = people.get(s.person_id)
            party = self._party(s.party_id)
            colours.add(party.colour)
            when = fmt.date(s.date, s.date_text)
            head = f"{speaker.name if speaker else s.person_id}"
            head += f" — {s.role}" if s.role else ""
            head += f" ({party.short_name}) · {when}" if s.party_id else f" · {when}"
            outlet = f"[{s.outlet or 'source'}]({s.url})" if s.url else (s.outlet or "")
            body = f"“{s.text}”\n— {outlet}" if outlet else f"“{s.text}”"
            if s.kind == "pre-election":
                body += " · said before the election"
            elif s.kind == "secondary":
                body += " · reported second-hand"
            if s.context:
                body += f"\n*{s.context}*"
            card.add(head[:256], body)
        card.description = f"{fmt.plural(len(statements), 'statement')}, oldest first."
        card.colour = colours.pop() if len(colours) == 1 else NEUTRAL
        card.sources = await sources.links(self.store)
        card.footer = f"data {self.data_version}"
        return card

    # -- /party -------------------------------------------------------------------

    @_remembered
    async def party(self, name: str, council: str | None = None, *,
                    default_council: str | None = None) -> Card:
        entry = self._resolve("party", name)
        party = self._party(entry.id)
        member_ids = [p.id for p in self.store.parties.values() if p.totals_id == party.id]
        if (council is None or not council.strip()) and not default_council:
            return await self._party_everywhere(party, member_ids)
        c = await self._council(council, default_council)
        views = await self._elections(c.id)
        e = await self._pick_election(c, None, views, full_only=True)
        sources = _Sources()
        sources.add(e.cites)
        results = await self.store.party_results([e.id])
        if not any(r.seats is not None for r in results):
            results = await self._results_from_ballots(e)
        mine = [r for r in results if r.party_id in member_ids]
        card = Card(title=f"{party.short_name} in {c.short_name} — {fmt.date(e.date)}",
                    colour=party.colour, url=e.results_url or c.results_url)
        if mine:
            r = mine[0]
            sources.add(r.cites)
            line = f"{fmt.plural(r.seats, 'seat') if r.seats is not None else 'seats not recorded'}"
            if e.total_seats and r.seats is not None:
                line += f" of {e.total_seats}"
            if r.seat_change is not None:
                line += f" ({fmt.change(r.seat_change)})"
            card.add("Seats", line, inline=True)
            card.add("Votes", f"{fmt.number(r.votes)}"
                     + (f" ({fmt.pct(r.vote_pct)})" if r.vote_pct is not None else ""),
                     inline=True)
            if r.leader_id:
                leader = await self.store.person(r.leader_id)
                if leader:
                    card.add("Leader", leader.name + (f" ({r.leader_ward})" if r.leader_ward
                                                      else ""), inline=True)
            disputes = await self._dispute_map("party_result", [r.id])
            card.notices += await self._dispute_lines(disputes.get(r.id, []), sources)
        else:
            card.description = f"No {party.short_name} result is recorded for this election."
        ballots = [b for b in await self.store.ballots_in([e.id]) if not b.by_election]
        cands = await self.store.candidacies([b.id for b in ballots])
        wards = {w.id: w for w in await self.store.wards(c.id)}
        won, unknown = [], 0
        for b in ballots:
            mine_b = [cd for cd in cands.get(b.id, []) if cd.elected and cd.party_id in member_ids]
            stated = dict(b.party_seats).get(party.id, 0)
            n = max(len(mine_b), stated)
            if n:
                won.append(f"{wards[b.ward_id].name} ({n})" if b.ward_id in wards else b.ward_id)
                sources.add(b.cites)
            elif not cands.get(b.id) and not b.party_seats:
                unknown += 1
        text = ", ".join(won) if won else "None recorded."
        if unknown:
            text += f"\nWinners not recorded for {fmt.plural(unknown, 'ward')}."
        card.add("Wards won", text)
        card.sources = await sources.links(self.store)
        card.footer = f"{e.id} · data {self.data_version}"
        return card

    async def _party_everywhere(self, party: Party, member_ids: list[str]) -> Card:
        sources = _Sources()
        card = Card(title=f"{party.short_name} — results on record", colour=party.colour,
                    description="Latest recorded election in each council. Add a council "
                                "for the detail, e.g. /party labour barnet.")
        lines = []
        for c in await self.store.councils():
            views = await self._elections(c.id)
            full = [v.election for v in views if v.full and v.election.status != "no-result"]
            if not full:
                continue
            e = full[-1]
            results = await self.store.party_results([e.id])
            if not any(r.seats is not None for r in results):
                results = await self._results_from_ballots(e)
            for r in results:
                if r.party_id in member_ids and r.seats is not None:
                    sources.add(r.cites)
                    total = f" of {e.total_seats}" if e.total_seats else ""
                    lines.append(f"**{c.short_name}** ({e.year}) — {r.seats}{total} seats")
        card.add("Councils", "\n".join(lines) or "No results recorded for this party.")
        card.sources = await sources.links(self.store)
        card.footer = f"data {self.data_version}"
        return card

    # -- /history -----------------------------------------------------------------

    @_remembered
    async def history(self, council: str | None, *, default_council: str | None = None) -> Card:
        c = await self._council(council, default_council)
        views = await self._elections(c.id)
        sources = _Sources()
        full = [v.election for v in views if v.full]
        if not full:
            raise NotFound(f"No council-wide election is recorded for {c.name}.")
        results = await self.store.party_results([e.id for e in full if e.status != "no-result"])
        by_election: dict[str, list[PartyResult]] = defaultdict(list)
        for r in results:
            by_election[r.election_id].append(r)
            sources.add(r.cites)
        disputes = await self._dispute_map("party_result", [r.id for r in results])
        seat_disputes = {rid for rid, ds in disputes.items()
                         if any(d.field in (None, "seats") for d in ds)}
        lines, series = [], []
        for e in full:
            sources.add(e.cites)
            when = fmt.date(e.date) if e.date else str(e.year)
            if e.status == "no-result":
                lines.append(f"**{e.year}** — held {when}; result not recorded")
                continue
            rs = [r for r in by_election.get(e.id, []) if r.seats is not None]
            if not rs:
                rs = await self._results_from_ballots(e)
            control = self._party_name(e.control) if e.control else "control not recorded"
            seats = ", ".join(
                f"{self._party(r.party_id).abbr} {r.seats}{'⚠' if r.id in seat_disputes else ''}"
                for r in rs if r.seats)
            total = f" of {e.total_seats}" if e.total_seats else ""
            recorded = sum(r.seats or 0 for r in rs)
            lines.append(f"**{e.year}** — {control} · {seats} ({recorded}{total} recorded)")
            series.append((str(e.year), tuple(
                Bar(self._party(r.party_id).short_name, r.seats or 0,
                    self._party(r.party_id).colour) for r in rs if r.seats)))
        card = Card(title=f"{c.short_name} — council composition at each election",
                    url=c.results_url)
        card.description = "\n".join(lines)
        labels = {r.label for r in results if r.label and r.seats}
        for label in sorted(labels):
            card.notices.append(f"Some years' figures are labelled by the source as “{label}”.")
        years_by_note: dict[str, list[str]] = defaultdict(list)  # one line per note, not per year
        for e in full:
            for note in e.notes:
                years_by_note[note].append(str(e.year))
        card.notices += [f"{', '.join(years)}: {note}" for note, years in years_by_note.items()]
        card.notices += await self._dispute_lines(
            [d for ds in disputes.values() for d in ds], sources)
        offices = [o for o in await self.store.offices(council_id=c.id)
                   if o.role == "Leader of the Council"]
        if offices:
            people = await self.store.people([o.person_id for o in offices])
            card.add("Leaders of the council", "\n".join(
                f"{people[o.person_id].name if o.person_id in people else o.person_id} "
                f"({self._party(o.party_id).abbr}) {_office_span(o)}" for o in offices))
            for o in offices:
                sources.add(o.cites)
            office_disputes = await self._dispute_map("office", [o.id for o in offices])
            card.notices += await self._dispute_lines(
                [d for ds in office_disputes.values() for d in ds], sources)
        if series:
            card.chart = Chart("history", card.title, series=tuple(series))
        card.sources = await sources.links(self.store)
        card.footer = f"data {self.data_version}"
        return card

    # -- /byelections -------------------------------------------------------------

    @_remembered
    async def byelections(self, council: str | None, *,
                          default_council: str | None = None) -> Card:
        c = await self._council(council, default_council)
        views = await self._elections(c.id)
        sources = _Sources()
        election_ids = [v.election.id for v in views]
        ballots = [b for b in await self.store.ballots_in(election_ids) if b.by_election]
        cands = await self.store.candidacies([b.id for b in ballots])
        wards = {w.id: w for w in await self.store.wards(c.id)}
        card = Card(title=f"{c.short_name} — by-elections and changes since the last election")
        lines = []
        for b in ballots:
            sources.add(b.cites)
            winners = [cd for cd in cands.get(b.id, []) if cd.elected]
            who = ", ".join(f"{cd.name or 'name not recorded'} "
                            f"({cd.party_label or self._party(cd.party_id).short_name})"
                            for cd in winners) or "winner not recorded"
            ward = wards[b.ward_id].name if b.ward_id in wards else b.ward_id
            outcome = f" · {b.outcome}" if b.outcome else ""
            lines.append(f"**{fmt.date(b.date)} — {ward}**: {who}{outcome}")
        card.add("By-elections", "\n".join(lines) or "None recorded.")
        moves, events = [], []
        for ch in await self.store.changes(council_id=c.id):
            sources.add(ch.cites)
            if ch.kind == "by-election":
                continue  # listed above
            line = f"{fmt.date(ch.date, ch.date_text)} — {ch.description}"
            if ch.moves_seat:
                moves.append(f"{line} ({self._party_name(ch.from_party or VACANT)} → "
                             f"{self._party_name(ch.to_party or VACANT)})")
            else:
                events.append(line)
        card.add("Seats that changed hands or fell vacant", "\n".join(moves) or "None recorded.")
        card.add("Other events", "\n".join(events))
        full = [v.election for v in views if v.full and v.election.status != "no-result"]
        if full:
            e = full[-1]
            results = await self.store.party_results([e.id])
            await self._composition_since(card, c, e, views, results, sources, details=False)
        for s in await self.store.snapshots(c.id):
            if s.as_of is None:
                sources.add(s.cites)
                seats = ", ".join(f"{self._party_name(k, dict(s.labels))} {v}"
                                  for k, v in s.seats)
                card.notices.append(f"Also reported ({s.as_of_text}): {seats}.")
        card.sources = await sources.links(self.store)
        card.footer = f"data {self.data_version}"
        return card

    # -- /about and /help ---------------------------------------------------------

    @_remembered
    async def about(self) -> Card:
        counts = await self.store.counts()
        card = Card(title="About this bot's data",
                    description="Answers about UK local council elections, each with its "
                                "sources. What is not recorded is shown as not recorded.")
        lines = []
        for c in await self.store.councils():
            views = await self._elections(c.id)
            full = [v.election for v in views if v.full]
            years = ", ".join(str(e.year) + ("†" if e.status == "no-result" else "")
                              for e in full)
            lines.append(f"**{c.short_name}** — {years or 'by-elections only'}")
        card.add("Councils and elections", "\n".join(lines) or "No data loaded.")
        card.notices.append("† held, result not recorded here.")
        card.add("Records", " · ".join(f"{v:,} {k}" for k, v in counts.items()))
        card.add("Every UK council and ward", places.about_text(*await self.store.place_counts()))
        licences = await self.store.source_licences()
        card.add("Source licences", "\n".join(f"{lic}: {n}" for lic, n in licences))
        card.footer = f"data {self.data_version} · built {self.store.meta.get('built_at', '?')}"
        return card

    @staticmethod
    def help() -> Card:
        card = Card(title="How to ask")
        for name, text in HELP:
            card.add(name, text)
        card.footer = "Names are forgiving: 'childs hill', 'Child's Hill' and 'chids hil' all work."
        return card

    # -- /settings ----------------------------------------------------------------

    async def council_named(self, text: str) -> Council:
        """The council a server admin means, for /settings council (UserError if unclear)."""
        return await self._council(text, None)

    async def settings(self, default_council: str | None, *, updated_at: str | None = None,
                       just_set: bool = False) -> Card:
        """A server's settings as a card; `default_council` is a council id."""
        card = Card(title="Default council set" if just_set else "This server's settings")
        if default_council is None:
            value = ("None set: questions need a council option, e.g. /seats barnet. "
                     "Set one with /settings council.")
        elif (c := await self.store.council(default_council)) is not None:
            value = f"**{c.name}** (`{c.id}`)"
        else:
            value = (f"`{fmt.echo(default_council)}`, which the current data does not hold; "
                     "answers ask for a council until it is set again with /settings council.")
        card.add("Default council", value)
        card.add("What it does", "Questions asked in this server without a council option "
                 "(/seats, /ward, /history, /byelections, /party) answer for this council, and "
                 "ward and election suggestions come from it.")
        if updated_at:
            card.footer = f"last changed {updated_at[:10]}"
        return card

    # -- autocomplete ---------------------------------------------------------------

    def complete(self, kind: str, text: str, council_id: str | None = None) -> list[Choice]:
        entries = self.index.autocomplete(kind, text, council_id)
        return [Choice(e.label[:100], e.id[:100]) for e in entries]

    def complete_who(self, text: str) -> list[Choice]:
        """/quote's `who`: speakers and parties in one ranked list.

        Speakers lead unless the text names a party outright ("lab", "green"), so a
        party is not buried under fuzzy matches on people's names.
        """
        speakers = self.complete("speaker", text)
        parties = self.complete("party", text)
        party_first = bool(text.strip()) and self.index.resolve("party", text).how in (
            "id", "exact", "prefix")
        first, second = (parties, speakers) if party_first else (speakers, parties)
        seen: set[str] = set()
        out = []
        for ch in [*first, *second]:
            if ch.value not in seen:
                seen.add(ch.value)
                out.append(ch)
        return out[:25]

    def council_scope(self, council_text: str | None, default: str | None) -> str | None:
        """The council an autocomplete should search in, from what is typed so far."""
        if council_text:
            res = self.index.resolve("council", council_text)
            return res.entry.id if res.status == "match" and res.entry else None
        return default

    async def complete_election(self, council_id: str | None, text: str) -> list[Choice]:
        if council_id is None:
            return []
        views = await self._elections(council_id)
        out = [Choice(self._election_label(v.election, v.full), v.election.id)
               for v in reversed(views)]
        q = text.strip().casefold()
        if q:
            out = [ch for ch in out if q in ch.label.casefold() or q in ch.value]
        return out[:25]


HELP = (
    ("/seats council [election]", "Seats and votes per party, control and majority, change "
     "since the previous election, and the council's make-up since."),
    ("/ward name [council] [election]", "One ward's result: every candidate with party, votes "
     "and share, who was elected, turnout and majority."),
    ("/councillor name [council]", "A person: party, ward, elections stood, what changed since."),
    ("/quote who [keyword]", "What party leaders said, with who, role, date, outlet and link. "
     "`who` can be a person or a party; add a keyword to search."),
    ("/party name [council]", "A party in one council: seats, votes, leader, wards won."),
    ("/history council", "The council's composition at every election on record."),
    ("/byelections council", "By-elections, defections and other changes since the election."),
    ("/about", "Which councils and elections the bot knows, and its sources."),
    ("/settings council name · /settings show", "Server admins (Manage Server): set the council "
     "that questions without a council option are about."),
    ("/ping", "Is the bot there, and how fast does it answer?"),
)
