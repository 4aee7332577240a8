"""Resolving what people type to councils, wards, people and parties.

Everything is answered from memory: the index is built once from the store at
start-up (and on reload), so autocomplete never touches the database.

Order of preference when resolving: a stable id; an exact name, alias, slug or
GSS code; a surname (people); a whole-word prefix ("colindale" -> both Colindale
wards, so ambiguous); then fuzzy matching with rapidfuzz above a cutoff. An exact
name always beats a longer name that contains it ("hendon" is Hendon, not West
Hendon).

Fuzzy matching scores names and aliases (never ids or codes, which are matched
exactly) by the mean of rapidfuzz's WRatio and token_sort_ratio: WRatio forgives a
dropped word, token_sort_ratio keeps a name that contains the query ("hendon" in
"wwst hendon") from tying with the name that was misspelt. In a big scope (every
ward in the country) only a shortlist is scored: the names sharing a word, or a
near-spelling of a word, with the query (see _WordIndex), which keeps a keystroke
under a millisecond at 10,000+ wards.
"""

from __future__ import annotations

import heapq
import itertools
import re
import unicodedata
from array import array
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA


@dataclass(frozen=True, slots=True)
class MatchTuning:
    """Every knob of the matcher in one place (bench/matching.py measures them)."""

    max_query: int = 200  # longer input is cut: no name is that long, and fuzzy cost grows
    accept: float = 86.0  # fuzzy score needed to accept a match without asking
    tie: float = 3.0  # candidates within this many points of the best are near-ties
    clear: float = 60.0  # ...or this score, when it leads every other name by `margin` points
    margin: float = 12.0
    whole: float = 65.0  # ...and the query is spelt like the whole name (token_sort_ratio)
    w_weight: float = 0.4  # the fuzzy score: WRatio, token_sort_ratio and ratio, weighted
    t_weight: float = 0.4
    r_weight: float = 0.2
    suggest: float = 55.0  # fuzzy score needed to be offered as a suggestion
    word_index_min: int = 1000  # scopes with more fuzzy keys than this score a shortlist only
    shortlist: int = 48  # names scored in such a scope (plus a whole-scope QRatio pass)
    shortlist_max: int = 128  # ...or more when they tie for a place
    first_kept: int = 25  # autocomplete choices before anything is typed (Discord shows 25)
    near_min: int = 5  # a query this long one slip from a whole name is that name (see _near)


TUNING = MatchTuning()
MAX_QUERY = TUNING.max_query
ACCEPT, TIE, CLEAR, MARGIN, WHOLE = (TUNING.accept, TUNING.tie, TUNING.clear, TUNING.margin,
                                     TUNING.whole)
W_WEIGHT, T_WEIGHT, R_WEIGHT = TUNING.w_weight, TUNING.t_weight, TUNING.r_weight
SUGGEST = TUNING.suggest
WORD_INDEX_MIN = TUNING.word_index_min
SHORTLIST, SHORTLIST_MAX = TUNING.shortlist, TUNING.shortlist_max
FIRST_KEPT = TUNING.first_kept
NEAR_MIN = TUNING.near_min

# Short forms folded to the long word on both sides, so "St Helens", "Saint Helens" and
# "st hel" (half typed) all meet. Long forms are the target because a half-typed long
# word is still a prefix of it.
_LONG_FORMS = {
    "st": "saint", "mt": "mount", "gt": "great", "lt": "little",
    "n": "north", "s": "south", "e": "east", "w": "west",
    "ne": "north east", "nw": "north west", "se": "south east", "sw": "south west",
}
_APOSTROPHES = re.compile(r"['’‘`´ʼ]")
_SEPARATORS = re.compile(r"[\W_]+")


def normalise(text: str, *, fold_last: bool = True) -> str:
    """Case, accents, apostrophes, '&'/'and', hyphens and a trailing 'ward' folded away.

    fold_last=False leaves the last word's short form alone: half typed, "st" may be
    the start of "stonebridge" rather than "saint"."""
    text = unicodedata.normalize("NFKD", text[:MAX_QUERY])
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    text = text.replace("&", " and ").replace("+", " and ")
    text = _APOSTROPHES.sub("", text)
    tokens = _SEPARATORS.sub(" ", text).split()
    if len(tokens) > 1 and tokens[-1] == "ward":
        tokens.pop()
    folded = [_LONG_FORMS.get(t, t) for t in tokens]
    if not fold_last and tokens:
        folded[-1] = tokens[-1]
    return " ".join(folded)


def glued(key: str) -> str:
    """A name with its words run together: "craig y don" -> "craigydon"."""
    return key.replace(" ", "")


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
    keys: list[str] = field(default_factory=list)  # fuzzy choices: names and aliases
    key_owner: list[int] = field(default_factory=list)
    prefixes: list[tuple[str, int]] = field(default_factory=list)  # sorted (norm name, entry)
    words: list[tuple[str, int]] = field(default_factory=list)  # sorted (word, entry)
    word_index: _WordIndex | None = None  # big scopes only (see freeze)
    first: list[int] = field(default_factory=list)  # offered before anything is typed


def _is_code(key: str) -> bool:
    """E05000976, PP53, '53 119': every word has a digit. Matched exactly, never fuzzily."""
    return all(any(c.isdigit() for c in word) for word in key.split())


def _unexplained(q: str, key: str) -> int:
    """How many words of the query (2+ letters, not 'and') are neither in KEY (also glued,
    from the start of one of its words: 'childshill', not 'ambridge' in 'cambridge') nor a
    slip of one of its words (see _slip_of); a two-letter word must start one of KEY's
    words. Stricter than the score on purpose: it decides whether to answer, and
    "darfield" is not Hatfield nor "birchfield" Fairfield: those are asked about ("did
    you mean"), not answered."""
    words = key.split()
    starts = [glued(" ".join(words[i:])) for i in range(len(words))]
    out = 0
    for w in q.split():
        if len(w) < 2 or w == "and":
            continue
        if len(w) == 2:
            out += not any(k.startswith(w) for k in words)
        elif not any(s.startswith(w) for s in starts) and not any(_slip_of(w, k) for k in words):
            out += 1
    return out


def _in_order(words: list[str], key_words: list[str]) -> bool:
    rest = iter(key_words)
    return all(w in rest for w in words)


def _aligned(q: str, key: str) -> bool:
    """Q has KEY's words, each as typed or a slip of it (see _slip_of), in KEY's order."""
    typed, words = q.split(), key.split()
    return len(typed) == len(words) and all(
        t == w or (len(t) >= 3 and len(w) >= 3 and _slip_of(t, w))
        for t, w in zip(typed, words, strict=True))


def _slip_of(typed: str, word: str) -> bool:
    """TYPED is WORD with a slip or two, or shortened by dropping letters ("nth", "upr")."""
    if typed[0] != word[0]:
        return False
    slips = 1 if len(typed) <= 5 else 2
    if OSA.distance(typed, word, score_cutoff=slips) <= slips:
        return True
    rest = iter(word)
    return len(typed) < len(word) and all(ch in rest for ch in typed)


def _has(sorted_list: list[int], x: int) -> bool:
    i = bisect_left(sorted_list, x)
    return i < len(sorted_list) and sorted_list[i] == x


def _deletions(word: str) -> set[str]:
    return {word[:i] + word[i + 1:] for i in range(len(word))}


class _WordIndex:
    """The fuzzy keys of one big scope by word: which keys share words with the query.

    A query word stands for the words it is spelt like: itself; words one slip away (a
    missed, extra, wrong or swapped letter: they share a one-letter deletion); failing
    those, words of about its length with rapidfuzz ratio >= 70; and, for the last word
    (half typed in autocomplete), the first few words it starts. The keys containing the
    most query words (so spelt) make the shortlist that is scored in full. Set unions and
    Counter do the counting in C: this runs on every keystroke.
    """

    __slots__ = ("by_first", "by_length", "by_size", "deletions", "keys_by_size", "lengths", "n",
                 "postings", "sizes", "sorted_words", "tails")

    def __init__(self, keys: Sequence[str]) -> None:
        postings: dict[str, list[int]] = defaultdict(list)
        for pos, key in enumerate(keys):
            for word in dict.fromkeys(key.split()):
                postings[word].append(pos)
        self.lengths = [len(k) for k in keys]
        self.by_size = sorted(range(len(keys)), key=self.lengths.__getitem__)
        self.keys_by_size = [keys[p] for p in self.by_size]
        self.sizes = [self.lengths[p] for p in self.by_size]
        # For one slip from a whole name (NameIndex._near_hits): the keys by first letter
        # (ranks in by_size, so by length), and by all but the first letter, for a slip
        # there. A slice of one letter's keys, not of all, is compared: 4-10x fewer.
        # Compact (arrays; tails by hash, a collision only adds a candidate): ~2 MB at
        # 20,000 wards, where lists and strings took 4.4.
        self.by_first: dict[str, tuple[array[int], array[int]]] = {}
        self.tails: dict[int, int | tuple[int, ...]] = {}
        for rank, key in enumerate(self.keys_by_size):
            sizes, ranks = self.by_first.setdefault(key[:1], (array("H"), array("i")))
            sizes.append(min(len(key), 65535))
            ranks.append(rank)
            h = hash(key[1:])
            seen = self.tails.get(h)
            self.tails[h] = rank if seen is None else (
                (*seen, rank) if isinstance(seen, tuple) else (seen, rank))
        self.postings = dict(postings)
        self.n = len(keys)
        self.sorted_words = sorted(self.postings)
        self.deletions: dict[str, list[str]] = defaultdict(list)
        self.by_length: dict[int, list[str]] = defaultdict(list)
        for word in self.sorted_words:
            self.by_length[len(word)].append(word)
            if len(word) >= 3:
                for d in _deletions(word) | {word}:
                    self.deletions[d].append(word)

    def _spelt_like(self, word: str, last: bool) -> set[str]:
        found: set[str] = set()
        if word in self.postings:
            found.add(word)
        if len(word) >= 3:
            for d in _deletions(word) | {word}:
                found.update(self.deletions.get(d, ()))
        if not found and len(word) >= 4:
            near = [w for n in range(len(word) - 2, len(word) + 3)
                    for w in self.by_length.get(n, ())]
            found.update(w for w, _, _ in process.extract(
                word, near, scorer=fuzz.ratio, limit=5, score_cutoff=70))
        if last and len(word) >= 2:  # a half-typed word: the words it starts
            pos = bisect_left(self.sorted_words, word)
            for w in self.sorted_words[pos:pos + 8]:
                if not w.startswith(word):
                    break
                found.add(w)
        return found

    def one_slip_ranks(self, q: str) -> list[int]:
        """Ranks (in by_size, ascending) of every key within a letter of Q's length that
        could be one slip (OSA distance <= 1) from Q, and some that are not: those starting
        with Q's first letter, and those whose slip is in the first letter (substituted,
        added, dropped, or swapped with the second), found by what follows it."""
        out: set[int] = set()
        if q[:1] in self.by_first:
            sizes, ranks = self.by_first[q[:1]]
            out.update(ranks[bisect_left(sizes, len(q) - 1):bisect_right(sizes, len(q) + 1)])
        for tail in {q[1:], q, q[:1] + q[2:], q[2:]}:
            found = self.tails.get(hash(tail))
            if isinstance(found, int):
                out.add(found)
            elif found:
                out.update(found)
        return sorted(out)

    def spelt_alike(self, q: str, limit: int) -> list[int]:
        """Positions of the LIMIT keys spelt most like the whole of Q (rapidfuzz QRatio
        >= 75), whatever their words: "childshill". Only keys of a length that can score
        75 are compared (3/5 to 5/3 of Q's)."""
        lo = bisect_left(self.sizes, (3 * len(q)) // 5)
        hi = bisect_right(self.sizes, (5 * len(q)) // 3)
        return [self.by_size[lo + i] for _, _, i in process.extract(
            q, self.keys_by_size[lo:hi], scorer=fuzz.QRatio, limit=limit, score_cutoff=75)]

    def shortlist(self, q: str, limit: int = SHORTLIST) -> tuple[list[int], bool]:
        """Positions of the keys most likely to be meant by Q (normalised), and whether a
        word of 3+ letters was spelt like no word of any key (glued words, say).

        Keys with all the query's words (as spelt, see above) come first, then those with
        all but one, and so on, until LIMIT are found; the tier that passes LIMIT is taken
        shortest first, up to SHORTLIST_MAX in all. Words in more than a tenth of the keys
        ("and", "north") say too little to be worth their long lists, unless the query has
        nothing else. Only the six rarest words count."""
        words = q.split()
        spellings = [self._spelt_like(w, i == len(words) - 1) for i, w in enumerate(words)]
        unseen = any(not found and len(w) >= 3 for w, found in zip(words, spellings,
                                                                    strict=True))
        common = self.n // 10
        if any(len(self.postings[w]) <= common for found in spellings for w in found):
            spellings = [{w for w in found if len(self.postings[w]) <= common}
                         for found in spellings]
        sets = sorted((set().union(*(self.postings[w] for w in found))
                       for found in spellings if found), key=len)[:6]
        out: list[int] = []
        seen: set[int] = set()
        for k in range(len(sets), 0, -1):
            tier = set().union(*(set.intersection(*c) for c in
                                 itertools.combinations(sets, k))) - seen
            if len(out) + len(tier) >= limit:
                room = SHORTLIST_MAX - len(out)
                out += sorted(tier, key=self.lengths.__getitem__)[:room] if len(tier) > room \
                    else tier
                break
            out += tier
            seen |= tier
        return out, unseen


class NameIndex:
    def __init__(self) -> None:
        self._entries: list[Entry] = []
        self._by_id: dict[tuple[str, str], int] = {}
        self._exact: dict[tuple[str, str], list[int]] = defaultdict(list)
        self._surname: dict[tuple[str, str], list[int]] = defaultdict(list)
        self._glued: dict[tuple[str, str], list[int]] = defaultdict(list)  # "craigydon"
        self._scopes: dict[tuple[str, str | None], _Scope] = {}

    def __len__(self) -> int:
        return len(self._entries)

    def add(self, kind: str, id: str, name: str, *, council_id: str | None = None,
            aliases: Iterable[str] = (), detail: str = "", rank: int = 0) -> None:
        norm = normalise(name)
        idx = len(self._entries)
        self._entries.append(Entry(kind, id, name, council_id, detail, rank, norm))
        self._by_id[(kind, id)] = idx
        slug = normalise(id.rpartition(":")[2])
        names = {norm, slug} | {normalise(a) for a in aliases}
        # "Newton-le-Willows West" is also typed "newtonlewillows west"
        names |= {normalise(n.replace("-", "")) for n in (name, *aliases) if "-" in n}
        keys = names | {normalise(id)}
        keys.discard("")
        for key in keys:
            self._exact[(kind, key)].append(idx)
        if kind in ("person", "speaker") and " " in norm:
            self._surname[(kind, norm.rsplit(" ", 1)[1])].append(idx)
        # What is typed is a name: completed and matched fuzzily are names and aliases, not
        # a composite id ("barnet 2022 childs hill") or a code (E05000048), which would
        # put every ward of a council called "edge..." before the ward named so.
        typed = sorted(k for k in names if k and (k == norm or not _is_code(k)))
        # Run together, a name is still that name ("craigydon", "childshill"); where it has
        # one- or two-letter words (Welsh "y", "a", "yr") it is typed so often enough to be
        # matched fuzzily too.
        for key in typed:
            if " " in key:
                self._glued[(kind, glued(key))].append(idx)
        typed += [glued(k) for k in typed if any(len(w) <= 2 for w in k.split()[1:])]
        for scope_key in {(kind, None), (kind, council_id)}:
            scope = self._scopes.setdefault(scope_key, _Scope())
            scope.entries.append(idx)
            for key in typed:
                scope.keys.append(key)
                scope.key_owner.append(idx)
                scope.prefixes.append((key, idx))
                scope.words += [(w, idx) for w in key.split()[1:]]

    def freeze(self) -> NameIndex:
        """Sort the prefix tables and index the big scopes; call once after the last add()."""
        for scope in self._scopes.values():
            scope.prefixes.sort()
            scope.words.sort()
            if len(scope.keys) > WORD_INDEX_MIN:
                scope.word_index = _WordIndex(scope.keys)
            entries = self._entries
            scope.first = heapq.nsmallest(FIRST_KEPT, scope.entries,
                                          key=lambda i: (-entries[i].rank, entries[i].name))
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
        # One slip from whole names: when several names are, it is asked about ("mrayland":
        # Mayland or Maryland?). A name the query is the start of, one letter short, beats a
        # longer name it starts with whole words ("st mary" is the St Mary's wards, not St
        # Mary Cray); any other slip does not ("adlington" is Adlington & Anderton, not
        # Arlington).
        near = self._near_hits(scope, q, council_id) if len(q) >= NEAR_MIN else []
        prefixed = self._in_scope(self._prefixed(scope.prefixes, q + " "), council_id) \
            if len(q) >= 3 else []
        if prefixed:
            near = [(e, key) for e, key in near if key.startswith(q)]
        if near:
            return self._pick([e for e, _ in near], query, "near")
        if prefixed:
            return self._pick(prefixed, query, "prefix")
        found = self._in_scope(self._glued.get((kind, q), ()), council_id)
        if found:
            return self._pick(found, query, "exact")
        if " " in q:
            found = self._in_scope(self._with_words(scope, q), council_id)
            if found and len({(e.council_id, e.norm) for e in found}) <= FIRST_KEPT:
                return self._pick(found, query, "words")
        return self._fuzzy(scope, q, query)

    def _with_words(self, scope: _Scope, q: str) -> list[int]:
        """Entries with a name that has every word of Q, in order, with others between
        ("clay north": Clay Cross North). A word left out is the commonest slip after a
        letter; a two-word query with a word every name has ("and") is not enough."""
        words = q.split()
        if any(len(w) < 2 for w in words) or len([w for w in words if w != "and"]) < 2:
            return []
        if scope.word_index is not None:
            postings = scope.word_index.postings
            if any(w not in postings for w in words):
                return []
            # the shortest list, kept where every other (sorted) list has it: "and" is in
            # thousands of names, and a set of it per query cost most of the time
            lists = sorted((postings[w] for w in words), key=len)
            positions = {p for p in lists[0] if all(_has(x, p) for x in lists[1:])}
        else:
            positions = set(range(len(scope.keys)))
        out: dict[int, None] = {}
        for pos in sorted(positions):
            key = scope.keys[pos]
            if len(key.split()) > len(words) and _in_order(words, key.split()):
                out.setdefault(scope.key_owner[pos])
        return list(out)

    def _near_hits(self, scope: _Scope, q: str,
                   council_id: str | None) -> list[tuple[Entry, str]]:
        """(entry, name) for names one slip (OSA distance 1) from Q, that slip not in a
        word's first letter nor a space. Only names within a letter of Q's length are
        compared (in a big scope, a slice of the names sorted by length)."""
        if scope.word_index is not None:
            wi = scope.word_index
            ranks = wi.one_slip_ranks(q)
            keys: Sequence[str] = [wi.keys_by_size[r] for r in ranks]
            positions: Sequence[int] = [wi.by_size[r] for r in ranks]
        else:
            keys = scope.keys
            positions = range(len(keys))
        out: dict[int, str] = {}
        for key, _, i in process.extract(q, keys, scorer=OSA.distance, score_cutoff=1,
                                         limit=None):
            idx = scope.key_owner[positions[i]]
            if idx not in out and q.count(" ") == key.count(" ") \
                    and not _unexplained(q, key):  # "gatfield" is not Hatfield
                out[idx] = key
        return [(e, out[self._by_id[(e.kind, e.id)]]) for e in self._in_scope(out, council_id)]

    def _scored(self, scope: _Scope, q: str, limit: int,
                thorough: bool = True) -> list[tuple[int, float, float, str]]:
        """(entry, fuzzy score, token_sort score, the key scored) best first, at most LIMIT,
        each scoring at least SUGGEST. THOROUGH: in a big scope, when nothing in the
        shortlist scores well and a word of the query is spelt like no word of any name
        (or nothing scores at all), also score the names spelt most like the whole query
        (a pass over the scope: most of a millisecond at 10,000 wards)."""
        positions: Sequence[int] | None = None
        unseen = False
        if scope.word_index is not None:
            positions, unseen = scope.word_index.shortlist(q)
        choices = scope.keys if positions is None else [scope.keys[p] for p in positions]
        hits = process.extract(q, choices, scorer=fuzz.WRatio, limit=limit * 2,
                               score_cutoff=SUGGEST)
        if thorough and positions is not None and (
                not hits or (unseen and hits[0][1] < ACCEPT + 5)):
            # "childshill": no clear hit among the names sharing a word with it
            seen = set(positions)
            extra = [p for p in scope.word_index.spelt_alike(q, SHORTLIST // 2)
                     if p not in seen]
            if extra:
                positions = [*positions, *extra]
                choices = [scope.keys[p] for p in positions]
                hits = process.extract(q, choices, scorer=fuzz.WRatio, limit=limit * 2,
                                       score_cutoff=SUGGEST)
        best: dict[int, tuple[float, float, str]] = {}
        for key, w_score, pos in hits:
            owner = scope.key_owner[pos if positions is None else positions[pos]]
            whole = fuzz.token_sort_ratio(q, key)
            score = W_WEIGHT * w_score + T_WEIGHT * whole + R_WEIGHT * fuzz.ratio(q, key)
            if score >= SUGGEST and score > best.get(owner, (0.0,))[0]:
                best[owner] = (score, whole, key)
        entries = self._entries
        ranked = sorted(best.items(),
                        key=lambda kv: (-kv[1][0], -entries[kv[0]].rank, entries[kv[0]].name))
        return [(i, *scores) for i, scores in ranked[:limit]]

    def _fuzzy(self, scope: _Scope, q: str, query: str) -> Resolution:
        ranked = self._scored(scope, q, 12)
        if not ranked:
            return Resolution("none", query)
        # Only a name that accounts for every word typed is answered with: "lower highfield
        # and ivybridge" is not Ivybridge and Highfield, and "wwst hendon" is West Hendon,
        # not Hendon. The others can still be suggested.
        whole_query = [r for r in ranked if not _unexplained(q, r[3])]
        suggestions = tuple(self._entries[r[0]] for r in [*whole_query, *(
            r for r in ranked if r not in whole_query)][:5])
        if not whole_query:
            return Resolution("none", query, score=ranked[0][1], suggestions=suggestions)
        # Every word typed a slip of the word in the same place of exactly one name
        # ("meashal nopth": Measham North, not Measham South): that name, however low the
        # score of two slips in a short name; several such names are asked about.
        aligned = [(OSA.distance(q, r[3]), r[0]) for r in whole_query if _aligned(q, r[3])]
        if aligned:
            least = min(d for d, _ in aligned)  # "bzeston": Beeston (1 slip), not Bilston (2)
            return self._pick([self._entries[i] for d, i in aligned if d == least], query,
                              "fuzzy")
        best, top_score, whole, _ = whole_query[0]
        runner_up = max((s for i, s, _, _ in ranked if i != best), default=0.0)
        # A lower score is enough when the query is a misspelling of the whole name (not a
        # part of it, like a surname alone) and no other name comes near.
        clear = top_score >= CLEAR and whole >= WHOLE and top_score - runner_up >= MARGIN
        if top_score >= ACCEPT or clear:
            near = [self._entries[i] for i, s, _, _ in whole_query if s >= top_score - TIE]
            if len(near) == 1:
                return Resolution("match", query, near[0], "fuzzy", top_score)
            resolution = self._pick(near, query, "fuzzy")
            if resolution.status == "match":
                return resolution
            return Resolution("ambiguous", query, how="fuzzy", score=top_score,
                              choices=tuple(near[:25]))
        return Resolution("none", query, score=top_score, suggestions=suggestions)

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
        """Up to `limit` entries: exact, then name prefix, then word prefix; fuzzy only when
        none of those."""
        scope = self._scopes.get((kind, council_id))
        if scope is None:
            return []
        found = self._autocomplete(scope, kind, text, council_id, limit)
        if council_id is not None and len(found) < limit and text.strip():
            # what was typed: the server's council first, then the rest of the UK
            seen = {e.id for e in found}
            found += [e for e in self.autocomplete(kind, text, None, limit)
                      if e.id not in seen][:limit - len(found)]
        return found

    def _autocomplete(self, scope: _Scope, kind: str, text: str, council_id: str | None,
                      limit: int) -> list[Entry]:
        q = normalise(text)
        if not q:  # the option just focused: sorted once, at freeze
            return [self._entries[i] for i in scope.first[:limit]]
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
        # ("barn" -> barnet before barnsley), the current boundaries first; a last word
        # that may be a short form also as typed ("chapel with s": south, or stonebridge).
        as_typed = normalise(text, fold_last=False)
        entries = self._entries
        for prefix in dict.fromkeys((q, as_typed)):
            # "b" starts thousands of names in a big scope: only the first few are wanted
            starts = [i for _, i in heapq.nsmallest(
                2 * limit, self._prefixed_keys(scope.prefixes, prefix),
                key=lambda ki: (-entries[ki[1]].rank, ki[0]))]
            if take(starts):
                return self._out(picked)
        for prefix in dict.fromkeys((q, as_typed)):
            if take(self._prefixed(scope.words, prefix)):
                return self._out(picked)
        if not picked and len(q) >= 2:
            # Nothing starts so: a misspelling, so suggest by spelling (the shortlist is
            # enough). Names that start with what is typed are the better list; padding it
            # with near-spellings would only bury them, and cost most of the time.
            take(r[0] for r in self._scored(scope, q, limit, thorough=False))
        return self._out(picked)

    def _out(self, picked: dict[int, None]) -> list[Entry]:
        return [self._entries[i] for i in picked]
