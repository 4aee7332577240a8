"""`election-bot import FILE` and `election-bot db export FILE`.

Kept apart from bot/cli.py so the import commands are one self-contained piece:
cli.py only adds the parser and dispatches here.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from bot.config import Settings
from bot.importers.errors import ImportFailed, ImportProblem
from bot.importers.native import save_native
from bot.importers.pipeline import FORMATS, import_file
from bot.importers.report import ImportReport
from bot.store.dbfile import DatabaseBusy, writer_lock
from bot.store.export import export_dataset
from bot.store.lookup import read_existing
from bot.store.writer import BuildFailed, build

EXIT_OK, EXIT_FAIL = 0, 1


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("import", help="add a results file (Democracy Club CSV, DCLEAPIL CSV "
                       "or native JSON) to the election database")
    p.add_argument("file", help="the file to import")
    p.add_argument("--format", choices=FORMATS,
                   help="the file's format (default: detected from its header)")
    p.add_argument("--council", metavar="SLUG",
                   help="import only this council's rows (e.g. doncaster)")
    p.add_argument("--replace", action="store_true",
                   help="replace ballots already recorded from other sources (their "
                        "candidates, notes and cites are dropped)")
    p.add_argument("--db", metavar="PATH", help="database file (default: ELECTION_DB)")
    p.set_defaults(func=cmd_import)


def _target(args: argparse.Namespace, settings: Settings) -> Path:
    return Path(args.db) if args.db else settings.election_db


def _problems(problems: list[ImportProblem] | list[object], label: str = "") -> None:
    for p in problems:
        print(f"  {label}{p}")


def cmd_import(args: argparse.Namespace, settings: Settings) -> int:
    path, target = Path(args.file), _target(args, settings)
    if not path.is_file():
        print(f"No file at {path}.", file=sys.stderr)
        return EXIT_FAIL
    if not target.exists():
        if args.db or not settings.election_db_is_default:
            print(f"No election database at {target}. Build one with: election-bot db build "
                  f"--db {target}", file=sys.stderr)
            return EXIT_FAIL
        from bot.cli import build_builtin  # the CLI module imports this one
        try:
            build_builtin(settings, target)
        except (ImportFailed, BuildFailed) as exc:
            print("The built-in data failed its checks; nothing was imported.")
            _problems(exc.problems)
            return EXIT_FAIL
    started = time.monotonic()
    report: ImportReport | None = None
    try:
        with writer_lock(target):  # what the file maps onto must not change under it
            report, datasets = import_file(path, args.format, council=args.council,
                                           existing=read_existing(target),
                                           replace=args.replace)
            version = build(target, datasets, base=target, note=f"import {path.name}")
    except DatabaseBusy as exc:
        print(f"Import not started: {exc}; {target} is unchanged.")
        return EXIT_FAIL
    except ImportFailed as exc:
        print(f"Import failed: {len(exc.problems)} problem(s); {target} is unchanged.")
        _problems(exc.problems)
        _warnings(report)
        return EXIT_FAIL
    except BuildFailed as exc:
        print(f"Import failed: the result breaks {len(exc.problems)} database rule(s); "
              f"{target} is unchanged.")
        _problems(exc.problems)
        return EXIT_FAIL
    _warnings(report)
    print(_summary(report, target, version, time.monotonic() - started))
    return EXIT_OK


def _warnings(report: ImportReport | None) -> None:
    if report and report.warnings:
        print(f"{len(report.warnings)} row(s) left out, each with its reason:")
        _problems(report.warnings, "warning: ")


def _summary(report: ImportReport, target: Path, version: str, seconds: float) -> str:
    c = report.counts
    lines = [f"Imported {report.path} ({report.format}) into {target} in {seconds:.1f} s "
             f"(data version {version}).",
             f"  {report.rows:,} rows read: {c['ballots']:,} ballots, "
             f"{c['candidacies']:,} candidacies written."]
    made = [f"{c[k]:,} {k.replace('_', ' ')}" for k in
            ("councils", "elections", "boundary_sets", "wards", "parties", "people", "sources")
            if c[k]]
    if made:
        lines.append("  Written or updated: " + ", ".join(made) + ".")
    if report.replaced_ballots:
        lines.append(f"  {report.replaced_ballots:,} ballot(s) were already in the database "
                     "and were replaced with this file's candidates.")
    if report.skipped_rows:
        lines.append(f"  {report.skipped_rows:,} row(s) left out (listed above).")
    if report.other_councils:
        lines.append(f"  {report.other_councils:,} row(s) of other councils not imported "
                     "(--council).")
    return "\n".join(lines)


def cmd_export(args: argparse.Namespace, settings: Settings) -> int:
    """`db export FILE`: the whole database as one native JSON file."""
    if not args.file:
        print("db export needs the file to write: election-bot db export FILE",
              file=sys.stderr)
        return 2
    source = _target(args, settings)
    if not source.exists():
        print(f"No election database at {source}.", file=sys.stderr)
        return EXIT_FAIL
    ds = export_dataset(source, name="election-db-export")
    try:
        save_native(ds, Path(args.file))
    except OSError as exc:
        print(f"Export failed: cannot write {args.file} ({exc.strerror or exc}); any earlier "
              "file there is unchanged.", file=sys.stderr)
        return EXIT_FAIL
    total = sum(len(getattr(ds, k)) for k in ("sources", "parties", "councils", "wards",
                                                "elections", "ballots", "candidacies"))
    print(f"Exported {source} to {args.file} ({total:,} main records).")
    return EXIT_OK
