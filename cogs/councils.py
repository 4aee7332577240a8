"""/seats, /history and /byelections: questions about a whole council."""

from __future__ import annotations

import discord
from discord import app_commands
from discord.ext import commands

from bot.discord.options import CouncilName, ElectionName
from bot.discord.reply import ask
from bot.questions import QUESTIONS

SEATS, HISTORY, BYELECTIONS = QUESTIONS["seats"], QUESTIONS["history"], QUESTIONS["byelections"]


class Councils(commands.Cog):
    @app_commands.command(name=SEATS.name, description=SEATS.summary)
    @app_commands.describe(**SEATS.descriptions())
    async def seats(self, interaction: discord.Interaction, council: CouncilName | None = None,
                    election: ElectionName | None = None) -> None:
        await ask(interaction, SEATS, council=council, election=election)

    @app_commands.command(name=HISTORY.name, description=HISTORY.summary)
    @app_commands.describe(**HISTORY.descriptions())
    async def history(self, interaction: discord.Interaction,
                      council: CouncilName | None = None) -> None:
        await ask(interaction, HISTORY, council=council)

    @app_commands.command(name=BYELECTIONS.name, description=BYELECTIONS.summary)
    @app_commands.describe(**BYELECTIONS.descriptions())
    async def byelections(self, interaction: discord.Interaction,
                          council: CouncilName | None = None) -> None:
        await ask(interaction, BYELECTIONS, council=council)


async def setup(bot: commands.Bot) -> None:
    await bot.add_cog(Councils())
