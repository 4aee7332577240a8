"""/councillor: a person, their party, ward and elections."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.render.card import Card
from cogs import _options as opt
from cogs._reply import Options, Question, answer

if TYPE_CHECKING:
    from bot.answers import Answers
    from bot.client import ElectionBot

Name = app_commands.Range[str, 1, 100]
PICKS = {"person": "name", "council": "council"}


async def _councillor(a: Answers, o: Options, default: str | None) -> Card:
    return await a.councillor(o["name"] or "", o["council"], default_council=default)


class People(commands.Cog):
    def __init__(self, bot: ElectionBot) -> None:
        self.bot = bot

    @app_commands.command(name="councillor", description="A councillor or candidate: party, "
                          "ward, elections stood and changes since")
    @app_commands.describe(name="The person, e.g. Zinkin or Peter Zinkin",
                           council="Only look in this council, e.g. Barnet")
    @app_commands.autocomplete(name=opt.person, council=opt.council)
    async def councillor(self, interaction: discord.Interaction, name: Name,
                         council: Name | None = None) -> None:
        await answer(interaction, Question("councillor", {"name": name, "council": council},
                                           _councillor, PICKS))


async def setup(bot: ElectionBot) -> None:
    await bot.add_cog(People(bot))
