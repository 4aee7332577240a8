"""Benchmark 3 (start): process start to first answer, `election-bot ask`, as a user runs it.

Each run is a fresh interpreter: imports, opening the database, building the name index,
answering "/seats barnet" and printing it. Wall time of the whole process, REPS runs per
database after one unmeasured run (so the OS file cache is warm, as on a running server).
"""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

from bench.common import PYTHON, REPO, Report, bench_env, median, percentile

GOALS = {"builtin": 1.5, "uk": 3.0}  # seconds
QUESTION = "/seats barnet"


def _once(db: Path) -> float:
    t = time.perf_counter()
    proc = subprocess.run([PYTHON, "-m", "bot", "ask", QUESTION], cwd=REPO, capture_output=True,
                          text=True, env=bench_env(ELECTION_DB=str(db)))
    seconds = time.perf_counter() - t
    if proc.returncode != 0 or "Labour" not in proc.stdout:
        raise RuntimeError(f"ask failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}")
    return seconds


def run(report: Report, dbs: dict[str, Path], *, reps: int = 7) -> None:
    for dataset, db in dbs.items():
        _once(db)  # warm the file cache
        times = [_once(db) for _ in range(reps)]
        p50, worst = median(times), percentile(times, 99)
        goal = GOALS[dataset]
        label = "built-in data" if dataset == "builtin" else "UK-scale data (~11,700 wards)"
        report.add("3 start and memory", f'start to first answer, `ask "{QUESTION}"`, {label} '
                   f"(n={reps})", f"{p50:.2f} s", f"{worst:.2f} s", "fresh process each run",
                   f"≤ {goal:g} s", worst <= goal)
