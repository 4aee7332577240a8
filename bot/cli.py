"""The `election-bot` command: run | sync | ask | import | db (build, check, info) | demo."""

from __future__ import annotations

import argparse
import asyncio
import os
import sqlite3
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from bot import import_command
from bot.config import Settings, load_settings
from bot.errors import UserError
from bot.importers.builtin import builtin_datasets
from bot.importers.errors import ImportFailed
from bot.store.checks import check_file, describe_file
from bot.store.files import build_builtin, open_store
from bot.store.reader import StoreError
from bot.store.writer import BuildFailed, build

SEED_QUESTIONS = ("/seats barnet", "/ward childs-hill", "/quote rawlings")
EXIT_OK, EXIT_FAIL, EXIT_USAGE = 0, 1, 2


def _err(message: str) -> None:
    print(message, file=sys.stderr)


def _print_problems(problems: Sequence[object]) -> None:
    for p in problems:
        print(f"  {p}")
    print(f"{len(problems)} problem(s).")


def cmd_db(args: argparse.Namespace, settings: Settings) -> int:
    if args.action == "export":
        return import_command.cmd_export(args, settings)
    if args.action == "build":
        data_dir = Path(args.data) if args.data else settings.data_dir
        target = Path(args.db) if args.db else settings.election_db
        try:
            settings_for = Settings(**{**settings.__dict__, "data_dir": data_dir})
            version = build_builtin(settings_for, target)
        except (ImportFailed, BuildFailed) as exc:
            print(f"Build failed; {target} is unchanged.")
            _print_problems(exc.problems)
            return EXIT_FAIL
        print(f"Built {target} (data version {version}).")
        return EXIT_OK
    if args.action == "check":
        if args.db:
            return _check_file(Path(args.db))
        data_dir = Path(args.data) if args.data else settings.data_dir
        with tempfile.TemporaryDirectory() as tmp:
            try:
                build(Path(tmp) / "check.sqlite3", builtin_datasets(data_dir), note="db check")
            except (ImportFailed, BuildFailed) as exc:
                print(f"{data_dir} has problems:")
                _print_problems(exc.problems)
                return EXIT_FAIL
        print(f"{data_dir}: all checks passed.")
        return EXIT_OK
    # info
    path = Path(args.db) if args.db else settings.election_db
    if not path.exists():
        _err(f"No election database at {path}. Build it with: election-bot db build")
        return EXIT_FAIL
    try:
        meta, counts = describe_file(path)
    except sqlite3.Error as exc:
        _err(f"{path} is not a usable election database ({exc}); rebuild it with: "
             "election-bot db build")
        return EXIT_FAIL
    print(f"{path}")
    for key, value in meta.items():
        print(f"  {key}: {value}")
    for name, n in counts.items():
        print(f"  {name}: {n:,}")
    return EXIT_OK


def _check_file(path: Path) -> int:
    if not path.exists():
        _err(f"No database at {path}.")
        return EXIT_FAIL
    try:
        problems = check_file(path)
    except sqlite3.Error as exc:
        _err(f"{path} is not a usable election database ({exc}).")
        return EXIT_FAIL
    if problems:
        print(f"{path} has problems:")
        _print_problems(problems)
        return EXIT_FAIL
    print(f"{path}: all checks passed.")
    return EXIT_OK


# -- asking ------------------------------------------------------------------------


def format_user_error(exc: UserError) -> str:
    lines = [exc.message]
    lines += [f"  - {c.label}" for c in exc.choices]
    return "\n".join(lines) + "\n"


async def _ask(questions: Sequence[str], settings: Settings, chart: Path | None = None) -> int:
    from bot.answers import Answers
    from bot.ask import UsageError, ask, usage
    from bot.render.text import render_text

    store = await open_store(settings)
    try:
        answers = await Answers.load(store)
        for question in questions:
            try:
                card = await ask(answers, question)
            except UsageError as exc:
                _err(f"election-bot ask: {exc}\n{usage()}")
                return EXIT_USAGE
            except UserError as exc:
                print(format_user_error(exc))
                continue
            print(render_text(card))
            if chart is not None:
                from bot.render.chart import draw
                if card.chart is None:
                    _err("This answer has no chart.")
                else:
                    chart.write_bytes(draw(card.chart))
                    print(f"Chart written to {chart}")
        return EXIT_OK
    finally:
        await store.close()


def _run_async(coro: object) -> int:
    try:
        return asyncio.run(coro)  # type: ignore[arg-type]
    except StoreError as exc:
        _err(f"election-bot: {exc}")
        return EXIT_FAIL


def cmd_ask(args: argparse.Namespace, settings: Settings) -> int:
    return _run_async(_ask([args.question], settings, Path(args.chart) if args.chart else None))


def cmd_demo(args: argparse.Namespace, settings: Settings) -> int:
    print("Answering the seed questions from the built-in data:\n")
    code = _run_async(_ask(SEED_QUESTIONS, settings))
    if code != EXIT_OK:
        return code
    print("Try your own: election-bot ask \"/ward burnt oak\" (or /help for every command).")
    if settings.token:
        print("\nDISCORD_TOKEN is set: starting the bot (Ctrl+C to stop).")
        return cmd_run(args, settings)
    print("Set DISCORD_TOKEN to start the bot in Discord too (see docs/discord.md).")
    return code


# -- Discord ------------------------------------------------------------------------------
# bot.discord imports discord: loaded only by the commands that need it.


def cmd_run(args: argparse.Namespace, settings: Settings) -> int:
    from bot.discord.app import run
    return run(settings)


def cmd_sync(args: argparse.Namespace, settings: Settings) -> int:
    from bot.discord.app import sync
    return sync(settings, args.guild)


# -- the parser ------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="election-bot",
        description="Answers about UK local council elections, with sources.")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("run", help="start the Discord bot (needs DISCORD_TOKEN)")
    p.set_defaults(func=cmd_run)

    p = sub.add_parser("sync", help="register the slash commands with Discord, then exit")
    p.add_argument("--guild", type=int, metavar="ID",
                   help="register in this one server, where they appear at once "
                        "(default: globally, which can take up to an hour)")
    p.set_defaults(func=cmd_sync)

    p = sub.add_parser("ask", help='answer a slash command in the terminal, e.g. "/seats barnet"')
    p.add_argument("question", help='e.g. "/ward childs hill" or "/seats barnet 2014"')
    p.add_argument("--chart", metavar="PATH", help="also write the answer's chart as a PNG")
    p.set_defaults(func=cmd_ask)

    p = sub.add_parser("demo", help="answer the seed questions from the built-in data")
    p.set_defaults(func=cmd_demo)

    p = sub.add_parser("db", help="build, check, describe or export the reference database")
    p.add_argument("action", choices=("build", "check", "info", "export"))
    p.add_argument("file", nargs="?", help="export: the native JSON file to write")
    p.add_argument("--data", metavar="DIR", help="data directory (default: data/)")
    p.add_argument("--db", metavar="PATH", help="database file (default: ELECTION_DB)")
    p.set_defaults(func=cmd_db)

    import_command.add_parser(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    settings = load_settings()
    try:
        return int(args.func(args, settings))
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # `election-bot ask ... | head`: the reader left; stop quietly, as other tools do.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
