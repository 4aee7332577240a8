"""Benchmark 1: resolving and autocompleting ward names, side by side with two alternatives.

The same labelled queries (bench/queries.jsonl) go to three matchers over the same wards:
those held in the database and the gazetteer's wards not held (every UK ward the bot can
name; see bench/queries.read_wards), with their Welsh names:

- the bot: `NameIndex.resolve("ward", q, scope)` and `Answers.complete("ward", q, scope)`
  (what an autocomplete keystroke runs), in process;
- difflib: `difflib.get_close_matches(q, names, n, cutoff=0.6)` over the wards' names in
  scope (case-folded), each name standing for its wards, latest boundaries first (held
  before the gazetteer's);
- SQL: `name LIKE '%q%'` on a table of the same names (sqlite3, in memory), shortest name
  first, then latest boundaries.

Top-1: the expected ward is the answer (the bot: a match, not "ambiguous"; the others: their
first result). Top-5 (autocomplete): among the first five suggestions. Queries for names no
ward in scope has ("absent") count as wrong answers when a matcher answers with any ward
(the bot: a match; the others: any result). Latency of one query is the median of REPS runs
of it; p50/p99 are over the queries.
"""

from __future__ import annotations

import asyncio
import difflib
import gc
import sqlite3
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from bench.common import Report, markdown_table, median, ms, pct, percentile, ratio
from bench.queries import load as load_queries
from bench.queries import read_wards

P99_GOAL = 0.002
ACCURACY_GOAL = 0.95
DIFFLIB_GOAL = 20.0
T = TypeVar("T")


@dataclass
class Outcome:
    seconds: list[float] = field(default_factory=list)
    top1: list[bool] = field(default_factory=list)
    top5: list[bool] = field(default_factory=list)
    variants: dict[str, list[bool]] = field(default_factory=lambda: defaultdict(list))

    def add(self, seconds: float, ids: Sequence[str], expected: str | None, variant: str,
            top1: bool | None = None) -> None:
        self.seconds.append(seconds)
        if expected is None:  # an absent name: right when nothing is answered
            self.variants[variant].append(not ids if top1 is None else top1)
            return
        hit = (bool(ids) and ids[0] == expected) if top1 is None else top1
        self.top1.append(hit)
        self.top5.append(expected in ids[:5])
        self.variants[variant].append(hit)

    @property
    def p50(self) -> float:
        return median(self.seconds)

    @property
    def p99(self) -> float:
        return percentile(self.seconds, 99)

    def accuracy(self, which: str = "top1") -> float:
        xs = getattr(self, which)
        return sum(xs) / len(xs) if xs else float("nan")


def _timed(reps: int, fn: Callable[..., T], *args: object) -> tuple[float, T]:
    """The median time of REPS calls of fn(*args), and its result."""
    times = []
    for _ in range(reps - 1):
        t = time.perf_counter()
        fn(*args)
        times.append(time.perf_counter() - t)
    t = time.perf_counter()
    result = fn(*args)
    times.append(time.perf_counter() - t)
    return median(times), result


class Alternatives:
    """difflib and SQL LIKE over the wards of one database and the gazetteer's."""

    def __init__(self, db: Path) -> None:
        rows = [(w.id, w.council, name, w.last) for w in read_wards(db)
                for name in (w.name, *w.aliases)]
        self.conn = sqlite3.connect(":memory:")
        self.conn.execute("CREATE TABLE ward_rank (id TEXT, council_id TEXT, name TEXT, "
                          "rank INTEGER)")
        self.conn.executemany("INSERT INTO ward_rank VALUES (?, ?, ?, ?)", rows)
        rows.sort(key=lambda r: (-r[3], r[0]))
        self.names: dict[str | None, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
        for wid, council, name, _ in rows:
            for scope in (None, council):
                self.names[scope][name.casefold()].append(wid)
        self.lists = {scope: list(names) for scope, names in self.names.items()}

    def difflib(self, q: str, scope: str | None, n: int) -> list[str]:
        names = self.names[scope]
        hits = difflib.get_close_matches(q.casefold(), self.lists[scope], n=n, cutoff=0.6)
        return [wid for h in hits for wid in names[h]][:n]

    def like(self, q: str, scope: str | None, n: int) -> list[str]:
        pattern = "%" + q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        where = "AND council_id = ?" if scope else ""
        params: tuple[object, ...] = (pattern, scope, n) if scope else (pattern, n)
        rows = self.conn.execute(
            f"SELECT id FROM ward_rank WHERE name LIKE ? ESCAPE '\\' {where} "
            "ORDER BY length(name), rank DESC, id LIMIT ?", params).fetchall()
        return list(dict.fromkeys(r[0] for r in rows))  # a ward by its name and Welsh name

    def close(self) -> None:
        self.conn.close()


async def _answers(db: Path) -> tuple[Any, float, Any]:
    from bot.answers import Answers
    from bot.store.reader import ReferenceStore
    store = await ReferenceStore.open(db)
    t = time.perf_counter()
    answers = await Answers.load(store)
    return answers, time.perf_counter() - t, store


Groups = dict[tuple[str, str, bool], dict[str, Outcome]]


def run(report: Report, dbs: dict[str, Path], *, reps: int = 5, alt_sample: int = 1) -> None:
    """DBS: dataset name ("builtin", "uk") -> database. ALT_SAMPLE: time the alternatives on
    every n-th query only (--quick), the bot on all; 0: not at all."""
    queries = load_queries()
    groups: Groups = {}
    sizes: dict[str, tuple[int, int]] = {}
    loop = asyncio.new_event_loop()
    try:
        for dataset, db in dbs.items():
            mine = [q for q in queries if q["dataset"] == dataset]
            sizes[dataset] = loop.run_until_complete(
                _run_dataset(report, groups, dataset, db, mine, reps, alt_sample))
            gc.collect()
    finally:
        loop.close()
    _summarise(report, groups, sizes)


async def _run_dataset(report: Report, groups: Groups, dataset: str, db: Path,
                       mine: list[dict[str, object]], reps: int, alt_sample: int
                       ) -> tuple[int, int]:
    """Every query of one dataset through the three matchers; the number of wards the bot
    can name, and of those held (the rest are the gazetteer's)."""
    answers, load_s, store = await _answers(db)
    index = answers.index
    known = {e.id for e in index.entries("ward")}
    report.add("1 names", f"name index build ({dataset}: {len(index):,} names)",
               ms(load_s), "", "Answers.load at start-up, one run")
    stale = [q for q in mine if q["expected"] and q["expected"] not in known]
    if stale:
        raise SystemExit(f"bench/queries.jsonl names {len(stale)} {dataset} wards the "
                         f"database lacks (e.g. {stale[0]['expected']}): regenerate it "
                         "with python -m bench.queries")
    alts = Alternatives(db)
    try:
        for i, q in enumerate(mine):
            text, scope, expected = str(q["query"]), q["scope"], q["expected"]
            assert scope is None or isinstance(scope, str)
            assert expected is None or isinstance(expected, str)
            variant, kind = str(q["variant"]), str(q["kind"])
            key = (dataset, "absent" if expected is None else kind, scope is not None)
            group = groups.setdefault(key, {"bot": Outcome(), "difflib": Outcome(),
                                            "like": Outcome()})
            n = 5 if kind == "resolve" else 25
            if kind == "resolve":
                secs, res = _timed(reps, index.resolve, "ward", text, scope)
                ok = (res.status == "match" and res.entry is not None
                      and res.entry.id == expected) if expected else res.status != "match"
                listed = [res.entry.id] if res.entry else [e.id for e in res.choices] or \
                    [e.id for e in res.suggestions]
                group["bot"].add(secs, listed, expected, variant, top1=ok)
            else:
                secs, choices = _timed(reps, answers.complete, "ward", text, scope)
                group["bot"].add(secs, [c.value for c in choices], expected, variant)
            if alt_sample and i % alt_sample == 0:
                secs, ids = _timed(1, alts.difflib, text, scope, n)
                group["difflib"].add(secs, ids, expected, variant)
                secs, ids = _timed(1, alts.like, text, scope, n)
                group["like"].add(secs, ids, expected, variant)
    finally:
        alts.close()
        await store.close()
    return len(known), sum(not k.startswith("gss:") for k in known)


def _summarise(report: Report, groups: dict[tuple[str, str, bool], dict[str, Outcome]],
               sizes: dict[str, tuple[int, int]]) -> None:
    detail = []
    for (dataset, kind, scoped), g in sorted(groups.items()):
        bot, dl, like = g["bot"], g["difflib"], g["like"]
        where = "scoped to a council" if scoped else "unscoped"
        if kind == "absent":
            wrong = {name: 1 - sum(o.variants["absent"]) / len(o.variants["absent"])
                     if o.variants["absent"] else float("nan") for name, o in g.items()}
            report.add("1 names", f"absent names · {dataset} · {where} "
                       f"(n={len(bot.seconds)}): answered with a ward", ms(bot.p50),
                       ms(bot.p99), f"bot {pct(wrong['bot'])}, difflib "
                       f"{pct(wrong['difflib'])}, SQL LIKE {pct(wrong['like'])}")
            continue
        wards, held = sizes[dataset]
        label = (f"{kind} · {dataset} {wards:,} wards ({held:,} held) · {where} "
                 f"(n={len(bot.seconds)})")
        acc = f"top-1 {pct(bot.accuracy())}"
        if kind == "autocomplete":
            acc += f", top-5 {pct(bot.accuracy('top5'))}"
        speed = dl.p50 / bot.p50 if bot.p50 else float("nan")
        result = (f"{acc}; {ratio(dl.p50, bot.p50)} faster than difflib (p50; p99 "
                  f"{ratio(dl.p99, bot.p99)}), {ratio(like.p50, bot.p50)} vs LIKE")
        # The issue sets the difflib goal at 10,000 wards: over a council's thirty names
        # difflib itself takes a tenth of a millisecond, so there the ratio is shown only.
        at_scale = wards >= 10_000 and not scoped
        met = bot.p99 <= P99_GOAL and bot.accuracy() >= ACCURACY_GOAL and (
            speed >= DIFFLIB_GOAL or not at_scale)
        goal = "p99 ≤ 2 ms, top-1 ≥ 95%" + (", ≥ 20× difflib" if at_scale else "")
        report.add("1 names", label, ms(bot.p50), ms(bot.p99), result, goal, met)
        for name, o in (("bot", bot), ("difflib", dl), ("SQL LIKE", like)):
            top5 = pct(o.accuracy("top5")) if kind == "autocomplete" else ""
            detail.append([f"{kind} · {dataset} · {where}", name, str(len(o.seconds)),
                           ms(o.p50), ms(o.p99), pct(o.accuracy()), top5])
    report.extra.append(
        "### 1. Names: every matcher on the same queries\n\n"
        "Alternatives are timed on " + ("every query" if all(
            len(g["difflib"].seconds) == len(g["bot"].seconds) for g in groups.values())
            else "a sample of the queries (--quick)") + ".\n\n"
        + markdown_table(["queries", "matcher", "n", "p50", "p99", "top-1", "top-5"], detail))
    variants: dict[tuple[str, str], dict[str, list[bool]]] = defaultdict(
        lambda: defaultdict(list))
    for (_, kind, _), g in groups.items():
        for name, o in g.items():
            for variant, hits in o.variants.items():
                variants[(kind, variant)][name] += hits
    rows = []
    for (kind, variant), by in sorted(variants.items()):
        n = len(by["bot"])
        rows.append([kind, variant, str(n)] + [
            pct(sum(by[m]) / len(by[m])) if by[m] else "–" for m in ("bot", "difflib", "like")])
    report.extra.append(
        "### 1. Names: top-1 accuracy by kind of query (both datasets, scoped and not)\n\n"
        + markdown_table(["kind", "variant", "n", "bot", "difflib", "SQL LIKE"], rows))
