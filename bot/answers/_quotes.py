"""What /quote shows of its statements: grouped by date (an undated one placed by its
context's words), near-duplicates merged, each named by a short source."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from itertools import pairwise

from bot import format as fmt
from bot.answers._context import Parties
from bot.answers._wording import source_name
from bot.domain import Council, Election, Person, Source, Statement


@dataclass(frozen=True, slots=True)
class QuoteFacts:
    title: str  # "What Barry Rawlings said", "What Labour figures said", "Statements mentioning …"
    statements: tuple[Statement, ...]  # oldest first, undated last (the store's order)
    people: Mapping[str, Person]  # the speakers, by id
    cited: Mapping[str, Source]  # the statements' sources, by id
    elections: Mapping[str, list[Election]]  # council id -> council-wide elections with a result
    councils: Mapping[str, Council]  # the statements' councils, by id
    data_version: str


# Words in a context or note that say a statement was made when the result came in.
RESULT_WORDS = re.compile(r"\b(results? night|election night|the count|conced\w*|"
                          r"declaration|after the (?:result|win|count|election))\b", re.I)
RESULT_DAYS = 3  # a results-day group is at most this many days after polling day
FRAGMENT = 60  # a quote this short is a fragment of a report's sentence
# Words too common to tie two remarks together: filler, and an election's own vocabulary.
STOP = frozenset([
    "about", "after", "again", "also", "been", "before", "being", "could", "from", "have",
    "just", "more", "much", "only", "other", "over", "really", "said", "some", "than",
    "that", "their", "them", "then", "there", "these", "they", "this", "those", "very",
    "well", "were", "what", "when", "where", "which", "while", "will", "with", "would",
    "your", "election", "elections", "result", "results", "council", "councils",
    "councillor", "councillors", "vote", "votes", "voters", "seat", "seats", "ward",
    "wards", "campaign", "party", "parties", "majority", "government", "people", "local",
    "residents", "national", "leader", "group"])


@dataclass(slots=True)
class Quote:
    """One quote as shown: a statement, and any near-duplicates reported elsewhere."""

    statement: Statement
    source: str  # short publisher name
    also: list[tuple[Statement, str]]  # near-duplicates and their short source names
    placed: str = ""  # why an undated statement sits where it does


def name_of(s: Statement, people: Mapping[str, Person]) -> str:
    p = people.get(s.person_id)
    return p.name if p else s.person_id


def short_source(s: Statement, cited: Mapping[str, Source]) -> str:
    """The publisher in a few words: of the cited source at the statement's link, else the
    statement's outlet, else the first cited publisher."""
    found = [src for c in s.cites if (src := cited.get(c.source_id)) is not None]
    for src in found:
        if s.url and src.url == s.url:
            return source_name(src)
    outlet = re.sub(r"\s*\([^()]*\)$", "", s.outlet or "")
    outlet = re.sub(r",\s*\d{1,2} \w+ \d{4}$", "", outlet)
    if outlet:
        return outlet
    return next((source_name(src) for src in found if src.publisher), "source not named")


def grouped(f: QuoteFacts) -> dict[str, tuple[str, list[Quote]]]:
    """Statements by date, oldest first; an undated one placed by its context's words
    (on results day when it says "results night", "conceding", …), else last."""
    dated = sorted({s.date for s in f.statements if s.date and len(s.date) == 10})
    keyed: list[tuple[str, str, Quote]] = []
    for s in f.statements:
        q = Quote(s, short_source(s, f.cited), [])
        if s.date:
            label = s.date_text or fmt.date(s.date)
            keyed.append((s.date, label[:1].upper() + label[1:], q))
            continue
        e = result_election(s, f)
        if e is not None and e.date:
            day = next((d for d in dated if 0 <= (date.fromisoformat(d) - date.fromisoformat(
                e.date)).days <= RESULT_DAYS), None)
            words = RESULT_WORDS.search(" ".join([s.context or "", *s.notes]))
            q.placed = (f"date not recorded; placed with the {e.year} result by its context "
                        f"(“{words.group(0) if words else ''}”)")
            if day is not None:
                keyed.append((day, fmt.date(day), q))
            else:
                keyed.append((e.date, f"After the {fmt.date(e.date)} election", q))
            continue
        keyed.append(("9999", "Date not recorded", q))
    out: dict[str, tuple[str, list[Quote]]] = {}
    labels: dict[str, str] = {}
    for key, label, q in sorted(keyed, key=lambda k: k[0]):  # stable: the store's order
        gkey = f"{key}|{labels.setdefault(key, label)}"
        out.setdefault(gkey, (labels[key], []))[1].append(q)
    return out


def result_election(s: Statement, f: QuoteFacts) -> Election | None:
    """The election whose result an undated statement reacts to, when its context says so
    and a year in its words (or its source's) names one election of its council."""
    text = " ".join([s.context or "", *s.notes])
    if not RESULT_WORDS.search(text):
        return None
    where = " ".join([text, s.outlet or "", s.url or "",
                      *(src.title for c in s.cites if (src := f.cited.get(c.source_id)))])
    years = {int(y) for y in re.findall(r"(?<!\d)(19\d\d|20\d\d)(?!\d)", where)}
    found = [e for e in f.elections.get(s.council_id or "", []) if e.year in years]
    return found[0] if len(found) == 1 else None


def words(text: str) -> list[str]:
    return re.findall(r"[a-z]+", text.casefold().replace("’", "'"))


def content_pairs(text: str, skip: frozenset[str]) -> set[tuple[str, str]]:
    """Neighbouring words, both of them words that carry meaning, within a sentence."""
    out = set()
    for sentence in re.split(r"[.!?;:,…–—]", text):
        ws = words(sentence)
        for a, b in pairwise(ws):
            if all(len(w) >= 4 and w not in STOP and w not in skip for w in (a, b)):
                out.add((a, b))
    return out


def near_duplicates(a: Statement, b: Statement, skip: frozenset[str]) -> bool:
    """The same remark reported twice: one's words inside the other's, or a phrase of
    two meaningful words in both ("cash machines")."""
    if a.person_id != b.person_id:
        return False
    wa, wb = " ".join(words(a.text)), " ".join(words(b.text))
    if wa and wb and (wa in wb or wb in wa):
        return True
    return bool(content_pairs(a.text, skip) & content_pairs(b.text, skip))


def merge(quotes: list[Quote], f: QuoteFacts, parties: Parties) -> list[Quote]:
    """Near-duplicates in one group shown once: the fuller wording, with the other's source.
    Council, party and role words tie nothing together ("Labour majority")."""
    skip = frozenset(w for c in f.councils.values() for w in words(c.name))
    skip |= frozenset(w for s in f.statements for w in words(s.role or ""))
    skip |= frozenset(w for s in f.statements for p in [parties.of(s.party_id)]
                      for w in words(f"{p.name} {p.short_name}"))
    out: list[Quote] = []
    for q in quotes:
        twin = next((o for o in out if near_duplicates(o.statement, q.statement, skip)), None)
        if twin is None:
            out.append(q)
        elif len(q.statement.text) > len(twin.statement.text):
            q.also = [(twin.statement, twin.source), *twin.also]
            q.placed = q.placed or twin.placed
            out[out.index(twin)] = q
        else:
            twin.also.append((q.statement, q.source))
    return out


def fragment_of(q: Quote) -> bool:
    """A few words quoted inside a report's own sentence."""
    return len(q.statement.text) < FRAGMENT and bool(q.statement.context) and \
        q.statement.text.strip(" ,.") in (q.statement.context or "")


def calm(text: str) -> str:
    """Capitals for shouting said quietly ("PRE-ELECTION statement" -> "pre-election
    statement"); short acronyms (BBC, PA) kept."""
    return re.sub(r"\b[A-Z]{4,}(?:-[A-Z]{2,})*\b|\b[A-Z]{2,}-[A-Z]{2,}\b",
                  lambda m: m.group(0).lower(), text)
