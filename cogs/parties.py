"""/party: a party's seats, votes, leader and wards won."""

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
PICKS = {"party": "name", "council": "council"}


async def _party(a: Answers, o: Options, default: str | None) -> Card:
    return await a.party(o["name"] or "", o["council"], default_council=default)


class Parties(commands.Cog):
    def __init__(self, bot: ElectionBot) -> None:
        self.bot = bot

    @app_commands.command(name="party", description="A party in a council: seats, votes, "
                          "leader and wards won")
    @app_commands.describe(name="The party, e.g. Labour or Lib Dem", council=opt.COUNCIL)
    @app_commands.autocomplete(name=opt.party, council=opt.council)
    async def party(self, interaction: discord.Interaction, name: Name,
                    council: Name | None = None) -> None:
        await answer(interaction, Question("party", {"name": name, "council": council}, _party,
                                           PICKS))


async def setup(bot: ElectionBot) -> None:
    await bot.add_cog(Parties(bot))
