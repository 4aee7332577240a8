"""The card for one ward contest (/ward), composed from its records without the database.

The card is built from blocks: the head (seats, gain or hold), the candidates block
(candidates, seats won, turnout, majority), the notices (what is missing, how shares
were worked out, disputes), the other contests on the ward and its later listings.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from bot import format as fmt
from bot.answers._context import Parties, Sources, reference
from bot.answers._shared import ELECTED_BASIS, dispute_lines, turnout_text
from bot.domain import Ballot, Candidacy, Council, Dispute, Election, Listing, Person, Source
from bot.render.card import Bar, Card, Chart


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


def ballot_label(b: Ballot) -> str:
    what = "by-election" if b.by_election else "election"
    return f"{fmt.date(b.date)} {what}"


def compose(f: BallotFacts, parties: Parties, sources: Sources) -> Card:
    b, c = f.ballot, f.council
    sources.add(b.cites)
    for cd in f.candidacies:
        sources.add(cd.cites)
    what = "by-election" if b.by_election else "election"
    card = Card(title=f"{f.ward_name} — {c.short_name}, {what} of {fmt.date(b.date)}",
                url=f.election.results_url or c.results_url)
    card.description = head(f, parties)
    ordered = vote_order(f.candidacies)
    shares = shares_of(b, ordered)
    add_candidates(card, f, ordered, shares, parties)
    card.notices += notices(f, shares)
    card.notices += dispute_lines(f.disputes, f.cited, sources)
    card.add("Other contests here", other_contests(f))
    if f.listings:
        card.add("Later listed as councillors (not election results)", listed(f, parties))
        for li in f.listings:
            sources.add(li.cites)
    if f.later_no_result is not None and not b.by_election:
        card.notices.insert(0, f"⚠ {c.short_name} held an election on "
                            f"{fmt.date(f.later_no_result.date)}; its result is not recorded "
                            "here.")
    colour = winners_colour(f, parties)
    if colour is not None:
        card.colour = colour
    card.chart = vote_chart(card.title, ordered, shares, parties)
    card.reference = reference(f.data_version, b.id)
    return card


def head(f: BallotFacts, parties: Parties) -> str:
    """Seats, then the source's outcome or a gain/hold worked out; why a by-election was held."""
    b = f.ballot
    seats = fmt.plural(b.seats, "seat") if b.seats else "seats not recorded"
    if b.seats and b.seats_basis and b.seats_basis != "stated":
        seats += f" ({b.seats_basis})"
    parts = [seats]
    if b.outcome:
        parts.append(b.outcome)
    elif (gain := gain_or_hold(f, parties)):
        parts.append(gain)
    text = " · ".join(parts)
    return text + (f"\nCalled because of: {b.cause}" if b.cause else "")


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


def add_candidates(card: Card, f: BallotFacts, ordered: list[Candidacy],
                   shares: Mapping[str, float], parties: Parties) -> None:
    """The candidates block: candidates, seats won, turnout or electorate, majority."""
    b = f.ballot
    card.add("Candidates", "\n".join(candidate_line(cd, shares.get(cd.id), parties)
                                     for cd in ordered))
    if b.party_seats:
        won = ", ".join(f"{parties.name(p)} {n}" for p, n in b.party_seats)
        card.add("Seats won", won, inline=True)
    if b.turnout is not None or b.turnout_pct is not None:
        card.add("Turnout", turnout_text(b.turnout, b.turnout_pct, b.electorate, None),
                 inline=True)
    if b.electorate is not None and b.turnout is None:
        card.add("Electorate", fmt.number(b.electorate), inline=True)
    card.add("Majority", majority(b, ordered), inline=True)


def notices(f: BallotFacts, shares: Mapping[str, float]) -> list[str]:
    """What is missing from the result, how shares were worked out, the sources' notes."""
    b, cands = f.ballot, f.candidacies
    out = []
    link = f.election.results_url or f.council.results_url
    status = result_status(b, cands)
    if status == "none":
        out.append("Result not recorded: who stood and the votes are not in this data."
                   + (f" The result may be found at {link}" if link else ""))
    elif status == "partial":
        out.append("Only part of this result is recorded (votes or candidates are missing; "
                   "the list of candidates may be incomplete)."
                   + (f" Full result: {link}" if link else ""))
    stated = any(cd.vote_pct is not None for cd in cands)
    if stated and (b.seats or 1) > 1:
        out.append(f"Shares are of ballots cast; each voter had up to {b.seats} votes, so "
                   "they add up to more than 100%.")
    if shares and not stated:
        out.append("Shares computed from the recorded votes.")
    out += b.notes
    out += [f"{cd.name or 'A candidate'}: {cd.note}" for cd in cands if cd.note]
    return out


def other_contests(f: BallotFacts) -> str:
    return "\n".join(f"{ballot_label(b)} — /ward {f.ward_name.lower()} election:{b.date}"
                     for b in f.others)


def listed(f: BallotFacts, parties: Parties) -> str:
    return "\n".join(
        f"{f.people[li.person_id].name}"
        f"{' (' + parties.of(li.party_id).short_name + ')' if li.party_id else ''}"
        f" — {li.as_of_text or fmt.date(li.as_of)}" for li in f.listings
        if li.person_id in f.people)


def winners_colour(f: BallotFacts, parties: Parties) -> int | None:
    """The colour of the party that won most seats here, if any winner is recorded."""
    winners = [cd for cd in f.candidacies if cd.elected]
    if winners:
        counts: dict[str, int] = defaultdict(int)
        for cd in winners:
            counts[parties.of(cd.party_id).totals_id] += 1
        return parties.of(max(counts, key=lambda k: counts[k])).colour
    if f.ballot.party_seats:
        return parties.of(max(f.ballot.party_seats, key=lambda kv: kv[1])[0]).colour
    return None


def vote_order(cands: Sequence[Candidacy]) -> list[Candidacy]:
    def key(cd: Candidacy) -> tuple:
        return (cd.votes is None, -(cd.votes or 0), cd.position or 999, not cd.elected)
    return sorted(cands, key=key)


def shares_of(ballot: Ballot, ordered: list[Candidacy]) -> dict[str, float]:
    """Stated shares; else, for a one-seat contest with every vote known, computed ones."""
    stated = {cd.id: cd.vote_pct for cd in ordered if cd.vote_pct is not None}
    if stated:
        return stated
    votes = [cd.votes for cd in ordered]
    if ballot.seats == 1 and votes and None not in votes and sum(votes):  # type: ignore[arg-type]
        total = sum(votes)  # type: ignore[arg-type]
        return {cd.id: 100 * (cd.votes or 0) / total for cd in ordered}
    return {}


def candidate_line(cd: Candidacy, share: float | None, parties: Parties) -> str:
    mark = "✅" if cd.elected else ("▫️" if cd.elected is False else "❔")
    name = f"**{cd.name}**" if cd.name else "*name not recorded*"
    party = cd.party_label or parties.of(cd.party_id).short_name
    votes = f"{fmt.number(cd.votes)} votes" if cd.votes is not None else "votes not recorded"
    if share is not None:
        votes += f" ({share:.1f}%)"
    elif cd.position is not None and cd.votes is None:
        votes += f", finished {cd.position}"
    basis = ELECTED_BASIS.get(cd.elected_basis or "")
    extra = f" — elected ({basis})" if cd.elected and basis else ""
    return f"{mark} {name} · {party} · {votes}{extra}"


def result_status(ballot: Ballot, cands: Sequence[Candidacy]) -> str:
    """"full", "partial" or "none": how much of the result the records hold."""
    if not cands:
        return "none" if not ballot.party_seats else "partial"
    if all(cd.votes is not None for cd in cands) and all(cd.name for cd in cands):
        return "full"
    return "partial"


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


def vote_chart(title: str, ordered: list[Candidacy], shares: Mapping[str, float],
               parties: Parties) -> Chart | None:
    with_votes = [cd for cd in ordered if cd.votes is not None]
    if not with_votes:
        return None
    bars = tuple(
        Bar(f"{cd.name or 'Name not recorded'} ({parties.of(cd.party_id).abbr})",
            cd.votes or 0, parties.of(cd.party_id).colour, bool(cd.elected),
            fmt.number(cd.votes) + (f" ({shares[cd.id]:.1f}%)" if cd.id in shares else ""),
            party=cd.party_id or "")
        for cd in with_votes)
    return Chart("votes", title, bars)
