"""/ward: one ward's result."""

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
PICKS = {"ward": "name", "council": "council", "election": "election"}


async def _ward(a: Answers, o: Options, default: str | None) -> Card:
    return await a.ward(o["name"] or "", o["council"], o["election"], default_council=default)


class Wards(commands.Cog):
    def __init__(self, bot: ElectionBot) -> None:
        self.bot = bot

    @app_commands.command(name="ward", description="One ward's result: every candidate, votes, "
                          "who was elected, turnout and majority")
    @app_commands.describe(name="The ward, e.g. Childs Hill", council=opt.COUNCIL,
                           election=opt.ELECTION)
    @app_commands.autocomplete(name=opt.ward, council=opt.council, election=opt.election)
    async def ward(self, interaction: discord.Interaction, name: Name,
                   council: Name | None = None, election: Name | None = None) -> None:
        await answer(interaction, Question(
            "ward", {"name": name, "council": council, "election": election}, _ward, PICKS))


async def setup(bot: ElectionBot) -> None:
    await bot.add_cog(Wards(bot))
