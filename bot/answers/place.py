"""A council or ward the gazetteer names but no result is held for (the card: bot/places.py)."""

from __future__ import annotations

from bot import places
from bot.answers._context import Context
from bot.domain import is_place_id
from bot.errors import Fetchable
from bot.render.card import Card


async def answer(ctx: Context, council_id: str, ward_id: str | None = None) -> Card:
    """What is known of the place: its codes, that no result is held here, and where to look.

    `council_id` is a held council's id (the ward is not held) or a gazetteer place id.
    """
    store = ctx.store
    held = None if is_place_id(council_id) else await store.council(council_id)
    place = await (store.place_council_of(council_id) if held
                   else store.place_council(council_id))
    assert place is not None  # the index is built from the store
    ward = await store.place_ward(ward_id) if ward_id else None
    source = (await store.sources([place.source_id])).get(place.source_id)
    card = places.place_card(
        place, ward=ward, wards=await store.place_ward_count(place.id),
        held=places.HeldCouncil(held.short_name, held.results_url) if held else None,
        source=source, data_version=ctx.data_version)
    if ctx.fetch_on_miss and held is None and place.dc_slug:
        raise Fetchable(place.dc_slug, place.short_name, card)  # the bot fetches, asks again
    return card
