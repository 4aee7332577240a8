"""/ward: one ward contest, picked from the ward's name and an optional election.

Choosing the contest and reading its records is here; bot/answers/ballot.py turns the
records into the card.
"""

from __future__ import annotations

from bot.answers import place
from bot.answers._context import Context, Sources, council_of, finish, resolve
from bot.answers._shared import (
    ElectionView,
    cited_by,
    dispute_map,
    election_label,
    elections,
    every,
    later_no_result,
    pick_election,
)
from bot.answers.ballot import BallotFacts, ballot_label, compose
from bot.answers.map import map_action
from bot.answers.upcoming import mark_not_counted
from bot.composition import later
from bot.domain import Ballot, Council, Election, Ward, is_place_id
from bot.errors import BadOption, Choice, NotFound, UserError
from bot.matching import Entry
from bot.render.card import Card, Menu

MENU_MAX = 25  # options in a Discord select menu


async def answer(ctx: Context, name: str, council: str | None, election: str | None, *,
                 default_council: str | None) -> Card:
    if not name.strip():  # both options are optional: a postcode is the other way to ask
        raise UserError("Which ward? Give its name (/ward burnt oak) or a postcode "
                        "(/ward postcode:SW1A 1AA).")
    scope = None
    if council and council.strip():
        scope = (await council_of(ctx, council, None)).id
    elif default_council:
        scope = default_council
    entry = resolve(ctx, "ward", name, scope)
    if is_place_id(entry.id):
        return await place.answer(ctx, entry.council_id or "", entry.id)
    ward = await ctx.store.ward(entry.id)
    assert ward is not None
    c = await ctx.store.council(ward.council_id)
    assert c is not None
    ballots = await ctx.store.ballots_for_wards([ward.id])
    views = await elections(ctx, c.id)
    if election and election.strip():
        ward, ballot, ballots = await _asked_for(ctx, entry, ward, c, ballots, views, election)
    else:
        main = [b for b in ballots if not b.by_election]
        if not ballots:
            raise NotFound(f"No contest in {ward.name} ({c.short_name}) is recorded.")
        ballot = (main or ballots)[-1]
    e = {v.election.id: v.election for v in views}[ballot.election_id]
    sources = Sources()
    facts = await gather(ctx, ward.name, c, e, ballot, ballots, views)
    card = mark_not_counted(compose(facts, ctx.parties, sources), facts.ballot,
                            facts.candidacies)
    if action := await map_action(ctx, c, e, ward):  # the "Map" button, when a map can be drawn
        card.actions.append(action)
    return await finish(ctx, card, sources)


async def _asked_for(ctx: Context, entry: Entry, ward: Ward, c: Council, ballots: list[Ballot],
                     views: list[ElectionView], election: str
                     ) -> tuple[Ward, Ballot, list[Ballot]]:
    """The ward's contest in the election asked for, looking in same-named wards too."""
    e = pick_election(c, election, views, full_only=False)
    chosen = [b for b in ballots if b.election_id == e.id]
    if not chosen:  # a namesake ward (other boundaries, e.g. before a review) may have it
        namesakes = [x.id for x in ctx.index.entries("ward", c.id)
                     if x.norm == entry.norm and x.id != ward.id]
        chosen = [b for b in await ctx.store.ballots_for_wards(namesakes)
                  if b.election_id == e.id]
        if chosen:
            ward = await ctx.store.ward(chosen[0].ward_id) or ward
            ballots = await ctx.store.ballots_for_wards([ward.id])
    if not chosen:
        raise BadOption(
            f"{ward.name} was not contested in the {election_label(e, True)} "
            "as far as the records here show.",
            tuple(Choice(ballot_label(b), b.election_id) for b in ballots),
            kind="election", query=election)
    return ward, chosen[0], ballots


async def gather(ctx: Context, ward_name: str, c: Council, e: Election, ballot: Ballot,
                 all_ballots: list[Ballot], views: list[ElectionView]) -> BallotFacts:
    store = ctx.store
    cands = (await store.candidacies([ballot.id])).get(ballot.id, [])
    previous, previous_cands = None, []
    earlier = [b for b in all_ballots if later(ballot.date, b.date)]
    if not ballot.outcome and earlier:  # for "gain" or "hold", from the last contest here
        previous = earlier[-1]
        previous_cands = (await store.candidacies([previous.id])).get(previous.id, [])
    disputes = [*(await dispute_map(ctx, "ballot", [ballot.id])).get(ballot.id, []),
                *every(await dispute_map(ctx, "candidacy", [cd.id for cd in cands]))]
    listings = await store.listings(ward_id=ballot.ward_id)
    people = await store.people([li.person_id for li in listings]) if listings else {}
    stood = [cd.person_id for cd in cands if cd.person_id]
    names = {pid: p.name for pid, p in (await store.people(stood)).items()} if stood else {}
    return BallotFacts(
        ward_name=ward_name, council=c, election=e, ballot=ballot, candidacies=tuple(cands),
        others=tuple(b for b in all_ballots if b.id != ballot.id),
        previous=previous, previous_candidacies=tuple(previous_cands),
        disputes=tuple(disputes), cited=await cited_by(ctx, disputes),
        listings=tuple(listings), people=people,
        later_no_result=later_no_result(views, e), data_version=ctx.data_version,
        names=names)


async def wards_menu(ctx: Context, c: Council, e: Election) -> Menu | None:
    """"Wards ▾": the wards that voted in this election; picking one shows its result."""
    ward_ids = {b.ward_id for b in await ctx.store.ballots_in([e.id]) if not b.by_election}
    wards = sorted((await ctx.store.wards_by_id(list(ward_ids))).values(), key=lambda w: w.name)
    if not wards:
        return None
    shown = "Wards ▾ — pick one for its result" + (
        f" (first {MENU_MAX} of {len(wards)})" if len(wards) > MENU_MAX else "")
    return Menu(shown, f"/ward council:{c.id} election:{e.id}", "ward",
                tuple((w.name, w.id) for w in wards[:MENU_MAX]))
