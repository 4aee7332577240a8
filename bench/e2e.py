"""Benchmark 2 (end to end) and the memory half of 3: the real bot process and the fake Discord.

The bot runs unmodified as its own process (`election-bot run` through
fakes/discordapi's launcher) against the fake Discord on 127.0.0.1, which runs in this
process. The latency of one interaction is from the moment the fake starts sending
INTERACTION_CREATE down the gateway to the moment the request that answers it reaches the
fake: the callback (a reply or autocomplete choices), or for a deferred reply the follow-up.
It is the bot's whole cost: parsing the event, answering, drawing, uploading. The fake's own
work after that (reading and checking the body) is not counted.

- one at a time: the commands of the brief, in turn, each ROUNDS times, beside a bare /ping;
- a burst: BURST interactions sent at once, the same commands and autocomplete mixed;
- memory: the bot's RSS after READY and a few answers (and its peak after the burst).
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import math
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.common import Report, cpu_seconds, median, ms, percentile, ratio, rss_kb
from bench.queries import load as load_queries

PING_FACTOR_GOAL = 1.5
BURST_P99_GOAL = 1.0
RSS_GOAL_MB = 150

Payload = Callable[[Any, int], dict[str, Any]]


# Barnet's wards as typed into /ward with the council option set (scoped autocomplete).
BARNET_TYPED = ("chi", "childs h", "burnt", "west hen", "colindale", "fnchley", "totteridge &",
                "high barn", "edgwre", "mill hill", "cricklewod", "garden sub")


def _commands(typed: list[str]) -> dict[str, Payload]:
    """name -> payload maker (fake, n). The first autocomplete cycles through TYPED (ward
    names as people type them, unscoped: every ward in the database is a candidate)."""
    return {
        "/ping": lambda f, n: f.slash("ping"),
        "/seats barnet": lambda f, n: f.slash("seats", council="barnet"),
        "/ward childs-hill": lambda f, n: f.slash("ward", name="childs-hill"),
        "/quote rawlings": lambda f, n: f.slash("quote", who="rawlings"),
        "/councillor zinkin": lambda f, n: f.slash("councillor", name="zinkin"),
        "/party labour barnet": lambda f, n: f.slash("party", name="labour", council="barnet"),
        "/history barnet": lambda f, n: f.slash("history", council="barnet"),
        "autocomplete /ward name": lambda f, n: f.autocomplete(
            "ward", focused="name", name=typed[n % len(typed)]),
        "autocomplete /ward name, nothing typed yet": lambda f, n: f.autocomplete(
            "ward", focused="name", name=""),
        "autocomplete /ward name, council barnet": lambda f, n: f.autocomplete(
            "ward", focused="name", name=BARNET_TYPED[n % len(BARNET_TYPED)], council="barnet"),
    }


# The burst's mix: autocomplete is most of what a bot gets (one per keystroke).
BURST_MIX = ("/seats barnet", "autocomplete /ward name", "/ward childs-hill",
             "autocomplete /ward name", "/quote rawlings", "/councillor zinkin",
             "autocomplete /ward name", "/party labour barnet", "/history barnet",
             "autocomplete /ward name")


def _answered_at(it: Any) -> float | None:
    """When the request that answered interaction record IT reached the fake."""
    cb = it.callback_request
    if cb is None:
        return None
    if it.callback_type in (5, 6):  # deferred: the follow-up or the edit of @original
        later = [r.time for r in it.requests if r is not cb and r.status is not None
                 and r.status < 300 and r.method in ("POST", "PATCH")]
        return min(later) if later else None
    return cb.time


def _all_answered(records: list[Any]) -> Callable[[], bool]:
    """A predicate for fake.wait_until: every record answered. One waiter that walks the
    records in order, resuming where it stopped, not a waiter per interaction: the fake
    re-checks every waiter on every request, and a thousand of them made the fake, on the
    other core, the slower half of the burst (O(n²) checks)."""
    done = 0

    def check() -> bool:
        nonlocal done
        while done < len(records) and records[done].is_answered():
            done += 1
        return done == len(records)
    return check


@dataclass
class E2EResult:
    database: str
    ready_s: float = math.nan
    rss_kb: int = 0
    hwm_kb: int = 0
    sequential: dict[str, list[float]] = field(default_factory=dict)
    burst: list[float] = field(default_factory=list)
    burst_sent: int = 0
    burst_failed: list[str] = field(default_factory=list)
    burst_wall_s: float = math.nan
    burst_bot_cpu: float = math.nan  # CPU seconds the bot process used during the burst
    burst_fake_cpu: float = math.nan  # ...and this process (the fake Discord)
    deferred: int = 0
    log_problems: list[str] = field(default_factory=list)


async def _session(db: Path, *, rounds: int, burst: int, typed: list[str],
                   validate: bool) -> E2EResult:
    from fakes.discordapi import contract, server
    from fakes.discordapi.harness import BotProcess

    # The fake checks every request body against Discord's OpenAPI spec (jsonschema), in this
    # process and on this 2-core machine's other core; in a burst that would be timed as the
    # bot's. The e2e tests check the bodies; here (unless --validate) they are only read.
    server.contract = contract if validate else _NoValidation(contract)  # type: ignore
    out = E2EResult(db.name)
    commands = _commands(typed)
    with tempfile.TemporaryDirectory(prefix="bench-e2e-") as tmp:
        async with server.FakeDiscord(check_responses=validate) as fake:
            bot = BotProcess(fake, "bot.cli:main", "run", ready_timeout=120, env={
                "ELECTION_DB": str(db), "STATE_DB": str(Path(tmp) / "state.sqlite3"),
                "DEV_GUILD_ID": fake.guild_id, "LOG_LEVEL": "INFO"})
            t = time.monotonic()
            await bot.start()
            try:
                await bot.wait_ready()
                out.ready_s = time.monotonic() - t
                counter = itertools.count()
                for make in commands.values():  # warm up: first answers, charts drawn
                    for _ in range(2):
                        await fake.interact(make(fake, next(counter)), timeout=60)
                out.rss_kb, _ = rss_kb(bot.process.pid)
                out.sequential = {name: [] for name in commands}
                for r in range(rounds):  # interleaved, so drifting load hits all alike
                    for name, make in commands.items():
                        rec = await fake.send_interaction(make(fake, r))
                        await fake.response_for(rec, timeout=60)
                        out.sequential[name].append(_answered_at(rec) - rec.sent_at)
                if burst:
                    payloads = [commands[BURST_MIX[i % len(BURST_MIX)]](fake, i)
                                for i in range(burst)]
                    t = time.monotonic()
                    bot_cpu, fake_cpu = cpu_seconds(bot.process.pid), time.process_time()
                    records = [await fake.send_interaction(p) for p in payloads]
                    out.burst_sent = len(records)
                    with contextlib.suppress(TimeoutError):  # the unanswered are counted below
                        await fake.wait_until(_all_answered(records), 60, "the burst's answers")
                    out.burst_wall_s = time.monotonic() - t
                    out.burst_bot_cpu = cpu_seconds(bot.process.pid) - bot_cpu
                    out.burst_fake_cpu = time.process_time() - fake_cpu
                    answers = await asyncio.gather(  # now only checks: no waiting
                        *(fake.response_for(r, timeout=0.1) for r in records),
                        return_exceptions=True)
                    for rec, ans in zip(records, answers, strict=True):
                        at = _answered_at(rec)
                        if isinstance(ans, BaseException) or at is None:
                            out.burst_failed.append(f"{rec.id}: {ans!r}"[:300])
                        else:
                            out.burst.append(at - rec.sent_at)
                            out.deferred += rec.callback_type == 5
                    _, out.hwm_kb = rss_kb(bot.process.pid)
            finally:
                await bot.stop()
            out.log_problems = bot.log_problems()
    return out


class _NoValidation:
    """fakes.discordapi.contract with request validation switched off (see _session)."""

    def __init__(self, real: Any) -> None:
        self._real = real

    def __getattr__(self, name: str) -> Any:
        return getattr(self._real, name)

    @staticmethod
    def validate_request(*args: Any, **kwargs: Any) -> list[Any]:
        return []


def _typed(n: int = 200) -> list[str]:
    """What people type into /ward's name option: the benchmark's UK autocomplete queries."""
    qs = [str(q["query"]) for q in load_queries()
          if q["dataset"] == "uk" and q["kind"] == "autocomplete" and q["scope"] is None]
    return qs[:n] or ["chil"]


def run(report: Report, uk: Path, builtin: Path, *, rounds: int = 300, burst: int = 1000,
        repeats: int = 3, validate: bool = False) -> None:
    typed = _typed()
    runs = [asyncio.run(_session(uk, rounds=rounds, burst=burst, typed=typed,
                                 validate=validate)) for _ in range(repeats)]
    small = asyncio.run(_session(builtin, rounds=0, burst=0, typed=typed, validate=validate))
    _summarise(report, runs, small, rounds, burst)


def _summarise(report: Report, runs: list[E2EResult], small: E2EResult, rounds: int,
               burst: int) -> None:
    # p50 and p99 of each run, then the median over the runs (the machine is shared)
    def stat(name: str, p: float) -> float:
        return median([percentile(r.sequential[name], p) for r in runs])

    ping50, ping99 = stat("/ping", 50), stat("/ping", 99)
    where = f"{len(runs)} runs × {rounds} each, median of the runs' p50/p99; UK database"
    report.add("2 end to end", f"/ping (baseline; {where})", ms(ping50), ms(ping99),
               "bare reply, no data")
    for name in runs[0].sequential:
        if name == "/ping":
            continue
        p50, p99 = stat(name, 50), stat(name, 99)
        met = p50 <= PING_FACTOR_GOAL * ping50 and p99 <= PING_FACTOR_GOAL * ping99
        report.add("2 end to end", name, ms(p50), ms(p99),
                   f"{ratio(p50, ping50)} ping at p50, {ratio(p99, ping99)} at p99",
                   "≤ 1.5× ping (p50 and p99)", met)
    if burst:
        p50 = median([percentile(r.burst, 50) for r in runs])
        p99 = median([percentile(r.burst, 99) for r in runs])
        answered = [len(r.burst) for r in runs]
        failed = sum(len(r.burst_failed) for r in runs)
        report.add("2 end to end", f"burst of {burst} at once, mixed (40% autocomplete; "
                   f"{len(runs)} runs)", ms(p50), ms(p99),
                   f"answered {min(answered)}/{burst} (worst run); max "
                   f"{ms(max(max(r.burst) for r in runs if r.burst))}; all answered in "
                   f"{ms(median([r.burst_wall_s for r in runs]))}, using CPU: bot "
                   f"{median([r.burst_bot_cpu for r in runs]):.2f} s, fake Discord "
                   f"{median([r.burst_fake_cpu for r in runs]):.2f} s; deferred "
                   f"{sum(r.deferred for r in runs)}", "all answered, p99 ≤ 1 s",
                   failed == 0 and min(answered) == burst and p99 <= BURST_P99_GOAL)
    rss = median([r.rss_kb for r in runs]) / 1024
    report.add("3 start and memory", "bot RSS after READY and a few answers (UK database)",
               f"{rss:.0f} MB", "", f"peak after the burst {max(r.hwm_kb for r in runs) / 1024:.0f}"
               f" MB; built-in data: {small.rss_kb / 1024:.0f} MB", "≤ 150 MB",
               rss <= RSS_GOAL_MB)
    report.add("3 start and memory", "bot process start to READY and commands registered",
               f"{median([r.ready_s for r in runs]):.2f} s", "",
               f"built-in data: {small.ready_s:.2f} s (includes the fake's handshake)")
    problems = [p for r in [*runs, small] for p in r.log_problems]
    failures = [f for r in runs for f in r.burst_failed]
    if problems or failures:
        report.notes.append("End to end: the bot's log showed "
                            f"{len(problems)} problem(s); {len(failures)} interaction(s) "
                            "unanswered. First: " + (problems + failures)[0][:500])
