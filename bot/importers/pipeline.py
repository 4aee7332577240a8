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
from bot.store.lookup import Existing

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
                replace: bool = False) -> tuple[ImportReport, Iterator[Dataset]]:
    """Start importing `path`. Nothing is read until the Datasets are iterated.

    `existing` is what the target database already holds (parties, councils, wards...),
    so rows map onto it; `source` overrides fields of the file's source record;
    `replace` allows replacing ballots that other sources recorded (a CSV's own ballots
    are always replaced on re-import).
    """
    fmt = fmt or detect_format(path)
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}")
    report = ImportReport(str(path), fmt)
    existing = existing or Existing()
    if fmt == "native":
        return report, _native(path, report, council)
    return report, _csv(path, fmt, report, council, existing, source, replace)


def _native(path: Path, report: ImportReport, council: str | None) -> Iterator[Dataset]:
    if council:
        raise ImportFailed([ImportProblem(str(path), None, "--council applies to CSV files; a "
                                          "native file is imported whole")])
    ds = load_native(path)
    report.count(ds)
    yield ds


def _csv(path: Path, fmt: str, report: ImportReport, council: str | None, existing: Existing,
         source: dict[str, Any] | None, replace: bool) -> Iterator[Dataset]:
    required, read_rows = _CSV[fmt]
    sha256, encoding_problems = scan_bytes(path)
    report.problems += encoding_problems
    parties = PartyMapper(existing.parties.values())
    assembler = Assembler(report, file_source(fmt, path, sha256, source), existing, parties,
                          replace)
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
