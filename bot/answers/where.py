"""/where and /ward postcode: a postcode to its ward, and that ward's answer.

`locate` asks postcodes.io (the client it is handed: bot/net/postcodes.py's Postcodes, with
its 30-day cache) and turns every outcome but a found ward into a UserError, answered
privately: a malformed postcode before any request, one not in use, a terminated one, the
service down. `gather` reads what the store holds for the ward's GSS code; `compose` (pure)
puts the ward's own answer (the /ward card of the held ward, or what the gazetteer knows)
under a line saying where the postcode is, with postcodes.io cited.

A postcode locates a person, so no card says it: a public answer names the ward and the
council, which many people share, never the postcode. Only the private error replies repeat
it, to the one who typed it. Nothing here logs it.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from typing import Protocol

from bot.answers._context import Context
from bot.domain import Council, PlaceCouncil, PlaceWard, place_id
from bot.errors import UserError
from bot.net.postcodes import (
    Found,
    Malformed,
    Outcome,
    Unavailable,
    normalise,
)
from bot.render.card import Action, Card, SourceLink

POSTCODES_IO = SourceLink(
    "postcodes.io: postcode to ward (ONS Postcode Directory; contains Ordnance Survey, Royal "
    "Mail, National Statistics and NRS data © Crown copyright and database right)",
    "https://postcodes.io/")
ONE_WARD = ("postcodes.io places a postcode in one ward, the one holding its centre, on "
            "current boundaries: a postcode on a ward's edge may be partly in the next ward, and "
            "an election before the last boundary review may have had other wards here. The "
            "ward is cached for up to 30 days.")
NO_SERVICE = ("Postcode lookups are not set up here. Ask by the ward's name instead, e.g. "
              "/ward burnt oak.")


class PostcodeLookup(Protocol):
    """What /where needs of bot/net/postcodes.py's Postcodes."""

    async def lookup(self, text: str) -> Outcome: ...


WardCard = Callable[[str], Awaitable[Card]]  # a ward id -> its /ward answer


@dataclass(frozen=True, slots=True)
class WhereFacts:
    found: Found  # what postcodes.io said (the postcode in it is never shown)
    place_ward: PlaceWard | None  # the gazetteer's ward with that GSS code
    place_council: PlaceCouncil | None  # the gazetteer's council (by the ward or the district)
    council: Council | None  # the council held here, if any

    @property
    def ward_id(self) -> str | None:
        """The id /ward answers for: the held ward, else the gazetteer's place."""
        if self.place_ward is None:
            return None
        return self.place_ward.ward_id or place_id(self.place_ward.id)

    @property
    def ward_name(self) -> str:
        return (self.place_ward.name if self.place_ward else None) or \
            self.found.ward_name or "an unnamed ward"

    @property
    def council_name(self) -> str | None:
        if self.council is not None:
            return self.council.short_name
        if self.place_council is not None:
            return self.place_council.short_name
        return self.found.council_name


def refusal(outcome: Outcome) -> UserError | None:
    """The private answer for every outcome that is not a ward; None for a found one."""
    if isinstance(outcome, Found):
        return None
    if isinstance(outcome, Unavailable):
        return UserError("postcodes.io could not be reached just now, so the postcode cannot "
                         "be placed in a ward. Try the ward's name instead, e.g. /ward burnt "
                         f"oak. (What went wrong: {outcome.message})", kind="postcode")
    return UserError(outcome.message, kind="postcode")


async def locate(postcodes: PostcodeLookup | None, text: str) -> Found:
    """postcodes.io's answer for the postcode typed, or a UserError saying why there is none."""
    if normalise(text) is None:  # no request for what cannot be a postcode
        raise UserError(Malformed().message, kind="postcode")
    if postcodes is None:
        raise UserError(NO_SERVICE, kind="postcode")
    outcome = await postcodes.lookup(text)
    error = refusal(outcome)
    if error is not None:
        raise error
    assert isinstance(outcome, Found)
    return outcome


async def gather(ctx: Context, found: Found) -> WhereFacts:
    store = ctx.store
    ward = await store.place_ward(found.ward_gss) if found.ward_gss else None
    council_gss = ward.council_gss if ward else found.council_gss
    place = await store.place_council(council_gss) if council_gss else None
    held = await store.council(place.council_id) if place and place.council_id else None
    return WhereFacts(found, ward, place, held)


async def answer(ctx: Context, postcodes: PostcodeLookup | None, text: str,
                 ward_card: WardCard) -> Card:
    facts = await gather(ctx, await locate(postcodes, text))
    base = await ward_card(facts.ward_id) if facts.ward_id else None
    return compose(facts, base, ctx.data_version)


# -- the card ------------------------------------------------------------------------------


def council_actions(council: Council | None) -> list[Action]:
    """The held council's other questions, one button away (ids: they fit a custom id)."""
    if council is None:
        return []
    return [Action(f"Seats in {council.short_name}", f"/seats {council.id}"),
            Action("By-elections since", f"/byelections {council.id}"),
            Action("History", f"/history {council.id}")]


def compose(facts: WhereFacts, base: Card | None, data_version: str) -> Card:
    """The ward's answer (BASE, shared: copied, never changed) under where the postcode is;
    without one, what postcodes.io said of a ward the gazetteer does not know."""
    card = _unknown_ward(facts, data_version) if base is None else replace(
        base, fields=list(base.fields), notices=list(base.notices),
        sources=list(base.sources), actions=list(base.actions))
    if base is not None:
        card.description = "\n".join(p for p in (_located(facts), base.description) if p)
    note = facts.found.note
    if note:  # Northern Ireland: the licence of its postcode data comes first
        card.warning = card.warning or note
        card.notices.insert(0, note)  # and among the notes, which every renderer shows
    card.notices.append(ONE_WARD)
    if POSTCODES_IO not in card.sources:
        card.sources.append(POSTCODES_IO)
    asked = {a.question for a in card.actions}
    card.actions += [a for a in council_actions(facts.council) if a.question not in asked]
    return card


def _located(facts: WhereFacts) -> str:
    where = f", {facts.council_name}" if facts.council_name else ""
    return f"📍 This postcode is in **{facts.ward_name}** ward{where} (postcodes.io)."


def _unknown_ward(facts: WhereFacts, data_version: str) -> Card:
    """A ward code the gazetteer does not list: boundaries newer than its list, most likely."""
    f = facts.found
    council = facts.council_name
    in_council = f", {council}" if council else ""
    if f.ward_name or f.ward_gss:
        name = f.ward_name or f.ward_gss or ""
        code = f" ({f.ward_gss})" if f.ward_gss and f.ward_name else ""
        title = f"{name} — ward of {council}" if council else name
        said = (f"📍 postcodes.io places this postcode in **{name}** ward{code}{in_council}. "
                "The bot's list of wards (ONS) does not have this ward code: its boundaries "
                "are probably newer than the list, so no result for it is held here.")
    else:
        title = f"A postcode in {council}" if council else "A postcode without a ward"
        said = f"📍 postcodes.io gives no ward for this postcode{in_council}."
    card = Card(title=title, description=said, reference=f"data {data_version}")
    if facts.council is not None:
        card.add("Where to look", f"Results for {facts.council.short_name}: "
                 + (facts.council.results_url or "not recorded here")
                 + f"; or ask /seats {facts.council.short_name.casefold()}.")
    else:
        card.add("Where to look", "Democracy Club's candidates site: "
                 "https://candidates.democracyclub.org.uk/elections/")
    card.add("Codes", " · ".join(p for p in (
        f"ward {f.ward_gss}" if f.ward_gss else "",
        f"council {f.council_gss}" if f.council_gss else "") if p) or "not given")
    return card
