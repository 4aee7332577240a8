"""The `election-bot` command: run, sync, ask, demo, import, fetch, db (build, check, info, export).

This package is a leaf: it imports the library, and nothing in the library imports it.
Each module adds its own subcommands; `main` reads the settings once and dispatches.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from bot.cli import ask, db, discord, fetch
from bot.cli.common import EXIT_OK, EXIT_USAGE, err
from bot.config import ConfigError, load_settings


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="election-bot",
        description="Answers about UK local council elections, with sources.")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for module in (discord, ask, db, fetch):
        module.add_parsers(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        settings = load_settings()
    except ConfigError as exc:
        err(f"election-bot: {exc}")
        return EXIT_USAGE
    try:
        return int(args.func(args, settings))
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # `election-bot ask ... | head`: the reader left; stop quietly, as other tools do.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
