"""The registry of questions: what /help, the terminal and the cogs are built from."""

from __future__ import annotations

import pytest

from bot import answers
from bot.answers import Answers
from bot.ask import UsageError, ask, parse, usage
from bot.net.http import HttpClient
from bot.net.postcodes import Postcodes
from bot.questions import COMMANDS, QUESTIONS, askable, help_lines
from fakes.postcodes.server import FakePostcodes


def test_help_answers_from_the_registry_line_by_line() -> None:
    # the registry is the one description of each command; /help's text is pinned by
    # tests/golden/help.txt
    card = answers.Answers.help()
    rows = [line for f in card.fields for line in f.value.splitlines()]
    # one real example per command, in the registry's order within each section
    assert sorted(rows) == sorted(f"{example} — {text}" for _, example, text in help_lines())
    listed = {name for name, _, _ in help_lines()}
    assert listed | {"help"} >= {c.name for c in COMMANDS}  # /help is where it is
    assert rows[0] == "/seats barnet 2014 — a council's result"
    # short enough for a phone: each row about one line of a phone screen
    assert all(len(row) <= 42 for row in rows), [r for r in rows if len(r) > 42]


def test_names_are_unique_and_required_options_come_first() -> None:
    assert len(QUESTIONS) == len(COMMANDS)
    for c in COMMANDS:
        required = [o.required for o in c.options]
        assert required == sorted(required, reverse=True), c.name  # Discord's rule too
        assert c.example.split()[0] == f"/{c.name}"


def test_only_discord_commands_have_no_call() -> None:
    assert [c.name for c in COMMANDS if c.call is None] == ["settings", "ping", "follow",
                                                         "unfollow", "following"]
    assert "/ping" not in usage() and '"/ward [name] [council] [election] [postcode]"' in usage()
    with pytest.raises(UsageError, match="unknown command /ping"):
        parse("/ping")


def test_a_picked_choice_replaces_the_option_of_its_kind() -> None:
    assert QUESTIONS["ward"].picks == {"ward": "name", "council": "council",
                                       "election": "election"}
    assert QUESTIONS["quote"].picks == {"speaker": "who", "party": "who"}
    assert QUESTIONS["councillor"].picks == {"person": "name", "council": "council"}


@pytest.mark.parametrize("command", [c for c in askable()], ids=lambda c: c.name)
async def test_every_example_is_answered(answers: Answers, command) -> None:
    # /where's example is postcodes.io's own (BR8 7RE), which its fake knows
    async with FakePostcodes() as fake, HttpClient(retries=0) as http:
        asker = Answers(answers.store, answers.index, Postcodes(http, fake.url))
        card = await ask(asker, command.example)
    assert card.title


async def test_a_keyword_alone_still_needs_who(answers: Answers) -> None:
    with pytest.raises(UsageError, match="needs who"):
        await ask(answers, "/quote keyword:housing")


async def test_party_then_council_in_order_keeps_the_council(answers: Answers) -> None:
    # issue 13 item 14: "labour barnet" also fuzzy-matches a party name as a whole
    card = await ask(answers, "/party labour barnet")
    assert card.title == "Labour won 41 of 63 seats in Barnet"
    assert (await ask(answers, "/party labour")).title.startswith("Labour — results")
    assert "climate" in (await ask(answers, "/quote rawlings climate")).title


async def test_a_named_option_without_the_required_one_is_a_usage_error(
        answers: Answers) -> None:
    with pytest.raises(UsageError, match="needs name"):
        await ask(answers, "/party council:barnet")
