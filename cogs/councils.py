"""/seats, /history and /byelections: questions about a whole council."""

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
PICKS = {"council": "council", "election": "election"}


async def _seats(a: Answers, o: Options, default: str | None) -> Card:
    return await a.seats(o["council"], o["election"], default_council=default)


async def _history(a: Answers, o: Options, default: str | None) -> Card:
    return await a.history(o["council"], default_council=default)


async def _byelections(a: Answers, o: Options, default: str | None) -> Card:
    return await a.byelections(o["council"], default_council=default)


class Councils(commands.Cog):
    def __init__(self, bot: ElectionBot) -> None:
        self.bot = bot

    @app_commands.command(name="seats", description="Seats, votes, control and majority at a "
                          "council election, and changes since")
    @app_commands.describe(council=opt.COUNCIL, election=opt.ELECTION)
    @app_commands.autocomplete(council=opt.council, election=opt.election)
    async def seats(self, interaction: discord.Interaction, council: Name | None = None,
                    election: Name | None = None) -> None:
        await answer(interaction, Question("seats", {"council": council, "election": election},
                                           _seats, PICKS))

    @app_commands.command(name="history",
                          description="A council's make-up at every election on record")
    @app_commands.describe(council=opt.COUNCIL)
    @app_commands.autocomplete(council=opt.council)
    async def history(self, interaction: discord.Interaction,
                      council: Name | None = None) -> None:
        await answer(interaction, Question("history", {"council": council}, _history, PICKS))

    @app_commands.command(name="byelections", description="By-elections, defections and other "
                          "changes since a council's last election")
    @app_commands.describe(council=opt.COUNCIL)
    @app_commands.autocomplete(council=opt.council)
    async def byelections(self, interaction: discord.Interaction,
                          council: Name | None = None) -> None:
        await answer(interaction, Question("byelections", {"council": council}, _byelections,
                                           PICKS))


async def setup(bot: ElectionBot) -> None:
    await bot.add_cog(Councils(bot))
