"""`election-bot fetch COUNCIL [--date D]` and `election-bot fetch --date D`: Democracy Club.

The council is named as anywhere else (any name, code or Welsh name the gazetteer knows),
then fetched by its Democracy Club slug through bot/dcfetch.py: one build, all or nothing,
merged so curated data stays authoritative. What was fetched is remembered in the state
database, so a second run soon after asks nothing, and a later one asks once per election.
Progress goes to stderr, the summary to stdout; a failure is one clear line and exit 1.
"""

from __future__ import annotations

import argparse
import re
from datetime import date as Date
from datetime import timedelta

from bot.answers import Answers
from bot.cli.common import EXIT_FAIL, EXIT_OK, EXIT_USAGE, err, print_problems, run_async
from bot.config import Settings
from bot.dcfetch import DEFAULT_MAX_AGE, FetchResult, Held, Progress, fetch_council, fetch_day
from bot.errors import UserError
from bot.fetching import slug_of
from bot.importers.errors import ImportFailed
from bot.net.democracyclub import ATTRIBUTION, LICENCE, DemocracyClub
from bot.net.http import HttpClient, ServiceError
from bot.store.dbfile import DatabaseBusy
from bot.store.files import open_store
from bot.store.state import StateStore
from bot.store.writer import BuildFailed

_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def day(text: str) -> str:
    """An argparse type: a real date written YYYY-MM-DD."""
    try:
        if _DAY.match(text):
            Date.fromisoformat(text)
            return text
    except ValueError:
        pass
    raise argparse.ArgumentTypeError(f"{text!r} is not a date written YYYY-MM-DD")


class Unresolved(Exception):
    """The council named is not one the bot knows, or has no Democracy Club slug."""


async def dc_slug(settings: Settings, text: str) -> tuple[str, str]:
    """(Democracy Club organisation slug, the council's name) for a council named any way
    the gazetteer or the data knows it. Raises Unresolved with the message to show."""
    store = await open_store(settings)
    try:
        answers = await Answers.load(store)
        try:
            council = await answers.council_named(text)
        except UserError as exc:
            choices = "".join(f"\n  - {c.label}" for c in exc.choices)
            raise Unresolved(exc.message + choices) from None
        slug = await slug_of(store, council.id)
        if not slug:
            raise Unresolved(f"{council.short_name} has no Democracy Club id known here, so "
                             "it cannot be fetched.")
        return slug, council.short_name
    finally:
        await store.close()


def progress_line(p: Progress) -> None:
    err(f"fetch: {p.councils_done}/{p.councils_total} election(s), {p.ballots_done:,} "
        f"ballots, {p.requests} request(s) made")


def summary(result: FetchResult, target: object, max_age: timedelta) -> str:
    credit = f"Data: {ATTRIBUTION}, {LICENCE}."
    if result.fresh:
        return (f"{result.question}: already fetched "
                f"{result.fetched_at:%Y-%m-%d %H:%M} UTC (less than "
                f"{int(max_age.total_seconds() // 60)} minutes ago); nothing asked of "
                f"Democracy Club. Use --refresh to ask again. {credit}")
    lines = [f"{result.question}: {len(result.elections)} election(s), {result.ballots:,} "
             f"ballot(s) ({result.upcoming:,} not yet counted), {result.requests} "
             f"request(s) to Democracy Club."]
    merged = sum(r.merged_ballots for r in result.reports)
    disputes = sum(r.disputes for r in result.reports)
    if merged:
        lines.append(f"  {merged:,} ballot(s) were already held from other sources and kept; "
                     f"{disputes:,} value(s) Democracy Club states differently are recorded "
                     "as disputes.")
    if result.changed:
        lines.append(f"  Written to {target} (data version {result.data_version}).")
    else:
        lines.append(f"  Nothing new: {target} is unchanged.")
    lines.append(f"  {credit}")
    return "\n".join(lines)


async def _fetch(args: argparse.Namespace, settings: Settings) -> int:
    target = settings.election_db
    if args.council:
        try:
            slug, _name = await dc_slug(settings, args.council)
        except Unresolved as exc:
            err(f"election-bot fetch: {exc}")
            return EXIT_FAIL
        question = f"{slug} {args.date}" if args.date else slug
    else:
        slug, question = "", f"every council {args.date}"
    max_age = timedelta(0) if args.refresh else DEFAULT_MAX_AGE
    state = await StateStore.open(settings.state_db)
    try:
        kept = await state.dc_fetch_get(question)
        held = Held.from_json(kept[1]) if kept else None
        async with HttpClient(contact=settings.http_contact) as http:
            dc = DemocracyClub.from_settings(settings, http)
            try:
                if slug:
                    result = await fetch_council(dc, target, slug, args.date, held=held,
                                                 max_age=max_age, progress=progress_line,
                                                 merge=True)
                else:
                    result = await fetch_day(dc, target, args.date, held=held,
                                             max_age=max_age, progress=progress_line,
                                             merge=True)
            except ServiceError as exc:
                err(f"election-bot fetch: {exc}. {target} is unchanged.")
                return EXIT_FAIL
            except DatabaseBusy as exc:
                err(f"election-bot fetch: not started: {exc}; {target} is unchanged.")
                return EXIT_FAIL
            except (ImportFailed, BuildFailed) as exc:
                err(f"election-bot fetch: Democracy Club's data failed the import checks "
                    f"({len(exc.problems)} problem(s)); {target} is unchanged.")
                print_problems(exc.problems)
                return EXIT_FAIL
        if not result.fresh:
            await state.dc_fetch_put(result.question, result.fetched_at,
                                     result.held.to_json())
    finally:
        await state.close()
    print(summary(result, target, max_age))
    return EXIT_OK


def cmd_fetch(args: argparse.Namespace, settings: Settings) -> int:
    if not args.council and not args.date:
        err("election-bot fetch: name a council (e.g. election-bot fetch doncaster), a "
            "date (--date 2021-05-06), or both.")
        return EXIT_USAGE
    return run_async(_fetch(args, settings))


def add_parsers(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("fetch", help="fetch a council's (or a day's) elections from Democracy "
                       "Club into the election database")
    p.add_argument("council", nargs="?", help="the council, by any name or code (e.g. "
                   "doncaster, E08000017); without it, every council that voted on --date")
    p.add_argument("--date", type=day, metavar="YYYY-MM-DD",
                   help="only the election on this day (without a council: every council's)")
    p.add_argument("--refresh", action="store_true",
                   help="ask Democracy Club again even if fetched in the last 30 minutes")
    p.set_defaults(func=cmd_fetch)
