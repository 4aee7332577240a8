"""Benchmark 1b: resolving real ward names (the ONS gazetteer), beside the alternatives.

    python -m bench.realnames [--quick]   # this section only; rewrites its part of RESULTS.md

The queries are made here from the real names in data/gazetteer.json.gz with this file's own
typing rules (seeded, so the same every run), not from bot/matching.py:

- exact: the name as the ONS writes it; typo: one slip (a letter dropped, added, changed or
  two swapped, never a word's first letter) in a word of 5+ letters; typo2: two slips in
  different words of a name of 12+ letters; dropped: a name of 3+ words less one inner word
  (only if that is not another ward's name); and/&: "and" and "&" swapped; saint: "St",
  "St." and "Saint" swapped; apostrophe: apostrophes dropped; hyphen: hyphens as spaces, or
  glued ("craigydon"); welsh: the Welsh name as written; welsh-plain: it without accents and
  hyphens; prefix: the first whole words of a name, 8+ letters, that start no other name;
  namesake: a name several councils have (unscoped, the right answer is a choice that
  includes the ward, as the bot asks; scoped, the ward); near-duplicate: Hendon / West
  Hendon, the shorter name typed exactly; absent: a plausible name that does not exist (the
  first word of one ward and the last of another, two or more slips from every name, the
  start of none): answering it with any ward is wrong.

Each query is asked unscoped (all UK wards) and scoped to its council, of four matchers
over the same names (ward names and Welsh names): the bot (NameIndex.resolve, top-1 = a
match, or for a namesake unscoped an "ambiguous" listing the ward); rapidfuzz
process.extractOne with WRatio (score_cutoff 80, the lowest at which it answers no absent
name more often than it misses real ones); difflib.get_close_matches (cutoff 0.6); SQL
LIKE '%q%', shortest name first. For the alternatives a namesake counts as right when their
answer has the ward's name. Autocomplete (Answers.complete) is timed on the prefixes, with
its top-5.
The bot's time for a query is the median of REPS runs; the alternatives' one run.
"""

from __future__ import annotations

import asyncio
import difflib
import gzip
import json
import os
import random
import re
import sqlite3
import sys
import time
import unicodedata
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz, process, utils
from rapidfuzz.distance import OSA

from bench.common import Report, markdown_table, median, ms, pct, percentile

ROOT = Path(__file__).resolve().parents[1]
GAZETTEER = ROOT / "data" / "gazetteer.json.gz"
RESULTS = Path(__file__).with_name("RESULTS.md")
SEED = int(os.environ.get("REALNAMES_SEED", "14"))  # another seed: queries not tuned on
PER_CLASS = 150
REPS = 3  # the bot's time for a query: the median of this many runs
RAPIDFUZZ_CUTOFF = 80
GOALS = {False: 0.98, True: 0.995}  # top-1, unscoped and scoped
P99_GOAL = 0.002
START, END = "<!-- realnames:start -->", "<!-- realnames:end -->"


def _plain(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in text if not unicodedata.combining(ch))


def _norm(text: str) -> str:
    """For deciding what exists (not the bot's normalise): case, accents, punctuation."""
    text = _plain(text).casefold().replace("&", " and ")
    text = re.sub(r"['’]", "", text)
    text = re.sub(r"\bst\b\.?", "saint", text)
    return " ".join(re.findall(r"[a-z0-9]+", text))


def _slip(word: str, rng: random.Random) -> str:
    i = rng.randrange(1, len(word))
    op = rng.choice("dist")
    letters = "abcdefghijklmnopqrstuvwxyz"
    if op == "d":
        return word[:i] + word[i + 1:]
    if op == "i":
        return word[:i] + rng.choice(letters) + word[i:]
    if op == "s":
        return word[:i] + rng.choice(letters.replace(word[i].lower(), "")) + word[i + 1:]
    if i + 1 < len(word) and word[i] != word[i + 1]:
        return word[:i] + word[i + 1] + word[i] + word[i + 2:]
    return word[:i] + word[i + 1:]


@dataclass(frozen=True, slots=True)
class Query:
    variant: str
    text: str
    scoped: bool
    council: str  # the entry's council id in the index
    expected: str | None  # entry id, None for an absent name
    name: str  # the expected ward's name (for the alternatives' namesakes)
    twins: bool  # other councils have a ward of this name


@dataclass(slots=True)
class Ward:
    id: str  # entry id in the name index
    name: str
    welsh: str | None
    council: str


def make_queries(wards: list[Ward], per_class: int = PER_CLASS) -> list[Query]:
    rng = random.Random(SEED)
    by_norm: dict[str, list[Ward]] = defaultdict(list)
    for w in wards:
        by_norm[_norm(w.name)].append(w)
        if w.welsh:
            by_norm[_norm(w.welsh)].append(w)
    norms = sorted(by_norm)
    out: list[Query] = []

    def closest(text: str, w: Ward) -> bool:
        """W's name is nearer TEXT than any other name is (else the label would be a guess:
        "larswood" is as near Larwood as Larkswood)."""
        q, target = _norm(text), _norm(w.name)
        d = OSA.distance(q, target)
        rivals = process.extract(q, norms, scorer=OSA.distance, score_cutoff=d, limit=3)
        return all(n == target for n, _, _ in rivals) and q not in by_norm

    def twins(w: Ward) -> bool:
        return len({x.council for x in by_norm[_norm(w.name)]}) > 1

    def emit(variant: str, pool: list[Ward], make: Callable[[Ward], str | None]) -> None:
        pool = pool[:]
        rng.shuffle(pool)
        n = 0
        for w in pool:
            text = make(w)
            if not text or n >= per_class:
                continue
            n += 1
            # a namesake: the text is the name of wards in several councils
            many = len({x.council for x in by_norm.get(_norm(text), [w])}) > 1 or twins(w)
            for scoped in (False, True):
                out.append(Query(variant, text, scoped, w.council, w.id, w.name, many))

    def typo(w: Ward) -> str | None:
        words = w.name.split()
        long = [i for i, x in enumerate(words) if len(x) >= 5 and x.isalpha()]
        if not long:
            return None
        i = rng.choice(long)
        words[i] = _slip(words[i], rng)
        text = " ".join(words)
        return text if closest(text, w) else None

    def typo2(w: Ward) -> str | None:
        words = w.name.split()
        long = [i for i, x in enumerate(words) if len(x) >= 5 and x.isalpha()]
        if len(w.name) < 12 or len(long) < 2:
            return None
        for i in rng.sample(long, 2):
            words[i] = _slip(words[i], rng)
        text = " ".join(words)
        return text if closest(text, w) else None

    def dropped(w: Ward) -> str | None:
        words = w.name.split()
        # an inner word: without the last one it is the start of the name (see prefix)
        inner = [i for i in range(1, len(words) - 1)
                 if words[i].lower() not in ("and", "&") and words[i - 1] not in ("and", "&")]
        if len(words) < 3 or not inner:
            return None
        i = rng.choice(inner)
        text = " ".join(words[:i] + words[i + 1:])
        q = _norm(text).split()
        others = [n for n in norms if n != _norm(w.name) and _in_order(q, n.split())]
        return None if others or " ".join(q) in by_norm or not closest(text, w) else text

    def swap_and(w: Ward) -> str | None:
        if " and " in w.name:
            return w.name.replace(" and ", " & ")
        if "&" in w.name:
            return w.name.replace("&", "and")
        return None

    def saint(w: Ward) -> str | None:
        for a, b in (("St. ", "Saint "), ("St ", rng.choice(("Saint ", "St. "))),
                     ("Saint ", "St ")):
            if re.search(rf"\b{re.escape(a)}", w.name):
                return re.sub(rf"\b{re.escape(a)}", b, w.name)
        return None

    def apostrophe(w: Ward) -> str | None:
        return re.sub(r"['’]", "", w.name) if re.search(r"['’]", w.name) else None

    def hyphen(w: Ward) -> str | None:
        if "-" not in w.name:
            return None
        return w.name.replace("-", rng.choice((" ", ""))).replace("  ", " ")

    def welsh(w: Ward) -> str | None:
        return w.welsh

    def welsh_plain(w: Ward) -> str | None:
        return _plain(w.welsh).replace("-", " ").lower() if w.welsh else None

    emit("exact", wards, lambda w: w.name)
    emit("typo", wards, typo)
    emit("typo2", wards, typo2)
    emit("dropped", wards, dropped)
    emit("and/&", wards, swap_and)
    emit("saint", wards, saint)
    emit("apostrophe", wards, apostrophe)
    emit("hyphen", wards, hyphen)
    emit("welsh", wards, welsh)
    emit("welsh-plain", wards, welsh_plain)
    emit("namesake", [w for w in wards if twins(w)], lambda w: w.name)

    def prefix(w: Ward) -> str | None:
        words = w.name.split()
        for k in range(1, len(words)):
            text = " ".join(words[:k])
            q = _norm(text)
            if len(q) < 8:
                continue
            starts = [n for n in norms[_bisect(norms, q):_bisect(norms, q) + 3]
                      if n.startswith(q)]
            return text if len(starts) == 1 and len(by_norm[starts[0]]) == 1 else None
        return None

    emit("prefix", wards, prefix)
    # Hendon / West Hendon: a name that is the end of another ward's name in its council
    by_council: dict[str, set[str]] = defaultdict(set)
    for w in wards:
        by_council[w.council].add(_norm(w.name))
    near = [w for w in wards if any(n != _norm(w.name) and n.endswith(" " + _norm(w.name))
                                    for n in by_council[w.council])]
    emit("near-duplicate", near, lambda w: w.name)
    # absent names
    firsts = sorted({w.name.split()[0] for w in wards if len(w.name.split()) > 1})
    lasts = sorted({w.name.split()[-1] for w in wards if len(w.name.split()) > 1})
    n = 0
    tries = 0
    while n < per_class and tries < 20000:
        tries += 1
        text = f"{rng.choice(firsts)} {rng.choice(lasts)}"
        q = _norm(text)
        if len(q) < 8 or q in by_norm or any(x.startswith(q) for x in
                                              norms[_bisect(norms, q):_bisect(norms, q) + 1]):
            continue
        close = process.extractOne(q, norms, scorer=OSA.distance, score_cutoff=2)
        if close is not None:
            continue
        w = rng.choice(wards)
        n += 1
        for scoped in (False, True):
            out.append(Query("absent", text, scoped, w.council, None, "", False))
    return out


def _in_order(words: list[str], key: list[str]) -> bool:
    rest = iter(key)
    return all(w in rest for w in words)


def _bisect(xs: list[str], x: str) -> int:
    from bisect import bisect_left
    return bisect_left(xs, x)


@dataclass
class Tally:
    hits: list[bool] = field(default_factory=list)
    seconds: list[float] = field(default_factory=list)


class Alternatives:
    """rapidfuzz, difflib and SQL LIKE over the same names (ward and Welsh names)."""

    def __init__(self, wards: list[Ward]) -> None:
        self.names: dict[str | None, list[str]] = defaultdict(list)
        self.owners: dict[str | None, list[str]] = defaultdict(list)
        self.by_name: dict[str | None, dict[str, list[str]]] = defaultdict(
            lambda: defaultdict(list))
        self.conn = sqlite3.connect(":memory:")
        self.conn.execute("CREATE TABLE n (id TEXT, council TEXT, name TEXT)")
        rows = []
        for w in wards:
            for name in filter(None, (w.name, w.welsh)):
                for scope in (None, w.council):
                    self.names[scope].append(name)
                    self.owners[scope].append(w.id)
                    self.by_name[scope][name.casefold()].append(w.id)
                rows.append((w.id, w.council, name))
        self.conn.executemany("INSERT INTO n VALUES (?, ?, ?)", rows)
        self.folded = {s: list(d) for s, d in self.by_name.items()}
        self.name_of = {w.id: w.name for w in wards}

    def rapidfuzz(self, q: str, scope: str | None) -> str | None:
        hit = process.extractOne(q, self.names[scope], scorer=fuzz.WRatio,
                                 processor=utils.default_process,
                                 score_cutoff=RAPIDFUZZ_CUTOFF)
        return None if hit is None else self.owners[scope][hit[2]]

    def difflib(self, q: str, scope: str | None) -> str | None:
        hits = difflib.get_close_matches(q.casefold(), self.folded[scope], n=1, cutoff=0.6)
        return self.by_name[scope][hits[0]][0] if hits else None

    def like(self, q: str, scope: str | None) -> str | None:
        pattern = "%" + q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        where, params = ("AND council = ?", (pattern, scope)) if scope else ("", (pattern,))
        row = self.conn.execute(f"SELECT id FROM n WHERE name LIKE ? ESCAPE '\\' {where} "
                                "ORDER BY length(name), id LIMIT 1", params).fetchone()
        return row[0] if row else None


def _alt_right(q: Query, got: str | None, name_of: dict[str, str]) -> bool:
    if q.expected is None:
        return got is None
    if got == q.expected:
        return True
    return not q.scoped and q.twins and got is not None and name_of.get(got) == q.name


async def _load(db: Path) -> tuple[Any, Any, list[Ward]]:
    from bot.answers import Answers
    from bot.store.reader import ReferenceStore
    store = await ReferenceStore.open(db)
    answers = await Answers.load(store)
    data = json.loads(gzip.decompress(GAZETTEER.read_bytes()))
    cols = data["columns"]["wards"]
    linked = dict(await store._rows("SELECT id, ward_id FROM place_wards"))
    wards = []
    for row in data["wards"]:
        r = dict(zip(cols, row, strict=True))
        eid = linked.get(r["gss"]) or f"gss:{r['gss']}"
        entry = answers.index.get("ward", eid)
        if entry is not None and entry.council_id:
            wards.append(Ward(eid, r["name"], r["welsh_name"], entry.council_id))
    return answers, store, wards


def build_db() -> Path:
    """The database built from data/ (`election-bot db build`, cached by bench/data.py)."""
    from bench import data
    return data.builtin_db()


def measure(db: Path, per_class: int = PER_CLASS, alt_every: int = 1) -> dict[str, Any]:
    loop = asyncio.new_event_loop()
    try:
        answers, store, wards = loop.run_until_complete(_load(db))
        try:
            return _measure(answers, wards, per_class, alt_every)
        finally:
            loop.run_until_complete(store.close())
    finally:
        loop.close()


def _measure(answers: Any, wards: list[Ward], per_class: int, alt_every: int) -> dict[str, Any]:
    index = answers.index
    queries = make_queries(wards, per_class)
    alts = Alternatives(wards)
    tallies: dict[tuple[str, bool, str], Tally] = defaultdict(Tally)
    complete: dict[bool, Tally] = defaultdict(Tally)
    for i, q in enumerate(queries):
        scope = q.council if q.scoped else None
        secs, res = _timed(index.resolve, "ward", q.text, scope)
        if q.expected is None:
            ok = res.status != "match"
        elif res.status == "match":
            ok = res.entry is not None and res.entry.id == q.expected
        else:
            ok = (res.status == "ambiguous" and not q.scoped and q.twins
                  and any(e.id == q.expected for e in res.choices))
        tally = tallies[(q.variant, q.scoped, "bot")]
        tally.hits.append(ok)
        tally.seconds.append(secs)
        if q.variant == "prefix":
            secs, choices = _timed(answers.complete, "ward", q.text, scope)
            complete[q.scoped].seconds.append(secs)
            complete[q.scoped].hits.append(q.expected in [c.value for c in choices[:5]])
        for name, fn in (("rapidfuzz", alts.rapidfuzz), ("difflib", alts.difflib),
                         ("like", alts.like)):
            if name == "difflib" and not q.scoped and i % (10 * alt_every):
                continue  # difflib over 8,000 names is slow: a tenth of the queries
            if alt_every > 1 and i % alt_every:
                continue
            t = time.perf_counter()
            got = fn(q.text, scope)
            tally = tallies[(q.variant, q.scoped, name)]
            tally.seconds.append(time.perf_counter() - t)
            tally.hits.append(_alt_right(q, got, alts.name_of))
    return {"tallies": tallies, "complete": complete, "wards": len(wards),
            "queries": len(queries)}


def _timed(fn: Callable[..., Any], *args: Any, reps: int = REPS) -> tuple[float, Any]:
    """The median of REPS runs (one run is at the mercy of a busy shared machine)."""
    times = []
    for _ in range(reps):
        t = time.perf_counter()
        result = fn(*args)
        times.append(time.perf_counter() - t)
    return median(times), result


def _rate(t: Tally | None) -> float:
    return sum(t.hits) / len(t.hits) if t and t.hits else float("nan")


def summarise(found: dict[str, Any], report: Report | None = None) -> str:
    tallies, complete = found["tallies"], found["complete"]
    variants = sorted({v for v, _, _ in tallies}, key=lambda v: (v == "absent", v))
    lines = []
    rows = []
    for scoped in (False, True):
        where = "scoped" if scoped else "unscoped"
        for v in variants:
            by = {m: tallies.get((v, scoped, m)) for m in ("bot", "rapidfuzz", "difflib", "like")}
            rows.append([v, where, str(len(by["bot"].hits if by["bot"] else []))]
                        + [pct(_rate(by[m])) for m in by])
    ahead = all(_rate(tallies.get((v, s, "bot"))) >= _rate(tallies.get((v, s, "rapidfuzz")))
                for v in variants for s in (False, True))
    summary = []
    for scoped in (False, True):
        where = "scoped" if scoped else "unscoped"
        real = [h for (v, s, m), t in tallies.items() if s == scoped and m == "bot"
                and v != "absent" for h in t.hits]
        secs = [x for (v, s, m), t in tallies.items() if s == scoped and m == "bot"
                for x in t.seconds]
        rf = [h for (v, s, m), t in tallies.items() if s == scoped and m == "rapidfuzz"
              and v != "absent" for h in t.hits]
        acc = sum(real) / len(real)
        p99 = percentile(secs, 99)
        goal = GOALS[scoped]
        met = acc >= goal and p99 <= P99_GOAL
        summary.append([f"resolve · {where}", str(len(real)), pct(acc),
                        pct(sum(rf) / len(rf)), ms(median(secs)), ms(p99),
                        f"top-1 ≥ {pct(goal)}, p99 ≤ 2 ms", "met" if met else "MISSED"])
        if report is not None:
            report.add("1b real names", f"resolve · {found['wards']:,} real wards · {where}",
                       ms(median(secs)), ms(p99), f"top-1 {pct(acc)} (rapidfuzz "
                       f"{pct(sum(rf) / len(rf))})", f"≥ {pct(goal)}, p99 ≤ 2 ms", met)
        c = complete[scoped]
        summary.append([f"autocomplete (prefixes) · {where}", str(len(c.hits)),
                        f"top-5 {pct(_rate(c))}", "", ms(median(c.seconds)),
                        ms(percentile(c.seconds, 99)), "p99 ≤ 2 ms",
                        "met" if percentile(c.seconds, 99) <= P99_GOAL else "MISSED"])
    absent = [h for (v, s, m), t in tallies.items() if v == "absent" and m == "bot"
              for h in t.hits]
    lines.append(f"{found['wards']:,} real wards (the gazetteer, as held in the built "
                 f"database), {found['queries']:,} queries made by bench/realnames.py "
                 f"(seed {SEED}). Absent names answered with a ward by the bot: "
                 f"{len(absent) - sum(absent)} of {len(absent)}. Ahead of (or level "
                 f"with) rapidfuzz in every class: {'yes' if ahead else 'NO'}.\n")
    lines.append(markdown_table(["what", "n", "bot", "rapidfuzz", "p50", "p99", "goal", ""],
                                summary))
    lines.append("\nTop-1 by query class (absent: right = no ward answered):\n")
    lines.append(markdown_table(["class", "scope", "n", "bot", "rapidfuzz WRatio", "difflib",
                                 "SQL LIKE"], rows))
    text = "\n".join(lines)
    if report is not None:
        report.extra.append("### 1b. Real names (ONS gazetteer)\n\n" + text)
    return text


def write_results(text: str, path: Path = RESULTS) -> None:
    """Replace this section of RESULTS.md (or append it), leaving the rest as it is."""
    old = path.read_text(encoding="utf-8") if path.exists() else ""
    block = f"{START}\n## 1b. Real names (ONS gazetteer), `python -m bench.realnames`\n\n" \
            f"{text}\n{END}\n"
    if START in old and END in old:
        head, _, rest = old.partition(START)
        _, _, tail = rest.partition(END)
        new = head + block.rstrip("\n") + tail
    else:
        new = old.rstrip("\n") + "\n\n" + block
    path.write_text(new, encoding="utf-8")


def run(report: Report, *, quick: bool = False) -> None:
    summarise(measure(build_db(), 40 if quick else PER_CLASS, 3 if quick else 1), report)


def main(argv: list[str]) -> int:
    quick = "--quick" in argv
    text = summarise(measure(build_db(), 40 if quick else PER_CLASS, 3 if quick else 1))
    print(text)
    if not quick:
        write_results(text)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
