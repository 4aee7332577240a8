"""/quote: what a speaker or a party's figures said, optionally about a keyword."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from bot import format as fmt
from bot.answers._context import Context, Parties, Sources, finish, reference
from bot.answers._quotes import (
    Quote,
    QuoteFacts,
    calm,
    fragment_of,
    grouped,
    merge,
    name_of,
)
from bot.answers._shared import council_wide, elections
from bot.domain import Election, Statement
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
