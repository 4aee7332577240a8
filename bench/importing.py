"""Benchmark 4: importing the generated ~1,000,000-row DCLEAPIL-shaped file.

`election-bot import` runs as its own process into a fresh copy of the built-in database,
exactly as a user runs it; wall time, and peak resident memory from the kernel's rusage for
that child. The database it writes is kept as the UK-scale database the other benchmarks use.
"""

from __future__ import annotations

from pathlib import Path

from bench import data
from bench.common import CACHE, Report

SECONDS_GOAL = 60.0
PEAK_GOAL_MB = 500


def run(report: Report, csv: Path) -> Path:
    rows = sum(1 for _ in csv.open("rb")) - 1
    result = data.run_import(csv, CACHE / "uk.tmp.sqlite3")
    if result.returncode != 0:
        raise RuntimeError(f"the import failed:\n{result.output[-3000:]}")
    db = data.keep(result, csv)
    n = data.counts(db)
    peak = result.peak_rss_kb / 1024
    report.add("4 import", f"import {csv.name} ({rows:,} rows, "
               f"{csv.stat().st_size / 1e6:.0f} MB)", f"{result.seconds:.1f} s", "",
               f"peak RSS {peak:.0f} MB; database now {n['wards']:,} wards, "
               f"{n['ballots']:,} ballots, {n['candidacies']:,} candidacies",
               "≤ 60 s, ≤ 500 MB", result.seconds <= SECONDS_GOAL and peak <= PEAK_GOAL_MB)
    return db
