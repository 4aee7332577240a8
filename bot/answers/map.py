"""/map: a council's wards coloured by who won them, or why no map is drawn.

`gather` reads the council's GSS code (its record, else the gazetteer's), the boundaries
held for it (bot/boundaries.py, loaded off the event loop), the election's ward results
and the party colours; `compose` (pure) asks bot/maps.py for a plan and turns the plan
or its refusal into a card. The picture is the card's Chart of kind "map", drawn and
cached by the same path as every chart (bot/render/chart.py, keyed by MapPlan.key).

`map_action` is the "Map" button of /seats and /ward: offered only when a map can be
drawn (boundaries held, ward results recorded, the election fought on these wards).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Mapping
from dataclasses import dataclass

from bot import boundaries, maps
from bot import format as fmt
from bot.answers import place
from bot.answers._context import (
    Context,
    Sources,
    council_of,
    finish,
    place_council,
    reference,
    resolve,
)
from bot.answers._shared import (
    election_when,
    elections,
    later_no_result,
    not_latest,
    pick_election,
)
from bot.domain import Cite, Council, Election, Ward, is_place_id, place_gss
from bot.matching import Entry
from bot.render.card import NEUTRAL, Action, Card, Chart, SourceLink

log = logging.getLogger(__name__)

BOUNDARIES_URL = "https://geoportal.statistics.gov.uk/"  # the ONS Open Geography Portal


@dataclass(frozen=True, slots=True)
class Highlight:
    """The ward asked for: its code when recorded, and its name (matched if not)."""

    name: str
    gss: str | None


@dataclass(frozen=True, slots=True)
class MapFacts:
    council: Council
    election: Election
    gss: str | None  # the council's GSS code, if known
    boundaries: boundaries.CouncilBoundaries | None
    boundary_problem: str  # why a held boundary file could not be read ("" if none)
    results: tuple[maps.WardResult, ...]
    cites: tuple[Cite, ...]  # the ballots' and the elected candidates' sources
    parties: Mapping[str, maps.PartyStyle]
    highlight: Highlight | None
    later_no_result: Election | None  # a later election held but not recorded here
    data_version: str


async def answer(ctx: Context, council: str | None, election: str | None,
                 ward: str | None = None, *, default_council: str | None = None) -> Card:
    """The map; with `ward` that ward outlined (and, with no council named, its council's)."""
    wanted = ward if ward and ward.strip() else None
    named = council if council and council.strip() else None
    entry = None
    if wanted and not named:  # "/map ward:childs hill": the ward's council
        entry = resolve(ctx, "ward", wanted, default_council)
        c = await _council_by_id(ctx, entry.council_id) or await council_of(
            ctx, None, default_council)
    else:
        c = await council_of(ctx, named, default_council)
    if is_place_id(c.id):  # the gazetteer names it, but no result is held: nothing to colour
        return await place.answer(ctx, c.id)
    views = await elections(ctx, c.id)
    e = pick_election(c, election, views, full_only=True)
    highlight = None
    if wanted:
        highlight = await _highlight(ctx, entry or resolve(ctx, "ward", wanted, c.id))
    facts = await gather(ctx, c, e, highlight, later_no_result(views, e))
    sources = Sources()
    card = await finish(ctx, compose(facts, sources), sources)
    if facts.boundaries is not None and card.chart is not None:
        card.sources.append(_boundary_source(facts.boundaries))
    return card


async def _council_by_id(ctx: Context, council_id: str | None) -> Council | None:
    if not council_id:
        return None
    return await ctx.store.council(council_id) or await place_council(ctx, council_id)


async def _highlight(ctx: Context, entry: Entry) -> Highlight:
    if is_place_id(entry.id):  # a ward the gazetteer names: its id is its code
        return Highlight(entry.name, place_gss(entry.id))
    w = await ctx.store.ward(entry.id)
    assert w is not None  # the index is built from the store
    return Highlight(w.name, w.gss)


async def council_gss(ctx: Context, c: Council) -> str | None:
    """The council's GSS code: its own record's, else the gazetteer's for it."""
    if c.gss:
        return c.gss
    found = await ctx.store.place_council_of(c.id)
    return found.id if found else None


async def gather(ctx: Context, c: Council, e: Election, highlight: Highlight | None = None,
                 later: Election | None = None) -> MapFacts:
    store = ctx.store
    gss = await council_gss(ctx, c)
    shapes, problem = None, ""
    if gss:
        try:  # a gzip'd JSON per council, cached: decoded in a thread, not on the loop
            shapes = await asyncio.to_thread(boundaries.load, gss)
        except boundaries.BoundaryError as exc:
            log.warning("boundaries for %s not usable: %s", gss, exc)
            problem = str(exc)
    results: tuple[maps.WardResult, ...] = ()
    cites: list[Cite] = []
    if shapes is not None:  # no shapes, no map: the results need not be read
        ballots = [b for b in await store.ballots_in([e.id]) if not b.by_election]
        cands = await store.candidacies([b.id for b in ballots]) if ballots else {}
        rollup = {p.id: p.rollup_id for p in store.parties.values() if p.rollup_id}
        results = tuple(maps.ward_results(await store.wards(c.id), ballots, cands, rollup))
        for b in ballots:
            cites += b.cites
            cites += (x for cd in cands.get(b.id, ()) if cd.elected for x in cd.cites)
    styles = {p.id: maps.PartyStyle(p.id, p.short_name, p.colour)
              for p in store.parties.values()}
    return MapFacts(c, e, gss, shapes, problem, results, tuple(cites), styles, highlight,
                    later, ctx.data_version)


def decide(f: MapFacts) -> maps.MapPlan | maps.Refusal:
    """The plan to draw, or why there is none (pure). Other wards first: an election on
    older boundaries is refused for that even when its ward results are not held."""
    c, e, b = f.council, f.election, f.boundaries
    if b is None:
        code = f" ({f.gss})" if f.gss else ""
        why = (f"its boundary file could not be read ({f.boundary_problem})"
               if f.boundary_problem else "none are held here")
        return maps.Refusal(f"No ward boundaries for {c.short_name}{code}: {why}, so no map "
                            "is drawn.")
    plan = maps.plan(b, f.results, f.parties, election_id=e.id,
                     title=f"{c.short_name} · {election_when(e)}",  # fits the picture's key
                     election_date=e.date or str(e.year), highlight=_shape_of(f))
    if isinstance(plan, maps.Refusal):
        return plan
    if e.status == "no-result":
        return maps.Refusal(f"{c.name} held an election on {election_when(e)}, but its "
                            "result is not recorded here, so there is nothing to colour.")
    if not f.results:
        return maps.Refusal(f"No ward results are recorded here for {c.short_name}'s "
                            f"{election_when(e)} election, so no map is drawn. Its "
                            f"council-wide figures, where recorded: /seats {c.id} {e.year}.")
    return plan


def _shape_of(f: MapFacts) -> str | None:
    """The GSS code of the highlighted ward's shape: by code, else by name (unique)."""
    h, b = f.highlight, f.boundaries
    if h is None or b is None:
        return None
    if h.gss and any(w.gss == h.gss for w in b.wards):
        return h.gss
    if h.gss:  # a code not held here is another ward, whatever its name
        return None
    named = [w.gss for w in b.wards if maps.normalise(h.name) in
             (maps.normalise(w.name), maps.normalise(w.name_cy or ""))]
    return named[0] if len(named) == 1 else None


def _title(c: Council, e: Election) -> str:
    return f"{c.short_name} {e.year} — results by ward"


def compose(f: MapFacts, sources: Sources) -> Card:
    c, e = f.council, f.election
    sources.add(e.cites)
    outcome = decide(f)
    author = f"{c.name} · election of {election_when(e)}"
    if isinstance(outcome, maps.Refusal):
        card = Card(title=f"{c.short_name} {e.year} — no map drawn", author=author,
                    description=outcome.reason, url=e.results_url)
        if outcome.unmatched_results:
            card.add("Wards in the results with no shape here",
                     ", ".join(outcome.unmatched_results))
        if f.boundaries is not None:
            card.add("Boundaries held", _held(f.boundaries))
        card.reference = reference(f.data_version, e.id)
        return card
    plan = outcome
    b = plan.boundaries
    sources.add(f.cites)
    card = Card(title=_title(c, e), author=author, url=e.results_url)
    card.description = (f"Each of {c.short_name}'s {len(b.wards)} wards on the ONS boundaries "
                        f"of {fmt.date(b.date)}, filled in the colour of the party that won "
                        "most of its seats.")
    card.add("Key", legend_text(plan))
    how = [w.matched_by for w in plan.fills if w.matched_by]
    by = [f"{how.count(k)} by {w}" for k, w in (("gss", "GSS code"), ("name", "name")) if k in how]
    card.add("Results matched to wards", " and ".join(by) or "none")
    mapped = sum(i.seats for i in plan.legend if i.colour is not None)
    if e.total_seats and mapped < e.total_seats:
        card.notices.append(
            f"The key counts the {fmt.plural(mapped, 'seat')} whose winners are recorded ward "
            f"by ward, of the council's {e.total_seats}: the party totals are in "
            f"/seats {c.id} {e.year}.")
    if f.highlight is not None:
        card.description += "\n" + (
            f"Outlined: **{fmt.echo(f.highlight.name)}**." if plan.highlight else
            f"{fmt.echo(f.highlight.name)} is not one of the wards on this map, so none is "
            "outlined.")
    if plan.unmatched_results:  # (the wards with no result are listed in the key)
        card.notices.append("No ward on this map matches these results by code or name: "
                            + ", ".join(plan.unmatched_results) + ".")
    if f.later_no_result is not None:
        card.warning = not_latest(c, f.later_no_result)
    card.colour = next((i.colour for i in plan.legend if i.colour is not None), NEUTRAL)
    card.chart = Chart("map", card.title, plan=plan, cache_key=plan.key(f.data_version))
    card.footer = plan.attribution
    card.reference = reference(f.data_version, e.id)
    return card


def legend_text(plan: maps.MapPlan) -> str:
    """The picture's key in words: seats won in the mapped wards; the patterns' wards."""
    won: dict[str, int] = {}
    for fill in plan.fills:
        if fill.kind == maps.WON:
            won[fill.parties[0][0]] = won.get(fill.parties[0][0], 0) + 1
    lines = []
    for item in plan.legend:
        if item.colour is not None:
            n = won.get(item.key, 0)
            filled = f" · {fmt.plural(n, 'ward')} in its colour" if n else ""
            lines.append(f"**{fmt.echo(item.label)}** — {fmt.plural(item.seats, 'seat')}"
                         f"{filled}")
        else:
            names = [fill.name for fill in plan.fills if fill.kind == item.key]
            lines.append(f"{item.label.capitalize()} — {fmt.plural(item.wards, 'ward')}: "
                         + ", ".join(names))
    return "\n".join(lines)


def _held(b: boundaries.CouncilBoundaries) -> str:
    since = ""
    if b.codes_since is not None:
        since = (f", in use since {b.codes_since}" if b.codes_since_exact
                 else f", in use since {b.codes_since} or earlier")
    return f"{len(b.wards)} wards, the ONS boundaries of {fmt.date(b.date)}{since}."


def _boundary_source(b: boundaries.CouncilBoundaries) -> SourceLink:
    return SourceLink(f"{b.source} ({b.licence})", BOUNDARIES_URL)


async def map_action(ctx: Context, council: Council, election: Election,
                     ward: Ward | None = None) -> Action | None:
    """The "Map" button for /seats (and /ward, the ward outlined): None when no map can be
    drawn, so no button offers a refusal."""
    if is_place_id(council.id):
        return None
    highlight = Highlight(ward.name, ward.gss) if ward is not None else None
    if not isinstance(decide(await gather(ctx, council, election, highlight)), maps.MapPlan):
        return None
    # With a ward, the ward names the council: the question stays short (a button's
    # custom id holds 100 characters).
    question = (f"/map election:{election.id} ward:{ward.id}" if ward is not None
                else f"/map council:{council.id} election:{election.id}")
    return Action(label="Map", question=question, part="map")
