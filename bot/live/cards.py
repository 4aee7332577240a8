"""The election-night cards: one compact card per declared ward, the running scoreboard,
and the final verdict. Plain Cards (bot/render/card.py) in the house style: an author line
(council · date), a short verdict title, the figures, and "Source: Democracy Club · as of
23:41" (the data's own time, London). Nothing is filled in: no earlier result held means
no gain/hold is claimed, and an unknown council size means no control verdict.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime

from bot import format as fmt
from bot.domain import NO_OVERALL_CONTROL, Party
from bot.live.feed import BallotRecord, Candidate, ElectionInfo
from bot.live.window import LONDON
from bot.render.card import NEUTRAL, Card

SOURCE = "Democracy Club"


@dataclass(frozen=True, slots=True)
class PartyBook:
    """Democracy Club register ids -> the bot's parties, for short names, colours and the
    roll-up of joint parties (Labour and Co-operative counts as Labour)."""

    by_register: Mapping[str, Party] = field(default_factory=dict)
    by_id: Mapping[str, Party] = field(default_factory=dict)

    @classmethod
    def of(cls, parties: Iterable[Party]) -> PartyBook:
        ps = list(parties)
        return cls({r: p for p in ps for r in p.register_ids}, {p.id: p for p in ps})

    def key(self, c: Candidate) -> str:
        party = self.by_register.get(c.party_id or "")
        if party is not None:
            return party.totals_id
        return c.party_id or c.party_name or "unknown"

    def name(self, key: str, fallback: str | None = None) -> str:
        party = self.by_id.get(key) or self.by_register.get(key)
        if party is not None:
            return party.short_name
        return fallback or ("party not recorded" if key == "unknown" else key)

    def colour(self, key: str) -> int:
        party = self.by_id.get(key)
        return party.colour if party is not None else NEUTRAL


@dataclass(frozen=True, slots=True)
class Baseline:
    """The council before this election, from a recorded source (never assumed).

    wards: post id -> the party keys of the seats' previous winners (same post id, same
    boundaries). continuing: seats not up for election, by party ({} at an all-out
    election; None when not known).
    """

    source: str
    council_size: int | None = None
    control_before: str | None = None  # party key or NO_OVERALL_CONTROL
    continuing: Mapping[str, int] | None = None
    wards: Mapping[str, tuple[str, ...]] = field(default_factory=dict)


def as_of(at: datetime, polling_day: datetime | None = None) -> str:
    local = at.astimezone(LONDON)
    day = "" if polling_day is None or local.date() == polling_day.date() else \
        f" {local.day} {local:%b}"
    return f"as of {local:%H:%M}{day}"


def _footer(at: datetime, election: ElectionInfo) -> str:
    polling = datetime.combine(election.date, datetime.min.time(), tzinfo=LONDON)
    return f"Source: {SOURCE} · {as_of(at, polling)}"


def author(election: ElectionInfo) -> str:
    return f"{election.council_name} · {fmt.date(election.date.isoformat())}"


def majority(record: BallotRecord) -> int | None:
    """Last elected minus first not elected, when both have votes recorded."""
    won = [c.votes for c in record.elected]
    lost = [c.votes for c in record.candidates if c.elected is not True and c.votes is not None]
    if not won or None in won or not lost:
        return None
    return min(v for v in won if v is not None) - max(lost)


def _turnout(record: BallotRecord) -> str:
    if record.turnout is not None:
        text = f"Turnout {record.turnout:,}"
        if record.turnout_pct is not None:
            text += f" ({record.turnout_pct:g}%)"
        if record.electorate is not None:
            text += f" of {record.electorate:,}"
        return text
    if record.turnout_pct is not None:
        text = f"Turnout {record.turnout_pct:g}%"
        return text + (f" of {record.electorate:,}" if record.electorate is not None else "")
    return "Turnout not recorded"


def _before(record: BallotRecord, baseline: Baseline | None) -> tuple[str, ...] | None:
    """The previous holders of the seats up now: only when they are as many as the seats
    (a by-election fills one seat of a ward; which one is known only when given)."""
    before = baseline.wards.get(record.post_id or "") if baseline else None
    return before if before and len(before) == record.seats else None


def _verdict(record: BallotRecord, book: PartyBook, baseline: Baseline | None) -> str:
    ward = record.ward
    won = Counter(book.key(c) for c in record.elected)
    names = {book.key(c): book.name(book.key(c), c.party_name) for c in record.elected}
    before = _before(record, baseline)
    if len(won) != 1:
        return f"{ward}: " + ", ".join(f"{names[k]} {n}" for k, n in won.most_common())
    (key, n), = won.items()
    party = names[key]
    if before:
        if set(before) == {key}:
            return f"{party} hold {ward}"
        if len(before) == 1 == n:
            return f"{party} gain {ward} from {book.name(before[0])}"
        return f"{party} gain {ward}"
    if n == 1:
        return f"{party} win {ward}"
    return f"{party} win {'both' if n == 2 else f'all {n}'} seats in {ward}"


def _changes(record: BallotRecord, book: PartyBook, baseline: Baseline | None) -> str:
    before = _before(record, baseline)
    if not before:
        return "Gain or hold: no earlier result for this ward is held here."
    now, then = Counter(book.key(c) for c in record.elected), Counter(before)
    moves = [f"{book.name(k)} {fmt.change(now[k] - then[k])}"
             for k in sorted(set(now) | set(then)) if now[k] != then[k]]
    return "Change on the last election: " + (", ".join(moves) if moves else "none")


def result_card(record: BallotRecord, election: ElectionInfo, book: PartyBook,
                baseline: Baseline | None = None) -> Card:
    title = _verdict(record, book, baseline)
    gap = majority(record)
    if record.uncontested:
        title += " (unopposed)"
    elif gap is not None:
        title += f" — majority {gap:,}" if gap else " — tied, decided by lot"
    lines = []
    for c in record.elected:
        votes = "elected unopposed" if record.uncontested else fmt.number(c.votes)
        lines.append(f"✅ **{fmt.echo(c.name)}** ({book.name(book.key(c), c.party_name)}) "
                     f"{votes}")
    runner = next((c for c in record.candidates if c.elected is not True), None)
    if runner is not None and not record.uncontested:
        lines.append(f"Next: {fmt.echo(runner.name)} "
                     f"({book.name(book.key(runner), runner.party_name)}) "
                     f"{fmt.number(runner.votes)}")
    lines.append(_turnout(record))
    lines.append(_changes(record, book, baseline))
    keys = {book.key(c) for c in record.elected}
    colour = book.colour(next(iter(keys))) if len(keys) == 1 else NEUTRAL
    return Card(title=title, description="\n".join(lines), colour=colour,
                url=record.source_url, footer=_footer(record.last_updated, election),
                author=author(election))


def corrected(card: Card, at: datetime) -> Card:
    note = f"✏️ Corrected ({as_of(at)}): these figures replace the ones first posted."
    return replace(card, description=f"{note}\n{card.description}")


def retracted(card: Card, at: datetime) -> Card:
    """The posted card struck through: Democracy Club no longer lists this result."""
    struck = "\n".join(f"~~{line}~~" for line in card.description.splitlines() if line)
    note = (f"⚠️ Withdrawn ({as_of(at)}): {SOURCE} no longer lists this result; "
            "it may be re-entered after a check or a recount.")
    return replace(card, title=f"~~{card.title}~~", description=f"{note}\n{struck}",
                   colour=NEUTRAL)


@dataclass(frozen=True, slots=True)
class Tally:
    seats_total: int
    seats_declared: int
    wards_total: int
    wards_declared: int
    won: Counter[str]  # party key -> seats declared
    names: dict[str, str]
    cancelled: int
    last: datetime | None


def tally(records: Sequence[BallotRecord], book: PartyBook) -> Tally:
    live = [r for r in records if not r.cancelled]
    declared = [r for r in live if r.declared]
    won: Counter[str] = Counter()
    names: dict[str, str] = {}
    for r in declared:
        for c in r.elected:
            won[book.key(c)] += 1
            names.setdefault(book.key(c), book.name(book.key(c), c.party_name))
    last = max((r.last_updated for r in records), default=None)
    return Tally(sum(r.seats for r in live), sum(r.seats for r in declared), len(live),
                 len(declared), won, names, len(records) - len(live), last)


def _gains(records: Sequence[BallotRecord], book: PartyBook,
           baseline: Baseline | None) -> Counter[str] | None:
    """Seats gained per party over the declared wards, if every one has an earlier result."""
    declared = [r for r in records if r.declared and not r.cancelled]
    if baseline is None or not declared:
        return None
    diff: Counter[str] = Counter()
    for r in declared:
        before = _before(r, baseline)
        if not before:
            return None
        diff.update(book.key(c) for c in r.elected)
        diff.subtract(before)
    return diff


def scoreboard_card(records: Sequence[BallotRecord], election: ElectionInfo, book: PartyBook,
                    baseline: Baseline | None = None) -> Card:
    t = tally(records, book)
    gains = _gains(records, book, baseline)
    title = (f"{election.council_name}: all {t.seats_total} seats declared"
             if t.wards_declared == t.wards_total else
             f"{election.council_name}: {t.seats_declared} of {t.seats_total} seats declared")
    lines = []
    for key, n in t.won.most_common():
        change = f" ({fmt.change(gains[key])})" if gains is not None else ""
        lines.append(f"**{t.names[key]}** {n}{change}")
    if gains is not None:
        lost = [k for k, v in gains.items() if v < 0 and k not in t.won]
        lines += [f"**{book.name(k)}** 0 ({fmt.change(gains[k])})" for k in sorted(lost)]
    if not lines:
        lines.append("No ward has declared yet.")
    lines.append(f"Wards declared: {t.wards_declared} of {t.wards_total}")
    if t.cancelled:
        lines.append(f"{fmt.plural(t.cancelled, 'poll')} not taking place (cancelled or "
                     "postponed)")
    if gains is None and t.won:
        lines.append("Gains: not known here (no earlier result held for every declared ward).")
    return Card(title=title, description="\n".join(lines),
                footer=_footer(t.last, election) if t.last else f"Source: {SOURCE}",
                author=author(election))


def council_verdict(won: Mapping[str, int], baseline: Baseline | None, council: str,
                    book: PartyBook) -> tuple[str, str]:
    """(title, explanation) for the council once every ward has declared."""
    contested = sum(won.values())
    size = baseline.council_size if baseline else None
    continuing = baseline.continuing if baseline else None
    if size is not None and continuing is None and contested == size:
        continuing = {}  # every seat was up: an all-out election
    if size is None or continuing is None:
        leader = max(won, key=won.__getitem__) if won else None
        where = f"{book.name(leader)} won the most seats contested ({won[leader]} of " \
                f"{contested}). " if leader else ""
        return (f"{council}: every ward declared",
                where + "Control: not known here (the council's size and the seats not up "
                "for election are not recorded); see the council's own results page.")
    seats = Counter(continuing)
    seats.update(won)
    need = size // 2 + 1
    top, top_seats = max(seats.items(), key=lambda kv: kv[1])
    before = baseline.control_before if baseline else None
    if top_seats >= need:
        party = book.name(top)
        verb = "hold" if before == top else ("gain" if before else "win")
        return (f"{party} {verb} {council}",
                f"{party} {top_seats} of {size}; {need} needed for a majority.")
    tail = "" if before in (None, NO_OVERALL_CONTROL) else f" ({book.name(before)} lose control)"
    return (f"No overall control in {council}{tail}",
            f"Largest: {book.name(top)} {top_seats} of {size}; {need} needed for a majority.")


def final_card(records: Sequence[BallotRecord], election: ElectionInfo, book: PartyBook,
               baseline: Baseline | None = None) -> Card:
    t = tally(records, book)
    title, why = council_verdict(t.won, baseline, election.council_name, book)
    lines = [why] + [f"**{t.names[k]}** {n}" for k, n in t.won.most_common()]
    if baseline is not None and (baseline.council_size or baseline.control_before):
        lines.append(f"Before: {baseline.source}")
    colour = NEUTRAL
    if t.won and not title.startswith(("No overall", election.council_name)):
        colour = book.colour(max(t.won, key=t.won.__getitem__))
    return Card(title=title, description="\n".join(lines), colour=colour,
                footer=_footer(t.last, election) if t.last else f"Source: {SOURCE}",
                author=author(election))


def card_chars(card: Card) -> int:
    """What counts towards Discord's 6,000 characters per message of embeds."""
    return (len(card.title) + len(card.description) + len(card.footer) + len(card.author)
            + sum(len(f.name) + len(f.value) for f in card.fields))
