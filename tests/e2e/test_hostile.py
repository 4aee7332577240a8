"""Hostile input through the wire (issue 4, item 6): whatever a user can type into any text
option of any command, as a slash command or as an autocomplete keystroke, gets an answer,
within Discord's spec, that pings nobody, and leaves no traceback in the bot's log.

How it stays fast: one bot process serves every example (``shared_bot``: a module-scoped
fake and bot, see conftest.py). pytest-asyncio runs each hypothesis example of an async
``@given`` test as a coroutine on the module's event loop, the loop the fake lives on, so an
example is one round trip (a few milliseconds), not a bot start. Each example checks its own
interaction (answered, contract, allowed_mentions, new bot log lines), so hypothesis can
shrink a failure to the smallest input; the fixture checks everything again after the test.

Examples: 500 by default; ``E2E_LONG=1`` runs 5,000 (``E2E_HOSTILE_EXAMPLES=N`` sets any
number):

    E2E_LONG=1 python -m pytest -q tests/e2e/test_hostile.py
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fakes.discordapi import payloads
from fakes.discordapi.harness import assert_no_mentions
from fakes.discordapi.records import Answer, InteractionRecord, RecordedRequest
from fakes.discordapi.server import FakeDiscord, FakeDiscordError
from tests.e2e.conftest import SharedBot
from tests.e2e.helpers import delivered_anyway, member

pytestmark = pytest.mark.asyncio(loop_scope="module")

EXAMPLES = int(os.environ.get("E2E_HOSTILE_EXAMPLES")
               or (5000 if os.environ.get("E2E_LONG") == "1" else 500))
MAX_LEN = 6000
TIMEOUT = 30.0  # to fail rather than hang; answers take milliseconds

# A member who may manage the server (but is not the bot's owner), and Alice, who may not.
MANAGER = member("1300000000000000291", "manny",
                 permissions=payloads.EVERYONE_PERMISSIONS | payloads.MANAGE_GUILD)
INVOKERS = [payloads.alice_member(), MANAGER]


# -- what a user can type ---------------------------------------------------------------------

# Real names and ids: hostile text around them reaches the answering code behind a match.
REAL = ["barnet", "childs-hill", "Child's Hill", "colindale", "rawlings", "labour", "zinkin",
        "2022", "local.barnet.2022-05-05", "barnet-2022:childs-hill", "doncaster",
        "Darton West", "Conservative"]
NASTY = [
    # mentions: allowed_mentions must stop every one of them
    "@everyone", "@here", "<@&123>", "<@123>", "<@!123>", "<#123>", "</seats:123>",
    "<t:0:R>", "<:emoji:123>", "@everyone @here <@&1300000000000000102>",
    # markdown
    "**bold**", "__under__", "~~strike~~", "`code`", "```py\nprint(1)\n```", "||spoiler||",
    "> quote", "# heading", "-# small", "[link](https://evil.example/)", "\\*escaped\\*",
    "https://evil.example/@everyone", "[](javascript:alert(1))",
    # SQL and LIKE
    "'; DROP TABLE councils; --", "\" OR 1=1 --", "barnet' OR '1'='1", "%", "_", "\\",
    "%%%%", "' UNION SELECT * FROM people --",
    # SQLite FTS5 query syntax
    "NEAR(a b)", '"unterminated', "a AND OR NOT b", "*", "who:rawlings", "^start", "-x",
    "(x", "x)", "{a b}", "x*", "rawlings OR", '"', "''", "AND", "NOT", "housing NEAR/2 x",
    # Unicode: controls, direction, zero-width, combining, astral, emoji sequences
    "\x00", "\x1b[31m", "\r\n", "\t", "\x7f", "\u202eevil", "\u200b", "\ufeff", "\u2028",
    "Z̴̡̛a̸l̷g̶o̵", "𝕭𝖆𝖗𝖓𝖊𝖙", "🏳️‍🌈", "👨‍👩‍👧‍👦", "\U0010fffd", "ﷺ", "İ", "ß", "ǅ",
    *REAL,
]

token = st.one_of(st.sampled_from(NASTY), st.text(max_size=12))
typed = st.one_of(
    st.text(max_size=120),                                     # any Unicode, no surrogates
    st.lists(token, min_size=1, max_size=8).map("".join),      # nasty pieces, mixed
    st.tuples(token, st.sampled_from(REAL), token).map("".join),  # a real name, dressed up
    st.builds(lambda t, n: (t * n)[:MAX_LEN],                  # long, up to 6,000 characters
              token.filter(bool), st.integers(1, MAX_LEN)),
)


# -- where it can be typed: every text option of every registered command --------------------


@dataclass(frozen=True)
class Target:
    command: str  # "seats", "settings council"
    options: tuple[dict[str, Any], ...]  # its string options, as registered

    @property
    def completable(self) -> list[str]:
        return [o["name"] for o in self.options if o.get("autocomplete")]


def _leaves(name: str, options: list[dict[str, Any]]) -> Iterator[Target]:
    subs = [o for o in options if o["type"] in (payloads.SUB_COMMAND,
                                                payloads.SUB_COMMAND_GROUP)]
    if not subs:
        yield Target(name, tuple(o for o in options if o["type"] == payloads.STRING))
    for sub in subs:
        yield from _leaves(f"{name} {sub['name']}", sub.get("options") or [])


def targets(fake: FakeDiscord) -> list[Target]:
    """Every chat-input (sub)command the bot registered that has a string option."""
    out = []
    for cmd in sorted(fake.registered_commands(fake.guild_id), key=lambda c: c["name"]):
        if cmd.get("type", 1) == 1:
            out += [t for t in _leaves(cmd["name"], cmd.get("options") or []) if t.options]
    return out


def build(fake: FakeDiscord, target: Target, user: dict[str, Any],
          values: dict[str, str], focused: str | None) -> dict[str, Any]:
    """The interaction as Discord would deliver it; for a command the member may not see,
    as it is delivered when a server has overridden the command's permissions."""
    try:
        if focused is not None:
            return fake.autocomplete(target.command, focused=focused, user=user, **values)
        return fake.slash(target.command, user=user, **values)
    except FakeDiscordError as exc:
        if "default_member_permissions" not in str(exc):
            raise
        return delivered_anyway(fake, target.command, member_data=user, focused=focused,
                                **values)


# -- checking one answer ----------------------------------------------------------------------


def message_bodies(record: InteractionRecord) -> Iterator[tuple[RecordedRequest, dict]]:
    """The message bodies the bot sent for this interaction (cf. FakeDiscord.message_bodies,
    which scans every request of the fake)."""
    for r in record.requests:
        if not isinstance(r.json, dict):
            continue
        if r.method == "POST" and r.path.endswith("/callback"):
            if r.json.get("type") in (4, 7) and isinstance(r.json.get("data"), dict):
                yield r, r.json["data"]
        elif r.path.startswith("/webhooks/") and r.method in ("POST", "PATCH"):
            yield r, r.json


def check_answer(shared: SharedBot, answer: Answer, autocomplete: bool) -> None:
    record = answer.interaction
    # Answered (response_for already raised on a contract violation or a refused request).
    if autocomplete:
        assert answer.type == 8, answer.type
        assert isinstance(answer.callback["data"]["choices"], list)
    else:
        assert answer.message is not None and answer.type in (4, 5)
        assert answer.content.strip() or answer.embeds, "an empty answer"
    assert not record.duplicate_callbacks and not record.violations and not record.errors
    # Pings nobody.
    for request, body in message_bodies(record):
        am = body.get("allowed_mentions")
        assert isinstance(am, dict), f"{request.route}: no allowed_mentions"
        assert am.get("parse") == [] and not am.get("users") and not am.get("roles") \
            and not am.get("replied_user"), f"{request.route}: allowed_mentions {am!r}"
    # Nothing went wrong inside the bot on the way.
    problems = shared.process.log_problems(shared.log_mark)
    shared.log_mark = len(shared.process.lines)
    assert not problems, "\n".join(problems)


async def ask(shared: SharedBot, payload: dict[str, Any]) -> Answer:
    answer = await shared.fake.interact(payload, timeout=TIMEOUT)
    check_answer(shared, answer, autocomplete=payload["type"] == payloads.AUTOCOMPLETE)
    return answer


# -- the tests --------------------------------------------------------------------------------


async def test_every_text_option_is_covered(shared_bot: SharedBot) -> None:
    """The hostile tests reach every text option: a new command or option is in them at once
    (they read the registration), and these are the ones there are today."""
    found = {t.command: [o["name"] for o in t.options] for t in targets(shared_bot.fake)}
    assert found == {
        "byelections": ["council"], "councillor": ["name", "council"], "history": ["council"],
        "data fetch": ["council"], "map": ["council", "election", "ward"],
        "follow": ["council"], "unfollow": ["council"],
        "party": ["name", "council"], "quote": ["who", "keyword"], "seats": ["council", "election"],
        "settings council": ["name"], "sync": ["where"],
        "ward": ["name", "council", "election", "postcode"], "where": ["postcode"],
    }


FIXED = ["@everyone " * 600, "<@&123>" * 857, "\x00" * 10, "𝕭" * MAX_LEN,
         "'; DROP TABLE councils; --", 'NEAR("x" "y") OR *', "**" * 3000, ""]


async def test_each_option_with_the_worst_values(shared_bot: SharedBot) -> None:
    """Deterministic: every text option, in a slash command and as an autocomplete keystroke
    where it has one, with each of a few worst cases, by an ordinary member and a manager."""
    fake = shared_bot.fake
    asked = 0
    for target in targets(fake):
        for option in target.options:
            for value in FIXED:
                for user in INVOKERS:
                    values = {o["name"]: "barnet" for o in target.options
                              if o.get("required") and o["name"] != option["name"]}
                    if value or not option.get("required"):
                        await ask(shared_bot, build(fake, target, user,
                                                    {**values, option["name"]: value}, None))
                        asked += 1
                    if option.get("autocomplete"):
                        await ask(shared_bot, build(fake, target, user,
                                                    {**values, option["name"]: value},
                                                    option["name"]))
                        asked += 1
    assert asked > 200
    assert_no_mentions(fake)


@settings(max_examples=EXAMPLES, deadline=None, print_blob=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                 HealthCheck.data_too_large, HealthCheck.large_base_example])
@given(data=st.data())
async def test_hostile_values_in_every_text_option(shared_bot: SharedBot,
                                                   data: st.DataObject) -> None:
    fake = shared_bot.fake
    target = data.draw(st.sampled_from(targets(fake)), label="command")
    user = data.draw(st.sampled_from(INVOKERS), label="user")
    focused = None
    if target.completable and data.draw(st.booleans(), label="autocomplete"):
        focused = data.draw(st.sampled_from(target.completable), label="focused")
    values: dict[str, str] = {}
    for option in target.options:
        if option["name"] == focused or option.get("required") or data.draw(
                st.booleans(), label=f"give {option['name']}"):
            values[option["name"]] = data.draw(typed, label=option["name"])
    await ask(shared_bot, build(fake, target, user, values, focused))
