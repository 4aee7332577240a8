"""The text of a /seats card: its verdict title and one-line summaries (seats in party
colours, the size, who else stood, vote shares), and every figure for the detail."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from bot import format as fmt
from bot.answers._context import Parties
from bot.answers._shared import election_when, party_subject, squares_of
from bot.answers._since import Since
from bot.domain import NO_OVERALL_CONTROL, Council, Dispute, Election, PartyResult, Person, Source


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
    size: int | None = None  # the council size worked out when the election lacks it
    size_basis: str = ""  # how (a note for the detail)
    control_before: str | None = None  # the previous election's control, if recorded
    byelections: int = 0  # by-elections recorded after it, before the next election


def council_size(f: SeatsFacts) -> int | None:
    """The council's size: recorded, or worked out from the data (size_basis says how)."""
    return f.election.total_seats or f.size


def verdict(f: SeatsFacts, parties: Parties, size: int | None) -> str:
    """The title: what happened, short ("Labour gain Barnet — majority of 19")."""
    e, where, results = f.election, f.council.short_name, f.results
    top = results[0] if results and results[0].seats else None
    before = e.control_before or f.control_before
    if top is not None and has_majority(top, size):
        assert size is not None and top.seats is not None
        who = party_subject(parties.of(top.party_id).short_name)
        margin = top.seats - (size - top.seats)
        how = " by one seat" if margin == 1 else f" — majority of {margin}"
        if before == parties.of(top.party_id).totals_id or before == top.party_id:
            return f"{who} hold {where}{how}"
        if before:
            return f"{who} gain {where}{how}"
        return f"{who} win {where}{how}"
    if e.control == NO_OVERALL_CONTROL or (
            size and top is not None and sum(r.seats or 0 for r in results) == size):
        if top is not None:
            return (f"No overall control in {where} — "
                    f"{parties.of(top.party_id).short_name} largest with {top.seats}")
        return f"No overall control in {where}"
    if e.control:
        who = party_subject(parties.of(e.control).short_name)
        if before and before != e.control:
            return f"{who} gain {where}"
        return f"{who} hold {where}" if before else f"{who} control {where}"
    if top is not None:
        who = party_subject(parties.of(top.party_id).short_name)
        contested = sum(r.seats or 0 for r in results)
        if f.computed:
            return f"{who} win most seats in {where} — {top.seats} of {contested} contested"
        return f"{who} win most seats in {where} — {fmt.plural(top.seats or 0, 'seat')}"
    return f"{where} — election of {election_when(e)}"


def _name(r: PartyResult, parties: Parties) -> str:
    return r.label or parties.of(r.party_id).short_name


def _change(f: SeatsFacts, r: PartyResult) -> str:
    """The seat change in brackets, or "" when not known (the marks are in the detail)."""
    if r.seat_change is not None:
        return f" ({fmt.change(r.seat_change)})"
    if r.seats is not None and f.previous and r.party_id in f.previous:
        return f" ({fmt.change(r.seats - f.previous[r.party_id])})"
    return ""


def _differ(f: SeatsFacts, r: PartyResult, *fields: str) -> bool:
    return any(d.field in fields or d.field is None for d in f.disputes.get(r.id, []))


def seats_line(f: SeatsFacts, parties: Parties) -> str:
    """"🟥 **Labour 41** (+16) · 🟦 **Conservative 22** (−16)": the parties that won seats."""
    parts = []
    squares = squares_of(parties, [r.party_id for r in f.results if r.seats])
    for r in f.results:
        if not r.seats:
            continue
        change = _change(f, r)
        if change and _before_differs(f, r, parties):
            change = change[:-1] + ", sources differ)"
        flag = " (sources differ)" if _differ(f, r, "seats", "seat_change") else ""
        parts.append(f"{squares[r.party_id]} **{_name(r, parties)} "
                     f"{r.seats}**{change}{flag}")
    unknown = [r for r in f.results if r.seats is None]
    if unknown:
        parts.append("seats not recorded: " + ", ".join(_name(r, parties) for r in unknown))
    return " · ".join(parts)


def _before_differs(f: SeatsFacts, r: PartyResult, parties: Parties) -> bool:
    """Sources differ on the party's seats going in ("Conservative seats before the 2022
    election"), so on its change."""
    name = parties.of(r.party_id).short_name
    return any(d.field == "seats_before" and d.topic.startswith(name)
               for d in f.election_disputes)


def size_line(f: SeatsFacts, size: int | None, parties: Parties) -> str:
    """"63 seats · 32 for a majority", or the seats contested when the size is unknown;
    "seats before: sources differ" when that dispute names no party with a change."""
    named = {parties.of(r.party_id).short_name for r in f.results if r.seats
             and _change(f, r)}
    differ = any(d.field == "seats_before" and not any(d.topic.startswith(n) for n in named)
                 for d in f.election_disputes)
    tail = " · seats before: sources differ" if differ else ""
    if size:
        return f"{size} seats · {size // 2 + 1} for a majority{tail}"
    if f.computed:
        contested = sum(r.seats or 0 for r in f.results)
        return f"{contested} seats contested · council size not recorded{tail}"
    return tail.removeprefix(" · ").capitalize()


_INDEPENDENTS = re.compile(r"independents? \((\d+) candidates?\)", re.IGNORECASE)


def no_show(f: SeatsFacts, parties: Parties) -> list[str]:
    """The parties with no seat and no votes recorded, for "Also stood"."""
    out = []
    for r in f.results:
        if r.seats == 0 and r.votes is None and r.vote_pct is None:
            name = _name(r, parties)
            m = _INDEPENDENTS.fullmatch(name)
            out.append(f"{m.group(1)} independents" if m else name)
    return out


VOTE_SHARES_SHOWN = 3


def vote_shares(f: SeatsFacts, parties: Parties) -> str:
    """"Lab 43.0% · Con 35.1%": the biggest shares, each party by its abbreviation."""
    shown = sorted((r for r in f.results if r.vote_pct is not None),
                   key=lambda r: -(r.vote_pct or 0))
    if not shown:
        return fmt.NOT_RECORDED
    lines = [f"{parties.of(r.party_id).abbr or _name(r, parties)} {fmt.pct(r.vote_pct)}"
             for r in shown[:VOTE_SHARES_SHOWN]]
    if len(shown) > VOTE_SHARES_SHOWN:
        lines.append(f"+ {len(shown) - VOTE_SHARES_SHOWN} more")
    if any(_differ(f, r, "vote_pct", "votes") for r in shown):
        lines.append("(sources differ)")
    return "\n".join(lines)


def turnout_short(e: Election) -> str:
    if e.turnout_pct is None and e.turnout_votes is None:
        return fmt.NOT_RECORDED
    text = fmt.pct(e.turnout_pct) if e.turnout_pct is not None else (
        f"{fmt.number(e.turnout_votes)} ballots")
    note = (e.turnout_note or "").strip()
    return f"{text} ({note})" if note and len(note) <= 20 else text


def seat_lines(f: SeatsFacts, parties: Parties) -> tuple[list[str], list[str]]:
    """A line per party with every figure (for the detail), and the notices explaining
    the marks on changes (* and †)."""
    lines, derived, computed_change = [], [], False
    for r in f.results:
        name = _name(r, parties)
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
        flag = " (sources differ)" if r.id in f.disputes else ""
        lines.append(f"**{name}** — {seat_text}{change}{_votes_text(r)}{flag}")
    marks = []
    if computed_change:
        marks.append("Changes marked * are computed from the previous recorded election.")
    if derived:
        marks.append("Changes marked † are worked out, not stated by a source — "
                     + "; ".join(derived))
    return lines, marks


def _votes_text(r: PartyResult) -> str:
    if r.votes is None and r.vote_pct is None:
        return " · votes not recorded"
    votes = f" · {fmt.number(r.votes)} votes" if r.votes is not None else " · votes"
    return votes + (f" ({fmt.pct(r.vote_pct)})" if r.vote_pct is not None else "")


def has_majority(r: PartyResult, total: int | None) -> bool:
    return bool(total and r.seats and r.seats > total // 2)
