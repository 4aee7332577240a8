"""/quote: what a speaker or a party's figures said, optionally about a keyword."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from bot import format as fmt
from bot.answers._context import Context, Parties, Sources, finish, reference
from bot.domain import Person, Statement
from bot.errors import Ambiguous, BadOption, Choice, NotFound
from bot.render.card import NEUTRAL, Card


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
    people = await ctx.store.people([s.person_id for s in statements])
    sources = Sources()
    return await finish(ctx, compose(title, statements, people, ctx.parties, sources,
                                     ctx.data_version), sources)


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


def compose(title: str, statements: Sequence[Statement], people: Mapping[str, Person],
            parties: Parties, sources: Sources, data_version: str) -> Card:
    card = Card(title=title)
    colours = set()
    for s in statements:
        sources.add(s.cites)
        party = parties.of(s.party_id)
        colours.add(party.colour)
        head, body = statement_block(s, people.get(s.person_id), party.short_name)
        card.add(head[:256], body)
    card.description = f"{fmt.plural(len(statements), 'statement')}, oldest first."
    card.colour = colours.pop() if len(colours) == 1 else NEUTRAL
    card.reference = reference(data_version)
    return card


def statement_block(s: Statement, speaker: Person | None, party: str) -> tuple[str, str]:
    """Who said it, in what role and when; then the words, where published and the context."""
    when = fmt.date(s.date, s.date_text)
    head = f"{speaker.name if speaker else s.person_id}"
    head += f" — {s.role}" if s.role else ""
    head += f" ({party}) · {when}" if s.party_id else f" · {when}"
    outlet = f"[{s.outlet or 'source'}]({s.url})" if s.url else (s.outlet or "")
    body = f"“{s.text}”\n— {outlet}" if outlet else f"“{s.text}”"
    if s.kind == "pre-election":
        body += " · said before the election"
    elif s.kind == "secondary":
        body += " · reported second-hand"
    if s.context:
        body += f"\n*{s.context}*"
    return head, body
