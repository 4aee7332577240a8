"""Answering every click: the persistent buttons and menus, and a catch-all for the rest.

Each component's custom id carries its question (bot/discord/message.py), so these
DynamicItems, registered once in the client's setup_hook, answer any message the bot
ever sent, from the data alone. Who clicked decides where the answer goes: the person
the message answered ("the asker", from Discord's interaction metadata) gets it in the
channel (or the page turned in place); anyone else gets their own private copy. A
click the bot cannot serve (an unknown or old custom id, a question that no longer
answers) gets a private "expired", never Discord's "This interaction failed".
"""

from __future__ import annotations

import io
import logging
import re
from typing import Any

import discord

from bot.ask import UsageError
from bot.ask import ask as ask_text
from bot.discord import message as msg
from bot.discord.detail import detail_pages, messages
from bot.discord.embed import CHART_FILENAME, clip
from bot.discord.reply import (
    NO_MENTIONS,
    Question,
    _Clock,
    answer,
    current_answers,
    default_council,
    send_card,
    send_private,
)
from bot.discord.tree import report_error
from bot.errors import UserError
from bot.questions import QUESTIONS
from bot.render.card import Card

log = logging.getLogger(__name__)

EXPIRED = "This button has expired — ask again."
_Q = r"(?P<q>.+)"


def asker_id(interaction: discord.Interaction) -> int | None:
    """Who the clicked message answered, as Discord records it."""
    message = interaction.message
    meta = getattr(message, "interaction_metadata", None) if message is not None else None
    user = getattr(meta, "user", None)
    return user.id if user is not None else None


def is_asker(interaction: discord.Interaction) -> bool:
    return asker_id(interaction) == interaction.user.id


async def expired(interaction: discord.Interaction, why: str) -> None:
    log.info("component %r not served: %s",
             (interaction.data or {}).get("custom_id"), why)  # type: ignore[union-attr]
    await send_private(interaction, EXPIRED)


async def _card(interaction: discord.Interaction, clock: _Clock, text: str) -> Card | None:
    """The text question's card now, or None (answered "expired") if it no longer answers."""
    try:
        answers = current_answers(interaction)
        return await clock.run(ask_text(answers, text, default_council(interaction)))
    except (UsageError, UserError) as exc:
        await expired(interaction, f"{text!r} no longer answers ({exc})")
        return None


async def _png(interaction: discord.Interaction, clock: _Clock, card: Card, *,
               picture: bool = False) -> bytes | None:
    """The chart under the card, or (`picture`) the one a Chart button shows even when
    the card keeps it behind that button (Card.chart_shown)."""
    if not (card.chart_shown or picture):
        return None
    answers = current_answers(interaction)
    return await clock.chart(interaction.client.charts, card,  # type: ignore[attr-defined]
                             answers.data_version)


class _Item(discord.ui.DynamicItem[Any], template=r"eb:never"):
    """Shared: parse the payload, answer any fault, never leave a click unanswered."""

    def __init__(self, item: discord.ui.Item[Any], match: re.Match[str]) -> None:
        super().__init__(item)
        self.match = match

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction, item: discord.ui.Item[Any],
                             match: re.Match[str], /) -> _Item:
        return cls(item, match)  # nothing can fail here: discord.py would drop the click

    async def callback(self, interaction: discord.Interaction) -> None:  # type: ignore[override]
        text = msg.carried(self.match["q"])
        try:
            if text is None:
                await expired(interaction, "a long question this process does not know")
                return
            await self.serve(interaction, text)
        except Exception as exc:  # a bug: logged with its traceback by the one handler
            await report_error(interaction, exc)

    async def serve(self, interaction: discord.Interaction, text: str) -> None:
        raise NotImplementedError


class NextQuestion(_Item, template=r"eb:(?P<part>[acm]):" + _Q):
    """A next-question button: its answer, or only its picture."""

    async def serve(self, interaction: discord.Interaction, text: str) -> None:
        private = not is_asker(interaction)
        clock = _Clock(interaction, private=private)
        card = await _card(interaction, clock, text)
        if card is None:
            return
        if self.match["part"] == "a":
            png = await _png(interaction, clock, card)
            await send_card(interaction, card, png, ephemeral=private, question=text)
            return
        png = await _png(interaction, clock, card, picture=True)
        if png is None:  # "map" draws the card's picture too, until cards carry maps
            await expired(interaction, f"{text!r} has no picture now")
            return
        kwargs: dict[str, Any] = {"content": clip(card.title, 200), "ephemeral": private,
                                  "allowed_mentions": NO_MENTIONS,
                                  "file": discord.File(io.BytesIO(png), filename=CHART_FILENAME)}
        if interaction.response.is_done():
            await interaction.followup.send(**kwargs)
        else:
            await interaction.response.send_message(**kwargs)


class SourcesAndNotes(_Item, template=r"eb:d:" + _Q):
    """The full sources, disputes and footnotes: always private."""

    async def serve(self, interaction: discord.Interaction, text: str) -> None:
        clock = _Clock(interaction)
        if not interaction.response.is_done():
            await interaction.response.defer(ephemeral=True, thinking=True)
            clock.deferred = True
        card = await _card(interaction, clock, text)
        if card is None:
            return
        for group in messages(detail_pages(card)):
            await interaction.followup.send(embeds=group, ephemeral=True,
                                            allowed_mentions=NO_MENTIONS)


class PageTurn(_Item, template=r"eb:p(?P<page>\d{1,2}):" + _Q):
    """◀/▶: page n of the question, recomputed. The asker's click turns the page in place;
    anyone else gets that page privately."""

    async def serve(self, interaction: discord.Interaction, text: str) -> None:
        page = int(self.match["page"])
        if not is_asker(interaction):
            clock = _Clock(interaction, private=True)
            card = await _card(interaction, clock, text)
            if card is not None:
                png = await _png(interaction, clock, card)
                await send_card(interaction, card, png, ephemeral=True, question=text, page=page)
            return
        # In place: a slow answer is deferred as an update, not a new "thinking…" message.
        clock = _Clock(interaction, update=True)
        card = await _card(interaction, clock, text)
        if card is None:
            return
        had_chart = any(a.filename == CHART_FILENAME
                        for a in (interaction.message.attachments if interaction.message else []))
        png = await _png(interaction, clock, card) if had_chart else None
        built = msg.compose(card, CHART_FILENAME if png is not None else None,
                            question=text, page=page)
        kwargs: dict[str, Any] = {"embeds": built.embeds, "view": built.view,
                                  "allowed_mentions": NO_MENTIONS}
        kwargs["attachments"] = ([discord.File(io.BytesIO(png), filename=CHART_FILENAME)]
                                 if png is not None else [])
        if interaction.response.is_done():
            await interaction.edit_original_response(**kwargs)
        else:
            await interaction.response.edit_message(**kwargs)


class PickOne(_Item, template=r"eb:s(?P<kind>[a-z]+):" + _Q):
    """The "did you mean" menu: asks its question again with the picked id."""

    async def serve(self, interaction: discord.Interaction, text: str) -> None:
        values = (interaction.data or {}).get("values") or []  # type: ignore[union-attr]
        question = question_of(text)
        chosen = (question.with_pick(self.match["kind"], str(values[0]))
                  if question is not None and values else None)
        if chosen is None:
            await expired(interaction, f"no pick for {text!r}")
            return
        await answer(interaction, chosen, ephemeral=not is_asker(interaction))


def question_of(text: str) -> Question | None:
    """A named-form text question (message.question_text) as a Question that can take a pick."""
    from bot.ask import parse

    try:
        name, options = parse(text)
    except UsageError:
        return None
    command = QUESTIONS.get(name)
    if command is None or command.call is None:
        return None
    return Question(name, {o.name: options.get(o.name) for o in command.options},
                    command.call, command.picks)


DYNAMIC: tuple[type[_Item], ...] = (NextQuestion, SourcesAndNotes, PageTurn, PickOne)


def served(custom_id: str) -> bool:
    return any(item.__discord_ui_compiled_template__.fullmatch(custom_id) for item in DYNAMIC)


async def catch_all(interaction: discord.Interaction) -> None:
    """on_interaction: a component none of DYNAMIC serves (an old message's random id,
    a template retired) still gets its private "expired"."""
    if interaction.type is not discord.InteractionType.component:
        return
    custom_id = str((interaction.data or {}).get("custom_id", ""))  # type: ignore[union-attr]
    if served(custom_id):
        return
    try:
        await expired(interaction, "no handler for this custom id")
    except discord.HTTPException as exc:
        log.warning("could not answer an old component: %s", exc)
