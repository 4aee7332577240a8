"""Every kind of button and menu, clicked through the fake Discord; and after a restart.

The bot is the real one, with the buttons its own answers carry: on /seats barnet a
next question (By-elections), a map and a source link; on /ward burnt oak the vote chart
it keeps behind a button; Sources & notes; the /quote pager and the "did you mean" menu.
Each click must be answered once, within Discord's spec (the fake checks every request
against Discord's OpenAPI), publicly for the asker and privately for anyone else; an old
button the bot cannot serve answers "expired" privately.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fakes.discordapi import payloads
from fakes.discordapi.fixtures import StartBot
from fakes.discordapi.harness import assert_no_mentions
from fakes.discordapi.records import Answer, walk_components
from fakes.discordapi.server import FakeDiscord
from tests.e2e.helpers import bot_env, component, member

ELECTION_BOT = "bot.cli:main"
BOB = member("1300000000000000222", "bob")
EXPIRED = "This button has expired — ask again."
TIMEOUT = 15.0


def labels(answer: Answer | dict[str, Any]) -> list[str]:
    message = answer.current_message if isinstance(answer, Answer) else answer
    assert message is not None
    return [str(c.get("label") or c.get("placeholder"))
            for c in walk_components(message.get("components") or []) if c.get("type") != 1]


def answered_once(answer: Answer) -> None:
    callbacks = [r for r in answer.interaction.requests if r.path.endswith("/callback")]
    assert len(callbacks) == 1, [r.path for r in answer.interaction.requests]


def old_message(fake: FakeDiscord, custom_id: str) -> dict[str, Any]:
    """A message the bot sent long ago, with one button of CUSTOM_ID, as Discord keeps it."""
    msg = payloads.message(payloads.new_id(), payloads.CHANNEL_ID, fake.bot_user,
                           components=[payloads.action_row(payloads.button(custom_id, "Old"))])
    fake.messages[msg["id"]] = msg
    return msg


async def click(fake: FakeDiscord, on: Answer | dict[str, Any], custom_id: str,
                user: dict[str, Any] | None = None,
                values: list[str] | None = None) -> Answer:
    answer = await fake.interact(fake.click(on, custom_id, user=user, values=values),
                                 timeout=TIMEOUT)
    answered_once(answer)
    return answer


async def test_every_button_kind_answers_and_still_does_after_a_restart(
        fake_discord: FakeDiscord, start_bot: StartBot, builtin_db: Path, tmp_path: Path
) -> None:
    fake = fake_discord
    env = bot_env(fake, tmp_path, builtin_db)
    bot = await start_bot(ELECTION_BOT, "run", env=env)
    seats = await fake.interact(fake.slash("seats", council="barnet"), timeout=TIMEOUT)
    shown = labels(seats)
    assert {"History", "Map", "Sources & notes", "Wikipedia"} <= set(shown), shown
    assert any(label.startswith("By-elections (") for label in shown), shown
    link = next(c for c in walk_components(seats.message["components"])
                if c.get("label") == "Wikipedia")
    assert link["style"] == 5 and link["url"].startswith("https://")
    assert seats.embeds[0]["title"] == "Labour gain Barnet — majority of 19"

    # A next-question button: the asker's click answers publicly, anyone else's privately.
    byelections = component(seats, label="By-elections")["custom_id"]
    mine = await click(fake, seats, byelections)
    assert mine.type == 4 and not mine.ephemeral
    assert "Barnet by" in mine.embeds[0]["title"]  # the make-up since, first
    theirs = await click(fake, seats, byelections, user=BOB)
    assert theirs.ephemeral and theirs.embeds[0]["title"] == mine.embeds[0]["title"]

    # The Wards menu: picking one asks for that ward's result at this election.
    wards = component(seats, type=payloads.STRING_SELECT)
    oak = next(o["value"] for o in wards["options"] if o["label"] == "Burnt Oak")
    picked_ward = await click(fake, seats, wards["custom_id"], values=[oak])
    assert not picked_ward.ephemeral
    assert picked_ward.embeds[0]["author"]["name"].startswith("Burnt Oak ward")

    # A chart button: the picture alone (the ward card keeps its bar chart behind it).
    ward = await fake.interact(fake.slash("ward", name="burnt oak"), timeout=TIMEOUT)
    assert not ward.attachments and "image" not in ward.embeds[0]
    chart = await click(fake, ward, component(ward, label="Chart")["custom_id"])
    assert not chart.ephemeral and not chart.embeds
    assert [a["filename"] for a in chart.attachments] == ["chart.png"]
    picture = await click(fake, seats, component(seats, label="Map")["custom_id"], user=BOB)
    assert picture.ephemeral and [a["filename"] for a in picture.attachments] == ["chart.png"]

    # Sources & notes: always private: the warning, the notes, the full numbered sources.
    detail = await click(fake, seats, component(seats, label="Sources & notes")["custom_id"])
    assert detail.ephemeral
    assert detail.embeds[0]["title"].startswith("Sources & notes")
    text = str(detail.embeds)
    assert "1. [" in text and "7 May 2026" in text

    # The pager and the menu.
    quote = await fake.interact(fake.slash("quote", who="rawlings"), timeout=TIMEOUT)
    unclear = await fake.interact(fake.slash("ward", name="colindale"), timeout=TIMEOUT)
    menu = component(unclear, type=payloads.STRING_SELECT)
    north = next(o["value"] for o in menu["options"] if o["label"].startswith("Colindale North"))

    # Restart: the new process knows none of these messages, only their custom ids.
    await bot.stop()
    await start_bot(ELECTION_BOT, "run", env=env)
    again = await click(fake, seats, byelections)
    assert not again.ephemeral and again.embeds[0]["title"] == mine.embeds[0]["title"]
    chart_again = await click(fake, ward, component(ward, label="Chart")["custom_id"])
    assert [a["filename"] for a in chart_again.attachments] == ["chart.png"]
    page2 = await click(fake, quote, component(quote, label="Next")["custom_id"])
    assert page2.type == 7 and page2.embeds[0]["footer"]["text"].endswith(" page 2/3")
    picked = await click(fake, unclear, menu["custom_id"], values=[north])
    assert picked.embeds[0]["author"]["name"].startswith("Colindale North")

    # What it cannot serve answers "expired", privately: a random id of the old in-memory
    # views, a question that no longer answers, a long question carried by a hash.
    for custom_id in ("5d1c9a8e0f2b4c6d8e0f1a2b3c4d5e6f", "eb:a:/ward name:nowhere-at-all-x",
                      "eb:p1:#0123456789abcdef0123", "eb:zz:what"):
        old = old_message(fake, custom_id)
        gone = await click(fake, old, custom_id, user=BOB)
        assert gone.type == 4 and gone.ephemeral and gone.content == EXPIRED, custom_id
    assert_no_mentions(fake)
