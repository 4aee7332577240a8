"""Run every benchmark, print the table and rewrite bench/RESULTS.md.

    python -m bench            # everything (first run also generates the data: ~1 min more)
    python -m bench --quick    # fewer repetitions, a smaller burst: a smoke run, not figures
    python -m bench --only names,start   # some sections (names, e2e, start, import, maps,
                                         # fetch, live)
    python -m bench.live                 # election night alone, printed, RESULTS.md untouched

Figures are of this machine at this moment: the table records the machine and its load.
Nothing here is asserted by the test suite (tests/test_bench.py only runs --quick's parts).
"""

from __future__ import annotations

import argparse
import sys
import time
from datetime import UTC, datetime

from bench import data, machine
from bench.common import BENCH, Report, git_commit, markdown_table

SECTIONS = ("import", "names", "realnames", "start", "e2e", "maps", "fetch", "live")
STANDALONE = ("maps", "fetch", "live")  # sections that need none of the generated data
FIXES = BENCH / "FIXES.md"  # hand-written: profiles and before/after figures, kept verbatim


def _args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    p.add_argument("--quick", action="store_true", help="fewer repetitions; not for RESULTS.md")
    p.add_argument("--only", default=",".join(SECTIONS),
                   help=f"comma-separated sections of {', '.join(SECTIONS)}")
    p.add_argument("--validate", action="store_true",
                   help="e2e: also check every body against Discord's spec (slower fake)")
    p.add_argument("--out", default=str(BENCH / "RESULTS.md"),
                   help="where to write the results (default bench/RESULTS.md)")
    args = p.parse_args(argv)
    args.only = [s.strip() for s in args.only.split(",") if s.strip()]
    if unknown := set(args.only) - set(SECTIONS):
        p.error(f"unknown section(s): {', '.join(sorted(unknown))}")
    return args


def main(argv: list[str] | None = None) -> int:
    args = _args(argv)
    started = time.perf_counter()
    report = Report()
    if "maps" in args.only:
        from bench import maps
        print("[bench] 5 maps ...", file=sys.stderr, flush=True)
        maps.run(report, reps=5 if args.quick else 50)
    if "fetch" in args.only:
        from bench import fetch
        print("[bench] 6 fetch ...", file=sys.stderr, flush=True)
        fetch.run(report, reps=1 if args.quick else 3)
    if "live" in args.only:
        from bench import live
        print("[bench] 7 election night ...", file=sys.stderr, flush=True)
        report.extra.append(live.section(args.quick))
    if not set(args.only) - set(STANDALONE):
        return _finish(report, args, started)
    csv = data.csv_file()
    builtin = data.builtin_db()
    if "import" in args.only or not data.is_current_uk(csv):
        from bench import importing
        print("[bench] 4 import ...", file=sys.stderr, flush=True)
        uk = importing.run(report, csv)
    else:
        uk = data.uk_db(csv)
    dbs = {"builtin": builtin, "uk": uk}
    if "names" in args.only:
        from bench import matching
        print("[bench] 1 names ...", file=sys.stderr, flush=True)
        matching.run(report, dbs, reps=2 if args.quick else 5, alt_sample=10 if args.quick else 1)
    if "realnames" in args.only:
        from bench import realnames
        print("[bench] 1b real names ...", file=sys.stderr, flush=True)
        realnames.run(report, quick=args.quick)
    if "start" in args.only:
        from bench import startup
        print("[bench] 3 start ...", file=sys.stderr, flush=True)
        startup.run(report, dbs, reps=2 if args.quick else 7)
    if "e2e" in args.only:
        from bench import e2e
        print("[bench] 2 end to end ...", file=sys.stderr, flush=True)
        e2e.run(report, uk, builtin, rounds=10 if args.quick else 300,
                burst=100 if args.quick else 1000, repeats=1 if args.quick else 3,
                validate=args.validate)
    return _finish(report, args, started)


def _finish(report: Report, args: argparse.Namespace, started: float) -> int:
    elapsed = time.perf_counter() - started
    text = render(report, args, elapsed)
    print(text)
    if args.quick:
        print("[bench] --quick: RESULTS.md left as it was", file=sys.stderr)
    else:
        with open(args.out, "w", encoding="utf-8") as f:
            f.write(text)
        print(f"[bench] wrote {args.out}", file=sys.stderr)
    missed = [r.what for r in report.rows if r.met is False]
    if missed:  # a finding, not a failure of the run: the figures and why are in RESULTS.md
        print(f"[bench] {len(missed)} goal(s) missed: " + "; ".join(missed), file=sys.stderr)
    return 0


def render(report: Report, args: argparse.Namespace, elapsed: float) -> str:
    order = {s: i for i, s in enumerate(("1 names", "1b real names", "2 end to end",
                                         "3 start and memory", "4 import", "5 maps",
                                         "6 fetch"))}
    rows = sorted(report.rows, key=lambda r: order.get(r.section, 9))
    out = [
        "# Benchmark results",
        "",
        f"Written by `python -m bench` on {datetime.now(UTC):%Y-%m-%d %H:%M} UTC at commit "
        f"`{git_commit()}`, sections {', '.join(args.only)}, in {elapsed / 60:.1f} min. "
        "Rerun it to refresh; do not edit by hand (edit bench/FIXES.md, copied in below).",
        "",
        "## Machine",
        "",
        markdown_table(["", ""], [*machine.describe(), ("load average (1/5/15 min) at the end",
                                                        machine.load())]),
        "",
        "## Results",
        "",
        "p50/p99 are over the measured operations; ✅/❌ is the goal met or missed.",
        "",
        markdown_table(["section", "what", "p50", "p99", "result / side by side", "goal", "met"],
                       [[r.section, r.what, r.p50, r.p99, r.result, r.goal, r.verdict]
                        for r in rows]),
        "",
        *(f"- {n}" for n in report.notes),
        "",
        *(part + "\n" for part in report.extra),
    ]
    if FIXES.exists():
        out += [FIXES.read_text(encoding="utf-8")]
    return "\n".join(out).rstrip() + "\n"


if __name__ == "__main__":
    raise SystemExit(main())
