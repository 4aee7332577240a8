"""A tiny AutoShardedBot that exercises what the election bot will do, to prove the fake.

Commands (all replies use the client-wide ``AllowedMentions.none()``):

- ``/ping``                    replies at once with an embed
- ``/council name:<autocomplete>`` autocompletes council names, replies with text
- ``/report council:<str>``    defers (thinking), edits @original with an embed and a PNG
                               (multipart), then sends a JSON follow-up
- ``/vote``                    replies with two buttons and a select; "Vote" edits the message
                               (type 7), "Results" and the select answer ephemerally
- ``/election results council:<str> [year:<int>]`` a command inside a group
- ``/mention``                 tries to mention @everyone and a user (must be neutralised)
- ``/toolong``                 sends an embed with a 300-character title (Discord rejects it)
- ``/settings``                needs Manage Server, guild only

Run as ``python -m fakes.discordapi.launcher --base URL -- fakes.discordapi.standin_bot:main``
with DISCORD_TOKEN set; DEV_GUILD_ID (optional) registers the commands in that guild instead of
globally, as the election bot does; STANDIN_CLIENT=plain makes it an unsharded commands.Bot.
"""

from __future__ import annotations

import io
import logging
import os
import struct
import sys
import zlib

import discord
from discord import app_commands
from discord.ext import commands

COUNCILS = ["Barnet", "Barking and Dagenham", "Bexley", "Brent", "Bromley", "Camden"]
log = logging.getLogger("standin")


def tiny_png() -> bytes:
    """A valid 1x1 PNG, built here so the bot needs no image library."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))
    ihdr = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr)
            + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00")) + chunk(b"IEND", b""))


class VoteView(discord.ui.View):
    def __init__(self) -> None:
        super().__init__(timeout=300)

    @discord.ui.button(label="Vote", style=discord.ButtonStyle.primary, custom_id="vote:yes")
    async def vote(self, interaction: discord.Interaction, button: discord.ui.Button) -> None:
        button.disabled = True
        button.label = "Voted"
        await interaction.response.edit_message(content=f"{interaction.user.name} voted.",
                                                view=self)

    @discord.ui.button(label="Results", style=discord.ButtonStyle.secondary,
                       custom_id="vote:results")
    async def results(self, interaction: discord.Interaction, button: discord.ui.Button) -> None:
        await interaction.response.send_message("No results yet.", ephemeral=True)

    @discord.ui.select(custom_id="vote:council", placeholder="Pick a council",
                       options=[discord.SelectOption(label=c, value=c) for c in COUNCILS[:3]])
    async def pick(self, interaction: discord.Interaction, select: discord.ui.Select) -> None:
        await interaction.response.send_message(f"You picked {select.values[0]}.",
                                                ephemeral=True)


class StandInMixin:
    tree: app_commands.CommandTree

    def __init__(self) -> None:
        super().__init__(command_prefix=commands.when_mentioned,  # type: ignore[call-arg]
                         intents=discord.Intents.default(),
                         allowed_mentions=discord.AllowedMentions.none(), help_command=None)

    async def setup_hook(self) -> None:
        self.tree.add_command(ping)
        self.tree.add_command(council)
        self.tree.add_command(report)
        self.tree.add_command(vote)
        self.tree.add_command(election)
        self.tree.add_command(mention)
        self.tree.add_command(toolong)
        self.tree.add_command(settings)
        guild_id = os.environ.get("DEV_GUILD_ID", "").strip()
        if guild_id:
            guild = discord.Object(int(guild_id))
            self.tree.copy_global_to(guild=guild)
            synced = await self.tree.sync(guild=guild)
        else:
            synced = await self.tree.sync()
        log.info("synced %d commands", len(synced))


class StandIn(StandInMixin, commands.AutoShardedBot):
    """The shape the election bot has: sharded, gateway URL from GET /gateway/bot."""


class PlainStandIn(StandInMixin, commands.Bot):
    """A plain (unsharded) client: connects to DiscordWebSocket.DEFAULT_GATEWAY."""


@app_commands.command(description="Check the bot is alive")
async def ping(interaction: discord.Interaction) -> None:
    embed = discord.Embed(title="Pong", description="The bot is up.", colour=0x2F6FDE)
    embed.add_field(name="Latency", value="fake", inline=True)
    embed.set_footer(text="stand-in bot")
    await interaction.response.send_message(embed=embed)


@app_commands.command(description="Look up a council")
@app_commands.describe(name="The council's name")
async def council(interaction: discord.Interaction, name: str) -> None:
    await interaction.response.send_message(f"You picked {name}.")


@council.autocomplete("name")
async def council_autocomplete(interaction: discord.Interaction, current: str
                               ) -> list[app_commands.Choice[str]]:
    found = [c for c in COUNCILS if c.lower().startswith(current.lower())]
    return [app_commands.Choice(name=c, value=c) for c in found[:25]]


@app_commands.command(description="A slow report with a chart")
async def report(interaction: discord.Interaction, council: str) -> None:
    await interaction.response.defer(thinking=True)
    embed = discord.Embed(title=f"Report for {council}", description="Seats by party.")
    embed.set_image(url="attachment://chart.png")
    await interaction.edit_original_response(
        embed=embed, attachments=[discord.File(io.BytesIO(tiny_png()), "chart.png")])
    await interaction.followup.send(f"Source: the {council} results page.")


@app_commands.command(description="Vote with a button")
async def vote(interaction: discord.Interaction) -> None:
    await interaction.response.send_message("Cast your vote:", view=VoteView())


election = app_commands.Group(name="election", description="Election results")


@election.command(name="results", description="Results for a council")
async def election_results(interaction: discord.Interaction, council: str,
                           year: int | None = None) -> None:
    await interaction.response.send_message(f"Results for {council} {year or 'latest'}.")


@app_commands.command(description="Tries to ping people")
async def mention(interaction: discord.Interaction) -> None:
    await interaction.response.send_message(f"@everyone {interaction.user.mention} look!")


@app_commands.command(description="Admins only")
@app_commands.default_permissions(manage_guild=True)
@app_commands.guild_only()
async def settings(interaction: discord.Interaction) -> None:
    await interaction.response.send_message("Settings saved.", ephemeral=True)


@app_commands.command(description="Sends an embed Discord would reject")
async def toolong(interaction: discord.Interaction) -> None:
    await interaction.response.send_message(embed=discord.Embed(title="x" * 300))


def main() -> int:
    token = os.environ.get("DISCORD_TOKEN", "")
    if not token:
        print("standin_bot: set DISCORD_TOKEN", file=sys.stderr)
        return 2
    bot = PlainStandIn() if os.environ.get("STANDIN_CLIENT") == "plain" else StandIn()
    bot.run(token, log_level=logging.INFO)
    return 0


if __name__ == "__main__":
    sys.exit(main())
