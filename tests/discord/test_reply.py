"""Answering within Discord's deadline, and the one error handler, branch by branch."""

from __future__ import annotations

import asyncio
import logging
from unittest.mock import MagicMock

import discord
import pytest
from discord import app_commands

from bot.answers import Answers
from bot.discord import reply as _reply
from bot.discord.client import ElectionBot
from bot.discord.reply import PUBLIC_THINKING, Options, Question, answer
from bot.discord.tree import GENERIC_ERROR
from bot.errors import Ambiguous, BadOption, Choice, NotFound, UserError
from bot.render.card import Card, Chart
from tests.discord.clicks import click, components
from tests.discord_mocks import FakeCharts, assert_no_pings, find_command, make_interaction, sent

CHART = Chart("seats", "t")


def question(card: Card | None = None, delay: float = 0.0,
             error: Exception | None = None) -> Question:
    async def ask(a: Answers, o: Options, default: str | None) -> Card:
        await asyncio.sleep(delay)
        if error is not None:
            raise error
        return card or Card(title="An answer", chart=CHART)
    return Question("ward", {"name": "x"}, ask, {"ward": "name"})


@pytest.fixture
def quick(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_reply, "DEFER_AFTER", 0.05)
    monkeypatch.setattr(_reply, "CHART_WAIT", 0.05)


# -- the deadline ----------------------------------------------------------------


async def test_a_quick_answer_is_sent_at_once_with_its_chart(bot: ElectionBot) -> None:
    inter = make_interaction(bot)
    await answer(inter, question())
    inter.response.defer.assert_not_awaited()
    msg = sent(inter)
    assert_no_pings(msg)
    assert msg["file"].filename == "chart.png"


async def test_a_slow_answer_defers_then_follows_up(bot: ElectionBot, quick: None) -> None:
    inter = make_interaction(bot)
    await answer(inter, question(delay=0.2))
    inter.response.defer.assert_awaited_once_with(thinking=True)
    inter.response.send_message.assert_not_awaited()
    msg = inter.followup.send.call_args.kwargs
    assert_no_pings(msg)
    assert msg["embed"].title == "An answer"
    assert inter.extras[PUBLIC_THINKING] is True


async def test_a_slow_chart_defers_then_is_left_out(bot: ElectionBot, quick: None) -> None:
    slow = FakeCharts(delay=0.3)
    bot.charts = slow
    inter = make_interaction(bot)
    await answer(inter, question())
    inter.response.defer.assert_awaited_once_with(thinking=True)
    msg = inter.followup.send.call_args.kwargs
    assert "file" not in msg and msg["embed"].image.url is None
    await asyncio.sleep(0.35)  # it finishes in the background, quietly


async def test_a_broken_chart_is_left_out(bot: ElectionBot,
                                          caplog: pytest.LogCaptureFixture) -> None:
    bot.charts = FakeCharts(fail=True)
    inter = make_interaction(bot)
    await answer(inter, question())
    assert "file" not in sent(inter)
    assert "could not draw a chart" in caplog.text


# -- the error handler ---------------------------------------------------------------


def invoke_error(inter: MagicMock, exc: Exception) -> app_commands.AppCommandError:
    if isinstance(exc, app_commands.AppCommandError):
        return exc
    return app_commands.CommandInvokeError(find_command(inter.client, "ward"), exc)


@pytest.mark.parametrize("exc, expected", [
    (UserError("Which council?"), "Which council?"),
    (NotFound("No ward matches “x”."), "No ward matches"),
    (BadOption("No such election."), "No such election."),
    (app_commands.MissingPermissions(["manage_guild"]), "Manage Server"),
    (app_commands.BotMissingPermissions(["embed_links"]), "Embed Links"),
    (app_commands.CommandOnCooldown(app_commands.Cooldown(1, 30), 2.2), "try again in 3 s"),
    (app_commands.NoPrivateMessage(), "only in a server"),
    (app_commands.CheckFailure("Only the bot's owner can do that."), "owner"),
])
@pytest.mark.parametrize("already", ["no", "public-thinking", "answered"])
async def test_user_errors_get_a_private_reply(bot: ElectionBot, exc: Exception, expected: str,
                                               already: str) -> None:
    inter = make_interaction(bot)
    if already != "no":
        await inter.response.defer(thinking=True)
        if already == "public-thinking":
            inter.extras[PUBLIC_THINKING] = True
    await bot.tree.on_error(inter, invoke_error(inter, exc))
    if already == "no":
        args, kwargs = inter.response.send_message.call_args
        inter.followup.send.assert_not_awaited()
    else:
        args, kwargs = inter.followup.send.call_args
    assert expected in args[0]
    assert kwargs["ephemeral"] is True
    assert_no_pings(kwargs)
    if already == "public-thinking":
        inter.delete_original_response.assert_awaited_once()
    else:
        inter.delete_original_response.assert_not_awaited()


@pytest.mark.parametrize("done", [False, True])
async def test_unexpected_errors_are_logged_and_generic(
        bot: ElectionBot, caplog: pytest.LogCaptureFixture, done: bool) -> None:
    inter = make_interaction(bot, command=find_command(bot, "seats"))
    if done:
        await inter.response.defer(thinking=True)
    with caplog.at_level(logging.ERROR):
        await bot.tree.on_error(inter, invoke_error(inter, ZeroDivisionError("boom")))
    call = inter.followup.send if done else inter.response.send_message
    args, kwargs = call.call_args
    assert args[0] == GENERIC_ERROR and kwargs["ephemeral"] is True
    record = next(r for r in caplog.records if r.levelno == logging.ERROR)
    assert "/seats" in record.getMessage() and record.exc_info is not None
    assert "boom" not in args[0]  # no internals shown to the user


async def test_choices_without_a_question_are_listed(bot: ElectionBot) -> None:
    inter = make_interaction(bot)
    err = NotFound("No ward matches “x”. Did you mean one of these?",
                   (Choice("Childs Hill — Barnet", "barnet-2022:childs-hill"),), kind="ward")
    await bot.tree.on_error(inter, invoke_error(inter, err))
    args, kwargs = inter.response.send_message.call_args
    assert "• Childs Hill — Barnet" in args[0] and "view" not in kwargs


async def test_choices_with_a_question_offer_a_menu(bot: ElectionBot) -> None:
    inter = make_interaction(bot)
    err = Ambiguous("More than one ward matches “x”.",
                    (Choice("A", "a"), Choice("B", "b"), Choice("B again", "b"),
                     Choice("Too long", "x" * 101)), kind="ward")
    await answer(inter, question(error=err))  # answer() knows the question: no side channel
    assert inter.extras == {}
    args, kwargs = inter.response.send_message.call_args
    menu = components(kwargs["view"])[0]
    assert [o["value"] for o in menu["options"]] == ["a", "b"]  # deduplicated; too long left out
    assert menu["custom_id"] == "eb:sward:/ward name:x"  # the question, carried
    assert args[0] == err.message
    assert kwargs["ephemeral"] is True
    assert_no_pings(kwargs)


async def test_a_pick_asks_the_real_question_again(bot: ElectionBot) -> None:
    # The menu's custom id alone (as after a restart) re-asks /ward with the picked id.
    pick = await click(bot, "eb:sward:/ward name:colindale council:barnet",
                       values=["barnet-2022:colindale-north"])
    assert "Colindale North" in sent(pick)["embed"].author.name
    assert sent(pick).get("ephemeral") is None  # the asker's pick answers publicly
    other = await click(bot, "eb:sward:/ward name:colindale council:barnet", user_id=7,
                        values=["barnet-2022:colindale-north"])
    assert sent(other)["ephemeral"] is True  # anyone else's privately


async def test_a_choice_of_a_kind_the_question_cannot_take_is_listed(bot: ElectionBot) -> None:
    inter = make_interaction(bot)
    err = Ambiguous("More than one party matches “x”.", (Choice("Labour", "labour"),),
                    kind="party")  # the test question picks only wards
    await answer(inter, question(error=err))
    msg = sent(inter)
    assert "• Labour" in msg["content"] and "view" not in msg


async def test_a_reply_that_cannot_be_sent_is_only_logged(
        bot: ElectionBot, caplog: pytest.LogCaptureFixture) -> None:
    inter = make_interaction(bot)
    response = MagicMock(status=404, reason="Not Found")
    inter.response.send_message.side_effect = discord.NotFound(response, "Unknown interaction")
    await bot.tree.on_error(inter, invoke_error(inter, UserError("x")))
    assert "could not report an error" in caplog.text


async def test_stale_registrations_are_explained(bot: ElectionBot,
                                                 caplog: pytest.LogCaptureFixture) -> None:
    inter = make_interaction(bot)
    await bot.tree.on_error(inter, app_commands.CommandNotFound("oldcommand", []))
    args, kwargs = inter.response.send_message.call_args
    assert "election-bot sync" in args[0] and kwargs["ephemeral"] is True
    assert "out of date" in caplog.text


async def test_errors_in_autocomplete_are_only_logged(bot: ElectionBot) -> None:
    inter = make_interaction(bot)
    inter.type = discord.InteractionType.autocomplete
    await bot.tree.on_error(inter, app_commands.CommandNotFound("oldcommand", []))
    inter.response.send_message.assert_not_awaited()
    inter.followup.send.assert_not_awaited()
