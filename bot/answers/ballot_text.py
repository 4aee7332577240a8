"""The text of a /ward card: its verdict title, the coloured candidate lines and the
notes said once for the card; the full candidate lines for the detail."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from bot import format as fmt
from bot.answers._context import UNKNOWN_PARTY, Parties
from bot.answers._shared import (
    ELECTED_BASIS,
    GREY_SQUARE,
    party_square,
    party_subject,
    squares_of,
)
from bot.domain import Ballot, Candidacy, Council, Dispute, Election, Listing, Person, Source


@dataclass(frozen=True, slots=True)
class BallotFacts:
    ward_name: str
    council: Council
    election: Election
    ballot: Ballot
    candidacies: tuple[Candidacy, ...]
    others: tuple[Ballot, ...]  # the ward's other contests, oldest first
    previous: Ballot | None  # the contest before, for "gain" or "hold" (None if not needed)
    previous_candidacies: tuple[Candidacy, ...]
    disputes: tuple[Dispute, ...]  # about the ballot, then about its candidacies
    cited: Mapping[str, Source]  # the sources the disputes cite
    listings: tuple[Listing, ...]  # people later listed as the ward's councillors
    people: Mapping[str, Person]  # the listed people, by id
    later_no_result: Election | None
    data_version: str
    names: Mapping[str, str] = field(default_factory=dict)  # person id -> display name


def verdict(f: BallotFacts, ordered: Sequence[Candidacy], parties: Parties) -> str:
    """The title: who won and by how much ("Labour win all 3 seats — majority 1,143")."""
    b = f.ballot
    won: dict[str, int] = defaultdict(int)
    for cd in ordered:
        if cd.elected:
            won[parties.of(cd.party_id).totals_id] += 1
    if not won and b.party_seats:
        for p, n in b.party_seats:
            won[parties.of(p).totals_id] += n
    margin = majority_votes(b, ordered)
    tail = f" — majority {fmt.number(margin)}" if margin is not None else ""
    if not won:
        return f"{f.ward_name}: result not recorded"
    if len(won) > 1:
        return " · ".join(f"{parties.of(p).short_name} {n}"
                          for p, n in sorted(won.items(), key=lambda kv: -kv[1])) + tail
    party, n = next(iter(won.items()))
    if party == UNKNOWN_PARTY.id:  # a winner whose party is not recorded
        names = [cd.name for cd in ordered if cd.elected and cd.name]
        return (f"{names[0]} elected{tail}" if len(names) == 1
                else f"{fmt.plural(n, 'councillor')} elected{tail}")
    who = party_subject(parties.of(party).short_name)
    seats = b.seats or n
    if (said := stated_gain_or_hold(b.outcome, parties.of(party).short_name)) is not None:
        verb, loser = said  # the source's words, when they are only that
        return f"{who} {verb} {f.ward_name}{' from ' + loser if loser else ''}{tail}"
    if (gain := gain_or_hold(f, parties)):  # "Labour gain Hendon from Conservative"
        gain = gain.replace(parties.of(party).short_name, who, 1)
        if " gain from " in gain:
            return gain.replace(" gain from ", f" gain {f.ward_name} from ", 1) + tail
        return f"{gain} {f.ward_name}{tail}"
    if seats > 1 and n == seats:
        return f"{who} win {'both' if seats == 2 else f'all {seats}'} seats{tail}"
    if seats > 1:
        return f"{who} win {n} of {seats} seats{tail}"
    return f"{who} win {f.ward_name}{tail}"


def stated_gain_or_hold(outcome: str | None, winner: str) -> tuple[str, str] | None:
    """("hold", "") or ("gain", "Conservative") when the source's outcome is just "<winner>
    hold" or "<winner> gain from <party>"; None for anything longer (shown as written)."""
    m = re.fullmatch(r"(.+?) (hold|gain)(?: from (.+))?", (outcome or "").strip())
    if not m or m.group(1) != winner:
        return None
    return m.group(2), m.group(3) or ""


def party_label(cd: Candidacy, parties: Parties) -> str:
    """A candidate's party in a few letters where its colour says the rest ("Lab"); local
    parties and independents, grey in the chart, by name ("Barnsley Independent Group")."""
    if cd.party_label:
        return cd.party_label
    party = parties.of(cd.party_id)
    if party.id == UNKNOWN_PARTY.id:
        return "party not recorded"
    if party_square(party.colour) != GREY_SQUARE or party.short_name == "Independent":
        return party.abbr or party.short_name
    return party.short_name


SHARES_SHOWN = 4  # more candidates than this, all with votes: shares in the detail (one line each)


def display_name(cd: Candidacy, names: Mapping[str, str]) -> str | None:
    """The person's one name across the cards, else the name on the ballot paper."""
    return names.get(cd.person_id or "") or cd.name


def as_named(cd: Candidacy, names: Mapping[str, str]) -> str:
    """" (on the ballot as Peter John Louis Zinkin)" when that differs from the display name."""
    shown = display_name(cd, names)
    return f" (on the ballot as {cd.name})" if cd.name and shown != cd.name else ""


def candidate_lines(ordered: Sequence[Candidacy], shares: Mapping[str, float],
                    parties: Parties, names: Mapping[str, str] | None = None) -> list[str]:
    """"✅ 🟥 **Sara Conway** (Lab) — 2,545": the elected first, ticked and bold, then the
    others, each in vote order."""
    lines = []
    with_shares = len(ordered) <= SHARES_SHOWN or any(cd.votes is None for cd in ordered)
    # The chart (bot/answers/ballot.vote_chart) draws the candidates with votes.
    squares = squares_of(parties, [cd.party_id for cd in ordered if cd.votes is not None])
    for cd in sorted(ordered, key=lambda cd: not cd.elected):
        party = parties.of(cd.party_id)
        square = squares.get(cd.party_id) or party_square(party.colour)
        label = party_label(cd, parties)
        name = display_name(cd, names or {}) or "name not recorded"
        name = f"**{name}**" if cd.elected else name
        mark = "✅ " if cd.elected else ("❔ " if cd.elected is None else "")
        votes = ""
        if cd.votes is not None:
            votes = f" — {fmt.number(cd.votes)}"
            if cd.id in shares and with_shares:
                votes += f" ({shares[cd.id]:.1f}%)"
        elif cd.id in shares:  # a share stated without the votes
            votes = f" — {shares[cd.id]:.1f}%"
        elif cd.position is not None:
            votes = f" — finished {cd.position}"
        lines.append(f"{mark}{square} {name} ({label}){votes}")
    return lines


def result_notes(f: BallotFacts, ordered: Sequence[Candidacy]) -> str:
    """What the lines above leave unsaid, once for the card: votes or winners not recorded,
    how the elected are known."""
    out = []
    if ordered and all(cd.votes is None for cd in ordered):
        out.append("Votes not recorded.")
    elif missing := sum(cd.votes is None for cd in ordered):
        out.append(f"Votes not recorded for {missing} of "
                   f"{fmt.plural(len(ordered), 'candidate')}.")
    bases = {ELECTED_BASIS[cd.elected_basis] for cd in ordered
             if cd.elected and cd.elected_basis in ELECTED_BASIS}
    if bases:
        out.append("Elected: " + "; ".join(sorted(bases)) + ".")
    if not ordered:
        out.append("Candidates not recorded.")
    return " ".join(out)


def gain_or_hold(f: BallotFacts, parties: Parties) -> str:
    """Compared with the previous contest on the same ward (same boundaries), when clear."""
    prev = f.previous
    if prev is None:
        return ""
    now = [parties.of(cd.party_id).totals_id for cd in f.candidacies if cd.elected]
    before = [parties.of(cd.party_id).totals_id for cd in f.previous_candidacies if cd.elected]
    if not now or not before or (prev.seats and len(before) != prev.seats):
        return ""
    if len(now) == 1 and len(before) == 1:
        name = parties.of(now[0]).short_name
        if now[0] == before[0]:
            return f"{name} hold"
        return f"{name} gain from {parties.of(before[0]).short_name}"
    return ""


def candidate_line(cd: Candidacy, share: float | None, parties: Parties,
                   shown: str | None = None) -> str:
    mark = "✅" if cd.elected else ("▫️" if cd.elected is False else "❔")
    shown = shown or cd.name
    name = f"**{shown}**" if shown else "*name not recorded*"
    party = cd.party_label or parties.of(cd.party_id).short_name
    votes = f"{fmt.number(cd.votes)} votes" if cd.votes is not None else "votes not recorded"
    if share is not None:
        votes += f" ({share:.1f}%)"
    elif cd.position is not None and cd.votes is None:
        votes += f", finished {cd.position}"
    basis = ELECTED_BASIS.get(cd.elected_basis or "")
    extra = f" — elected ({basis})" if cd.elected and basis else ""
    return f"{mark} {name} · {party} · {votes}{extra}"


def majority_votes(ballot: Ballot, ordered: Sequence[Candidacy]) -> int | None:
    """The majority in votes: stated, else the last elected's votes minus the first not
    elected's, when every seat's winner and both votes are known."""
    if ballot.majority is not None:
        return ballot.majority
    elected = [cd for cd in ordered if cd.elected]
    losers = [cd for cd in ordered if cd.elected is False]
    if not elected or not losers:
        return None
    last, first_out = elected[-1], losers[0]
    if last.votes is None or first_out.votes is None or (
            ballot.seats and len(elected) != ballot.seats):
        return None
    return last.votes - first_out.votes


def majority(ballot: Ballot, ordered: list[Candidacy]) -> str:
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
