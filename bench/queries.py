"""Write bench/queries.jsonl: labelled ward-name queries for the matching benchmark.

    python -m bench.queries          # regenerate (same databases + seed -> same bytes)

The file is committed as data; this script is how it was made. Each line is one query:

    {"dataset": "builtin" | "uk", "kind": "resolve" | "autocomplete",
     "variant": "typo1" | "typo2" | "dropped" | "and" | "hyphen" | "abbrev" | "prefix"
                | "absent",
     "scope": council id or null, "query": what is typed, "expected": ward id or null,
     "name": the ward's real name or null}

`builtin` targets the 66 wards of data/ (database built from data/), `uk` ~11,600 wards
the generator invents (bench/generate_dcleapil.py at its default size, imported). Labels are
made here, independently of bot/matching.py, with these rules:

- the target is the ward with the current boundaries (latest election) of that name;
- unscoped queries only for names no other council has (else no single right answer);
- a variant is dropped when it reads, after folding case, punctuation, '&' and 'St', as the
  name of another ward in scope, or (dropped words) when the words left also all occur in
  another ward's name in scope;
- typos are one keyboard slip per word (a neighbouring key, a missed, doubled or swapped
  letter), never on the first letter and only in words of 4+ letters; two typos go in two
  words, or 3+ letters apart in one word of 7+ letters;
- prefixes (autocomplete) are the name as typed up to 0-2 letters past the shortest start
  that no other ward name in scope shares (or the whole name when it starts another name);
- "absent" queries (resolve only, expected null) name no ward in scope: real ward names of
  other councils, and invented ones from the generator's words, none of whose words all
  occur in one ward name in scope. The right answer is "no such ward" (or a question),
  not a ward: they measure how often a matcher answers with the wrong ward.
"""

from __future__ import annotations

import json
import random
import re
import sqlite3
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from bench.common import BENCH

OUT = BENCH / "queries.jsonl"
SEED = 7
UK_TARGETS_UNSCOPED = 110
UK_TARGETS_SCOPED = 110
UK_ABSENT = 60  # of each: unscoped invented names, scoped names of other councils' wards
BUILTIN_ABSENT = 15
# Real ward names of London boroughs the built-in data has no wards for.
LONDON_ELSEWHERE = ("Hampstead Town", "Kilburn", "Belsize", "Fortune Green", "Swiss Cottage",
                    "Primrose Hill", "Queen's Park", "Harrow on the Hill", "Hatch End",
                    "Pinner", "Stanmore Park", "Canonbury", "Highbury", "Tollington",
                    "Stoke Newington", "Dalston", "Hackney Downs", "Bow West", "Mile End",
                    "Shadwell")

_KEYBOARD = ["qwertyuiop", "asdfghjkl", "zxcvbnm"]
_NEIGHBOURS: dict[str, str] = {}
for _r, _row in enumerate(_KEYBOARD):
    for _c, _ch in enumerate(_row):
        near = _row[max(0, _c - 1):_c] + _row[_c + 1:_c + 2]
        for _dr in (-1, 1):
            if 0 <= _r + _dr < len(_KEYBOARD):
                near += _KEYBOARD[_r + _dr][max(0, _c - 1):_c + 1]
        _NEIGHBOURS[_ch] = near

CONNECTIVES = {"and", "&", "with", "le", "on", "upon", "the", "of"}
# Abbreviations people type, both ways for Saint/St.
ABBREVIATIONS = {"saint": ["st", "st."], "st": ["saint"], "north": ["n", "nth"],
                 "south": ["s", "sth"], "east": ["e"], "west": ["w"], "great": ["gt"],
                 "little": ["lt"], "upper": ["upr"], "lower": ["lwr"], "mount": ["mt"]}


def label_key(text: str) -> str:
    """The labeller's own folding: case, apostrophes, '&', punctuation and 'St'."""
    text = text.casefold().replace("&", " and ")
    text = re.sub(r"['’]", "", text)
    words = re.sub(r"[^a-z0-9]+", " ", text).split()
    return " ".join("saint" if w == "st" else w for w in words)


@dataclass(frozen=True)
class Ward:
    id: str
    council: str
    name: str
    last: int  # year of the last election contested: the current boundaries have the latest

    @property
    def key(self) -> str:
        return label_key(self.name)


def read_wards(db: Path) -> list[Ward]:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        rows = conn.execute(
            "SELECT w.id, w.council_id, w.name, coalesce((SELECT max(e.year) FROM ballots b "
            "JOIN elections e ON e.id = b.election_id WHERE b.ward_id = w.id), 0) "
            "FROM wards w ORDER BY w.id").fetchall()
    finally:
        conn.close()
    return [Ward(*r) for r in rows]


class Scope:
    """The current ward of each name, per council and everywhere."""

    def __init__(self, wards: list[Ward]) -> None:
        best: dict[tuple[str, str], Ward] = {}
        for w in wards:
            k = (w.council, w.key)
            if k not in best or (w.last, w.id) > (best[k].last, best[k].id):
                best[k] = w
        self.current = sorted(best.values(), key=lambda w: w.id)
        self.keys: dict[str | None, dict[str, list[Ward]]] = defaultdict(lambda: defaultdict(list))
        for w in self.current:
            self.keys[w.council][w.key].append(w)
            self.keys[None][w.key].append(w)

    def unique_everywhere(self, w: Ward) -> bool:
        return len(self.keys[None][w.key]) == 1

    def names(self, scope: str | None) -> dict[str, list[Ward]]:
        return self.keys[scope]


def _typo(word: str, rng: random.Random, avoid: set[int] | None = None) -> tuple[str, int]:
    """One slip at a position >= 1 (not the first letter); returns the word and position."""
    positions = [i for i in range(1, len(word)) if word[i].isalpha()
                 and not (avoid and any(abs(i - a) < 3 for a in avoid))]
    i = rng.choice(positions)
    ch = word[i].lower()
    kind = rng.choice(("sub", "del", "ins", "swap"))
    if kind == "swap" and i + 1 < len(word) and word[i + 1].lower() != ch:
        return word[:i] + word[i + 1] + word[i] + word[i + 2:], i
    if kind == "del":
        return word[:i] + word[i + 1:], i
    near = _NEIGHBOURS.get(ch) or "e"
    if kind == "ins":
        return word[:i] + rng.choice(near) + word[i:], i
    return word[:i] + rng.choice(near) + word[i + 1:], i


def _long_words(words: list[str], n: int) -> list[int]:
    return [i for i, w in enumerate(words) if len(re.sub(r"[^A-Za-z]", "", w)) >= n]


def typo1(name: str, rng: random.Random) -> str | None:
    words = name.split()
    idx = _long_words(words, 4)
    if not idx:
        return None
    i = rng.choice(idx)
    words[i] = _typo(words[i], rng)[0]
    return " ".join(words)


def typo2(name: str, rng: random.Random) -> str | None:
    words = name.split()
    idx = _long_words(words, 4)
    if len(idx) >= 2:
        for i in rng.sample(idx, 2):
            words[i] = _typo(words[i], rng)[0]
        return " ".join(words)
    long = _long_words(words, 7)
    if not long:
        return None
    i = rng.choice(long)
    w, at = _typo(words[i], rng)
    try:
        words[i] = _typo(w, rng, {at})[0]
    except IndexError:  # no position 3+ letters from the first slip
        return None
    return " ".join(words)


def dropped(name: str, rng: random.Random) -> str | None:
    words = name.split()
    if len(words) < 2:
        return None
    connective = [i for i, w in enumerate(words) if w.lower() in CONNECTIVES]
    if connective and (len(words) < 3 or rng.random() < 0.6):
        i = rng.choice(connective)
    elif len(words) >= 3:
        i = rng.choice([i for i, w in enumerate(words) if w.lower() not in CONNECTIVES])
    else:
        return None
    return " ".join(words[:i] + words[i + 1:])


def and_amp(name: str, rng: random.Random) -> str | None:
    if " & " in name:
        return name.replace(" & ", " and ")
    if re.search(r"\band\b", name, re.I):
        return re.sub(r"\band\b", "&", name, flags=re.I)
    return None


def hyphen(name: str, rng: random.Random) -> str | None:
    words = name.replace(" & ", " and ").split()
    if len(words) < 2:
        return None
    if rng.random() < 0.5:
        return "-".join(words)  # as in a slug or a URL: childs-hill
    i = rng.randrange(len(words) - 1)  # one pair joined: Adwick-le Street
    return " ".join([*words[:i], words[i] + "-" + words[i + 1], *words[i + 2:]])


def abbrev(name: str, rng: random.Random) -> str | None:
    words = name.split()
    idx = [i for i, w in enumerate(words) if re.sub(r"\W", "", w.lower()) in ABBREVIATIONS]
    if not idx:
        return None
    i = rng.choice(idx)
    short = rng.choice(ABBREVIATIONS[re.sub(r"\W", "", words[i].lower())])
    words[i] = short.capitalize() if words[i][0].isupper() else short
    return " ".join(words)


def prefix(name: str, rng: random.Random, keys: list[str]) -> str:
    """Typed up to a little past the shortest start no other name in scope has.

    KEYS: every name key in scope, sorted, the target's among them."""
    for n in range(3, len(name) + 1):
        typed = label_key(name[:n])
        lo = bisect_left(keys, typed)
        hi = bisect_left(keys, typed + "\uffff")
        if typed and hi - lo <= 1:  # only the target's own name starts so
            return name[:min(len(name), n + rng.randint(0, 2))]
    return name


VARIANTS: dict[str, Callable[[str, random.Random], str | None]] = {
    "typo1": typo1, "typo2": typo2, "dropped": dropped, "and": and_amp, "hyphen": hyphen,
    "abbrev": abbrev,
}
RESOLVE_VARIANTS = ("typo1", "typo2", "dropped", "and", "hyphen", "abbrev")
AUTOCOMPLETE_VARIANTS = ("prefix", "typo1", "abbrev", "and")


def _clashes(query: str, target: Ward, names: dict[str, list[Ward]], variant: str) -> bool:
    """True if the query would read as another ward's name (so its label would be wrong)."""
    key = label_key(query)
    if not key:
        return True
    if any(w.id != target.id for w in names.get(key, [])):
        return True
    if variant == "dropped":
        left = set(key.split()) - {"and"}
        return any(left <= set(k.split()) for k, ws in names.items()
                   if any(w.id != target.id for w in ws))
    return False


def queries_for(target: Ward, scope: str | None, names: dict[str, list[Ward]],
                dataset: str, rng: random.Random, resolve: tuple[str, ...],
                complete: tuple[str, ...]) -> list[dict[str, object]]:
    out = []
    for kind, variants in (("resolve", resolve), ("autocomplete", complete)):
        for variant in variants:
            if variant == "prefix":
                query: str | None = prefix(target.name, rng, sorted(names))
            else:
                query = VARIANTS[variant](target.name, rng)
            if query is None or query == target.name:
                continue
            if rng.random() < 0.6:
                query = query.lower()  # most people type in lower case
            if variant != "prefix" and _clashes(query, target, names, variant):
                continue
            out.append({"dataset": dataset, "kind": kind, "variant": variant, "scope": scope,
                        "query": query, "expected": target.id, "name": target.name})
    return out


def _absent_ok(name: str, names: dict[str, list[Ward]]) -> bool:
    words = set(label_key(name).split()) - {"and"}
    return bool(words) and not any(words <= set(k.split()) for k in names)


def _absent(query: str, scope: str | None, dataset: str) -> dict[str, object]:
    return {"dataset": dataset, "kind": "resolve", "variant": "absent", "scope": scope,
            "query": query, "expected": None, "name": None}


def _invented(rng: random.Random) -> str:
    from bench.generate_dcleapil import _Names
    return _Names(rng).place()


def absent_queries(s: Scope, dataset: str, rng: random.Random, n: int,
                   outside: list[str]) -> list[dict[str, object]]:
    """N unscoped names from OUTSIDE (or invented when it runs out), N scoped names of
    other councils' wards."""
    out: list[dict[str, object]] = []
    pool = list(outside)
    rng.shuffle(pool)
    while len(out) < n:
        name = pool.pop() if pool else _invented(rng)
        if _absent_ok(name, s.names(None)):
            out.append(_absent(name.lower() if rng.random() < 0.6 else name, None, dataset))
    councils = sorted({w.council for w in s.current})
    tries = 0
    while len(out) < 2 * n and tries < 100 * n:
        tries += 1
        ward = rng.choice(s.current)
        council = rng.choice(councils)
        if council != ward.council and _absent_ok(ward.name, s.names(council)):
            query = ward.name.lower() if rng.random() < 0.6 else ward.name
            out.append(_absent(query, council, dataset))
    return out


def generate(builtin: Path, uk: Path) -> list[dict[str, object]]:
    rng = random.Random(SEED)
    out: list[dict[str, object]] = []
    b = Scope(read_wards(builtin))
    for w in b.current:  # every built-in ward, half scoped to its council
        scope = w.council if (rng.random() < 0.5 or not b.unique_everywhere(w)) else None
        out += queries_for(w, scope, b.names(scope), "builtin", rng, RESOLVE_VARIANTS,
                           ("prefix", "typo1"))
    out += absent_queries(b, "builtin", rng, BUILTIN_ABSENT, list(LONDON_ELSEWHERE))
    builtin_councils = {w.council for w in b.current}
    u = Scope(read_wards(uk))
    generated = [w for w in u.current if w.council not in builtin_councils]
    unique = [w for w in generated if u.unique_everywhere(w)]
    for w in rng.sample(unique, UK_TARGETS_UNSCOPED):
        out += queries_for(w, None, u.names(None), "uk", rng, RESOLVE_VARIANTS,
                           AUTOCOMPLETE_VARIANTS)
    for w in rng.sample(generated, UK_TARGETS_SCOPED):
        out += queries_for(w, w.council, u.names(w.council), "uk", rng, RESOLVE_VARIANTS,
                           AUTOCOMPLETE_VARIANTS)
    out += absent_queries(u, "uk", rng, UK_ABSENT, [])
    return out


def load(path: Path = OUT) -> list[dict[str, object]]:
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def main() -> int:
    from bench import data
    csv = data.csv_file()
    rows = generate(data.builtin_db(), data.uk_db(csv))
    with OUT.open("w", encoding="utf-8") as f:
        for r in rows:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    by: dict[tuple[object, object], int] = defaultdict(int)
    for r in rows:
        by[(r["dataset"], r["kind"])] += 1
    print(f"wrote {len(rows)} queries to {OUT}: " +
          ", ".join(f"{d}/{k} {n}" for (d, k), n in sorted(by.items())))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
