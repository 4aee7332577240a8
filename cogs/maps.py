"""/map: a council's wards coloured by who won them."""

from __future__ import annotations

import discord
from discord import app_commands
from discord.ext import commands

from bot.discord.options import CouncilName, ElectionName, WardName
from bot.discord.reply import ask
from bot.questions import QUESTIONS

MAP = QUESTIONS["map"]


class Maps(commands.Cog):
    @app_commands.command(name=MAP.name, description=MAP.summary)
    @app_commands.describe(**MAP.descriptions())
    async def map(self, interaction: discord.Interaction, council: CouncilName | None = None,
                  election: ElectionName | None = None, ward: WardName | None = None) -> None:
        await ask(interaction, MAP, council=council, election=election, ward=ward)


async def setup(bot: commands.Bot) -> None:
    await bot.add_cog(Maps())
