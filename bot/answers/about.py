"""/about (what the data holds), /help (how to ask) and a server's /settings card."""

from __future__ import annotations

import re

from bot import boundaries, places
from bot import format as fmt
from bot.answers._context import Context, data_date, reference
from bot.answers._shared import council_wide, elections
from bot.questions import help_lines
from bot.render.card import Card

HELP = help_lines()  # (name, example, what it answers) per command, from bot/questions.py
SECTIONS = (
    ("Results", ("seats", "ward", "councillor", "party", "history", "byelections", "map",
                 "where", "quote")),
    ("About the bot", ("about", "ping")),
    ("Server admins", ("settings", "follow", "unfollow", "following")),
)


async def about(ctx: Context) -> Card:
    store = ctx.store
    counts = await store.counts()
    place_counts = await store.place_counts()
    maps = len(boundaries.available())
    card = Card(title="What this bot knows",
                description="Answers about UK local council elections, each with its "
                            "sources. What is not recorded is shown as not recorded.")
    lines, years_full = [], []
    for c in await store.councils():
        full = council_wide(await elections(ctx, c.id), with_result=False)
        held = [e for e in full if e.status != "no-result"]
        missing = [e for e in full if e.status == "no-result"]
        years_full.append(f"**{c.short_name}** — " + (", ".join(
            str(e.year) + ("†" if e.status == "no-result" else "") for e in full)
            or "by-elections only"))
        if not held:
            text = "by-elections only" if not missing else ""
        elif len(held) == 1:
            text = str(held[0].year)
        else:
            text = f"{held[0].year}–{held[-1].year} ({len(held)} elections)"
        if missing:
            text += ("; " if text else "") + ", ".join(str(e.year) for e in missing) + \
                " held, no result yet"
        lines.append(f"**{c.short_name}** {text}")
    card.add("Councils with results", "\n".join(lines) or "No data loaded.")
    if counts:
        card.add("Records", " · ".join(f"{v:,} {k}" for k, v in counts.items()))
    councils, wards = place_counts[0], place_counts[1]
    if councils:
        card.add("Every UK council and ward", f"{councils:,} councils and {wards:,} wards by "
                 "name (no results)" + (f"; ward maps for {maps:,} councils (/map)"
                                        if maps else "") + ". Credits in Sources & notes.")
    card.add_detail("Councils and elections", "\n".join(years_full))
    card.notices.append("† held, result not recorded here.")
    card.add_detail("Every UK council and ward", places.about_text(*place_counts))
    card.add_detail("Ward boundaries (/map)", boundaries_text(maps))
    licences = await store.source_licences()
    card.add_detail("Source licences", "\n".join(f"{lic}: {n}" for lic, n in licences))
    card.footer = data_date(ctx)
    card.reference = reference(ctx.data_version) + built(store.meta.get("built_at", ""))
    return card


def built(at: str) -> str:
    """" · built 3 December 2026, 10:37 UTC": the data's build time, said for people."""
    if not at:
        return ""
    when = fmt.date(at[:10])
    clock = at[11:16]
    return f" · built {when}" + (f", {clock} UTC" if re.fullmatch(r"\d\d:\d\d", clock)
                                 and at.endswith(("+00:00", "Z")) else "")


def boundaries_text(councils: int) -> str:
    """What /about says of the map boundaries: how many councils, whose, the credit asked."""
    if not councils:
        return ""
    return (f"{councils:,} councils' wards, from the ONS (each map gives its boundaries' "
            f"date). {'. '.join(boundaries.ATTRIBUTION)}. Licence: {boundaries.LICENCE}.")


def help_card() -> Card:
    """One real example per command, each with what it answers in a few words; in Discord
    every "/name" becomes a clickable command mention (bot/discord/mentions.py)."""
    card = Card(title="How to ask", description="Tap a command, or type / to pick one.")
    for section, names in SECTIONS:
        rows = [f"{example} — {text}" for name, example, text in HELP if name in names]
        card.add(section, "\n".join(rows))
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
