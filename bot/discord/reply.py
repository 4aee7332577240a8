"""Replying to an interaction with an answer.

A cog hands `ask` a command from bot/questions.py and its options; `answer` asks the
Question within Discord's three seconds and sends the card. An unclear name (UserError
with choices) is answered here too, with a menu that asks again with the one picked:
only here is the Question known. Every other failure goes to the tree's handler
(bot/discord/tree.py).
"""

from __future__ import annotations

import asyncio
import io
import logging
from collections.abc import Awaitable, Callable, Mapping
from contextlib import suppress
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, TypeVar

import discord

from bot.discord import message as msg
from bot.discord.embed import CHART_FILENAME, CONTENT_MAX, clip
from bot.discord.views import NO_MENTIONS
from bot.errors import Fetchable, UserError
from bot.fetching import fetched_text
from bot.render.card import Card

if TYPE_CHECKING:
    from bot.answers import Answers
    from bot.questions import Command
    from bot.render.chart import ChartCache

log = logging.getLogger(__name__)

# Discord drops an interaction not answered within 3 s. Past DEFER_AFTER we say
# "thinking…" (defer), which buys 15 minutes; a chart gets CHART_WAIT more
# seconds after that, else the answer goes without it.
DEFER_AFTER = 1.0
CHART_WAIT = 5.0
CHOICES_IN_TEXT = 10
PUBLIC_THINKING = "public_thinking"  # interaction.extras key: we deferred with a public "thinking…"
PROGRESS_SHOWN = "progress_shown"  # interaction.extras key: the original says "Fetching…"
FETCHING = "Fetching {} from Democracy Club… (this can take a minute)"
FETCH_WAIT = 12 * 60.0  # seconds: inside Discord's 15-minute window for the follow-up

T = TypeVar("T")
Options = Mapping[str, str | None]
Ask = Callable[["Answers", Options, str | None], Awaitable[Card]]  # as bot.questions.Call


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

    def text(self) -> str | None:
        """As a text question a button can carry (None if it would not read back the same)."""
        return msg.question_text(self.command, self.options)


class _Clock:
    """Tracks Discord's deadline for one interaction, and defers when it comes near."""

    def __init__(self, interaction: discord.Interaction, *, update: bool = False,
                 private: bool = False) -> None:
        self.interaction = interaction
        self.update = update  # a page turn: defer as "the message will change", no new one
        self.private = private  # an answer only the clicker sees: so is its "thinking…"
        self.loop = asyncio.get_running_loop()
        self.start = self.loop.time()
        self.deferred = False

    def left(self) -> float:
        return max(0.0, DEFER_AFTER - (self.loop.time() - self.start))

    async def defer(self) -> None:
        if not self.deferred and not self.interaction.response.is_done():
            if self.update:
                await self.interaction.response.defer()
            elif self.private:
                await self.interaction.response.defer(ephemeral=True, thinking=True)
            else:
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

    async def chart(self, charts: ChartCache, card: Card, data_version: str) -> bytes | None:
        """The card's chart if it is ready in time; else None (the answer goes without it)."""
        if card.chart is None:
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


async def ask(interaction: discord.Interaction, command: Command, **options: str | None) -> None:
    """A cog's whole reply: ask `command` (bot/questions.py) with the options as given."""
    assert command.call is not None, f"/{command.name} is not a question"
    await answer(interaction, Question(command.name, {o.name: options.get(o.name)
                                                      for o in command.options},
                                       command.call, command.picks))


async def answer(interaction: discord.Interaction, question: Question, *,
                 ephemeral: bool = False) -> None:
    """Ask the question and send its card; an unclear or unknown name gets a private reply."""
    clock = _Clock(interaction)
    try:
        # Read once: a data reload swaps bot.answers, and this answer finishes on the old one.
        answers = current_answers(interaction)
        try:
            card = await clock.run(question.ask(answers, question.options,
                                                default_council(interaction)))
        except Fetchable as miss:
            answers, card = await fetch_and_ask(interaction, clock, question, miss)
    except UserError as err:
        text, view = unclear(err, question)
        await send_private(interaction, text, view)
        return
    png = None
    if card.chart_shown:  # else the chart waits behind the card's Chart button
        png = await clock.chart(interaction.client.charts, card,  # type: ignore[attr-defined]
                                answers.data_version)
    await send_card(interaction, card, png, ephemeral=ephemeral, question=question.text())


async def fetch_and_ask(interaction: discord.Interaction, clock: _Clock, question: Question,
                        miss: Fetchable) -> tuple[Answers, Card]:
    """A council not held: say so at once, fetch it from Democracy Club (one flight per
    council, bot/fetching.py), and ask again on the data it brought. Nothing new, or a
    failure: the answer from what is held, saying why."""
    fetcher = getattr(interaction.client, "fetcher", None)
    held = miss.held
    assert isinstance(held, Card)
    if fetcher is None:
        return current_answers(interaction), held
    await clock.defer()
    with suppress(discord.HTTPException):
        await interaction.edit_original_response(content=FETCHING.format(miss.council))
        interaction.extras[PROGRESS_SHOWN] = True
    try:
        outcome = await asyncio.wait_for(fetcher.fetch(miss.dc_slug), FETCH_WAIT)
    except TimeoutError:
        note = "Democracy Club is taking too long; here is what I hold. Ask again later."
        return current_answers(interaction), replace(held, warning=note)
    answers = current_answers(interaction)  # reloaded if the fetch brought anything
    if not outcome.ok:
        return answers, replace(held, warning=outcome.message)
    try:
        card = await question.ask(answers, question.options, default_council(interaction))
    except Fetchable as again:  # held still not: DC has nothing for it
        card = again.held
        assert isinstance(card, Card)
        when = fetched_text(outcome.fetched_at) if outcome.fetched_at else ""
        return answers, replace(card, warning=f"Democracy Club has no results for "
                                f"{miss.council} either ({when}).")
    if outcome.fetched_at:  # how fresh: in the footer, where the public card dates its data
        when = fetched_text(outcome.fetched_at)
        card = replace(card, notices=[*card.notices, f"Fetched for this question: {when}."],
                       footer=" · ".join(filter(None, (card.footer, when))))
    return answers, card


async def send_card(interaction: discord.Interaction, card: Card, png: bytes | None = None, *,
                    ephemeral: bool = False, question: str | None = None,
                    page: int = 0) -> None:
    """The card as message.compose builds it: page `page`, with its buttons. `question` is
    the text question that asks for this card again (what the buttons carry)."""
    built = msg.compose(card, CHART_FILENAME if png is not None else None, question=question,
                        page=page)
    kwargs: dict[str, Any] = {"embed": built.embeds[0], "allowed_mentions": NO_MENTIONS}
    if ephemeral:
        kwargs["ephemeral"] = True
    if png is not None:
        kwargs["file"] = discord.File(io.BytesIO(png), filename=CHART_FILENAME)
    if built.view is not None:
        kwargs["view"] = built.view
    if interaction.extras.pop(PROGRESS_SHOWN, False):
        # "Fetching from Democracy Club…" is the original response: the answer replaces it.
        file = kwargs.pop("file", None)
        kwargs.pop("ephemeral", None)
        await interaction.edit_original_response(content=None, attachments=[file] if file
                                                 else [], **kwargs)
    elif interaction.response.is_done():
        if ephemeral and interaction.extras.pop(PUBLIC_THINKING, False):
            # The public "thinking…" would become this private answer for all to see.
            with suppress(discord.HTTPException):
                await interaction.delete_original_response()
        await interaction.followup.send(**kwargs)
    else:
        await interaction.response.send_message(**kwargs)


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


def listed(err: UserError) -> str:
    """The message with its first choices listed, for a reply that cannot offer a menu."""
    return "\n".join([err.message, *(f"• {c.label}" for c in err.choices[:CHOICES_IN_TEXT])])


def unclear(err: UserError, question: Question) -> tuple[str, discord.ui.View | None]:
    """The message, and a menu of the choices that re-asks the question with the one picked
    (bot/discord/buttons.py answers it, after a restart too)."""
    text = question.text()
    if not err.choices or err.kind not in question.picks or text is None:
        return listed(err), None
    view = msg.picker([(c.label, c.value) for c in err.choices], err.kind, text)
    if view is None:  # no id short enough to send back: list them instead
        return listed(err), None
    return err.message, view
