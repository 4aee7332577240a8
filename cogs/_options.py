"""Autocomplete for the options that name things, shared by the cogs.

Every keystroke is answered from the in-memory name index (bot.answers), never the
database, except elections (a tiny query per keystroke). Values are stable ids, so a
picked suggestion resolves exactly; anything typed freely is still matched fuzzily by
the answers.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Awaitable, Callable, Iterable

import discord
from discord import app_commands

from bot.errors import Choice
from bot.render.embed import clip
from cogs._reply import current_answers, default_council

log = logging.getLogger(__name__)

CHOICES_MAX = 25
CHOICE_MAX = 100  # name and value
Suggest = Callable[[discord.Interaction, str], Awaitable[list[app_commands.Choice[str]]]]


def to_choices(choices: Iterable[Choice]) -> list[app_commands.Choice[str]]:
    out: list[app_commands.Choice[str]] = []
    for ch in choices:
        name = clip(ch.label.strip(), CHOICE_MAX)
        if name and 0 < len(ch.value) <= CHOICE_MAX:
            out.append(app_commands.Choice(name=name, value=ch.value))
        if len(out) == CHOICES_MAX:
            break
    return out


def _typed(interaction: discord.Interaction, option: str) -> str | None:
    """What is typed so far in another option of the same command (unvalidated)."""
    value = getattr(interaction.namespace, option, None)
    return value if isinstance(value, str) and value.strip() else None


def _safe(suggest: Suggest) -> Suggest:
    # A failing autocomplete shows the user "loading options failed": offer nothing instead.
    @functools.wraps(suggest)
    async def wrapper(interaction: discord.Interaction,
                      current: str) -> list[app_commands.Choice[str]]:
        if getattr(interaction.client, "answers", None) is None:
            return []
        try:
            return await suggest(interaction, current)
        except Exception:
            log.exception("autocomplete %s failed", suggest.__name__)
            return []
    return wrapper


@_safe
async def council(interaction: discord.Interaction,
                  current: str) -> list[app_commands.Choice[str]]:
    return to_choices(current_answers(interaction).complete("council", current))


@_safe
async def ward(interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
    answers = current_answers(interaction)
    scope = answers.council_scope(_typed(interaction, "council"), default_council(interaction))
    return to_choices(answers.complete("ward", current, scope))


@_safe
async def person(interaction: discord.Interaction,
                 current: str) -> list[app_commands.Choice[str]]:
    # People are scoped by the council option only, as /councillor resolves them.
    answers = current_answers(interaction)
    scope = answers.council_scope(_typed(interaction, "council"), None)
    return to_choices(answers.complete("person", current, scope))


@_safe
async def who(interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
    return to_choices(current_answers(interaction).complete_who(current))


@_safe
async def party(interaction: discord.Interaction,
                current: str) -> list[app_commands.Choice[str]]:
    return to_choices(current_answers(interaction).complete("party", current))


@_safe
async def election(interaction: discord.Interaction,
                   current: str) -> list[app_commands.Choice[str]]:
    answers = current_answers(interaction)
    scope = answers.council_scope(_typed(interaction, "council"), default_council(interaction))
    return to_choices(await answers.complete_election(scope, current))


# Option descriptions, the same wherever the option appears.
COUNCIL = "The council, e.g. Barnet (default: this server's council)"
ELECTION = "Which election, e.g. 2018 (default: the latest with a result)"
