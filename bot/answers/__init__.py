"""The questions the bot answers, as Cards: one module per question behind one facade.

This is where the bot decides what is true enough to say: it resolves names with the
matcher, reads the store, and builds a Card that shows every figure with its source,
says "not recorded" where nothing is known, and surfaces disagreements between sources.
It never imports discord.

Each question module (seats, ward + ballot, where, councillor, quote, party, history,
byelections, map, about, complete) reads its records in `gather` (async, the store's
queries) and builds the card in `compose` (pure, testable without a database).
`_context` and `_shared` hold what they share; `_since` the council after an election.
`Answers` keeps the method names every caller uses, and remembers the cards it made.
"""

from __future__ import annotations

import asyncio
import functools
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from bot.answers import about as _about
from bot.answers import byelections as _byelections
from bot.answers import complete as _complete
from bot.answers import councillor as _councillor
from bot.answers import history as _history
from bot.answers import map as _map
from bot.answers import party as _party
from bot.answers import quote as _quote
from bot.answers import seats as _seats
from bot.answers import ward as _ward
from bot.answers import where as _where
from bot.answers._context import Context, council_of
from bot.answers.about import HELP
from bot.domain import Council
from bot.errors import Choice
from bot.matching import NameIndex
from bot.net.postcodes import looks_like_postcode
from bot.render.card import Card
from bot.store.reader import ReferenceStore

__all__ = ["CARDS_KEPT", "HELP", "Answers"]

CARDS_KEPT = 1024  # answers remembered per data version (see _remembered)

_Method = TypeVar("_Method", bound=Callable[..., Awaitable[Card]])


def _remembered(method: _Method) -> _Method:
    """Remember a question's card for the life of this Answers, i.e. of one data version.

    The reference database is read-only and an answer depends only on the question and
    the data, so the same question asked again (everyone asking /seats barnet on election
    night) is answered from memory without a database round trip. Askers of a question
    still being answered share its one computation. Errors are not kept. A card handed out
    is shared: callers must not change it.
    """
    name = method.__name__

    @functools.wraps(method)
    async def wrapper(self: Answers, *args: Any, **kwargs: Any) -> Card:
        key = (name, args, tuple(sorted(kwargs.items())))
        cards = self._cards
        task = cards.get(key)
        if task is None:
            task = asyncio.ensure_future(method(self, *args, **kwargs))
            cards[key] = task
            task.add_done_callback(functools.partial(self._settled, key))
            while len(cards) > CARDS_KEPT:
                cards.popitem(last=False)
        else:
            cards.move_to_end(key)
        # shield: one asker giving up (a failed defer) must not cancel the others' answer
        return await asyncio.shield(task)

    return wrapper  # type: ignore[return-value]


class Answers:
    def __init__(self, store: ReferenceStore, index: NameIndex,
                 postcodes: _where.PostcodeLookup | None = None, *,
                 fetch_on_miss: bool = False) -> None:
        self._ctx = Context(store, index, fetch_on_miss)
        # postcodes.io (bot/net/postcodes.py): the bot's one client, or the CLI's; None
        # where no lookup may be made, and a postcode is then answered "not set up here".
        self.postcodes = postcodes
        self._cards: OrderedDict[tuple[Any, ...], asyncio.Future[Card]] = OrderedDict()

    def _settled(self, key: tuple[Any, ...], task: asyncio.Future[Card]) -> None:
        """Forget a question whose answer failed (a UserError, say): it is asked afresh."""
        if (task.cancelled() or task.exception() is not None) and self._cards.get(key) is task:
            del self._cards[key]

    @classmethod
    async def load(cls, store: ReferenceStore,
                   postcodes: _where.PostcodeLookup | None = None, *,
                   fetch_on_miss: bool = False) -> Answers:
        """Build the in-memory name index from the store: once per data version.
        FETCH_ON_MISS: a council not held raises bot.errors.Fetchable (bot/fetching.py)."""
        index = NameIndex()
        speakers = await store.speakers()
        extra = await store.place_aliases()  # the gazetteer's names for what is held
        for row in [*await store.index_rows(), *await store.place_index_rows()]:
            index.add(row.kind, row.id, row.name, council_id=row.council_id,
                      aliases=(*row.aliases, *extra.get((row.kind, row.id), ())),
                      detail=row.detail, rank=row.rank)
            if row.kind == "person" and row.id in speakers:
                index.add("speaker", row.id, row.name, council_id=None, aliases=row.aliases,
                          detail=row.detail, rank=speakers[row.id])
        return cls(store, index.freeze(), postcodes, fetch_on_miss=fetch_on_miss)

    @property
    def store(self) -> ReferenceStore:
        return self._ctx.store

    @property
    def index(self) -> NameIndex:
        return self._ctx.index

    @property
    def data_version(self) -> str:
        return self._ctx.data_version

    # -- the questions (bot/answers/<question>.py) -----------------------------------

    @_remembered
    async def seats(self, council: str | None, election: str | None = None, *,
                    default_council: str | None = None) -> Card:
        return await _seats.answer(self._ctx, council, election, default_council=default_council)

    async def ward(self, name: str | None, council: str | None = None,
                   election: str | None = None, *, default_council: str | None = None,
                   postcode: str | None = None) -> Card:
        """A ward by name, or by postcode (the option, or a postcode typed as the name)."""
        if postcode and postcode.strip():
            return await self.where(postcode, election)
        if name and looks_like_postcode(name):
            return await self.where(name, election)
        return await self._ward_named(name or "", council, election,
                                      default_council=default_council)

    @_remembered
    async def _ward_named(self, name: str, council: str | None = None,
                          election: str | None = None, *,
                          default_council: str | None = None) -> Card:
        return await _ward.answer(self._ctx, name, council, election,
                                  default_council=default_council)

    async def where(self, postcode: str, election: str | None = None, *,
                    default_council: str | None = None) -> Card:
        """The ward a postcode is in, and its answer. Not remembered here: a postcode is
        never a key; the ward's card is remembered by the ward's id, the lookup cached by
        the postcodes client."""
        return await _where.answer(self._ctx, self.postcodes, postcode,
                                   lambda ward_id: self._ward_named(ward_id, None, election))

    @_remembered
    async def councillor(self, name: str, council: str | None = None, *,
                         default_council: str | None = None) -> Card:
        return await _councillor.answer(self._ctx, name, council)

    @_remembered
    async def quote(self, who: str, keyword: str | None = None, *,
                    default_council: str | None = None) -> Card:
        return await _quote.answer(self._ctx, who, keyword)

    @_remembered
    async def party(self, name: str, council: str | None = None, *,
                    default_council: str | None = None) -> Card:
        return await _party.answer(self._ctx, name, council, default_council=default_council)

    @_remembered
    async def history(self, council: str | None, *, default_council: str | None = None) -> Card:
        return await _history.answer(self._ctx, council, default_council=default_council)

    @_remembered
    async def byelections(self, council: str | None, *,
                          default_council: str | None = None) -> Card:
        return await _byelections.answer(self._ctx, council, default_council=default_council)

    @_remembered
    async def map(self, council: str | None, election: str | None = None,
                  ward: str | None = None, *, default_council: str | None = None) -> Card:
        return await _map.answer(self._ctx, council, election, ward,
                                 default_council=default_council)

    @_remembered
    async def about(self) -> Card:
        return await _about.about(self._ctx)

    @staticmethod
    def help() -> Card:
        return _about.help_card()

    # -- /settings -----------------------------------------------------------------

    async def council_named(self, text: str) -> Council:
        """The council a server admin means, for /settings council (UserError if unclear)."""
        return await council_of(self._ctx, text, None)

    async def settings(self, default_council: str | None, *, updated_at: str | None = None,
                       just_set: bool = False) -> Card:
        """A server's settings as a card; `default_council` is a council id."""
        return await _about.settings(self._ctx, default_council, updated_at=updated_at,
                                     just_set=just_set)

    # -- autocomplete (bot/answers/complete.py) ---------------------------------------

    def complete(self, kind: str, text: str, council_id: str | None = None) -> list[Choice]:
        return _complete.complete(self._ctx, kind, text, council_id)

    def complete_who(self, text: str) -> list[Choice]:
        """/quote's `who`: speakers and parties in one ranked list."""
        return _complete.complete_who(self._ctx, text)

    def council_scope(self, council_text: str | None, default: str | None) -> str | None:
        """The council an autocomplete should search in, from what is typed so far."""
        return _complete.council_scope(self._ctx, council_text, default)

    async def complete_election(self, council_id: str | None, text: str) -> list[Choice]:
        return await _complete.complete_election(self._ctx, council_id, text)
