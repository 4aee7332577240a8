"""What several questions share: a council's elections, disputes, party totals, turnout."""

from __future__ import annotations

import colorsys
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from bot import format as fmt
from bot.answers._context import Context, Parties, Sources
from bot.answers._wording import source_name
from bot.composition import later
from bot.domain import (
    Ballot,
    Candidacy,
    Council,
    Dispute,
    Election,
    Office,
    PartyResult,
    Source,
)
from bot.errors import BadOption, Choice, NotFound
from bot.render.palette import FALLBACK_SQUARES, drawn_colours, rgb

ELECTED_BASIS = {
    "serving_may_2022": "named as serving in May 2022",
    "inferred_later": "inferred from a later source",
}


# -- a council's elections ------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ElectionView:
    election: Election
    full: bool  # a council-wide election, not only by-elections


async def elections(ctx: Context, council_id: str) -> list[ElectionView]:
    """The council's elections, oldest first, each marked council-wide or not."""
    kinds = await ctx.store.election_kinds(council_id)
    out = []
    for e in await ctx.store.elections(council_id):
        results, full_ballots, by_ballots = kinds.get(e.id, (0, 0, 0))
        # Council-wide if anything council-wide is recorded; an election record that
        # only groups by-elections has none of these.
        council_wide = e.status == "no-result" or e.total_seats or e.control
        full = bool(results or full_ballots) or bool(council_wide and not by_ballots)
        out.append(ElectionView(e, full))
    return out


def council_wide(views: Iterable[ElectionView], *, with_result: bool = True) -> list[Election]:
    """The council-wide elections, oldest first; by default only those with a result."""
    return [v.election for v in views
            if v.full and not (with_result and v.election.status == "no-result")]


def election_when(e: Election) -> str:
    return fmt.date(e.date) if e.date else str(e.year)


def election_label(e: Election, full: bool) -> str:
    what = "election" if full else "by-election(s)"
    suffix = " — result not recorded" if e.status == "no-result" else ""
    return f"{election_when(e)} {what}{suffix}"


def _is_year(text: str) -> bool:
    return bool(re.fullmatch(r"\d{4}", text))


def pick_election(council: Council, text: str | None, views: list[ElectionView], *,
                  full_only: bool) -> Election:
    """The election asked for, or the latest council-wide one with a result."""
    pool = [v for v in views if v.full or not full_only]
    if not text or not text.strip():
        with_result = council_wide(pool)
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
        tuple(Choice(election_label(v.election, v.full), v.election.id)
              for v in reversed(pool))[:25], kind="election", query=q)


def later_no_result(views: list[ElectionView], after: Election) -> Election | None:
    """A later council-wide election held but with no result here: the data is out of date."""
    for v in views:
        e = v.election
        if e.status == "no-result" and v.full and (
                later(e.date, after.date) or e.year > after.year):
            return e
    return None


# -- sources that disagree ------------------------------------------------------


async def dispute_map(ctx: Context, kind: str, ids: Sequence[str]) -> dict[str, list[Dispute]]:
    """Disputes about the records of one kind, by record id, in the store's order."""
    out: dict[str, list[Dispute]] = defaultdict(list)
    for d in await ctx.store.disputes(kind, list(ids)):
        out[d.subject_id].append(d)
    return out


async def cited_by(ctx: Context, disputes: Iterable[Dispute]) -> dict[str, Source]:
    """The sources the disputes' claims cite, read at once (their names go in the lines)."""
    return await ctx.store.sources(
        [c.source_id for d in disputes for claim in d.claims for c in claim.cites])


def dispute_lines(disputes: Iterable[Dispute], cited: Mapping[str, Source],
                  sources: Sources) -> list[str]:
    """One "sources disagree" line per dispute, every claim with who claims it."""
    lines = []
    for d in disputes:
        parts = []
        for claim in d.claims:
            sources.add(claim.cites)
            names = ", ".join(dict.fromkeys(
                source_name(cited[c.source_id]) for c in claim.cites if c.source_id in cited))
            parts.append(f"{claim.value} ({names})" if names else claim.value)
        lines.append(f"Sources differ — {d.topic}: " + " vs ".join(parts))
    return lines


def every(by_subject: Mapping[str, list[Dispute]]) -> list[Dispute]:
    return [d for ds in by_subject.values() for d in ds]


# -- party totals ----------------------------------------------------------------


async def party_results(ctx: Context, e: Election) -> tuple[list[PartyResult], bool]:
    """The recorded party totals, else (True) totals summed from the ward results."""
    results = await ctx.store.party_results([e.id])
    if any(r.seats is not None for r in results):
        return results, False
    results = await results_from_ballots(ctx, e)
    return results, bool(results)


async def results_from_ballots(ctx: Context, e: Election) -> list[PartyResult]:
    """Party totals summed from ward results when no totals are recorded (e.g. imports)."""
    ballots = [b for b in await ctx.store.ballots_in([e.id]) if not b.by_election]
    cands = await ctx.store.candidacies([b.id for b in ballots])
    return sum_ballots(e, ballots, cands, ctx.parties)


def sum_ballots(e: Election, ballots: list[Ballot], cands: Mapping[str, list[Candidacy]],
                parties: Parties) -> list[PartyResult]:
    """Seats won and votes per party; votes only when every candidate's votes are known."""
    seats: dict[str, int] = defaultdict(int)
    votes: dict[str, int] = defaultdict(int)
    complete_votes = True
    for b in ballots:
        for c in cands.get(b.id, []):
            pid = parties.of(c.party_id).totals_id if c.party_id else "unknown"
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


# -- small texts -------------------------------------------------------------------


def turnout_text(votes: int | None, pct: float | None, electorate: int | None,
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


def office_span(o: Office) -> str:
    """'24 May 2022 – no end recorded', or the source's words when it gives no dates."""
    start = o.start_text or (fmt.date(o.start) if o.start else "start not recorded")
    if o.start_text and o.start_text == o.end_text:
        return o.start_text  # an undated listing: one phrase covers both ends
    end = o.end_text or (fmt.date(o.end) if o.end else "no end recorded")
    return f"{start} – {end}"


# -- party colours in text ----------------------------------------------------------

# Discord's square emoji by hue (degrees): the upper end of each range.
_SQUARES = ((15, "🟥"), (45, "🟧"), (70, "🟨"), (165, "🟩"), (255, "🟦"), (320, "🟪"),
            (345, "🟥"), (360, "🟥"))
GREY_SQUARE = "⬛"  # independents and parties with no colour of their own: quiet on dark


def party_square(colour: int | None) -> str:
    """The coloured square that ties a party's line of text to its colour in the chart,
    chosen by hue; greys (independents, party not recorded) get ⬛. A party with no colour
    of its own: pass the colour the chart gives it (bot/render/palette.drawn_colours)."""
    if not colour:
        return GREY_SQUARE
    if (square := FALLBACK_SQUARES.get(rgb(colour))) is not None:
        return square  # a local party's fallback colour in the chart: its own square
    r, g, b = (colour >> 16 & 255) / 255, (colour >> 8 & 255) / 255, (colour & 255) / 255
    hue, saturation, value = colorsys.rgb_to_hsv(r, g, b)
    if saturation < 0.25 or value < 0.15:
        return GREY_SQUARE
    degrees = hue * 360
    return next(square for top, square in _SQUARES if degrees < top or top == 360)


# -- the verdict lines (issue 16 house style) -----------------------------------------

_PLURAL = {"Conservative": "Conservatives", "Green": "Greens", "Independent": "Independents"}


def party_subject(short_name: str) -> str:
    """A party as the subject of a headline: "Conservatives hold", "Labour gain"."""
    return _PLURAL.get(short_name, short_name)


def not_latest(council: Council, later_election: Election) -> str:
    """The card's warning when a later council-wide election is known but its result is
    not held: said before anything else."""
    return (f"**Not the latest result.** {council.short_name} voted again on "
            f"{election_when(later_election)}; that result isn't in the bot yet.")


def later_election_notice(council: Council, later_election: Election) -> str:
    """The notice behind the warning, with the link to the later election's page."""
    link = later_election.results_url or council.results_url or ""
    return (f"{council.short_name}'s election of {election_when(later_election)} is known "
            f"but its result is not recorded here, so this is not today's council. {link}"
            ).strip()


def also_stood(names: Sequence[str]) -> str:
    """One line for the parties or candidates with no seat and no votes recorded."""
    return "Also stood: " + ", ".join(names) if names else ""


def short_month(iso: str | None) -> str:
    """'2025-12' -> 'Dec 2025', '2025-02-14' -> '14 Feb 2025'."""
    text = fmt.date(iso)
    return re.sub(r"\b(January|February|March|April|June|July|August|September|October|"
                  r"November|December)\b", lambda m: m.group(1)[:3], text)


def squares_of(parties: Parties, party_ids: Iterable[str | None]) -> dict[str | None, str]:
    """Each party's square as its chart draws it: a grey local party's fallback colour
    among these parties (the same ones the chart shows), the rest by their own colour."""
    ids = list(dict.fromkeys(party_ids))
    drawn = drawn_colours([(pid or "", parties.of(pid).colour) for pid in ids])
    return {pid: party_square(drawn[pid or ""]) for pid in ids}
