"""The benchmark harness (bench/): its arithmetic, its labelled queries, and a smoke run.

No timing is asserted here (the brief: speed is measured by `python -m bench`, never by
timed tests); these check that the benchmark measures what it says it measures.
"""

from __future__ import annotations

import argparse
import math
import sqlite3
from collections import Counter
from pathlib import Path

import pytest

from bench import __main__ as bench_main
from bench import matching
from bench.common import Report, percentile, ratio
from bench.queries import load as load_queries

VARIANTS = {"typo1", "typo2", "dropped", "and", "hyphen", "abbrev", "prefix", "absent"}


def test_percentile_interpolates_between_closest_ranks() -> None:
    xs = [float(x) for x in range(1, 101)]  # 1..100
    assert percentile(xs, 50) == pytest.approx(50.5)
    assert percentile(xs, 99) == pytest.approx(99.01)
    assert percentile([3.0], 99) == 3.0
    assert math.isnan(percentile([], 50))
    assert ratio(30.0, 1.5) == "20.0×" and ratio(1.0, 0.0) == "–"


def test_the_labelled_queries_are_many_varied_and_complete() -> None:
    queries = load_queries()
    assert len(queries) >= 1000
    for q in queries:
        assert q["dataset"] in ("builtin", "uk") and q["kind"] in ("resolve", "autocomplete")
        assert q["variant"] in VARIANTS and isinstance(q["query"], str) and q["query"]
        assert (q["expected"] is None) == (q["variant"] == "absent")
    by_variant = Counter(str(q["variant"]) for q in queries)
    assert set(by_variant) == VARIANTS and min(by_variant.values()) >= 50, by_variant
    assert sum(q["dataset"] == "uk" for q in queries) >= 1000  # the goals are at UK scale


def test_builtin_queries_name_wards_that_exist(builtin_db: Path) -> None:
    conn = sqlite3.connect(f"file:{builtin_db}?mode=ro", uri=True)
    try:
        wards = {r[0] for r in conn.execute("SELECT id FROM wards")}
    finally:
        conn.close()
    expected = {q["expected"] for q in load_queries() if q["dataset"] == "builtin"} - {None}
    assert expected and expected <= wards, expected - wards


def test_matching_benchmark_runs_and_counts_right_answers(builtin_db: Path,
                                                          monkeypatch: pytest.MonkeyPatch
                                                          ) -> None:
    sample = [q for q in load_queries() if q["dataset"] == "builtin"][:40]
    monkeypatch.setattr(matching, "load_queries", lambda: sample)
    report = Report()
    matching.run(report, {"builtin": builtin_db}, reps=1)
    rows = [r for r in report.rows if r.what.startswith(("resolve", "autocomplete"))]
    assert rows and all("top-1" in r.result for r in rows)
    # the bot gets these right: a wrong label or a broken count would show here
    assert all("top-1 100.0%" in r.result or "top-1 9" in r.result for r in rows), \
        [r.result for r in rows]
    text = bench_main.render(report, argparse.Namespace(only=["names"]), 1.0)
    assert "## Machine" in text and "rapidfuzz" in text and "| 1 names |" in text
