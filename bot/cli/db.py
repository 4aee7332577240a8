"""`election-bot db build|check|info|export` and `election-bot import FILE`: the database files.

Every command that writes builds a new file, checks it and renames it into place, so a
failure leaves the current database byte for byte as it was.
"""

from __future__ import annotations

import argparse
import dataclasses
import sqlite3
import tempfile
import time
from pathlib import Path

from bot.cli.common import EXIT_FAIL, EXIT_OK, EXIT_USAGE, err, print_problems
from bot.config import Settings
from bot.importers.builtin import builtin_datasets
from bot.importers.errors import ImportFailed
from bot.importers.native import save_native
from bot.importers.pipeline import FORMATS, import_file
from bot.importers.report import ImportReport
from bot.store.checks import check_file, describe_file
from bot.store.dbfile import DatabaseBusy, writer_lock
from bot.store.export import export_dataset
from bot.store.files import build_builtin
from bot.store.lookup import read_existing
from bot.store.writer import BuildFailed, build


def _target(args: argparse.Namespace, settings: Settings) -> Path:
    return Path(args.db) if args.db else settings.election_db


def _data_dir(args: argparse.Namespace, settings: Settings) -> Path:
    return Path(args.data) if args.data else settings.data_dir


def _problems(problems: list[object]) -> None:
    print_problems(problems)
    print(f"{len(problems)} problem(s).")


# -- db build / check / info / export ------------------------------------------------


def cmd_build(args: argparse.Namespace, settings: Settings) -> int:
    target = _target(args, settings)
    try:
        version = build_builtin(dataclasses.replace(settings, data_dir=_data_dir(args, settings)),
                                target)
    except (ImportFailed, BuildFailed) as exc:
        print(f"Build failed; {target} is unchanged.")
        _problems(exc.problems)
        return EXIT_FAIL
    print(f"Built {target} (data version {version}).")
    return EXIT_OK


def cmd_check(args: argparse.Namespace, settings: Settings) -> int:
    if args.db:
        return _check_file(Path(args.db))
    data_dir = _data_dir(args, settings)
    with tempfile.TemporaryDirectory() as tmp:
        try:
            build(Path(tmp) / "check.sqlite3", builtin_datasets(data_dir), note="db check")
        except (ImportFailed, BuildFailed) as exc:
            print(f"{data_dir} has problems:")
            _problems(exc.problems)
            return EXIT_FAIL
    print(f"{data_dir}: all checks passed.")
    return EXIT_OK


def _check_file(path: Path) -> int:
    if not path.exists():
        err(f"No database at {path}.")
        return EXIT_FAIL
    try:
        problems = check_file(path)
    except sqlite3.Error as exc:
        err(f"{path} is not a usable election database ({exc}).")
        return EXIT_FAIL
    if problems:
        print(f"{path} has problems:")
        _problems(problems)
        return EXIT_FAIL
    print(f"{path}: all checks passed.")
    return EXIT_OK


def cmd_info(args: argparse.Namespace, settings: Settings) -> int:
    path = _target(args, settings)
    if not path.exists():
        err(f"No election database at {path}. Build it with: election-bot db build")
        return EXIT_FAIL
    try:
        meta, counts = describe_file(path)
    except sqlite3.Error as exc:
        err(f"{path} is not a usable election database ({exc}); rebuild it with: "
            "election-bot db build")
        return EXIT_FAIL
    print(f"{path}")
    for key, value in meta.items():
        print(f"  {key}: {value}")
    for name, n in counts.items():
        print(f"  {name}: {n:,}")
    return EXIT_OK


def cmd_export(args: argparse.Namespace, settings: Settings) -> int:
    """`db export FILE`: the whole database as one native JSON file."""
    if not args.file:
        err("db export needs the file to write: election-bot db export FILE")
        return EXIT_USAGE
    source = _target(args, settings)
    if not source.exists():
        err(f"No election database at {source}.")
        return EXIT_FAIL
    ds = export_dataset(source, name="election-db-export")
    try:
        save_native(ds, Path(args.file))
    except OSError as exc:
        err(f"Export failed: cannot write {args.file} ({exc.strerror or exc}); any earlier "
            "file there is unchanged.")
        return EXIT_FAIL
    total = sum(len(getattr(ds, k)) for k in ("sources", "parties", "councils", "wards",
                                                "elections", "ballots", "candidacies"))
    print(f"Exported {source} to {args.file} ({total:,} main records).")
    return EXIT_OK


# -- import -----------------------------------------------------------------------------


def cmd_import(args: argparse.Namespace, settings: Settings) -> int:
    path, target = Path(args.file), _target(args, settings)
    if not path.is_file():
        err(f"No file at {path}.")
        return EXIT_FAIL
    if not target.exists():
        if args.db or not settings.election_db_is_default:
            err(f"No election database at {target}. Build one with: election-bot db build "
                f"--db {target}")
            return EXIT_FAIL
        try:
            build_builtin(settings, target)
        except (ImportFailed, BuildFailed) as exc:
            print("The built-in data failed its checks; nothing was imported.")
            print_problems(exc.problems)
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
        print_problems(exc.problems)
        _warnings(report)
        return EXIT_FAIL
    except BuildFailed as exc:
        print(f"Import failed: the result breaks {len(exc.problems)} database rule(s); "
              f"{target} is unchanged.")
        print_problems(exc.problems)
        return EXIT_FAIL
    _warnings(report)
    print(_summary(report, target, version, time.monotonic() - started))
    return EXIT_OK


def _warnings(report: ImportReport | None) -> None:
    if report and report.warnings:
        print(f"{len(report.warnings)} row(s) left out, each with its reason:")
        print_problems(report.warnings, "warning: ")


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


# -- the parsers ----------------------------------------------------------------------------


def _db_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--db", metavar="PATH", help="database file (default: ELECTION_DB)")


def add_parsers(sub: argparse._SubParsersAction) -> None:
    db = sub.add_parser("db", help="build, check, describe or export the reference database")
    actions = db.add_subparsers(dest="action", required=True, metavar="ACTION")
    p = actions.add_parser("build", help="build the reference database from the data directory")
    p.add_argument("--data", metavar="DIR", help="data directory (default: the built-in data)")
    _db_option(p)
    p.set_defaults(func=cmd_build)
    p = actions.add_parser("check", help="check the data directory, or a database with --db")
    p.add_argument("--data", metavar="DIR", help="data directory (default: the built-in data)")
    _db_option(p)
    p.set_defaults(func=cmd_check)
    p = actions.add_parser("info", help="what a database holds")
    _db_option(p)
    p.set_defaults(func=cmd_info)
    p = actions.add_parser("export", help="write the whole database as one native JSON file")
    p.add_argument("file", nargs="?", help="the native JSON file to write")
    _db_option(p)
    p.set_defaults(func=cmd_export)

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
    _db_option(p)
    p.set_defaults(func=cmd_import)
