"""Grouping imported rows into ballots and making the records, a council at a time.

Rows are buffered per council and ballot, and handed on as one Dataset per council
when the buffer grows past a limit or the file ends, so a million-row file streams
through in bounded memory as long as each ballot's rows are not far apart (files
are written council by council, ward by ward). A ballot whose rows turn up again
after it was handed on is reported, never silently split.

Ballot-level checks happen here: the rows of a ballot agree on the ballot's facts,
no more candidates are elected than there are seats, and no candidate is listed
twice. Once any problem is found no more Datasets are produced (the import will
fail), but checking goes on so every problem is reported.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterator

from bot.domain import (
    Ballot,
    BoundarySet,
    Candidacy,
    Cite,
    Council,
    Dataset,
    Election,
    Person,
    Source,
    Ward,
)
from bot.importers.merge import disagreements
from bot.importers.parties import PartyMapper
from bot.importers.report import ImportReport
from bot.importers.rows import BALLOT_FIELDS, Row
from bot.importers.sources import results_source
from bot.importers.values import slugify
from bot.importers.wards import WardResolver
from bot.store.lookup import Existing, held_ballots

BUFFER_ROWS = 50_000  # rows held before the least recently used council is handed on
_SMALL_WORDS = {"and", "upon", "on", "with", "of", "the", "le", "in", "under", "by"}


def council_title(slug: str) -> str:
    """'kingston-upon-thames' -> 'Kingston upon Thames' (a name when the file gives none)."""
    words = slug.split("-")
    return " ".join(w if i and w in _SMALL_WORDS else w.capitalize() for i, w in enumerate(words))


def _lines(rows: list[Row]) -> str:
    """Where in the file a ballot's rows are: a range only when nothing else is inside it."""
    lines = [r.line for r in rows]
    if len(lines) == 1:
        return f"line {lines[0]}"
    if lines[-1] - lines[0] + 1 == len(lines):
        return f"lines {lines[0]}–{lines[-1]}"
    shown = ", ".join(str(n) for n in lines[:12])
    return f"lines {shown}" + (f" and {len(lines) - 12} more" if len(lines) > 12 else "")


class Assembler:
    def __init__(self, report: ImportReport, source: Source, existing: Existing,
                 parties: PartyMapper, replace: bool = False, merge: bool = False) -> None:
        self.report = report
        self.replace = replace  # may replace ballots recorded from other sources
        self.merge = merge  # keep other sources' ballots; what differs becomes a dispute
        self.source = source
        self.existing = existing
        self.parties = parties
        self.wards = WardResolver(existing)
        self._buffer: OrderedDict[str, dict[str, list[Row]]] = OrderedDict()
        self._buffered = 0
        self._done: dict[str, int] = {}  # ballot id -> first line, once handed on
        self._made: set[str] = set()  # "<kind>:<id>" of records made by this import
        # (ward id, date, by-election) -> ballot id: one ward votes once a day (per kind)
        self._ward_day: dict[tuple[str, str, bool], str] = {}
        for bid, wid in existing.ballot_wards.items():
            date = bid.rpartition(".")[2]
            self._ward_day.setdefault((wid, date, ".by." in bid), bid)
        self._source_sent = False

    # -- buffering -------------------------------------------------------------

    def add(self, row: Row) -> Iterator[Dataset]:
        bid = row.ballot.id
        if bid in self._done:
            self.report.problem(row.line, f"ballot {bid}: this row is far from the ballot's "
                                f"other rows (from line {self._done[bid]}); sort the file by "
                                "ballot so each ballot's rows are together")
            return
        council = row.ballot.council_id
        ballots = self._buffer.setdefault(council, {})
        self._buffer.move_to_end(council)
        ballots.setdefault(bid, []).append(row)
        self._buffered += 1
        while self._buffered > BUFFER_ROWS and len(self._buffer) > 1:
            _, old = self._buffer.popitem(last=False)
            yield from self._hand_on(old)
        if self._buffered > BUFFER_ROWS:  # one huge council: hand on all but this ballot
            current = ballots.pop(bid)
            yield from self._hand_on(ballots)
            self._buffer[council] = {bid: current}
            self._buffered = len(current)

    def finish(self) -> Iterator[Dataset]:
        while self._buffer:
            _, ballots = self._buffer.popitem(last=False)
            yield from self._hand_on(ballots)

    def _hand_on(self, ballots: dict[str, list[Row]]) -> Iterator[Dataset]:
        ds = Dataset(name=self.report.path)
        for bid, rows in ballots.items():
            self._buffered -= len(rows)
            self._done[bid] = rows[0].line
            self._ballot(ds, rows)
        ds.parties = self.parties.take_new()
        if self.report.problems:
            return
        if not self._source_sent:
            ds.sources.insert(0, self.source)
            self._source_sent = True
        self.report.count(ds)
        yield ds

    # -- records ---------------------------------------------------------------

    def _cite(self, rows: list[Row]) -> Cite:
        return Cite(self.source.id, note=_lines(rows))

    def _first(self, kind: str, rid: str) -> bool:
        """True the first time this import makes a record (so it is written once)."""
        key = f"{kind}:{rid}"
        if key in self._made:
            return False
        self._made.add(key)
        return True

    def _ballot(self, ds: Dataset, rows: list[Row]) -> None:
        report = self.report
        first = rows[0]
        ref = first.ballot
        bid = ref.id
        skipped = [r for r in rows if r.skip]
        if skipped:
            why = skipped[0]
            for r in rows:
                report.warn(r.line, f"skipped: {r.skip}" if r.skip else
                            f"skipped with the rest of ballot {bid} (line {why.line}: {why.skip})")
            report.skipped_rows += len(rows)
            return
        ok = self._agree(rows)
        ok = self._check_candidates(rows) and ok
        if ok and self.merge and self._merged(ds, rows):
            return
        ok = self._may_write(rows) and ok
        if not ok:
            return
        cite = self._cite(rows)
        council_id = ref.council_id
        if council_id not in self.existing.councils and self._first("council", council_id):
            given = first.council_name
            # The file's name is the short name when the slug was made from it ("St John's
            # Greenhill & Felpersham"); an official name ("Doncaster Metropolitan Borough
            # Council") is not, and the slug reads better.
            short = given if given and slugify(given) == council_id else council_title(council_id)
            ds.councils.append(Council(council_id, given or short, short, cites=(cite,)))
        eid = ref.election_id
        if eid not in self.existing.elections and self._first("election", eid):
            ds.elections.append(Election(eid, council_id, int(ref.date[:4]), ref.date,
                                         cites=(cite,)))
        choice = self.wards.resolve(bid, council_id, ref.ward_slug, first.gss, ref.date)
        other = self._ward_day.setdefault((choice.ward_id, ref.date, ref.by_election), bid)
        if other != bid:
            report.problem(first.line, f"ballot {bid} is in ward {choice.ward_id}, which "
                           f"already has ballot {other} on {ref.date}; its seats would count "
                           "twice (one ward, one date, one ballot)")
            return
        if choice.new:
            bset = choice.boundary_set_id
            if bset not in self.existing.boundary_sets and self._first("boundary_set", bset):
                ds.boundary_sets.append(BoundarySet(bset, council_id, self._set_name(first),
                                                    cites=(cite,)))
            ds.wards.append(Ward(choice.ward_id, council_id, bset, ref.ward_slug,
                                 first.ward_name, first.gss, cites=(cite,)))
        cites = [cite]
        if first.results_url:
            src = results_source(first.results_url)
            cites.append(Cite(src.id))
            if self._first("source", src.id):
                ds.sources.append(src)
        notes = [n for n in (first.ballot_note, self._cancelled_note(rows)) if n]
        if bid in self.existing.ballot_wards:
            report.replaced_ballots += 1
        ds.ballots.append(Ballot(
            bid, eid, choice.ward_id, ref.date, ref.by_election, first.seats, None,
            first.electorate, first.turnout, first.turnout_pct, first.spoilt,
            notes=tuple(notes), cites=tuple(cites)))
        for n, r in enumerate(rows, 1):
            ds.candidacies.append(Candidacy(
                f"{bid}#{n}", bid, r.person_id, r.name, r.party_id, None, r.votes, r.vote_pct,
                r.elected, "stated" if r.elected is not None else None, r.position, r.note))
            if r.person_id and self._first("person", r.person_id):
                ds.people.append(Person(r.person_id, r.name or r.person_id))

    def _set_name(self, row: Row) -> str:
        council = row.council_name or council_title(row.ballot.council_id)
        if row.gss:
            return f"{council}: {row.ward_name} ward as coded {row.gss} by ONS"
        return (f"{council}: wards as named in {row.ballot.date[:4]} results (no GSS code in the "
                "source, so boundaries are not verified)")

    @staticmethod
    def _cancelled_note(rows: list[Row]) -> str | None:
        first = rows[0]
        if not first.cancelled:
            return None
        seats = f" for {first.seats} seat(s)" if first.seats else ""
        note = (f"The poll was cancelled (the source marks it cancelled_poll), so no votes were "
                f"cast; {len(rows)} candidate(s) stood{seats}.")
        if all(r.elected is None for r in rows):
            note += " The source does not say who was elected."
        return note

    def _merged(self, ds: Dataset, rows: list[Row]) -> bool:
        """True when the ballot is held from other sources and so was merged, not written:
        the held records stay, and each value this file states differently is a dispute."""
        bid = rows[0].ballot.id
        sources = self.existing.ballot_sources.get(bid) or ()
        if bid not in self.existing.ballot_wards or self.source.id in sources \
                or self.existing.path is None:
            return False
        held = held_ballots(self.existing.path, [bid]).get(bid)
        if held is None:  # made earlier in this same build: not another source's
            return False
        disputes = disagreements(rows, held[0], held[1], self._cite(rows))
        ds.disputes += disputes
        self.report.merged_ballots += 1
        self.report.disputes += len(disputes)
        return True

    # -- ballot-level checks ---------------------------------------------------------

    def _may_write(self, rows: list[Row]) -> bool:
        """A ballot already recorded from other sources is replaced only when asked to:
        a partial file would otherwise wipe candidates and facts a curator recorded."""
        bid = rows[0].ballot.id
        sources = self.existing.ballot_sources.get(bid)
        if bid not in self.existing.ballot_wards or self.replace or (
                sources is not None and self.source.id in sources):
            return True
        self.report.problem(rows[0].line, f"ballot {bid} is already recorded from other "
                            f"sources ({', '.join(sources or ('none',))}); importing would replace "
                            "its candidates and facts (use --replace to do so)")
        return False

    def _agree(self, rows: list[Row]) -> bool:
        first = rows[0]
        ok = True
        for r in rows[1:]:
            for name in BALLOT_FIELDS:
                mine, theirs = getattr(r, name), getattr(first, name)
                if mine != theirs:
                    self.report.problem(r.line, f"ballot {first.ballot.id}: {name} is {mine!r} "
                                        f"here but {theirs!r} on line {first.line}")
                    ok = False
        return ok

    def _check_candidates(self, rows: list[Row]) -> bool:
        first = rows[0]
        bid = first.ballot.id
        ok = True
        elected = sum(1 for r in rows if r.elected)
        if first.seats is not None and elected > first.seats:
            self.report.problem(first.line, f"ballot {bid}: {elected} candidates elected but "
                                f"only {first.seats} seat(s) ({_lines(rows)})")
            ok = False
        electorate = first.electorate
        if electorate is not None:
            for name in ("turnout", "spoilt"):
                value = getattr(first, name)
                if value is not None and value > electorate:
                    self.report.problem(first.line, f"ballot {bid}: {name} {value:,} is more "
                                        f"than the electorate ({electorate:,})")
                    ok = False
        seen: dict[tuple[str, ...], int] = {}
        for r in rows:
            if electorate is not None and r.votes is not None and r.votes > electorate:
                self.report.problem(r.line, f"ballot {bid}: {r.votes:,} votes is more than "
                                    f"the electorate ({electorate:,})")
                ok = False
            # Case and spacing folded: "Ed  Eve" and "ed eve" are one name (normalise() is
            # ten times slower, and this runs on every row).
            key = (("person", r.person_id) if r.person_id else
                   ("name", " ".join((r.name or "").casefold().split()), r.party_id or ""))
            if key in seen:
                who = r.name or r.person_id
                self.report.problem(r.line, f"ballot {bid}: candidate {who!r} is listed twice "
                                    f"(also on line {seen[key]})")
                ok = False
            else:
                seen[key] = r.line
        return ok
