"""What every question reads from and how every card names parties and credits sources.

A Context is the store and the name index of one data version. Question modules take
one and never keep state of their own, so a reload is a new Context and nothing else.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from bot import format as fmt
from bot import places
from bot.answers._wording import for_users, source_name, source_title
from bot.answers.upcoming import dc_credit
from bot.domain import NO_OVERALL_CONTROL, VACANT, Cite, Council, Party, is_place_id
from bot.errors import Ambiguous, Choice, NotFound, UserError
from bot.matching import Entry, NameIndex, Resolution
from bot.render.card import Card, Field, SourceLink
from bot.store.reader import ReferenceStore

UNKNOWN_PARTY = Party("unknown", "Party not recorded", "party not recorded", "?", 0x99AAB5)


class Parties:
    """Party records by id; a missing or unknown id reads as "party not recorded"."""

    __slots__ = ("_by_id",)

    def __init__(self, by_id: Mapping[str, Party]) -> None:
        self._by_id = by_id

    def of(self, party_id: str | None) -> Party:
        if party_id is None:
            return UNKNOWN_PARTY
        return self._by_id.get(party_id, UNKNOWN_PARTY)

    def name(self, key: str, labels: Mapping[str, str] | None = None) -> str:
        """A composition key as shown: a party, "Vacant", "No overall control" or a label."""
        if key == VACANT:
            return "Vacant"
        if key.startswith("label:"):
            return (labels or {}).get(key, key[6:].replace("-", " ").capitalize())
        if key == NO_OVERALL_CONTROL:
            return "No overall control"
        return self.of(key).short_name


@dataclass(frozen=True, slots=True)
class Context:
    store: ReferenceStore
    index: NameIndex
    fetch_on_miss: bool = False  # a council not held raises errors.Fetchable (the bot)

    @property
    def data_version(self) -> str:
        return self.store.data_version

    @property
    def parties(self) -> Parties:
        return Parties(self.store.parties)


class Sources:
    """Collects the cites behind one answer, in order, without repeats."""

    def __init__(self) -> None:
        self.ids: dict[str, None] = {}

    def add(self, cites: Iterable[Cite]) -> None:
        for c in cites:
            self.ids.setdefault(c.source_id)

    async def links(self, store: ReferenceStore) -> list[SourceLink]:
        found = await store.sources(list(self.ids))
        return [SourceLink(source_title(s), s.url, source_name(s))
                for sid in self.ids if (s := found.get(sid)) is not None]


FOOTER_NAMES = 2  # sources the public footer names; the rest are behind "Sources & notes"


async def finish(ctx: Context, card: Card, sources: Sources) -> Card:
    """Attach the links for every source the card's composing collected, say the data's
    collection notes for users, and write the public footer."""
    card.sources = await sources.links(ctx.store)
    card.notices += dc_credit((await ctx.store.sources(list(sources.ids))).values())
    worded(card)
    card.footer = " · ".join(filter(None, (card.footer, credit(card.sources),
                                           data_date(ctx))))
    return card


def worded(card: Card) -> None:
    """Every text of the card through _wording.for_users."""
    card.title, card.author = for_users(card.title), for_users(card.author)
    card.description, card.warning = for_users(card.description), for_users(card.warning)
    card.fields = [Field(for_users(f.name), for_users(f.value), f.inline) for f in card.fields]
    card.detail = [Field(for_users(f.name), for_users(f.value)) for f in card.detail]
    card.notices = [for_users(n) for n in card.notices]


def credit(sources: Sequence[SourceLink]) -> str:
    """"Wikipedia, Ham & High + 22 more sources": the first two publishers named."""
    names = list(dict.fromkeys(s.name for s in sources if s.name))[:FOOTER_NAMES]
    if not names:
        return ""
    rest = sum(1 for s in sources if s.name not in names)
    return ", ".join(names) + (f" + {fmt.plural(rest, 'more source')}" if rest else "")


def data_date(ctx: Context) -> str:
    """"data of 3 Dec 2026": when this data was built, so a reader can judge its age."""
    built = ctx.store.meta.get("built_at", "")[:10]
    return f"data of {fmt.date(built)}" if built else ""


def reference(data_version: str, *about: str) -> str:
    """What the card is about (an election or ballot id, say), then the data version."""
    return " · ".join((*about, f"data {data_version}"))


def resolve(ctx: Context, kind: str, text: str, council_id: str | None = None) -> Entry:
    """The one thing a name means, or a UserError offering what it might mean."""
    res: Resolution = ctx.index.resolve(kind, text, council_id)
    if res.status == "match" and res.entry is not None:
        return res.entry
    shown = fmt.echo(text)
    if res.status == "ambiguous":
        raise Ambiguous(f"More than one {kind} matches “{shown}”. Which one did you mean?",
                        tuple(Choice(e.label, e.id) for e in res.choices),
                        kind=kind, query=text)
    where = ""
    if council_id:
        c = ctx.index.get("council", council_id)
        where = f" in {c.name}" if c else ""
    if res.suggestions:
        raise NotFound(f"No {kind}{where} matches “{shown}”. Did you mean one of these?",
                       tuple(Choice(e.label, e.id) for e in res.suggestions),
                       kind=kind, query=text)
    known = ctx.index.autocomplete(kind, "", council_id, limit=5)
    raise NotFound(f"No {kind}{where} matches “{shown}”, and no name is close. "
                   + (f"Some {kind} names the bot knows:" if known else
                      "Try /about to see what the bot knows."),
                   tuple(Choice(e.label, e.id) for e in known), kind=kind, query=text)


async def council_of(ctx: Context, text: str | None, default: str | None) -> Council:
    """The council named, else the server's default, else a UserError asking for one."""
    if text is None or not text.strip():
        if default:
            council = await ctx.store.council(default) or await place_council(ctx, default)
            if council:
                return council
        held = sorted(await ctx.store.councils(), key=lambda c: c.name)[:25]
        raise UserError("Which council? Pick one below, or add the council option, e.g. "
                        "/seats barnet. A server admin can set a default with "
                        "/settings council.", tuple(Choice(c.name, c.id) for c in held),
                        kind="council")
    entry = resolve(ctx, "council", text)
    council = await ctx.store.council(entry.id) or await place_council(ctx, entry.id)
    assert council is not None  # the index is built from the store
    return council


async def place_council(ctx: Context, council_id: str) -> Council | None:
    """A council named by the gazetteer only (bot/places.py), as a Council record."""
    if not is_place_id(council_id):
        return None
    place = await ctx.store.place_council(council_id)
    return places.as_council(place) if place else None
