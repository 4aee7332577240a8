"""/quote: what party leaders said, with who, role, date, outlet and link."""

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
PICKS = {"speaker": "who", "party": "who"}


async def _quote(a: Answers, o: Options, default: str | None) -> Card:
    return await a.quote(o["who"] or "", o["keyword"], default_council=default)


class Quotes(commands.Cog):
    def __init__(self, bot: ElectionBot) -> None:
        self.bot = bot

    @app_commands.command(name="quote", description="What party leaders said: who, role, date, "
                          "outlet and link")
    @app_commands.describe(who="A person or a party, e.g. Rawlings or Labour",
                           keyword="Only statements with these words, e.g. housing")
    @app_commands.autocomplete(who=opt.who)
    async def quote(self, interaction: discord.Interaction, who: Name,
                    keyword: Name | None = None) -> None:
        await answer(interaction, Question("quote", {"who": who, "keyword": keyword}, _quote,
                                           PICKS))


async def setup(bot: ElectionBot) -> None:
    await bot.add_cog(Quotes(bot))
