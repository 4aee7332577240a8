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
from bot.answers._context import UNKNOWN_PARTY, Parties, Sources, reference
from bot.answers._shared import (
    ELECTED_BASIS,
    GREY_SQUARE,
    dispute_lines,
    later_election_notice,
    not_latest,
    party_square,
    party_subject,
    turnout_text,
)
from bot.domain import Ballot, Candidacy, Council, Dispute, Election, Listing, Person, Source
from bot.render.card import Action, Bar, Card, Chart


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
    what = "by-election of " if b.by_election else ""
    ordered = vote_order(f.candidacies)
    shares = shares_of(b, ordered)
    card = Card(title=verdict(f, ordered, parties),
                author=f"{f.ward_name} ward · {c.short_name} · {what}{fmt.date(b.date)}",
                url=f.election.results_url or c.results_url)
    outcome = b.outcome if b.outcome and any(
        w in b.outcome for w in ("gain", "hold", "from")) else ""
    card.description = "\n".join(filter(None, (
        *candidate_lines(ordered, shares, parties), result_notes(f, ordered), outcome,
        f"Called because of: {b.cause}" if b.cause else "")))
    add_numbers(card, f, ordered, parties)
    card.add_detail("Candidates", "\n".join(candidate_line(cd, shares.get(cd.id), parties)
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
    card.actions.append(Action("Seats", question=f"/seats {c.id}"))
    # The coloured candidate list is the chart on a phone; the bar chart would repeat it.
    # (A "Chart" button needs the coordinator's part="chart" to draw a chart the public
    # card does not show: see vote_chart.)
    card.chart = None
    card.reference = reference(f.data_version, b.id)
    return card


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


SHARES_SHOWN = 4  # more candidates than this: their shares are in the detail (one line each)


def candidate_lines(ordered: Sequence[Candidacy], shares: Mapping[str, float],
                    parties: Parties) -> list[str]:
    """"✅ 🟥 **Sara Conway** (Lab) — 2,545": the elected ticked and bold, in vote order."""
    lines = []
    for cd in ordered:
        party = parties.of(cd.party_id)
        square = party_square(party.colour)
        label = party_label(cd, parties)
        name = cd.name or "name not recorded"
        name = f"**{name}**" if cd.elected else name
        mark = "✅ " if cd.elected else ("❔ " if cd.elected is None else "")
        votes = ""
        if cd.votes is not None:
            votes = f" — {fmt.number(cd.votes)}"
            if cd.id in shares and len(ordered) <= SHARES_SHOWN:
                votes += f" ({shares[cd.id]:.1f}%)"
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


def next_contests(f: BallotFacts) -> list[Action]:
    """Buttons for the ward's later contests (its by-elections), newest last, at most 3."""
    later_ones = [o for o in f.others if o.date and f.ballot.date and o.date > f.ballot.date]
    out = []
    for o in later_ones[-3:]:
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
