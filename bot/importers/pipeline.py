"""Importing one file: detect its format, read and check every row, stream out Datasets.

`import_file` returns a report and a generator of Datasets for the store's `build`.
The generator checks the whole file as it goes; if anything was wrong it raises
ImportFailed with every problem (file, line, reason) after the last row, which makes
`build` throw its half-written new file away, so the current database is untouched.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from bot.domain import Dataset
from bot.importers import dc_csv, dcleapil
from bot.importers.assemble import Assembler
from bot.importers.csvfile import CsvFile, scan_bytes, sniff_header
from bot.importers.errors import ImportFailed, ImportProblem
from bot.importers.native import load_native
from bot.importers.parties import PartyMapper
from bot.importers.report import ImportReport
from bot.importers.sources import file_source
from bot.store.lookup import Existing, same_ids
from bot.store.rows import TABLES

FORMATS = ("dc-csv", "dcleapil", "native")
_CSV = {"dc-csv": (dc_csv.CORE, dc_csv.read_rows),
        "dcleapil": (dcleapil.REQUIRED, dcleapil.read_rows)}


def detect_format(path: Path) -> str:
    """The format from the file's start: a JSON object is native, else the CSV header."""
    try:
        with path.open("rb") as f:
            head = f.read(64).lstrip(b"\xef\xbb\xbf \t\r\n")
    except OSError as exc:
        raise ImportFailed([ImportProblem(str(path), None, f"cannot read: {exc}")]) from exc
    if head.startswith(b"{"):
        return "native"
    header = {h.casefold() for h in sniff_header(path) or []}
    if {"merge_ballot_paper", "seats_contested_calc"} <= header:
        return "dcleapil"
    if {"ballot_paper_id", "person_id", "election_id"} <= header:
        return "dc-csv"
    raise ImportFailed([ImportProblem(str(path), 1, "cannot tell the format from the header; "
                                      "give --format dc-csv, dcleapil or native")])


def import_file(path: Path, fmt: str | None = None, *, council: str | None = None,
                existing: Existing | None = None, source: dict[str, Any] | None = None,
                replace: bool = False, merge: bool = False
                ) -> tuple[ImportReport, Iterator[Dataset]]:
    """Start importing `path`. Nothing is read until the Datasets are iterated.

    `existing` is what the target database already holds (parties, councils, wards...),
    so rows map onto it; `source` overrides fields of the file's source record;
    `replace` allows replacing ballots that other sources recorded (a CSV's own ballots
    are always replaced on re-import); `merge` keeps them instead and records what a
    CSV states differently as disputes (bot/importers/merge.py).
    """
    fmt = fmt or detect_format(path)
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}")
    report = ImportReport(str(path), fmt)
    existing = existing or Existing()
    if fmt == "native":
        return report, _native(path, report, council, existing, replace)
    return report, _csv(path, fmt, report, council, existing, source, replace, merge)


def _native(path: Path, report: ImportReport, council: str | None, existing: Existing,
            replace: bool) -> Iterator[Dataset]:
    if council:
        raise ImportFailed([ImportProblem(str(path), None, "--council applies to CSV files; a "
                                          "native file is imported whole")])
    ds = load_native(path)
    if not replace and existing.path is not None and existing.path.exists():
        problems = native_changes(ds, existing.path, str(path))
        if problems:
            raise ImportFailed(problems)
    report.count(ds)
    yield ds


def native_changes(ds: Dataset, db: Path, origin: str) -> list[ImportProblem]:
    """What a native file would change or drop in the database (the --replace guard).

    A file may add records and repeat ones already there unchanged (re-importing an
    export changes nothing); changing a record, or re-importing a ballot without all
    of its candidates, needs --replace, as replacing another source's ballot does for CSV.
    """
    found, candidates = same_ids(db, ds)
    problems = []
    for table in TABLES:
        for rec in getattr(ds, table.attr):
            old = found.get((table.kind, rec.id))
            if old is None or old == rec:
                continue
            if table.kind == "ballot":
                sources = ", ".join(dict.fromkeys(c.source_id for c in old.cites)) or "none"
                what = (f"ballot {rec.id} is already recorded from other sources ({sources}); "
                        "importing would replace its candidates and facts")
            else:
                fields = [f for f in table.columns if getattr(old, f) != getattr(rec, f)]
                fields += ["cites"] if getattr(old, "cites", None) != getattr(rec, "cites",
                                                                                None) else []
                what = (f"{table.kind} {rec.id} is already recorded with other values "
                        f"({', '.join(fields)}); importing would change it")
            problems.append(ImportProblem(origin, None, f"{what} (use --replace to do so)"))
    given = {c.id for c in ds.candidacies}
    for bid, ids in candidates.items():
        dropped = sorted(ids - given)
        if dropped and not any(p.reason.startswith(f"ballot {bid} ") for p in problems):
            problems.append(ImportProblem(origin, None, (
                f"ballot {bid} is already recorded with {len(ids)} candidate(s); importing "
                f"would drop {len(dropped)} the file does not list, e.g. {dropped[0]} "
                "(use --replace to do so)")))
    return problems


def _csv(path: Path, fmt: str, report: ImportReport, council: str | None, existing: Existing,
         source: dict[str, Any] | None, replace: bool, merge: bool = False
         ) -> Iterator[Dataset]:
    required, read_rows = _CSV[fmt]
    sha256, encoding_problems = scan_bytes(path)
    report.problems += encoding_problems
    parties = PartyMapper(existing.parties.values())
    assembler = Assembler(report, file_source(fmt, path, sha256, source), existing, parties,
                          replace, merge)
    with CsvFile(path) as csv:
        header_ok = csv.read_header()
        missing = csv.missing(required) if header_ok else []
        if not header_ok or missing:
            raise ImportFailed(_sorted([*report.problems, *csv.problems, *missing]))
        for row in read_rows(csv, report, parties, council):
            yield from assembler.add(row)
        yield from assembler.finish()
        report.problems += csv.problems
    if report.rows == 0:
        report.problem(None, "the file has no rows after its header")
    elif council and report.rows == report.other_councils:
        report.problem(None, f"no row is for council {council!r}")
    if report.problems:
        raise ImportFailed(_sorted(report.problems))


def _sorted(problems: list[ImportProblem]) -> list[ImportProblem]:
    return sorted(problems, key=lambda p: (p.line is not None, p.line or 0))
