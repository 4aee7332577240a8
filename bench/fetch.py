"""Benchmark 5: fetching from Democracy Club (bot/dcfetch.py) against the fake, with a delay.

Every request to the fake waits DELAY seconds before its answer (a realistic round trip
to DC's CDN), and the client runs with its real clock and its real rate budget. Measured:
a whole-council fetch (Doncaster, 6 May 2021: 21 ballots) and a whole-day fetch (every
council on 6 May 2021 the fake holds: Barnsley and Doncaster, 42 ballots): requests made,
wall time, and the import's share of it (the time inside the one all-or-nothing build).

Side by side: the same ballots asked one at a time from the `next` API
(`/api/next/ballots/{id}/`), without a token. That is not run (it would only wait): its
time is the least the anonymous limit of 10 requests a minute allows.

    python -m bench.fetch            # prints the rows; `python -m bench --only fetch` adds them
"""

from __future__ import annotations

import asyncio
import math
import shutil
import tempfile
import time
from pathlib import Path

from bench.common import REPO, Report, markdown_table
from bot import dcfetch
from bot.importers.builtin import builtin_files
from bot.importers.native import load_native
from bot.net.democracyclub import ANON_LIMIT, ANON_PERIOD, DemocracyClub
from bot.net.http import HttpClient
from bot.store.writer import build
from fakes.democracyclub import FakeDemocracyClub

DELAY = 0.150  # seconds per request
SECTION = "6 fetch"


def _least_time(requests: int, limit: int = ANON_LIMIT, period: float = ANON_PERIOD) -> float:
    """The earliest the last of REQUESTS can be sent under LIMIT per PERIOD (plus delays)."""
    return math.floor((requests - 1) / limit) * period + requests * DELAY


async def _measure(base: Path, tmp: Path, reps: int) -> list[tuple[str, int, float, float, int]]:
    out = []
    async with FakeDemocracyClub(delay=DELAY) as fake:
        cases = [("whole council: doncaster 2021-05-06",
                  lambda dc, db: dcfetch.fetch_council(dc, db, "doncaster", "2021-05-06")),
                 ("whole day: every council 2021-05-06",
                  lambda dc, db: dcfetch.fetch_day(dc, db, "2021-05-06"))]
        for what, run in cases:
            walls, imports, requests, ballots = [], [], 0, 0
            for _ in range(reps):
                db = tmp / "elections.sqlite3"
                shutil.copyfile(base, db)
                spent: list[float] = []
                real = dcfetch._import

                def timed(*a, _real=real, _spent=spent):  # type: ignore[no-untyped-def]
                    t0 = time.perf_counter()
                    try:
                        return _real(*a)
                    finally:
                        _spent.append(time.perf_counter() - t0)

                dcfetch._import = timed  # type: ignore[assignment]
                http = HttpClient()
                dc = DemocracyClub(http, candidates_url=fake.candidates_url,
                                   elections_url=fake.elections_url)
                try:
                    t0 = time.perf_counter()
                    result = await run(dc, db)
                    walls.append(time.perf_counter() - t0)
                finally:
                    dcfetch._import = real  # type: ignore[assignment]
                    await http.close()
                imports.append(sum(spent))
                requests, ballots = result.requests, result.ballots
            wall = sorted(walls)[len(walls) // 2]
            share = sorted(imports)[len(imports) // 2]
            out.append((what, requests, wall, share, ballots))
    return out


def run(report: Report, reps: int = 3) -> None:
    with tempfile.TemporaryDirectory(prefix="bench-fetch-") as tmp_name:
        tmp = Path(tmp_name)
        base = tmp / "native.sqlite3"
        build(base, (load_native(p) for p in builtin_files(REPO / "data")))
        rows = asyncio.run(_measure(base, tmp, reps))
    for what, requests, wall, share, ballots in rows:
        councils = 1 if "council:" in what else 2
        alt = councils + ballots  # EE once per council, then one request per ballot
        report.add(SECTION, f"{what} ({ballots} ballots, {DELAY * 1000:.0f} ms a request)",
                   f"{wall:.2f} s", "",
                   f"{requests} requests; import {share:.2f} s ({share / wall:.0%} of the "
                   f"time); one ballot at a time: {alt} requests, ≥ "
                   f"{_least_time(ballots) + councils * DELAY:.0f} s (computed from the "
                   "10/min limit, not run)",
                   "1 request per election (+1 to list)",
                   requests <= councils + 1)
    report.notes.append(
        f"5 fetch: median of {reps} runs against fakes/democracyclub with {DELAY * 1000:.0f} ms "
        "added to every answer; real clock, real rate budget, no token. The CSV export is "
        "not under the 10/min API throttle (a plain Django view), only the 150/5 min "
        "firewall, so a council costs two requests however many wards it has.")


def main() -> int:
    report = Report()
    run(report)
    print(markdown_table(["section", "what", "p50", "p99", "result / side by side", "goal",
                          "met"], [[r.section, r.what, r.p50, r.p99, r.result, r.goal,
                                    r.verdict] for r in report.rows]))
    for n in report.notes:
        print(f"\n- {n}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
