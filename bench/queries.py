"""Write bench/queries.jsonl: labelled ward-name queries for the matching benchmark.

    python -m bench.queries          # regenerate (same databases + seed -> same bytes)

The file is committed as data; this script is how it was made. Each line is one query:

    {"dataset": "builtin" | "uk", "kind": "resolve" | "autocomplete",
     "variant": "typo1" | "typo2" | "dropped" | "and" | "hyphen" | "abbrev" | "prefix"
                | "absent",
     "scope": council id or null, "query": what is typed, "expected": ward id or null,
     "name": the ward's real name or null}

`builtin` targets the 66 wards of data/ (database built from data/), `uk` ~11,600 wards
the generator invents (bench/generate_dcleapil.py at its default size, imported). Both
databases also hold the gazetteer (data/gazetteer.json.gz: every current UK ward, 8,413),
and the bot answers by those names too, so for labelling a name exists when a held ward or
a gazetteer ward has it (or its Welsh name); the targets are held wards only. Labels are
made here, independently of bot/matching.py, with these rules:

- the target is the ward with the current boundaries (latest election) of that name;
- unscoped queries only for names no other council has, held or in the gazetteer (else no
  single right answer: "Mill Hill" is in Barnet and in Dover);
- a variant is dropped when it reads, after folding case, accents, punctuation, '&' and
  'St', as the name of another ward in scope, or (dropped words) when the words left also
  all occur in another ward's name in scope, or (typos) when another name in scope is as
  near it as the target's (letters changed, OSA distance: "kingston" is a slip of
  Kingstone but also Kingston, in Lewes);
- typos are one keyboard slip per word (a neighbouring key, a missed, doubled or swapped
  letter), never on the first letter and only in words of 4+ letters; two typos go in two
  words, or 3+ letters apart in one word of 7+ letters;
- prefixes (autocomplete) are the name as typed up to 0-2 letters past the shortest start
  that no other ward name in scope shares (or the whole name when it starts another name);
- "absent" queries (resolve only, expected null) name no ward in scope: real ward names of
  other councils (scoped to a held council), and invented ones from the generator's words
  (unscoped: a real name is a ward somewhere), none of whose words all occur in one ward
  name in scope, held or in the gazetteer, and each 3+ letters changed (OSA) from every
  name in scope (one or two slips from a name may be that name mistyped). The right answer
  is "no such ward" (or a question), not a ward: they measure how often a matcher answers
  with the wrong ward.
"""

from __future__ import annotations

import gzip
import json
import random
import re
import sqlite3
import unicodedata
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from rapidfuzz import process
from rapidfuzz.distance import OSA

from bench.common import BENCH, REPO

OUT = BENCH / "queries.jsonl"
GAZETTEER = REPO / "data" / "gazetteer.json.gz"
SEED = 7
UK_TARGETS_UNSCOPED = 110
UK_TARGETS_SCOPED = 110
UK_ABSENT = 60  # of each: unscoped invented names, scoped names of other councils' wards
BUILTIN_ABSENT = 15
# Real ward names of London boroughs the built-in data has no results for. Since the
# gazetteer they exist (unscoped, each is a ward), so the absent-name rule now drops them;
# kept so the generated file shows the rule at work rather than silently changing source.
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


def label_key(text: str, *, fold_last: bool = True) -> str:
    """The labeller's own folding: case, accents, apostrophes, '&', punctuation and 'St'.

    fold_last=False leaves a last "st" as typed: half typed, it may start "Stonebridge"."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.casefold().replace("&", " and ")
    text = re.sub(r"['’]", "", text)
    words = re.sub(r"[^a-z0-9]+", " ", text).split()
    folded = ["saint" if w == "st" else w for w in words]
    if not fold_last and words:
        folded[-1] = words[-1]
    return " ".join(folded)


@dataclass(frozen=True)
class Ward:
    id: str
    council: str
    name: str
    last: int  # year of the last election contested: the current boundaries have the latest
    aliases: tuple[str, ...] = ()  # the Welsh name, where the gazetteer has one
    held: bool = True  # False: a gazetteer ward with no result held (id "gss:E05...")

    @property
    def key(self) -> str:
        return label_key(self.name)

    @property
    def keys(self) -> list[str]:
        return list(dict.fromkeys(k for k in map(label_key, (self.name, *self.aliases)) if k))


GAZETTEER_RANK = -1  # after every held ward (0: held, never contested)


def read_wards(db: Path, gazetteer: Path = GAZETTEER) -> list[Ward]:
    """The wards held in DB and the gazetteer's wards not held there: every ward the bot
    can name. Names and Welsh names come from the gazetteer file; which held council a
    gazetteer council is and which held ward a gazetteer ward is, from the database's
    links (made at `db build`). A gazetteer ward of a council not held is scoped under
    "gss:<council code>", as the bot scopes it."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        rows = conn.execute(
            "SELECT w.id, w.council_id, w.name, coalesce((SELECT max(e.year) FROM ballots b "
            "JOIN elections e ON e.id = b.election_id WHERE b.ward_id = w.id), 0) "
            "FROM wards w ORDER BY w.id").fetchall()
        held_council = dict(conn.execute("SELECT id, council_id FROM place_councils"))
        held_ward = dict(conn.execute(
            "SELECT id, ward_id FROM place_wards WHERE ward_id IS NOT NULL"))
    finally:
        conn.close()
    data = json.loads(gzip.decompress(gazetteer.read_bytes()))
    cols = data["columns"]["wards"]
    welsh: dict[str, list[str]] = defaultdict(list)
    places = []
    for row in data["wards"]:
        r = dict(zip(cols, row, strict=True))
        if r["gss"] in held_ward:
            if r["welsh_name"]:
                welsh[held_ward[r["gss"]]].append(r["welsh_name"])
            continue
        council = held_council.get(r["council_gss"]) or f"gss:{r['council_gss']}"
        places.append(Ward(f"gss:{r['gss']}", council, r["name"], GAZETTEER_RANK,
                           (r["welsh_name"],) if r["welsh_name"] else (), held=False))
    held = [Ward(wid, council, name, last, tuple(welsh.get(wid, ())))
            for wid, council, name, last in rows]
    return held + sorted(places, key=lambda w: w.id)


class Scope:
    """The current ward of each name, per council and everywhere, held or in the gazetteer
    (a held ward is preferred to a gazetteer ward of the same name in the same council)."""

    def __init__(self, wards: list[Ward]) -> None:
        best: dict[tuple[str, str], Ward] = {}
        for w in wards:
            k = (w.council, w.key)
            if k not in best or (w.last, w.id) > (best[k].last, best[k].id):
                best[k] = w
        self.current = sorted(best.values(), key=lambda w: w.id)
        self.held = [w for w in self.current if w.held]  # the targets
        self.keys: dict[str | None, dict[str, list[Ward]]] = defaultdict(lambda: defaultdict(list))
        for w in self.current:
            for key in w.keys:
                self.keys[w.council][key].append(w)
                self.keys[None][key].append(w)

    def unique_everywhere(self, w: Ward) -> bool:
        return all(len(self.keys[None][k]) == 1 for k in w.keys)

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


def prefix(name: str, rng: random.Random, keys: list[str], own: list[str]) -> str:
    """Typed up to a little past the shortest start no other name in scope has, read with
    its last word folded ("st" as Saint) and as typed ("great st": Great Stonebridge too).

    KEYS: every name key in scope, sorted, the target's (OWN) among them."""
    for n in range(3, len(name) + 1):
        starts: set[str] = set()
        for typed in {label_key(name[:n]), label_key(name[:n], fold_last=False)}:
            lo = bisect_left(keys, typed)
            starts.update(keys[lo:bisect_left(keys, typed + "\uffff")])
        if label_key(name[:n]) and not starts - set(own):  # only the target's names
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
    if variant.startswith("typo"):  # as near another name as the target's: a guess
        d = min(OSA.distance(key, k) for k in target.keys)
        rivals = process.extract(key, list(names), scorer=OSA.distance, score_cutoff=d,
                                 limit=None)
        return any(w.id != target.id for k, _, _ in rivals for w in names[k])
    return False


def queries_for(target: Ward, scope: str | None, names: dict[str, list[Ward]],
                dataset: str, rng: random.Random, resolve: tuple[str, ...],
                complete: tuple[str, ...]) -> list[dict[str, object]]:
    out = []
    for kind, variants in (("resolve", resolve), ("autocomplete", complete)):
        for variant in variants:
            if variant == "prefix":
                query: str | None = prefix(target.name, rng, sorted(names), target.keys)
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


ABSENT_SLIPS = 3  # an absent name is at least this many letters changed from every name


def _absent_ok(name: str, names: dict[str, list[Ward]]) -> bool:
    """No name in scope has all its words, and none is within two slips of it (a typo2
    query is two slips: "west harlow" could be West Harrow mistyped)."""
    key = label_key(name)
    words = set(key.split()) - {"and"}
    return bool(words) and not any(words <= set(k.split()) for k in names) and \
        process.extractOne(key, list(names), scorer=OSA.distance,
                           score_cutoff=ABSENT_SLIPS - 1) is None


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
    councils = sorted({w.council for w in s.held})
    tries = 0
    while len(out) < 2 * n and tries < 100 * n:
        tries += 1
        ward = rng.choice(s.held)
        council = rng.choice(councils)
        if council != ward.council and _absent_ok(ward.name, s.names(council)):
            query = ward.name.lower() if rng.random() < 0.6 else ward.name
            out.append(_absent(query, council, dataset))
    return out


def generate(builtin: Path, uk: Path) -> list[dict[str, object]]:
    rng = random.Random(SEED)
    out: list[dict[str, object]] = []
    b = Scope(read_wards(builtin))
    for w in b.held:  # every built-in ward, half scoped to its council
        scope = w.council if (rng.random() < 0.5 or not b.unique_everywhere(w)) else None
        out += queries_for(w, scope, b.names(scope), "builtin", rng, RESOLVE_VARIANTS,
                           ("prefix", "typo1"))
    out += absent_queries(b, "builtin", rng, BUILTIN_ABSENT, list(LONDON_ELSEWHERE))
    builtin_councils = {w.council for w in b.held}
    u = Scope(read_wards(uk))
    generated = [w for w in u.held if w.council not in builtin_councils]
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
