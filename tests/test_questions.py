"""The registry of questions: what /help, the terminal and the cogs are built from."""

from __future__ import annotations

import pytest

from bot import answers
from bot.answers import Answers
from bot.ask import UsageError, ask, parse, usage
from bot.questions import COMMANDS, QUESTIONS, askable, help_lines


def test_help_answers_from_the_registry_line_by_line() -> None:
    # the registry is the one description of each command; /help's text is pinned by
    # tests/golden/help.txt
    card = answers.Answers.help()
    assert [(f.name, f.value) for f in card.fields] == list(help_lines())
    listed = {name.split()[0] for name, _ in help_lines()}
    assert listed | {"/help"} >= {f"/{c.name}" for c in COMMANDS}  # /help is where it is


def test_names_are_unique_and_required_options_come_first() -> None:
    assert len(QUESTIONS) == len(COMMANDS)
    for c in COMMANDS:
        required = [o.required for o in c.options]
        assert required == sorted(required, reverse=True), c.name  # Discord's rule too
        assert c.example.split()[0] == f"/{c.name}"


def test_only_discord_commands_have_no_call() -> None:
    assert [c.name for c in COMMANDS if c.call is None] == ["settings", "ping", "follow",
                                                         "unfollow", "following"]
    assert "/ping" not in usage() and '"/ward [name] [council] [election]"' in usage()
    with pytest.raises(UsageError, match="unknown command /ping"):
        parse("/ping")


def test_a_picked_choice_replaces_the_option_of_its_kind() -> None:
    assert QUESTIONS["ward"].picks == {"ward": "name", "council": "council",
                                       "election": "election"}
    assert QUESTIONS["quote"].picks == {"speaker": "who", "party": "who"}
    assert QUESTIONS["councillor"].picks == {"person": "name", "council": "council"}


@pytest.mark.parametrize("command", [c for c in askable()], ids=lambda c: c.name)
async def test_every_example_is_answered(answers: Answers, command) -> None:
    card = await ask(answers, command.example)
    assert card.title


async def test_a_keyword_alone_still_needs_who(answers: Answers) -> None:
    with pytest.raises(UsageError, match="needs who"):
        await ask(answers, "/quote keyword:housing")
