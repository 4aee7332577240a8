"""The card for one ward contest (/ward), composed from its records without the database.

The card is built from blocks: the head (seats, gain or hold), the candidates block
(candidates, seats won, turnout, majority), the notices (what is missing, how shares
were worked out, disputes), the other contests on the ward and its later listings.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence

from bot import format as fmt
from bot.answers._context import Parties, Sources, reference
from bot.answers._shared import (
    dispute_lines,
    later_election_notice,
    not_latest,
    short_month,
    turnout_text,
)
from bot.answers.ballot_text import (
    BallotFacts,
    as_named,
    candidate_line,
    candidate_lines,
    display_name,
    gain_or_hold,
    majority,
    result_notes,
    stated_gain_or_hold,
    verdict,
)
from bot.domain import Ballot, Candidacy
from bot.render.card import Action, Bar, Card, Chart

__all__ = ["BallotFacts", "ballot_label", "compose", "vote_chart"]


def ballot_label(b: Ballot) -> str:
    what = "by-election" if b.by_election else "election"
    return f"{fmt.date(b.date)} {what}"


def compose(f: BallotFacts, parties: Parties, sources: Sources) -> Card:
    b, c = f.ballot, f.council
    sources.add(b.cites)
    for cd in f.candidacies:
        sources.add(cd.cites)
    what = "by-election of " if b.by_election else ""
    ordered = vote_order(f.candidacies)
    shares = shares_of(b, ordered)
    card = Card(title=verdict(f, ordered, parties),
                author=f"{f.ward_name} ward · {c.short_name} · {what}{fmt.date(b.date)}",
                url=f.election.results_url or c.results_url)
    winners = {parties.of(cd.party_id).short_name for cd in ordered if cd.elected}
    outcome = b.outcome if b.outcome and any(
        w in b.outcome for w in ("gain", "hold", "from")) else ""
    if len(winners) == 1 and stated_gain_or_hold(outcome, next(iter(winners))):
        outcome = ""  # the title says it
    card.description = "\n".join(filter(None, (
        *candidate_lines(ordered, shares, parties, f.names), result_notes(f, ordered), outcome,
        f"Called because of: {b.cause}" if b.cause else "")))
    add_numbers(card, f, ordered, parties)
    card.add("Since", since_here(f))
    card.add_detail("Candidates", "\n".join(
        candidate_line(cd, shares.get(cd.id), parties, display_name(cd, f.names))
        + as_named(cd, f.names)
        for cd in ordered))
    card.add_detail("Seats", head(f, parties))
    card.add_detail("Majority", majority(b, ordered))
    card.add_detail("Turnout", turnout_text(b.turnout, b.turnout_pct, b.electorate, None)
                    if b.turnout is not None or b.turnout_pct is not None else "")
    card.notices += notices(f, shares)
    card.notices += dispute_lines(f.disputes, f.cited, sources)
    card.add_detail("Other contests here", other_contests(f))
    if f.listings:
        card.add_detail("Later listed as councillors (not election results)",
                        listed(f, parties))
        for li in f.listings:
            sources.add(li.cites)
    if f.later_no_result is not None and not b.by_election:
        card.warning = not_latest(c, f.later_no_result)
        card.notices.insert(0, later_election_notice(c, f.later_no_result))
    colour = winners_colour(f, parties)
    if colour is not None:
        card.colour = colour
    card.actions += next_contests(f)
    # The coloured candidate list is the chart on a phone; the bar chart, which would
    # repeat it, waits behind a "Chart" button (the same question, its picture only).
    card.chart = vote_chart(card.title, ordered, shares, parties)
    card.chart_shown = False
    if card.chart is not None:
        card.actions.append(Action("Chart", question=f"/ward {b.ward_id} {b.election_id}",
                                   part="chart"))
    card.actions.append(Action("Seats", question=f"/seats {c.id}"))
    card.reference = reference(f.data_version, b.id)
    return card


def add_numbers(card: Card, f: BallotFacts, ordered: Sequence[Candidacy],
                parties: Parties) -> None:
    """The numbers people compare, side by side: Turnout | Ballots | Electorate."""
    b = f.ballot
    if b.party_seats and not any(cd.elected for cd in ordered):
        card.add("Seats won", ", ".join(f"{parties.name(p)} {n}" for p, n in b.party_seats),
                 inline=True)
    if b.turnout_pct is not None:
        card.add("Turnout", fmt.pct(b.turnout_pct), inline=True)
    if b.turnout is not None:
        card.add("Ballots", fmt.number(b.turnout), inline=True)
    if b.electorate is not None:
        card.add("Electorate", fmt.number(b.electorate), inline=True)


def _later(f: BallotFacts) -> list[Ballot]:
    return [o for o in f.others if o.date and f.ballot.date and o.date > f.ballot.date]


def since_here(f: BallotFacts) -> str:
    """"13 Feb 2025 by-election: Labour hold": the ward's later contests, one line each."""
    return "\n".join(
        f"{short_month(o.date)} {'by-election' if o.by_election else 'election'}"
        + (f": {o.outcome}" if o.outcome and len(o.outcome) <= 40 else "")
        for o in _later(f)[-3:])


def next_contests(f: BallotFacts) -> list[Action]:
    """Buttons for the ward's later contests (its by-elections), newest last, at most 3."""
    out = []
    for o in _later(f)[-3:]:
        what = "by-election" if o.by_election else "election"
        year = (o.date or "")[:4]
        out.append(Action(f"{year} {what}", question=f"/ward {o.ward_id} {o.election_id}"))
    return out


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


def result_status(ballot: Ballot, cands: Sequence[Candidacy]) -> str:
    """"full", "partial" or "none": how much of the result the records hold."""
    if not cands:
        return "none" if not ballot.party_seats else "partial"
    if all(cd.votes is not None for cd in cands) and all(cd.name for cd in cands):
        return "full"
    return "partial"


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
