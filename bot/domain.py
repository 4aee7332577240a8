"""The election data model: plain dataclasses, no I/O, no discord.

Every record that states a fact carries `cites`: the sources it came from, each
with the excerpt that supports it. `None` always means "not recorded" and is
shown as such; nothing here is ever filled in with an estimate.

Dates are ISO strings that may be partial ("2025", "2025-06", "2025-06-14"),
because sources often give only a month or a year.
"""

from __future__ import annotations

from dataclasses import dataclass, field

VACANT = "vacant"  # pseudo-party key in compositions: an empty seat
NO_OVERALL_CONTROL = "noc"


@dataclass(frozen=True, slots=True)
class Source:
    id: str
    title: str
    url: str | None = None
    publisher: str | None = None
    published: str | None = None
    licence: str | None = None
    note: str | None = None


@dataclass(frozen=True, slots=True)
class Cite:
    """One source backing one record, with the words that back it."""

    source_id: str
    excerpt: str | None = None
    note: str | None = None


@dataclass(frozen=True, slots=True)
class Party:
    id: str  # our slug, e.g. "labour"
    name: str  # registered name, e.g. "Labour Party"
    short_name: str  # what people call it, e.g. "Labour"
    abbr: str  # e.g. "Lab"
    colour: int  # 0xRRGGBB, used for embeds and charts
    register_ids: tuple[str, ...] = ()  # Electoral Commission / Democracy Club ids, e.g. PP53
    aliases: tuple[str, ...] = ()
    rollup_id: str | None = None  # "labour-co-operative" counts as "labour" in totals

    @property
    def totals_id(self) -> str:
        return self.rollup_id or self.id


@dataclass(frozen=True, slots=True)
class Council:
    id: str  # slug, e.g. "barnet"
    name: str  # e.g. "London Borough of Barnet"
    short_name: str  # e.g. "Barnet"
    gss: str | None = None
    aliases: tuple[str, ...] = ()
    results_url: str | None = None  # where a reader can look up what we do not hold
    cites: tuple[Cite, ...] = ()


@dataclass(frozen=True, slots=True)
class BoundarySet:
    id: str
    council_id: str
    name: str
    first_used: str | None = None
    cites: tuple[Cite, ...] = ()


@dataclass(frozen=True, slots=True)
class Ward:
    id: str  # "<boundary set>:<slug>", so 2002 and 2022 Childs Hill differ
    council_id: str
    boundary_set_id: str
    slug: str
    name: str
    gss: str | None = None
    aliases: tuple[str, ...] = ()
    cites: tuple[Cite, ...] = ()


@dataclass(frozen=True, slots=True)
class Election:
    # Democracy Club style: local.barnet.2022-05-05 (local.barnet.1964 when only the year is known)
    id: str
    council_id: str
    year: int
    date: str | None = None
    status: str = "result"  # "result" | "no-result" (held, but no result recorded here)
    total_seats: int | None = None
    control: str | None = None  # party id or "noc"
    control_before: str | None = None
    turnout_votes: int | None = None
    turnout_pct: float | None = None
    turnout_note: str | None = None
    results_url: str | None = None
    notes: tuple[str, ...] = ()
    cites: tuple[Cite, ...] = ()


@dataclass(frozen=True, slots=True)
class PartyResult:
    """A party's council-wide result in one election (known even without ward results)."""

    id: str  # "<election id>#<party id>"
    election_id: str
    party_id: str
    label: str | None = None  # as the source names it, when that differs from the party
    seats: int | None = None
    seat_change: int | None = None
    seat_change_basis: str | None = None  # "stated" | "derived: ..."
    votes: int | None = None
    vote_pct: float | None = None
    leader_id: str | None = None
    leader_ward: str | None = None
    notes: tuple[str, ...] = ()
    cites: tuple[Cite, ...] = ()


@dataclass(frozen=True, slots=True)
class Ballot:
    """One ward contest: a ward at a full election, or a by-election."""

    id: str  # local.barnet.childs-hill.2022-05-05 / local.barnet.golders-green.by.2023-02-16
    election_id: str
    ward_id: str
    date: str | None = None
    by_election: bool = False
    seats: int | None = None
    seats_basis: str | None = None  # None/"stated", or "derived: <how>"
    electorate: int | None = None
    turnout: int | None = None  # ballots cast
    turnout_pct: float | None = None
    spoilt: int | None = None
    outcome: str | None = None  # as a source words it: "Labour gain", "Conservative hold"
    party_seats: tuple[tuple[str, int], ...] = ()  # seats won per party when names are missing
    cause: str | None = None  # why a by-election was held
    majority: int | None = None  # stated majority (single-seat by-elections)
    notes: tuple[str, ...] = ()
    cites: tuple[Cite, ...] = ()


@dataclass(frozen=True, slots=True)
class Candidacy:
    id: str  # "<ballot id>#<n>"
    ballot_id: str
    person_id: str | None = None  # None when the source does not name the candidate
    name: str | None = None
    party_id: str | None = None
    party_label: str | None = None  # the words of the source when no party record fits
    votes: int | None = None
    vote_pct: float | None = None
    elected: bool | None = None
    elected_basis: str | None = None  # "stated" | "serving_may_2022" | "inferred_later"
    position: int | None = None  # finishing place, when known but votes are not
    note: str | None = None
    cites: tuple[Cite, ...] = ()


@dataclass(frozen=True, slots=True)
class Person:
    id: str
    name: str
    aliases: tuple[str, ...] = ()
    cites: tuple[Cite, ...] = ()


@dataclass(frozen=True, slots=True)
class Listing:
    """A person named as a ward's councillor at some later date: not an election result."""

    id: str
    person_id: str
    council_id: str
    ward_id: str | None = None
    party_id: str | None = None
    as_of: str | None = None
    as_of_text: str | None = None
    note: str | None = None
    cites: tuple[Cite, ...] = ()


@dataclass(frozen=True, slots=True)
class Office:
    """A council office held over a period, e.g. Leader of the Council."""

    id: str
    council_id: str
    role: str
    person_id: str
    party_id: str | None = None
    start: str | None = None
    end: str | None = None
    start_text: str | None = None
    end_text: str | None = None
    cites: tuple[Cite, ...] = ()


@dataclass(frozen=True, slots=True)
class CompositionChange:
    """A dated event that moves a seat between parties after an election.

    from/to are party ids, or None for an empty seat ("vacant").
    """

    id: str
    council_id: str
    # by-election | defection | death | resignation | disqualification | whip-withdrawn | other
    kind: str
    description: str
    date: str | None = None
    date_text: str | None = None
    person_id: str | None = None
    ward_id: str | None = None
    from_party: str | None = None
    to_party: str | None = None
    seats: int = 1
    ballot_id: str | None = None
    moves_seat: bool = True  # False for events that change no seat count (e.g. a leadership change)
    cites: tuple[Cite, ...] = ()


@dataclass(frozen=True, slots=True)
class CompositionSnapshot:
    """A composition as a source reported it on a date."""

    id: str
    council_id: str
    as_of: str | None  # None when the source is undated
    as_of_text: str
    seats: tuple[tuple[str, int], ...]  # (party id | "vacant" | label:<text>, seats)
    labels: tuple[tuple[str, str], ...] = ()  # display names for "label:" keys
    notes: tuple[str, ...] = ()
    cites: tuple[Cite, ...] = ()


@dataclass(frozen=True, slots=True)
class Statement:
    id: str
    person_id: str
    text: str
    role: str | None = None
    party_id: str | None = None
    date: str | None = None
    date_text: str | None = None
    context: str | None = None
    outlet: str | None = None
    url: str | None = None
    council_id: str | None = None
    kind: str = "reaction"  # reaction | pre-election | secondary | other
    notes: tuple[str, ...] = ()
    cites: tuple[Cite, ...] = ()


@dataclass(frozen=True, slots=True)
class Claim:
    value: str
    cites: tuple[Cite, ...]
    note: str | None = None


@dataclass(frozen=True, slots=True)
class Dispute:
    """Sources that disagree about one value. Both are kept; answers say so."""

    id: str
    topic: str
    # the record's kind: election | party_result | ballot | candidacy | change | office | ...
    subject_kind: str
    subject_id: str
    field: str | None
    claims: tuple[Claim, ...]
    note: str | None = None


@dataclass(slots=True)
class Dataset:
    """Everything one data file holds; what importers produce and the store writes."""

    name: str
    sources: list[Source] = field(default_factory=list)
    parties: list[Party] = field(default_factory=list)
    councils: list[Council] = field(default_factory=list)
    boundary_sets: list[BoundarySet] = field(default_factory=list)
    wards: list[Ward] = field(default_factory=list)
    elections: list[Election] = field(default_factory=list)
    party_results: list[PartyResult] = field(default_factory=list)
    ballots: list[Ballot] = field(default_factory=list)
    candidacies: list[Candidacy] = field(default_factory=list)
    people: list[Person] = field(default_factory=list)
    listings: list[Listing] = field(default_factory=list)
    offices: list[Office] = field(default_factory=list)
    changes: list[CompositionChange] = field(default_factory=list)
    snapshots: list[CompositionSnapshot] = field(default_factory=list)
    statements: list[Statement] = field(default_factory=list)
    disputes: list[Dispute] = field(default_factory=list)
    place_councils: list[PlaceCouncil] = field(default_factory=list)  # the gazetteer
    place_wards: list[PlaceWard] = field(default_factory=list)
    ward_codes: list[WardCode] = field(default_factory=list)


# -- the gazetteer: places by name and code, with no results (data/gazetteer.json.gz) ----

PLACE_ID_PREFIX = "gss:"  # the id of a place known only from the gazetteer: "gss:W05001274"


def place_id(gss: str) -> str:
    return PLACE_ID_PREFIX + gss


def is_place_id(some_id: str) -> bool:
    return some_id.startswith(PLACE_ID_PREFIX)


def place_gss(some_id: str) -> str:
    """The GSS code in a place id (or the code itself)."""
    return some_id.removeprefix(PLACE_ID_PREFIX)


@dataclass(frozen=True, slots=True)
class PlaceCouncil:
    """A current council as the ONS names it. council_id: the council held here, if any."""

    id: str  # GSS code, e.g. "W06000015"
    name: str  # official name, e.g. "City of Cardiff Council"
    short_name: str  # e.g. "Cardiff"
    aliases: tuple[str, ...] = ()  # other names and the old district codes it now covers
    dc_slug: str | None = None  # Democracy Club organisation slug, e.g. "cardiff"
    slug_basis: str = "derived"  # "seen" in Democracy Club data, or "derived" from the name
    register_code: str | None = None  # gov.uk register code, e.g. "CRF"
    country: str | None = None
    council_id: str | None = None
    source_id: str = ""


@dataclass(frozen=True, slots=True)
class PlaceWard:
    """A current ward as the ONS names it. ward_id: the ward held here with this name/code."""

    id: str  # GSS code, e.g. "W05001274"
    name: str
    council_gss: str
    welsh_name: str | None = None  # only where it differs from `name`
    ward_id: str | None = None


@dataclass(frozen=True, slots=True)
class WardCode:
    """Any ward code since 2015, current or not, and the council now covering it."""

    id: str  # GSS code
    name: str
    council_gss: str
    first_listed: str | None = None  # the year of the ONS file that first lists it
