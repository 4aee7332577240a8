"""/councillor: a person, their party, ward and elections."""

from __future__ import annotations

import discord
from discord import app_commands
from discord.ext import commands

from bot.discord.options import CouncilName, PersonName
from bot.discord.reply import ask
from bot.questions import QUESTIONS

COUNCILLOR = QUESTIONS["councillor"]


class People(commands.Cog):
    @app_commands.command(name=COUNCILLOR.name, description=COUNCILLOR.summary)
    @app_commands.describe(**COUNCILLOR.descriptions())
    async def councillor(self, interaction: discord.Interaction, name: PersonName,
                         council: CouncilName | None = None) -> None:
        await ask(interaction, COUNCILLOR, name=name, council=council)


async def setup(bot: commands.Bot) -> None:
    await bot.add_cog(People())
