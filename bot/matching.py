"""Resolving what people type to councils, wards, people and parties.

Everything is answered from memory: the index is built once from the store at
start-up (and on reload), so autocomplete never touches the database.

Order of preference when resolving: a stable id; an exact name, alias, slug or
GSS code; a surname (people); a whole-word prefix ("colindale" -> both Colindale
wards, so ambiguous); then fuzzy matching with rapidfuzz above a cutoff. An exact
name always beats a longer name that contains it ("hendon" is Hendon, not West
Hendon).
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

MAX_QUERY = 200  # longer input is cut: no name is that long, and fuzzy cost grows with length
ACCEPT = 86.0  # fuzzy score needed to accept a match without asking
TIE = 4.0  # candidates within this many points of the best are near-ties
SUGGEST = 55.0  # fuzzy score needed to be offered as a suggestion

# Short forms folded to the long word on both sides, so "St Helens", "Saint Helens" and
# "st hel" (half typed) all meet. Long forms are the target because a half-typed long
# word is still a prefix of it.
_LONG_FORMS = {
    "st": "saint", "mt": "mount", "gt": "great", "lt": "little",
    "n": "north", "s": "south", "e": "east", "w": "west",
}
_APOSTROPHES = re.compile(r"['’‘`´ʼ]")
_SEPARATORS = re.compile(r"[\W_]+")


def normalise(text: str) -> str:
    """Case, accents, apostrophes, '&'/'and', hyphens and a trailing 'ward' folded away."""
    text = unicodedata.normalize("NFKD", text[:MAX_QUERY])
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    text = text.replace("&", " and ").replace("+", " and ")
    text = _APOSTROPHES.sub("", text)
    tokens = _SEPARATORS.sub(" ", text).split()
    if len(tokens) > 1 and tokens[-1] == "ward":
        tokens.pop()
    return " ".join(_LONG_FORMS.get(t, t) for t in tokens)


@dataclass(frozen=True, slots=True)
class Entry:
    kind: str
    id: str
    name: str
    council_id: str | None
    detail: str
    rank: int
    norm: str

    @property
    def label(self) -> str:
        return f"{self.name} — {self.detail}" if self.detail else self.name


@dataclass(frozen=True, slots=True)
class Resolution:
    """The outcome of resolving one name.

    status: "match" (entry set), "ambiguous" (choices set), "none" (suggestions maybe set).
    """

    status: str
    query: str
    entry: Entry | None = None
    how: str = ""  # id | exact | surname | prefix | fuzzy
    score: float = 100.0
    choices: tuple[Entry, ...] = ()
    suggestions: tuple[Entry, ...] = ()


@dataclass(slots=True)
class _Scope:
    """Entries of one kind within one council (or all councils)."""

    entries: list[int] = field(default_factory=list)
    keys: list[str] = field(default_factory=list)  # fuzzy choices
    key_owner: list[int] = field(default_factory=list)
    prefixes: list[tuple[str, int]] = field(default_factory=list)  # sorted (norm name, entry)
    words: list[tuple[str, int]] = field(default_factory=list)  # sorted (word, entry)


class NameIndex:
    def __init__(self) -> None:
        self._entries: list[Entry] = []
        self._by_id: dict[tuple[str, str], int] = {}
        self._exact: dict[tuple[str, str], list[int]] = defaultdict(list)
        self._surname: dict[tuple[str, str], list[int]] = defaultdict(list)
        self._scopes: dict[tuple[str, str | None], _Scope] = {}

    def __len__(self) -> int:
        return len(self._entries)

    def add(self, kind: str, id: str, name: str, *, council_id: str | None = None,
            aliases: Iterable[str] = (), detail: str = "", rank: int = 0) -> None:
        norm = normalise(name)
        idx = len(self._entries)
        self._entries.append(Entry(kind, id, name, council_id, detail, rank, norm))
        self._by_id[(kind, id)] = idx
        keys = {norm, normalise(id), normalise(id.rpartition(":")[2])}
        keys |= {normalise(a) for a in aliases}
        keys.discard("")
        for key in keys:
            self._exact[(kind, key)].append(idx)
        if kind in ("person", "speaker") and " " in norm:
            self._surname[(kind, norm.rsplit(" ", 1)[1])].append(idx)
        for scope_key in {(kind, None), (kind, council_id)}:
            scope = self._scopes.setdefault(scope_key, _Scope())
            scope.entries.append(idx)
            for key in keys:
                scope.keys.append(key)
                scope.key_owner.append(idx)
                scope.prefixes.append((key, idx))
                scope.words += [(w, idx) for w in key.split()[1:]]

    def freeze(self) -> NameIndex:
        """Sort the prefix tables; call once after the last add()."""
        for scope in self._scopes.values():
            scope.prefixes.sort()
            scope.words.sort()
        return self

    def get(self, kind: str, id: str) -> Entry | None:
        idx = self._by_id.get((kind, id))
        return None if idx is None else self._entries[idx]

    def entries(self, kind: str, council_id: str | None = None) -> list[Entry]:
        scope = self._scopes.get((kind, council_id))
        return [self._entries[i] for i in scope.entries] if scope else []

    # -- resolving ------------------------------------------------------------

    def _in_scope(self, idxs: Iterable[int], council_id: str | None) -> list[Entry]:
        found = [self._entries[i] for i in dict.fromkeys(idxs)]
        if council_id is not None:
            found = [e for e in found if e.council_id in (council_id, None)]
        return found

    @staticmethod
    def _pick(found: list[Entry], query: str, how: str) -> Resolution:
        """One entry wins outright, or the best-ranked one does when only rank separates them."""
        if len(found) == 1:
            return Resolution("match", query, found[0], how)
        found.sort(key=lambda e: (-e.rank, e.name))
        same_place = len({(e.council_id, e.norm) for e in found}) == 1
        if same_place and found[0].rank > found[1].rank:
            return Resolution("match", query, found[0], how)
        return Resolution("ambiguous", query, how=how, choices=tuple(found[:25]))

    def resolve(self, kind: str, query: str, council_id: str | None = None) -> Resolution:
        query = query[:MAX_QUERY]
        raw = query.strip()
        if (kind, raw) in self._by_id:
            entry = self._entries[self._by_id[(kind, raw)]]
            if council_id is None or entry.council_id in (council_id, None):
                return Resolution("match", query, entry, "id")
        q = normalise(query)
        if not q:
            return Resolution("none", query)
        found = self._in_scope(self._exact.get((kind, q), ()), council_id)
        if found:
            return self._pick(found, query, "exact")
        if " " not in q:
            found = self._in_scope(self._surname.get((kind, q), ()), council_id)
            if found:
                return self._pick(found, query, "surname")
        scope = self._scopes.get((kind, council_id))
        if scope is None:
            return Resolution("none", query)
        if len(q) >= 3:
            found = self._in_scope(self._prefixed(scope.prefixes, q + " "), council_id)
            if found:
                return self._pick(found, query, "prefix")
        return self._fuzzy(scope, q, query)

    def _fuzzy(self, scope: _Scope, q: str, query: str) -> Resolution:
        hits = process.extract(q, scope.keys, scorer=fuzz.WRatio, limit=12, score_cutoff=SUGGEST)
        best: dict[int, float] = {}
        for _, score, pos in hits:
            owner = scope.key_owner[pos]
            best[owner] = max(best.get(owner, 0.0), score)
        ranked = sorted(best.items(), key=lambda kv: (-kv[1], self._entries[kv[0]].name))
        if not ranked:
            return Resolution("none", query)
        top_score = ranked[0][1]
        if top_score >= ACCEPT:
            near = [self._entries[i] for i, s in ranked if s >= top_score - TIE]
            if len(near) == 1:
                return Resolution("match", query, near[0], "fuzzy", top_score)
            resolution = self._pick(near, query, "fuzzy")
            if resolution.status == "match":
                return resolution
            return Resolution("ambiguous", query, how="fuzzy", score=top_score,
                              choices=tuple(near[:25]))
        return Resolution("none", query, score=top_score,
                          suggestions=tuple(self._entries[i] for i, _ in ranked[:5]))

    @staticmethod
    def _prefixed_keys(table: list[tuple[str, int]], prefix: str) -> list[tuple[str, int]]:
        """(key, entry) for every key starting with `prefix`, from a sorted table."""
        out = []
        pos = bisect_left(table, (prefix, -1))
        while pos < len(table) and table[pos][0].startswith(prefix):
            out.append(table[pos])
            pos += 1
        return out

    @classmethod
    def _prefixed(cls, table: list[tuple[str, int]], prefix: str) -> list[int]:
        return [i for _, i in cls._prefixed_keys(table, prefix)]

    # -- autocomplete -----------------------------------------------------------

    def autocomplete(self, kind: str, text: str, council_id: str | None = None,
                     limit: int = 25) -> list[Entry]:
        """Up to `limit` entries: exact, then name prefix, then word prefix, then fuzzy."""
        scope = self._scopes.get((kind, council_id))
        if scope is None:
            return []
        q = normalise(text)
        if not q:
            ordered = sorted((self._entries[i] for i in scope.entries),
                             key=lambda e: (-e.rank, e.name))
            return ordered[:limit]
        picked: dict[int, None] = {}

        def take(idxs: Iterable[int]) -> bool:
            for i in idxs:
                picked.setdefault(i)
                if len(picked) >= limit:
                    return True
            return False

        exact = sorted(self._in_scope(self._exact.get((kind, q), ()), council_id),
                       key=lambda e: -e.rank)
        if take(self._by_id[(e.kind, e.id)] for e in exact):
            return self._out(picked)
        # Completions of what was typed, in the order of the names they complete
        # ("barn" -> barnet before barnsley), the current boundaries first.
        starts = [i for _, i in sorted(self._prefixed_keys(scope.prefixes, q),
                                       key=lambda ki: (-self._entries[ki[1]].rank, ki[0]))]
        if take(starts):
            return self._out(picked)
        if take(self._prefixed(scope.words, q)):
            return self._out(picked)
        if len(q) >= 2:
            hits = process.extract(q, scope.keys, scorer=fuzz.WRatio, limit=limit * 2,
                                   score_cutoff=SUGGEST)
            take(scope.key_owner[pos] for _, _, pos in hits)
        return self._out(picked)

    def _out(self, picked: dict[int, None]) -> list[Entry]:
        return [self._entries[i] for i in picked]
