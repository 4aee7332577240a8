"""Replying to an interaction with an answer, or with what went wrong.

Shared by every cog (the leading underscore keeps it from being loaded as one).
A cog turns its options into a Question; `answer` asks it, within Discord's
three seconds, and sends the card; `report_error` is the one error handler.
"""

from __future__ import annotations

import asyncio
import io
import logging
import math
from collections.abc import Awaitable, Callable, Mapping
from contextlib import suppress
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

import discord
from discord import app_commands

from bot.errors import UserError
from bot.render.card import Card, Chart
from bot.render.embed import CHART_FILENAME, CONTENT_MAX, clip, pages_of
from bot.views import NO_MENTIONS, ChoicePicker, Pager

if TYPE_CHECKING:
    from bot.answers import Answers

log = logging.getLogger(__name__)

# Discord drops an interaction not answered within 3 s. Past DEFER_AFTER we say
# "thinking…" (defer), which buys 15 minutes; a chart gets CHART_WAIT more
# seconds after that, else the answer goes without it.
DEFER_AFTER = 1.0
CHART_WAIT = 5.0
CHOICES_IN_TEXT = 10
PUBLIC_THINKING = "public_thinking"  # interaction.extras key: we deferred with a public "thinking…"
GENERIC_ERROR = ("Something went wrong while answering. It has been logged; "
                 "please try again in a little while.")

T = TypeVar("T")
Options = Mapping[str, str | None]
Ask = Callable[["Answers", Options, str | None], Awaitable[Card]]


class Charts(Protocol):
    """bot/render/chart.py's ChartCache, as this module uses it."""

    async def png(self, chart: Chart, data_version: str) -> bytes: ...


@dataclass(frozen=True)
class Question:
    """One slash command as asked: enough to ask it again with a picked id."""

    command: str
    options: Options
    ask: Ask
    # answer kind ("ward", "council", "election", ...) -> the option a picked id replaces
    picks: Mapping[str, str] = field(default_factory=dict)

    def with_pick(self, kind: str, value: str) -> Question | None:
        option = self.picks.get(kind)
        if option is None:
            return None
        return replace(self, options={**self.options, option: value})


class _Clock:
    """Tracks Discord's deadline for one interaction, and defers when it comes near."""

    def __init__(self, interaction: discord.Interaction) -> None:
        self.interaction = interaction
        self.loop = asyncio.get_running_loop()
        self.start = self.loop.time()
        self.deferred = False

    def left(self) -> float:
        return max(0.0, DEFER_AFTER - (self.loop.time() - self.start))

    async def defer(self) -> None:
        if not self.deferred and not self.interaction.response.is_done():
            await self.interaction.response.defer(thinking=True)
            self.interaction.extras[PUBLIC_THINKING] = True
        self.deferred = True

    async def run(self, work: Awaitable[T]) -> T:
        """Await `work`, deferring first if it is not done within the time left."""
        task = asyncio.ensure_future(work)
        try:
            if not self.deferred:
                done, _ = await asyncio.wait({task}, timeout=self.left())
                if not done:
                    await self.defer()
            return await task
        finally:
            if not task.done():  # the defer failed: nobody will read this answer
                task.cancel()

    async def chart(self, charts: Charts | None, card: Card, data_version: str) -> bytes | None:
        """The card's chart if it is ready in time; else None (the answer goes without it)."""
        if card.chart is None or charts is None:
            return None
        task = asyncio.ensure_future(charts.png(card.chart, data_version))
        done, _ = await asyncio.wait({task}, timeout=CHART_WAIT if self.deferred else self.left())
        if not done and not self.deferred:
            await self.defer()
            done, _ = await asyncio.wait({task}, timeout=CHART_WAIT)
        if not done:
            # Let it finish: the cache then has it for the next asker.
            task.add_done_callback(_quiet)
            log.info("chart not ready in time; answering without it")
            return None
        try:
            return task.result()
        except Exception:
            log.warning("could not draw a chart; answering without it", exc_info=True)
            return None


def _quiet(task: asyncio.Future[Any]) -> None:
    if not task.cancelled() and task.exception() is not None:
        log.warning("a late chart failed", exc_info=task.exception())


def default_council(interaction: discord.Interaction) -> str | None:
    state = getattr(interaction.client, "state", None)
    return state.default_council(interaction.guild_id) if state is not None else None


def current_answers(interaction: discord.Interaction) -> Answers:
    answers = getattr(interaction.client, "answers", None)
    if answers is None:
        raise UserError("The election data is not loaded yet; try again in a moment.")
    return answers


async def answer(interaction: discord.Interaction, question: Question) -> None:
    """Ask the question and send its card: the whole of a question command's reply."""
    # Read once: a data reload swaps bot.answers, and this answer finishes on the old one.
    answers = current_answers(interaction)
    interaction.extras["question"] = question  # for report_error's "did you mean" menu
    clock = _Clock(interaction)
    card = await clock.run(question.ask(answers, question.options,
                                        default_council(interaction)))
    png = await clock.chart(getattr(interaction.client, "charts", None), card,
                            answers.data_version)
    await send_card(interaction, card, png)


async def send_card(interaction: discord.Interaction, card: Card, png: bytes | None = None, *,
                    ephemeral: bool = False) -> None:
    """The card as embeds: page one now, with Prev/Next buttons if there are more."""
    pages = pages_of(card, chart=png is not None)
    kwargs: dict[str, Any] = {"embed": pages[0], "allowed_mentions": NO_MENTIONS}
    if ephemeral:
        kwargs["ephemeral"] = True
    if png is not None:
        kwargs["file"] = discord.File(io.BytesIO(png), filename=CHART_FILENAME)
    pager = None
    if len(pages) > 1:
        pager = Pager(pages, owner_id=interaction.user.id, png=png)
        kwargs["view"] = pager
    if interaction.response.is_done():
        await interaction.followup.send(**kwargs)
    else:
        await interaction.response.send_message(**kwargs)
    if pager is not None:
        pager.origin = interaction


async def send_private(interaction: discord.Interaction, text: str,
                       view: discord.ui.View | None = None) -> None:
    """A short reply only the asker sees, whether or not the interaction was answered yet."""
    kwargs: dict[str, Any] = {"ephemeral": True, "allowed_mentions": NO_MENTIONS}
    if view is not None:
        kwargs["view"] = view
    text = clip(text, CONTENT_MAX)
    if not interaction.response.is_done():
        await interaction.response.send_message(text, **kwargs)
        return
    if interaction.extras.pop(PUBLIC_THINKING, False):
        # The public "thinking…" would become this message for everyone to see: remove it,
        # so that the follow-up is a new, private message.
        with suppress(discord.HTTPException):
            await interaction.delete_original_response()
    await interaction.followup.send(text, **kwargs)


def _permission_names(perms: list[str]) -> str:
    names = [p.replace("_", " ").replace("guild", "server").title() for p in perms]
    return ", ".join(names)


def _user_error_reply(interaction: discord.Interaction,
                      err: UserError) -> tuple[str, discord.ui.View | None]:
    """The message, and a menu of the choices that re-asks the question with the one picked."""
    listed = "\n".join([err.message, *(f"• {c.label}" for c in err.choices[:CHOICES_IN_TEXT])])
    question = interaction.extras.get("question")
    if not err.choices or not isinstance(question, Question) or err.kind not in question.picks:
        return listed, None

    async def on_pick(picked: discord.Interaction, value: str) -> None:
        chosen = question.with_pick(err.kind, value)
        assert chosen is not None
        await answer(picked, chosen)

    picker = ChoicePicker(err.choices, owner_id=interaction.user.id, on_pick=on_pick,
                          on_error=report_error)
    if not picker.offered:  # no id short enough to send back: list them instead
        picker.stop()
        return listed, None
    picker.origin = interaction
    return err.message, picker


async def report_error(interaction: discord.Interaction, error: Exception) -> None:
    """The one error handler: a short private reply, and a log entry if it was our fault."""
    err: BaseException = error
    if isinstance(err, app_commands.CommandInvokeError):
        err = err.original
    if interaction.type is discord.InteractionType.autocomplete:
        log.warning("autocomplete failed: %s", err)  # an autocomplete cannot show a message
        return
    view = None
    if isinstance(err, UserError):
        text, view = _user_error_reply(interaction, err)
    elif isinstance(err, app_commands.CommandNotFound | app_commands.CommandSignatureMismatch):
        log.warning("Discord's copy of /%s is out of date: run election-bot sync", err.name
                    if isinstance(err, app_commands.CommandNotFound) else err.command.name)
        text = ("This command has changed since it was registered with Discord. The bot's "
                "owner needs to register the commands again (election-bot sync).")
    elif isinstance(err, app_commands.TransformerError):
        text = "One of the options could not be read; please pick a suggestion or retype it."
    elif isinstance(err, app_commands.MissingPermissions):
        text = f"You need the {_permission_names(err.missing_permissions)} permission for that."
    elif isinstance(err, app_commands.BotMissingPermissions):
        text = (f"The bot needs the {_permission_names(err.missing_permissions)} permission "
                "here for that.")
    elif isinstance(err, app_commands.CommandOnCooldown):
        text = f"That was used a lot just now; try again in {math.ceil(err.retry_after)} s."
    elif isinstance(err, app_commands.NoPrivateMessage):
        text = "That works only in a server, not in direct messages."
    elif isinstance(err, app_commands.CheckFailure):
        text = str(err) or "You cannot use that here."
    else:
        command = interaction.command.qualified_name if interaction.command else "?"
        log.error("unexpected error in /%s (guild %s, user %s)", command,
                  interaction.guild_id, interaction.user.id, exc_info=err)
        text = GENERIC_ERROR
    try:
        await send_private(interaction, text, view)
    except discord.HTTPException as exc:
        # Too late (the token expired) or Discord is down: nothing more can be said.
        log.warning("could not report an error to the user: %s", exc)
