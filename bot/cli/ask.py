"""`election-bot ask "/seats barnet"` and `election-bot demo`: answers in the terminal."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

from bot import privacy
from bot.answers import Answers
from bot.ask import UsageError, ask, usage
from bot.cli.common import EXIT_OK, EXIT_USAGE, err, run_async
from bot.cli.discord import cmd_run
from bot.config import Settings
from bot.errors import UserError
from bot.format import safe_text
from bot.net.http import HttpClient
from bot.net.postcodes import Postcodes
from bot.render.card import Card
from bot.render.text import render_text
from bot.store.files import open_store

SEED_QUESTIONS = ("/seats barnet", "/ward childs-hill", "/quote rawlings")


def format_user_error(exc: UserError) -> str:
    lines = [exc.message]
    lines += [f"  - {c.label}" for c in exc.choices]
    return safe_text("\n".join(lines)) + "\n"  # labels come from the data


class _Stderr(logging.StreamHandler):  # type: ignore[type-arg]
    """Writes to whatever sys.stderr is now (a test's capture, say), not the one at start."""

    @property  # type: ignore[override]
    def stream(self) -> object:
        return sys.stderr

    @stream.setter
    def stream(self, value: object) -> None:
        pass


def _log_to_terminal(settings: Settings) -> None:
    """Warnings to stderr (everything with LOG_LEVEL=DEBUG), never a postcode in them."""
    root = logging.getLogger()
    if not any(isinstance(h, _Stderr) for h in root.handlers):
        handler = _Stderr()
        handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
        root.addHandler(handler)
    debug = settings.log_level == "DEBUG"
    root.setLevel(logging.DEBUG if debug else logging.WARNING)
    privacy.guard(root.handlers)


def _write_discord_json(path: Path, card: Card, question: str) -> None:
    """The message body the bot would send for this card (bot/discord/message.py's builder)."""
    import json

    from bot.ask import parse
    from bot.discord.embed import CHART_FILENAME
    from bot.discord.message import body, question_text

    name, options = parse(question)
    carried = question_text(name, options) or question
    shown = card.chart is not None and card.chart_shown
    message = body(card, CHART_FILENAME if shown else None, question=carried)
    path.write_text(json.dumps(message, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"Discord message body written to {path}")


async def _ask(questions: Sequence[str], settings: Settings, chart: Path | None = None,
               discord_json: Path | None = None) -> int:
    _log_to_terminal(settings)
    store = await open_store(settings)
    # One polite client for postcodes.io; its session opens only if a postcode is asked.
    # Fewer retries than the bot's: someone is waiting at the terminal. No cache: `ask`
    # leaves the bot's state database alone.
    http = HttpClient(contact=settings.http_contact, retries=2)
    try:
        answers = await Answers.load(store, Postcodes.from_settings(settings, http))
        for question in questions:
            try:
                card = await ask(answers, question)
            except UsageError as exc:
                err(f"election-bot ask: {exc}\n{usage()}")
                return EXIT_USAGE
            except UserError as exc:
                print(format_user_error(exc))
                continue
            print(safe_text(render_text(card)))  # no escape codes from the data
            if discord_json is not None:
                _write_discord_json(discord_json, card, question)
            if chart is not None:
                from bot.render.chart import draw  # Pillow: only when a chart is asked for
                if card.chart is None:
                    err("This answer has no chart.")
                else:
                    chart.write_bytes(draw(card.chart))
                    print(f"Chart written to {chart}")
        return EXIT_OK
    finally:
        await http.close()
        await store.close()


def cmd_ask(args: argparse.Namespace, settings: Settings) -> int:
    return run_async(_ask([args.question], settings, Path(args.chart) if args.chart else None,
                          Path(args.discord_json) if args.discord_json else None))


def cmd_demo(args: argparse.Namespace, settings: Settings) -> int:
    print("Answering the seed questions from the built-in data:\n")
    code = run_async(_ask(SEED_QUESTIONS, settings))
    if code != EXIT_OK:
        return code
    print("Try your own: election-bot ask \"/ward burnt oak\" (or /help for every command).")
    if settings.token:
        print("\nDISCORD_TOKEN is set: starting the bot (Ctrl+C to stop).")
        return cmd_run(args, settings)
    print("Set DISCORD_TOKEN to start the bot in Discord too (see docs/discord.md).")
    return code


def add_parsers(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("ask", help='answer a slash command in the terminal, e.g. "/seats barnet"')
    p.add_argument("question", help='e.g. "/ward childs hill" or "/seats barnet 2014"')
    p.add_argument("--chart", metavar="PATH", help="also write the answer's chart as a PNG")
    p.add_argument("--discord-json", metavar="FILE",
                   help="also write the exact message body the bot would send to Discord "
                        "(embeds, components, attachment names), e.g. for discord-preview")
    p.set_defaults(func=cmd_ask)
    p = sub.add_parser("demo", help="answer the seed questions from the built-in data")
    p.set_defaults(func=cmd_demo)
