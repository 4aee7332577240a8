"""The one error handler: ErrorTree, the bot's command tree (ElectionBot passes tree_cls).

Every failure of a command, a check or an option ends here as a short private reply,
and in the log when it was our fault. An unclear name asked through reply.answer never
gets here: answer() offers its "did you mean" menu itself.
"""

from __future__ import annotations

import logging
import math
from typing import Any

import discord
from discord import app_commands

from bot.discord.reply import listed, send_private
from bot.errors import UserError

log = logging.getLogger(__name__)

GENERIC_ERROR = ("Something went wrong while answering. It has been logged; "
                 "please try again in a little while.")


# Discord errors that are events, not bugs: the interaction or its token expired
# (10062, 10015), the message was deleted (10008), it was answered already (40060).
DEAD_TOKEN = frozenset({10062, 10015})
EXPECTED_CODES = DEAD_TOKEN | {10008, 40060}


def expected_http(err: BaseException) -> bool:
    return isinstance(err, discord.DiscordServerError | discord.InteractionResponded) or (
        isinstance(err, discord.HTTPException) and err.code in EXPECTED_CODES)


def _where(interaction: discord.Interaction) -> str:
    if interaction.command is not None:
        return f"/{interaction.command.qualified_name}"
    return "a component" if interaction.type is discord.InteractionType.component else "?"


class ErrorTree(app_commands.CommandTree[Any]):
    async def on_error(self, interaction: discord.Interaction,
                       error: app_commands.AppCommandError) -> None:
        await report_error(interaction, error)


def _permission_names(perms: list[str]) -> str:
    names = [p.replace("_", " ").replace("guild", "server").title() for p in perms]
    return ", ".join(names)


def explain(interaction: discord.Interaction, err: BaseException) -> str:
    """What to tell the user about `err` (logging it if it is a fault of ours)."""
    if isinstance(err, UserError):
        return listed(err)  # raised outside answer(), e.g. /settings council: no Question
    if isinstance(err, app_commands.CommandNotFound | app_commands.CommandSignatureMismatch):
        log.warning("Discord's copy of /%s is out of date: run election-bot sync", err.name
                    if isinstance(err, app_commands.CommandNotFound) else err.command.name)
        return ("This command has changed since it was registered with Discord. The bot's "
                "owner needs to register the commands again (election-bot sync).")
    if isinstance(err, app_commands.TransformerError):
        return "One of the options could not be read; please pick a suggestion or retype it."
    if isinstance(err, app_commands.MissingPermissions):
        return f"You need the {_permission_names(err.missing_permissions)} permission for that."
    if isinstance(err, app_commands.BotMissingPermissions):
        return (f"The bot needs the {_permission_names(err.missing_permissions)} permission "
                "here for that.")
    if isinstance(err, app_commands.CommandOnCooldown):
        return f"That was used a lot just now; try again in {math.ceil(err.retry_after)} s."
    if isinstance(err, app_commands.NoPrivateMessage):
        return "That works only in a server, not in direct messages."
    if isinstance(err, app_commands.CheckFailure):
        return str(err) or "You cannot use that here."
    command = interaction.command.qualified_name if interaction.command else "?"
    log.error("unexpected error in /%s (guild %s, user %s)", command,
              interaction.guild_id, interaction.user.id, exc_info=err)
    return GENERIC_ERROR


async def report_error(interaction: discord.Interaction, error: Exception) -> None:
    """A short private reply, and a log entry if it was our fault."""
    err: BaseException = error
    if isinstance(err, app_commands.CommandInvokeError):
        err = err.original
    if interaction.type is discord.InteractionType.autocomplete:
        log.warning("autocomplete failed: %s", err)  # an autocomplete cannot show a message
        return
    if expected_http(err):
        # Late (the 3 s or 15 min passed), or Discord had a moment: one line, no traceback.
        log.warning("could not answer %s (guild %s): %s", _where(interaction),
                    interaction.guild_id, err)
        if isinstance(err, discord.HTTPException) and err.code in DEAD_TOKEN:
            return  # the token is dead: nothing more can be said
    text = explain(interaction, err)
    try:
        await send_private(interaction, text)
    except discord.HTTPException as exc:
        # Too late (the token expired) or Discord is down: nothing more can be said.
        log.warning("could not report an error to the user: %s", exc)
