"""What a results map shows: each ward's fill, the legend, and whether to draw at all.

Pure decisions: no drawing, no SQL, no discord. bot/render/map.py draws a MapPlan.

Honest geography: the boundaries held are those of one date. A map is refused (a Refusal,
and the caller draws nothing) when the election was fought on other wards, decided from
data in this order:
1. the election is older than the boundaries: its date is before the first use of this
   boundary set when the caller knows it (a BoundarySet's first_used), or before the ONS
   year in which the newest of these ward codes first appears (codes_since; only when that
   year is exact, not just the earliest ONS file held);
2. most of the election's ward results (more than half) match no ward here: by GSS code
   when the result has one (a code not held here is another ward, even with the same name:
   ward names outlive boundary changes), by name within the council otherwise.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from bot import domain
from bot import format as fmt
from bot.boundaries import CouncilBoundaries, WardShape
from bot.importers.parties import NEUTRAL_COLOUR

WON, SPLIT, PARTIAL, NONE = "won", "split", "partial", "none"
# For parties with no colour of their own (local parties, made by an importer with the
# neutral grey): distinct from each other, from the main parties and from independents'.
FALLBACK = (0xB07CC6, 0xA1887F, 0xF48FB1, 0xC0CA33, 0x7986CB, 0x4DB6AC, 0xFF8A65, 0x90A4AE)
LABELS = {SPLIT: "split ward (seats shared)",
          PARTIAL: "winners not all recorded", NONE: "no result held"}


@dataclass(frozen=True, slots=True)
class WardResult:
    """One ward's result at an election, as the data records it."""

    name: str
    gss: str | None = None
    seats: int | None = None  # seats the ward elected, when known
    won: tuple[tuple[str, int], ...] = ()  # (party id, seats won), as recorded


@dataclass(frozen=True, slots=True)
class PartyStyle:
    id: str
    label: str
    colour: int  # 0xRRGGBB


@dataclass(frozen=True, slots=True)
class WardFill:
    gss: str
    name: str
    kind: str  # WON | SPLIT | PARTIAL | NONE
    parties: tuple[tuple[str, int], ...] = ()  # (party id, seats), most seats first
    matched_by: str | None = None  # "gss" | "name" | None (no result matched)


@dataclass(frozen=True, slots=True)
class LegendItem:
    key: str  # a party id, or SPLIT / PARTIAL / NONE
    label: str
    colour: int | None  # None for the patterns (SPLIT, PARTIAL, NONE)
    seats: int  # seats won on the map (parties); wards (patterns)
    wards: int


@dataclass(frozen=True, slots=True)
class MapPlan:
    boundaries: CouncilBoundaries
    election_id: str
    title: str
    fills: tuple[WardFill, ...]
    legend: tuple[LegendItem, ...]
    colours: tuple[tuple[str, int], ...]  # party id -> colour, for the drawing
    unmatched_results: tuple[str, ...]  # result wards with no shape here
    unmatched_wards: tuple[str, ...]  # shapes with no result
    highlight: str | None = None  # a ward GSS code to outline (for /ward)
    notes: tuple[str, ...] = ()

    @property
    def attribution(self) -> str:
        return " · ".join(self.boundaries.attribution)

    def key(self, data_version: str) -> str:
        return map_key(self.boundaries, self.election_id, data_version, self.highlight)


@dataclass(frozen=True, slots=True)
class Refusal:
    reason: str
    unmatched_results: tuple[str, ...] = ()


def map_key(boundaries: CouncilBoundaries, election_id: str, data_version: str,
            highlight: str | None = None) -> str:
    """Same key, same picture: the council, election, data and boundaries versions."""
    return (f"map:{boundaries.gss}:{election_id}:{data_version}:{boundaries.version}"
            f":{highlight or ''}")


def normalise(name: str) -> str:
    """A ward name for matching: case, accents, '&'/'and', punctuation and 'ward' ignored."""
    s = unicodedata.normalize("NFKD", name)
    s = "".join(c for c in s if not unicodedata.combining(c)).lower()
    s = s.replace("&", " and ").replace("'", "").replace("’", "")
    s = re.sub(r"[^a-z0-9]+", " ", s)
    s = re.sub(r"\bward\b", " ", s)
    return " ".join(s.split())


def _fill(shape: WardShape, result: WardResult | None, matched_by: str | None) -> WardFill:
    won: dict[str, int] = {}
    for party, n in (result.won if result else ()):
        if n > 0:
            won[party] = won.get(party, 0) + n
    ranked = tuple(sorted(won.items(), key=lambda kv: (-kv[1], kv[0])))
    if not ranked:
        return WardFill(shape.gss, shape.name, NONE, (), matched_by)
    known = sum(won.values())
    seats = result.seats if result else None
    lead = ranked[0][1]
    if seats is not None and known >= seats:  # every seat's winner recorded
        kind = WON if len(ranked) == 1 else SPLIT
    elif seats is not None and lead * 2 > seats:
        kind = WON  # most seats are the leader's whoever won the rest
    else:
        kind = PARTIAL
    return WardFill(shape.gss, shape.name, kind, ranked, matched_by)


def _before(date: str | None, first: str | None) -> bool:
    return bool(date and first) and date[: len(first)] < first[: len(date)]  # type: ignore[index]


def plan(boundaries: CouncilBoundaries, results: Sequence[WardResult],
         parties: Mapping[str, PartyStyle], *, election_id: str, title: str,
         election_date: str | None, first_used: str | None = None,
         highlight: str | None = None) -> MapPlan | Refusal:
    """The map of one election on these boundaries, or why it must not be drawn."""
    since = str(boundaries.codes_since) if boundaries.codes_since_exact else None
    for first, what in ((first_used, "first used"), (since, "in use since")):
        if _before(election_date, first):
            return Refusal(
                f"The election of {fmt.date(election_date)} was fought on older wards: the "
                f"boundaries held for {boundaries.name} are those of {fmt.date(boundaries.date)}, "
                f"{what} {fmt.date(first)}. Drawing it on today's wards would be wrong, so no map "
                "is drawn.")

    by_gss = {w.gss: w for w in boundaries.wards}
    by_name: dict[str, list[WardShape]] = {}
    for w in boundaries.wards:
        by_name.setdefault(normalise(w.name), []).append(w)
        if w.name_cy:
            by_name.setdefault(normalise(w.name_cy), []).append(w)
    matched: dict[str, tuple[WardResult, str]] = {}
    unmatched: list[str] = []
    for r in results:
        shape, how = by_gss.get(r.gss or ""), "gss"
        if shape is None and not r.gss:  # a code not held here is another ward, whatever
            # its name: Barnet kept 16 of its 21 ward names when every boundary moved in 2022
            named = by_name.get(normalise(r.name), [])
            shape, how = (named[0], "name") if len(named) == 1 else (None, "")
        if shape is None or shape.gss in matched:
            unmatched.append(r.name)
            continue
        matched[shape.gss] = (r, how)
    if results and len(unmatched) * 2 > len(results):
        return Refusal(
            f"{len(unmatched)} of the {len(results)} wards in this election's results match "
            f"no ward of {boundaries.name}'s {fmt.date(boundaries.date)} boundaries by code or "
            f"name: it was fought on other wards, so no map is drawn.", tuple(unmatched))

    fills = []
    for w in boundaries.wards:
        r, how = matched.get(w.gss, (None, None))
        fills.append(_fill(w, r, how))
    unmatched_wards = tuple(w.name for w in boundaries.wards if w.gss not in matched)
    notes = []
    if unmatched:
        notes.append("No ward here for: " + ", ".join(unmatched) + ".")
    if unmatched_wards and results:
        notes.append("No result held for: " + ", ".join(unmatched_wards) + ".")
    colours = _colours(fills, parties)
    return MapPlan(boundaries, election_id, title, tuple(fills),
                   _legend(fills, parties, colours), tuple(colours.items()), tuple(unmatched),
                   unmatched_wards, highlight, tuple(notes))


def _colours(fills: Sequence[WardFill], parties: Mapping[str, PartyStyle]) -> dict[str, int]:
    """Each party's colour; one with none of its own gets the next fallback, most seats first."""
    seats: dict[str, int] = {}
    for f in fills:
        for party, n in f.parties:
            seats[party] = seats.get(party, 0) + n
    out: dict[str, int] = {}
    spare = iter(FALLBACK)
    for party in sorted(seats, key=lambda p: (-seats[p], p)):
        style = parties.get(party)
        if style is not None and style.colour != NEUTRAL_COLOUR:
            out[party] = style.colour
        else:
            out[party] = next(spare, NEUTRAL_COLOUR)
    return out


def _legend(fills: Iterable[WardFill], parties: Mapping[str, PartyStyle],
            colours: Mapping[str, int]) -> tuple[LegendItem, ...]:
    seats: dict[str, int] = {}
    wards: dict[str, int] = {}
    kinds: dict[str, int] = {}
    for f in fills:
        if f.kind != WON:
            kinds[f.kind] = kinds.get(f.kind, 0) + 1
        if f.kind in (WON, SPLIT):
            wards[f.parties[0][0]] = wards.get(f.parties[0][0], 0) + 1
        for party, n in f.parties:
            seats[party] = seats.get(party, 0) + n
            wards.setdefault(party, 0)
    items = []
    for party in sorted(seats, key=lambda p: (-seats[p], p)):
        style = parties.get(party)
        items.append(LegendItem(party, style.label if style else party, colours[party],
                                seats[party], wards[party]))
    for kind in (SPLIT, PARTIAL, NONE):
        if kind in kinds:
            items.append(LegendItem(kind, LABELS[kind], None, 0, kinds[kind]))
    return tuple(items)


def ward_results(wards: Sequence[domain.Ward], ballots: Sequence[domain.Ballot],
                 elected: Mapping[str, Sequence[domain.Candidacy]],
                 rollup: Mapping[str, str] | None = None) -> list[WardResult]:
    """Ward results of one election from the store's records (main ballots, no by-elections).

    Seats per party are the ballot's stated party seats, or else the elected candidates with
    a recorded party (an elected candidate with no party counts for nobody: not known).
    `rollup` maps a party id to the party it counts as (e.g. Labour and Co-operative).
    """
    by_id = {w.id: w for w in wards}
    rollup = rollup or {}
    out = []
    for b in ballots:
        if b.by_election or b.ward_id not in by_id:
            continue
        w = by_id[b.ward_id]
        stated: dict[str, int] = {}
        for party, n in b.party_seats:
            stated[rollup.get(party, party)] = stated.get(rollup.get(party, party), 0) + n
        counted: dict[str, int] = {}
        for c in elected.get(b.id, ()):
            if c.elected and c.party_id:
                p = rollup.get(c.party_id, c.party_id)
                counted[p] = counted.get(p, 0) + 1
        won = {p: max(stated.get(p, 0), counted.get(p, 0)) for p in stated.keys() | counted}
        out.append(WardResult(w.name, w.gss, b.seats, tuple(sorted(won.items()))))
    return out
