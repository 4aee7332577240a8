"""`election-bot run` and `election-bot sync`: the commands that need Discord.

The Discord package is imported only when one of them runs, so `ask` and `db` start fast
and work without discord.py's import cost.
"""

from __future__ import annotations

import argparse

from bot.config import Settings


def cmd_run(args: argparse.Namespace, settings: Settings) -> int:
    from bot.discord.app import run
    return run(settings)


def cmd_sync(args: argparse.Namespace, settings: Settings) -> int:
    from bot.discord.app import sync
    return sync(settings, args.guild)


def add_parsers(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("run", help="start the Discord bot (needs DISCORD_TOKEN)")
    p.set_defaults(func=cmd_run)
    p = sub.add_parser("sync", help="register the slash commands with Discord, then exit")
    p.add_argument("--guild", type=int, metavar="ID",
                   help="register in this one server, where they appear at once "
                        "(default: globally, which can take up to an hour)")
    p.set_defaults(func=cmd_sync)
