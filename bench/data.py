"""The benchmarks' data, generated once under bench/.cache/ and reused while it is current.

- the DCLEAPIL-shaped CSV (bench/generate_dcleapil.py; ~1,000,000 rows at the default size);
- builtin.sqlite3: the reference database built from data/ (`election-bot db build`);
- uk.sqlite3: builtin.sqlite3 with the CSV imported (`election-bot import`): about 11,700
  wards in 409 councils, UK scale.

Each file has a stamp beside it recording what it was made from (generator or importer
source, sizes, seed); a stale or missing file is made again.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from bench.common import BENCH, CACHE, PYTHON, REPO, bench_env
from bot.store.checks import table_counts

GENERATOR = BENCH / "generate_dcleapil.py"
DEFAULT_SIZE = {"councils": 400, "wards": 10_000, "elections": 5, "seed": 2024}


def _log(msg: str) -> None:
    print(f"[bench] {msg}", file=sys.stderr, flush=True)


def _hash_files(paths: list[Path]) -> str:
    h = hashlib.sha256()
    for p in sorted(paths):
        h.update(str(p.relative_to(REPO)).encode())
        h.update(p.read_bytes())
    return h.hexdigest()[:16]


def _code(*dirs: str) -> str:
    files: list[Path] = []
    for d in dirs:
        files += [p for p in (REPO / d).rglob("*") if p.suffix in (".py", ".sql")]
    return _hash_files(files)


def _stamp_ok(path: Path, stamp: dict[str, object]) -> bool:
    sp = path.with_name(path.name + ".stamp")
    if not path.exists() or not sp.exists():
        return False
    try:
        return json.loads(sp.read_text()) == stamp
    except ValueError:
        return False


def _write_stamp(path: Path, stamp: dict[str, object]) -> None:
    path.with_name(path.name + ".stamp").write_text(json.dumps(stamp, indent=1))


def csv_file(size: dict[str, int] | None = None) -> Path:
    """The generated CSV, made if missing or made by another generator version."""
    size = {**DEFAULT_SIZE, **(size or {})}
    name = "dcleapil-{councils}c-{wards}w-{elections}e-s{seed}.csv".format(**size)
    path = CACHE / name
    stamp = {"generator": _hash_files([GENERATOR]), **size}
    if _stamp_ok(path, stamp):
        return path
    CACHE.mkdir(parents=True, exist_ok=True)
    _log(f"generating {path.name} (once; reused while the generator is unchanged) ...")
    t = time.perf_counter()
    tmp = path.with_suffix(".tmp")
    subprocess.run([PYTHON, str(GENERATOR), "--out", str(tmp),
                    *(f"--{k}={v}" for k, v in size.items())], check=True, cwd=REPO)
    tmp.replace(path)
    _write_stamp(path, stamp)
    _log(f"generated in {time.perf_counter() - t:.1f} s")
    return path


def builtin_db() -> Path:
    """The reference database built from data/ (rebuilt when data/ or the builder changed)."""
    path = CACHE / "builtin.sqlite3"
    stamp = {"data": _hash_files([p for p in (REPO / "data").rglob("*") if p.is_file()]),
             "code": _code("bot/importers", "bot/store")}
    if _stamp_ok(path, stamp):
        return path
    CACHE.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp.sqlite3")
    tmp.unlink(missing_ok=True)
    subprocess.run([PYTHON, "-m", "bot", "db", "build", "--db", str(tmp)], check=True,
                   cwd=REPO, env=bench_env(), stdout=subprocess.DEVNULL)
    tmp.replace(path)
    _write_stamp(path, stamp)
    return path


@dataclass
class ImportRun:
    seconds: float
    peak_rss_kb: int
    returncode: int
    output: str
    db: Path


def run_import(csv: Path, target: Path) -> ImportRun:
    """`election-bot import CSV --db TARGET` (TARGET a fresh copy of the built-in database) as
    a subprocess; wall time, and its peak RSS from wait4's rusage (this child only)."""
    shutil.copyfile(builtin_db(), target)
    for suffix in ("-wal", "-shm", "-journal"):
        Path(str(target) + suffix).unlink(missing_ok=True)
    log = target.with_suffix(".log")
    with log.open("w") as out:
        t = time.perf_counter()
        proc = subprocess.Popen([PYTHON, "-m", "bot", "import", str(csv), "--db", str(target)],
                                cwd=REPO, env=bench_env(), stdout=out, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - t
    proc.returncode = os.waitstatus_to_exitcode(status)
    return ImportRun(seconds, usage.ru_maxrss, proc.returncode, log.read_text(), target)


def uk_stamp(csv: Path) -> dict[str, object]:
    return {"csv": csv.name, "csv_bytes": csv.stat().st_size,
            "builtin": json.loads(builtin_db().with_name("builtin.sqlite3.stamp").read_text()),
            "code": _code("bot/importers", "bot/store")}


def uk_db(csv: Path) -> Path:
    """builtin + the CSV imported (imported again when the importer or the CSV changed)."""
    path = CACHE / "uk.sqlite3"
    stamp = uk_stamp(csv)
    if _stamp_ok(path, stamp):
        return path
    _log(f"importing {csv.name} into uk.sqlite3 (once; about half a minute) ...")
    run = run_import(csv, CACHE / "uk.tmp.sqlite3")
    if run.returncode != 0:
        raise RuntimeError(f"the import failed:\n{run.output[-3000:]}")
    keep(run, csv)
    return path


def keep(run: ImportRun, csv: Path) -> Path:
    """Keep an import benchmark's result as the cached UK database."""
    path = CACHE / "uk.sqlite3"
    run.db.replace(path)
    run.db.with_suffix(".log").unlink(missing_ok=True)
    _write_stamp(path, uk_stamp(csv))
    return path


def is_current_uk(csv: Path) -> bool:
    return _stamp_ok(CACHE / "uk.sqlite3", uk_stamp(csv))


def counts(db: Path) -> dict[str, int]:
    """Rows per table of the database, read-only."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return table_counts(conn)
    finally:
        conn.close()
