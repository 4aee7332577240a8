"""Shared by the benchmarks: paths, percentiles, the results table."""

from __future__ import annotations

import math
import os
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
CACHE = BENCH / ".cache"  # git-ignored: generated files and databases, reused between runs
PYTHON = sys.executable


def percentile(values: Sequence[float], p: float) -> float:
    """The p-th percentile (0-100), linear between closest ranks; nan for no values."""
    if not values:
        return math.nan
    xs = sorted(values)
    k = (len(xs) - 1) * p / 100
    lo, hi = math.floor(k), math.ceil(k)
    return xs[lo] + (xs[hi] - xs[lo]) * (k - lo)


def median(values: Sequence[float]) -> float:
    return percentile(values, 50)


def ms(seconds: float) -> str:
    """Seconds shown as milliseconds, with precision that suits the size."""
    if math.isnan(seconds):
        return "–"
    v = seconds * 1000
    if v < 1:
        return f"{v:.3f} ms"
    if v < 10:
        return f"{v:.2f} ms"
    if v < 1000:
        return f"{v:.1f} ms"
    return f"{seconds:.2f} s"


def ratio(a: float, b: float) -> str:
    """a / b as '12.3×'."""
    if not b or math.isnan(a) or math.isnan(b):
        return "–"
    r = a / b
    return f"{r:.0f}×" if r >= 100 else f"{r:.1f}×" if r >= 10 else f"{r:.2f}×"


def pct(x: float) -> str:
    return "–" if math.isnan(x) else f"{100 * x:.1f}%"


@dataclass
class Row:
    """One line of the results table."""

    section: str  # "1 matching", "2 end to end", ...
    what: str
    p50: str
    p99: str
    result: str = ""  # accuracy, ratio to the alternative, counts
    goal: str = ""
    met: bool | None = None  # None: no goal for this row

    @property
    def verdict(self) -> str:
        return "" if self.met is None else "✅" if self.met else "❌"


@dataclass
class Report:
    rows: list[Row] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # printed under the table
    extra: list[str] = field(default_factory=list)  # further markdown sections

    def add(self, *args: object, **kwargs: object) -> Row:
        row = Row(*args, **kwargs)  # type: ignore[arg-type]
        self.rows.append(row)
        return row


def markdown_table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    def cell(s: str) -> str:
        return str(s).replace("|", "\\|").replace("\n", " ")
    out = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    out += ["| " + " | ".join(cell(c) for c in r) + " |" for r in rows]
    return "\n".join(out)


def rss_kb(pid: int) -> tuple[int, int]:
    """(VmRSS, VmHWM) of a live process, in KiB, from /proc."""
    fields = {}
    with open(f"/proc/{pid}/status", encoding="ascii") as f:
        for line in f:
            key, _, value = line.partition(":")
            if key in ("VmRSS", "VmHWM"):
                fields[key] = int(value.split()[0])
    return fields.get("VmRSS", 0), fields.get("VmHWM", 0)


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a live process (all its threads), from /proc."""
    with open(f"/proc/{pid}/stat", encoding="ascii") as f:
        fields = f.read().rpartition(")")[2].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def git_commit() -> str:
    try:
        out = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO, text=True,
                             capture_output=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"],
                               cwd=REPO, text=True, capture_output=True).stdout.strip()
        return out + ("+dirty" if dirty else "")
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def bench_env(**extra: str) -> dict[str, str]:
    """The environment for a subprocess of the bot: no developer .env settings leak in."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("DISCORD_TOKEN", "DEV_GUILD_ID", "ELECTION_DB", "STATE_DB")}
    env.update({"DISCORD_TOKEN": "", "DEV_GUILD_ID": "", "STATE_DB": str(CACHE / "state.sqlite3"),
                "PYTHONDONTWRITEBYTECODE": "1"})
    pythonpath = os.pathsep.join(p for p in (str(REPO), env.get("PYTHONPATH")) if p)
    env["PYTHONPATH"] = pythonpath
    env.update(extra)
    return env
