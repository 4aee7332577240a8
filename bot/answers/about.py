"""/about (what the data holds), /help (how to ask) and a server's /settings card."""

from __future__ import annotations

from bot import boundaries, places
from bot import format as fmt
from bot.answers._context import Context, reference
from bot.answers._shared import council_wide, elections
from bot.questions import help_lines
from bot.render.card import Card

HELP = help_lines()  # one line per command, from the registry (bot/questions.py)


async def about(ctx: Context) -> Card:
    store = ctx.store
    counts = await store.counts()
    card = Card(title="About this bot's data",
                description="Answers about UK local council elections, each with its "
                            "sources. What is not recorded is shown as not recorded.")
    lines = []
    for c in await store.councils():
        full = council_wide(await elections(ctx, c.id), with_result=False)
        years = ", ".join(str(e.year) + ("†" if e.status == "no-result" else "")
                          for e in full)
        lines.append(f"**{c.short_name}** — {years or 'by-elections only'}")
    card.add("Councils and elections", "\n".join(lines) or "No data loaded.")
    card.notices.append("† held, result not recorded here.")
    card.add("Records", " · ".join(f"{v:,} {k}" for k, v in counts.items()))
    card.add("Every UK council and ward", places.about_text(*await store.place_counts()))
    card.add("Ward boundaries (/map)", boundaries_text(len(boundaries.available())))
    licences = await store.source_licences()
    card.add("Source licences", "\n".join(f"{lic}: {n}" for lic, n in licences))
    card.reference = reference(ctx.data_version) + f" · built {store.meta.get('built_at', '?')}"
    return card


def boundaries_text(councils: int) -> str:
    """What /about says of the map boundaries: how many councils, whose, the credit asked."""
    if not councils:
        return ""
    return (f"{councils:,} councils' wards, from the ONS (each map gives its boundaries' "
            f"date). {'. '.join(boundaries.ATTRIBUTION)}. Licence: {boundaries.LICENCE}.")


def help_card() -> Card:
    card = Card(title="How to ask")
    for name, text in HELP:
        card.add(name, text)
    card.footer = "Names are forgiving: 'childs hill', 'Child's Hill' and 'chids hil' all work."
    return card


async def settings(ctx: Context, default_council: str | None, *, updated_at: str | None,
                   just_set: bool) -> Card:
    """A server's settings as a card; `default_council` is a council id."""
    card = Card(title="Default council set" if just_set else "This server's settings")
    if default_council is None:
        value = ("None set: questions need a council option, e.g. /seats barnet. "
                 "Set one with /settings council.")
    elif (c := await ctx.store.council(default_council)) is not None:
        value = f"**{c.name}** (`{c.id}`)"
    else:
        value = (f"`{fmt.echo(default_council)}`, which the current data does not hold; "
                 "answers ask for a council until it is set again with /settings council.")
    card.add("Default council", value)
    card.add("What it does", "Questions asked in this server without a council option "
             "(/seats, /ward, /history, /byelections, /party) answer for this council, and "
             "ward and election suggestions come from it.")
    if updated_at:
        card.footer = f"last changed {updated_at[:10]}"
    return card
