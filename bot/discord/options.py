"""The option types of the slash commands: one per kind of thing an option names.

Each carries Discord's length bounds and its autocomplete, and hands the command the
raw text: resolving a name stays in the answers, so the terminal and Discord agree.
Every keystroke is answered from the in-memory name index (bot.answers), never the
database, except elections (a tiny query per keystroke). Suggested values are stable
ids, so a picked suggestion resolves exactly; anything typed freely is still matched
fuzzily by the answers. Descriptions are bot/questions.py's.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import TYPE_CHECKING

import discord
from discord import app_commands

from bot.discord.embed import clip
from bot.discord.reply import current_answers, default_council
from bot.errors import Choice

if TYPE_CHECKING:
    from bot.answers import Answers

log = logging.getLogger(__name__)

CHOICES_MAX = 25
CHOICE_MAX = 100  # name and value
NAME_MAX = 100  # what a name option accepts


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


class _Name(app_commands.Transformer):
    """A string option of 1 to NAME_MAX characters that suggests as it is typed."""

    @property
    def min_value(self) -> int:
        return 1

    @property
    def max_value(self) -> int:
        return NAME_MAX

    async def transform(self, interaction: discord.Interaction, value: str) -> str:
        # Discord checks option types, but a hostile or broken client need not: a number,
        # list or null here must stop at the tree's "could not be read", not reach the answers.
        if not isinstance(value, str):
            raise app_commands.TransformerError(value, discord.AppCommandOptionType.string, self)
        return value

    async def autocomplete(self, interaction: discord.Interaction,  # type: ignore[override]
                           value: str) -> list[app_commands.Choice[str]]:
        # A failing autocomplete shows the user "loading options failed": offer nothing.
        if getattr(interaction.client, "answers", None) is None:
            return []
        try:
            return to_choices(await self.suggest(current_answers(interaction), interaction,
                                                 str(value)))
        except Exception:
            log.exception("autocomplete %s failed", type(self).__name__)
            return []

    async def suggest(self, answers: Answers, interaction: discord.Interaction,
                      current: str) -> list[Choice]:
        raise NotImplementedError


class _Council(_Name):
    async def suggest(self, answers: Answers, interaction: discord.Interaction,
                      current: str) -> list[Choice]:
        return answers.complete("council", current)


class _Ward(_Name):
    async def suggest(self, answers: Answers, interaction: discord.Interaction,
                      current: str) -> list[Choice]:
        scope = answers.council_scope(_typed(interaction, "council"),
                                      default_council(interaction))
        return answers.complete("ward", current, scope)


class _Person(_Name):
    async def suggest(self, answers: Answers, interaction: discord.Interaction,
                      current: str) -> list[Choice]:
        # People are scoped by the council option only, as /councillor resolves them.
        return answers.complete("person", current,
                                answers.council_scope(_typed(interaction, "council"), None))


class _Who(_Name):
    async def suggest(self, answers: Answers, interaction: discord.Interaction,
                      current: str) -> list[Choice]:
        return answers.complete_who(current)


class _Party(_Name):
    async def suggest(self, answers: Answers, interaction: discord.Interaction,
                      current: str) -> list[Choice]:
        return answers.complete("party", current)


class _Election(_Name):
    async def suggest(self, answers: Answers, interaction: discord.Interaction,
                      current: str) -> list[Choice]:
        scope = answers.council_scope(_typed(interaction, "council"),
                                      default_council(interaction))
        return await answers.complete_election(scope, current)


class _Text(_Name):
    """Free text (a keyword): bounded, nothing to suggest."""

    autocomplete = app_commands.Transformer.autocomplete  # type: ignore[assignment]


# Annotations for a cog's parameters: `name: WardName`, `council: CouncilName | None = None`.
CouncilName = app_commands.Transform[str, _Council]
WardName = app_commands.Transform[str, _Ward]
PersonName = app_commands.Transform[str, _Person]
Who = app_commands.Transform[str, _Who]
PartyName = app_commands.Transform[str, _Party]
ElectionName = app_commands.Transform[str, _Election]
Text = app_commands.Transform[str, _Text]
