"""Answers about places the gazetteer names but the bot holds no result for.

"Cathays is a ward of Cardiff (W05001274)": what it is, its codes, that no result is held
here, and where results can be found. Never a figure: the gazetteer has none.

Links (see ../shared/design/open-data-apis.md): Democracy Club's candidates site lists
elections at https://candidates.democracyclub.org.uk/elections/ (its API serves
/api/next/elections/<slug>/, and election ids are local.<organisation slug>.<date>, so a
council's own election pages need a date we do not hold); Every Election lists an
organisation's elections at /api/organisations/local-authority/<register code>/elections/,
and the register code (CRF for Cardiff) comes from the gov.uk register via the ONS data.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.domain import Council, PlaceCouncil, PlaceWard, Source, place_id
from bot.render.card import Card, SourceLink

DC_ELECTIONS = "https://candidates.democracyclub.org.uk/elections/"
EE_ORGANISATION = "https://elections.democracyclub.org.uk/api/organisations/local-authority/"


@dataclass(frozen=True, slots=True)
class HeldCouncil:
    """The council held here that a gazetteer place belongs to, if any."""

    short_name: str
    results_url: str | None


def elections_url(council: PlaceCouncil) -> str | None:
    """Every Election's list of this council's elections, when its register code is known."""
    if not council.register_code:
        return None
    return f"{EE_ORGANISATION}{council.register_code}/elections/"


def as_council(council: PlaceCouncil) -> Council:
    """A gazetteer council as a Council record, so a ward can be scoped by it."""
    return Council(place_id(council.id), council.name, council.short_name, council.id,
                   council.aliases, None)


def _slug_text(council: PlaceCouncil) -> str:
    if not council.dc_slug:
        return ""
    basis = "as Democracy Club's data here shows" if council.slug_basis == "seen" else \
        "derived from its name, not checked with Democracy Club"
    return (f"Democracy Club's election ids for it look like local.{council.dc_slug}.<date> "
            f"({basis}).")


def place_card(council: PlaceCouncil, *, ward: PlaceWard | None = None, wards: int | None = None,
               held: HeldCouncil | None = None, source: Source | None = None,
               data_version: str = "") -> Card:
    """The card for a ward (WARD set) or a council the gazetteer names, with no result held.

    HELD: the council is held here, but this ward is not (a ward no result names). WARDS:
    how many current wards the gazetteer lists for the council."""
    if ward is not None:
        title = f"{ward.name} — ward of {council.short_name}"
        welsh = f" (in Welsh: {ward.welsh_name})" if ward.welsh_name else ""
        lines = [f"{ward.name}{welsh} is a ward of {council.short_name} ({ward.id})."]
        if held:
            lines.append(f"No result for this ward is held here, though some for "
                         f"{held.short_name} are: try /seats {held.short_name}.")
        else:
            lines.append("No election result for this ward or its council is held here.")
    else:
        title = f"{council.short_name} — council"
        lines = [f"{council.name} is a council in {council.country or 'the UK'} "
                 f"({council.id})." if council.name != council.short_name else
                 f"{council.short_name} is a council in {council.country or 'the UK'} "
                 f"({council.id})."]
        if wards:
            lines.append(f"The ONS lists {wards} current wards for it.")
        lines.append("No election result for this council is held here.")
    card = Card(title=title, description=" ".join(lines),
                url=(held.results_url if held and held.results_url else DC_ELECTIONS))
    where = [f"Democracy Club's candidates site: {DC_ELECTIONS}"]
    if held and held.results_url:
        where.insert(0, f"Results for {held.short_name}: {held.results_url}")
    ee = elections_url(council)
    if ee:
        where.append(f"Every Election's list of {council.short_name} elections: {ee}")
    card.add("Where results can be found", "\n".join(where))
    card.add("Codes", " · ".join(x for x in (
        f"ward {ward.id}" if ward else "", f"council {council.id}",
        f"register {council.register_code}" if council.register_code else "") if x))
    slug = _slug_text(council)
    if slug:
        card.notices.append(slug)
    card.notices.append("Names and codes: ONS (wards as of May 2025, or May 2026 where "
                        "new wards came in). No figure is shown because none is held.")
    if source is not None:
        card.sources.append(SourceLink(f"{source.publisher}: {source.title}"
                                       if source.publisher else source.title, source.url))
    card.footer = f"data {data_version}" if data_version else ""
    return card


def about_text(councils: int, wards: int, source: Source | None) -> str:
    """What /about says of the gazetteer: its size, that it holds no results, its credit."""
    if not councils or source is None:
        return ""
    credit = source.publisher or source.title
    note = f" {source.note.rstrip('.')}." if source.note else ""
    return (f"{councils:,} councils and {wards:,} wards by name, GSS code and Welsh name "
            f"(no results): {credit}.{note} Licence: {source.licence}.")
