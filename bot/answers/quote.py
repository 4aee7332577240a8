"""/quote: what a speaker or a party's figures said, optionally about a keyword."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from itertools import pairwise

from bot import format as fmt
from bot.answers._context import Context, Parties, Sources, finish, reference
from bot.answers._shared import council_wide, elections
from bot.answers._wording import source_name
from bot.domain import Council, Election, Person, Source, Statement
from bot.errors import Ambiguous, BadOption, Choice, NotFound
from bot.render.card import NEUTRAL, Action, Card


async def answer(ctx: Context, who: str, keyword: str | None) -> Card:
    keyword = (keyword or "").strip() or None
    fts = fts_query(keyword) if keyword else None
    if keyword and fts is None:
        raise BadOption(f"“{fmt.echo(keyword)}” has no words to search for.")
    title, statements = await _statements(ctx, who, keyword, fts)
    if keyword:
        title += f" about “{fmt.echo(keyword, 40)}”"
    if not statements:
        raise NotFound(f"No recorded statement matches “{fmt.echo(keyword or who)}”.")
    store = ctx.store
    people = await store.people([s.person_id for s in statements])
    council_ids = list(dict.fromkeys(s.council_id for s in statements if s.council_id))
    councils = {cid: c for cid in council_ids if (c := await store.council(cid)) is not None}
    results: dict[str, list[Election]] = {}
    for cid in council_ids:
        results[cid] = council_wide(await elections(ctx, cid))
    cited = await store.sources([c.source_id for s in statements for c in s.cites])
    sources = Sources()
    facts = QuoteFacts(title, tuple(statements), people, cited, results, councils,
                       ctx.data_version)
    return await finish(ctx, compose(facts, ctx.parties, sources), sources)


async def _statements(ctx: Context, who: str, keyword: str | None,
                      fts: str | None) -> tuple[str, list[Statement]]:
    """A speaker's statements, else a party's figures', else any mentioning the words."""
    store = ctx.store
    res = ctx.index.resolve("speaker", who)
    if res.status == "match" and res.entry is not None:
        return (f"What {res.entry.name} said",
                await store.statements(person_ids=[res.entry.id], text_query=fts))
    if res.status == "ambiguous":
        raise Ambiguous(f"More than one speaker matches “{fmt.echo(who)}”.",
                        tuple(Choice(e.label, e.id) for e in res.choices),
                        kind="speaker", query=who)
    party_res = ctx.index.resolve("party", who)
    if party_res.status == "match" and party_res.entry is not None:
        pid = party_res.entry.id
        ids = [p.id for p in store.parties.values() if p.totals_id == pid or p.id == pid]
        return (f"What {party_res.entry.name} figures said",
                await store.statements(party_ids=ids, text_query=fts))
    words = fts_query(" ".join(filter(None, [who, keyword])))
    statements = await store.statements(text_query=words) if words else []
    if not statements:
        raise NotFound(
            f"No speaker, party or statement matches “{fmt.echo(who)}”.",
            tuple(Choice(e.label, e.id) for e in res.suggestions)
            or tuple(Choice(e.name, e.id) for e in
                     ctx.index.autocomplete("speaker", "", limit=5)),
            kind="speaker", query=who)
    return f"Statements mentioning “{fmt.echo(who, 40)}”", statements


def fts_query(text: str) -> str | None:
    """Plain words -> an FTS5 query that cannot be an injection: each word quoted."""
    words = re.findall(r"\w+", text.casefold())[:8]
    return " ".join(f'"{w}"*' for w in words) if words else None


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


def compose(f: QuoteFacts, parties: Parties, sources: Sources) -> Card:
    statements = f.statements
    speakers = list(dict.fromkeys(s.person_id for s in statements))
    one = len(speakers) == 1
    colours = {parties.of(s.party_id).colour for s in statements}
    for s in statements:
        sources.add(s.cites)
    groups = grouped(f)
    merged = {key: merge(quotes, f, parties) for key, (label, quotes) in groups.items()}
    years = sorted({s.date[:4] for s in statements if s.date})
    span = (f", {years[0]}–{years[-1]}" if len(years) > 1 else f", {years[0]}") if years else ""
    card = Card(title=f"{f.title} — {fmt.plural(len(statements), 'statement')}{span}")
    role = main_role(statements) if one else None
    if one:
        s0 = statements[0]
        name = name_of(s0, f.people)
        party = parties.of(s0.party_id).short_name if s0.party_id else ""
        card.author = name + (f" · {role}" if role else "")
        if party and party.casefold() not in (role or "").casefold():
            card.author += f" ({party})"
    items: list[tuple[str, str]] = []  # ("heading", label) or ("line", text)
    for key, (label, _) in groups.items():
        quotes = merged[key]
        extra = group_role(quotes, role) if one else ""
        items.append(("heading", label + (f" · {extra}" if extra else "")))
        items += [("line", line) for line in quote_lines(quotes, f, one)]
        if len(quotes) == 1 and quotes[0].statement.context and \
                quotes[0].statement.kind != "pre-election" and not fragment_of(quotes[0]):
            items.append(("line", f"*{calm(quotes[0].statement.context or '')}*"))
    for name, value in pieces(items):
        card.add(name[:256], value)
    card.add_detail("Each statement: where, when and its context", "\n\n".join(
        detail_line(q, f, parties) for key in merged for q in merged[key]))
    card.colour = colours.pop() if len(colours) == 1 else NEUTRAL
    card.actions = actions(f, parties)
    card.reference = reference(f.data_version)
    return card


PIECE_LINES = 24  # about this many lines of a phone screen per field, so a page is a screen
LINE_CHARS = 34  # characters a phone line holds, counted with room to spare


def _height(text: str) -> int:
    return -(-len(text) // LINE_CHARS) or 1


def pieces(items: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The date headings and quote lines as fields of about PIECE_LINES phone lines: each
    heading once (a group cut in two goes on as "… (cont.)"), a short last piece joined to
    the one before so that no page is a stub."""
    chunks: list[list[tuple[str, str]]] = [[]]
    used = 0
    for i, (kind, text) in enumerate(items):
        height = _height(text)
        if kind == "heading" and i + 1 < len(items):
            height += _height(items[i + 1][1])  # a heading keeps its first line
        after_heading = bool(chunks[-1]) and chunks[-1][-1][0] == "heading"
        if chunks[-1] and not after_heading and used + height > PIECE_LINES:
            chunks.append([])
            used = 0
        chunks[-1].append((kind, text))
        used += _height(text)
    if len(chunks) > 2 and sum(_height(t) for _, t in chunks[-1]) < PIECE_LINES // 2:
        last = chunks.pop()
        chunks[-1].extend(last)
    out, label = [], ""
    for chunk in chunks:
        if chunk[0][0] == "heading":
            name, chunk = chunk[0][1], chunk[1:]
        else:
            name = f"{label} (cont.)"
        lines = []
        label = name.removesuffix(" (cont.)")
        for kind, text in chunk:
            if kind == "heading":
                label = text
                lines.append(f"**{text}**")
            else:
                lines.append(text)
        out.append((name, "\n".join(lines)))
    return out


def name_of(s: Statement, people: Mapping[str, Person]) -> str:
    p = people.get(s.person_id)
    return p.name if p else s.person_id


def role_words(role: str | None, s: Statement | None = None) -> frozenset[str]:
    """A role's words without the filler, so "Leader of the Labour Group" and "Labour group
    leader" are one role."""
    words = re.findall(r"\w+", (role or "").casefold())
    skip = {"the", "of", "a", "an", "and", (s.council_id or "") if s else ""}
    return frozenset(w for w in words if w not in skip)


def main_role(statements: Sequence[Statement]) -> str | None:
    """The role a speaker's statements give most often (the latest of equals)."""
    counts = Counter(s.role for s in statements if s.role)
    if not counts:
        return None
    best = max(counts.values())
    return next(s.role for s in reversed(statements) if s.role and counts[s.role] == best)


def group_role(quotes: list[Quote], role: str | None) -> str:
    """The role a group's statements share, when it is not the author's role."""
    roles = {q.statement.role for q in quotes if q.statement.role}
    if len(roles) != 1:
        return ""
    (r,) = roles
    mine, main = role_words(r, quotes[0].statement), role_words(role, quotes[0].statement)
    return "" if mine <= main or main <= mine else f"as {r}"


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


def quote_lines(quotes: list[Quote], f: QuoteFacts, one: bool) -> list[str]:
    """“…” — Source (also Other); fragments from one source side by side on one line, and
    a fragment on its own as the reporter's sentence that quotes it."""
    runs: list[tuple[str, list[Quote]]] = []  # (credit, quotes shown on one line)
    for q in quotes:
        s = q.statement
        who = "" if one else f"{name_of(s, f.people)}, "
        also = list(dict.fromkeys(src for _, src in q.also if src != q.source))
        credit = f"{who}{q.source}" + (f", also {', '.join(also)}" if also else "")
        if s.kind == "secondary":
            credit += " (reported)"
        if q.placed and "night" in q.placed:
            credit += " · results night"
        short = fragment_of(q) and not q.also
        if short and runs and runs[-1][0] == credit and all(
                fragment_of(o) and not o.also for o in runs[-1][1]):
            runs[-1][1].append(q)
        else:
            runs.append((credit, [q]))
    lines = []
    for credit, run in runs:
        if len(run) == 1 and fragment_of(run[0]):
            lines.append(f"*{calm(run[0].statement.context or '')}* — {credit}")
        else:
            text = " · ".join(f"“{q.statement.text.strip().rstrip(',')}”" for q in run)
            lines.append(f"{text} — {credit}")
    return lines


def detail_line(q: Quote, f: QuoteFacts, parties: Parties) -> str:
    """Everything the data says of one statement (and its near-duplicates), for the detail."""
    out = []
    for s in [q.statement, *(t for t, _ in q.also)]:
        when = fmt.date(s.date, s.date_text)
        who = f"{name_of(s, f.people)}" + (f", {s.role}" if s.role else "")
        if s.party_id:
            who += f" ({parties.of(s.party_id).short_name})"
        text = f"{when} — {who}: “{s.text}” — {s.outlet or 'source not named'}"
        if s.url:
            text += f" <{s.url}>"
        if s.kind == "pre-election":
            text += " · said before the election"
        elif s.kind == "secondary":
            text += " · reported second-hand"
        for part in [calm(s.context or ""), *s.notes]:
            if part:
                text += (" " if text.endswith((".", "!", "?")) else ". ") + part
        if s is q.statement and q.placed:
            text += f" ({q.placed})"
        if s is not q.statement:
            text = "Also reported: " + text
        out.append(text)
    return "\n".join(out)


def calm(text: str) -> str:
    """Capitals for shouting said quietly ("PRE-ELECTION statement" -> "pre-election
    statement"); short acronyms (BBC, PA) kept."""
    return re.sub(r"\b[A-Z]{4,}(?:-[A-Z]{2,})*\b|\b[A-Z]{2,}-[A-Z]{2,}\b",
                  lambda m: m.group(0).lower(), text)


def actions(f: QuoteFacts, parties: Parties) -> list[Action]:
    """"Labour in Barnet": the party and council most of the statements are about."""
    pairs = Counter((s.party_id, s.council_id) for s in f.statements
                    if s.party_id and s.council_id in f.councils)
    if not pairs:
        return []
    (party_id, council_id), _ = pairs.most_common(1)[0]
    party, council = parties.of(party_id), f.councils[council_id or ""]
    return [Action(f"{party.short_name} in {council.short_name}",
                   question=f"/party {party_id} {council_id}")]
