"""/where and /ward postcode through the wire: the real bot, fake Discord, fake postcodes.io.

The bot process gets POSTCODES_URL (the fake on 127.0.0.1) and LOG_LEVEL=DEBUG, where
discord.py logs every gateway event (the options users typed) and every reply: its whole
log must still hold no postcode. The postcodes are the test's own (fakes/postcodes/README.md).
"""

from __future__ import annotations

import re
from pathlib import Path

from fakes.discordapi.fixtures import StartBot
from fakes.discordapi.harness import assert_no_mentions
from fakes.discordapi.server import FakeDiscord
from fakes.postcodes.server import FakePostcodes
from tests.e2e.helpers import ELECTION_BOT, bot_env, embed_text

BURNT_OAK = "EN5 9ZZ"


async def test_a_postcode_answers_its_ward_publicly_without_the_postcode(
        fake_discord: FakeDiscord, start_bot: StartBot, tmp_path: Path,
        builtin_db: Path) -> None:
    fake = fake_discord
    async with FakePostcodes() as postcodes:
        postcodes.add(BURNT_OAK, ward_gss="E05013630", ward="Burnt Oak",
                      district_gss="E09000003", district="Barnet")
        bot = await start_bot(ELECTION_BOT, "run", env=bot_env(
            fake, tmp_path, builtin_db, POSTCODES_URL=postcodes.url, LOG_LEVEL="DEBUG"))

        for asked in (fake.slash("where", postcode=BURNT_OAK),
                      fake.slash("ward", postcode="en5 9zz"),
                      fake.slash("ward", name="EN59ZZ")):
            answer = await fake.interact(asked)
            assert answer.type in (4, 5) and not answer.ephemeral, answer.content
            said = embed_text(answer)
            assert answer.embeds[0]["author"]["name"].startswith("Burnt Oak ward · Barnet")
            assert "Sara Conway" in said and "This postcode is in **Burnt Oak** ward" in said
            assert "EN5" not in said.upper() and "EN5" not in answer.content.upper()
        # one request: the bot's one client, then the state database's cache
        assert [r.path for r in postcodes.requests] == ["/postcodes/EN59ZZ"]

        unknown = await fake.interact(fake.slash("where", postcode="EN5 9ZY"))
        assert unknown.ephemeral and "EN5 9ZY is not a postcode in use" in unknown.content
        malformed = await fake.interact(fake.slash("ward", postcode="EN5 9"))
        assert malformed.ephemeral and "Write it like SW1A 1AA" in malformed.content
        terminated = await fake.interact(fake.slash("where", postcode="AB1 0AA"))
        assert terminated.ephemeral and "terminated in 06/1996" in terminated.content
        assert len(postcodes.requests) == 3  # none for the malformed one
        assert_no_mentions(fake)

    log = "\n".join(bot.lines)
    assert "DEBUG" in log and "INTERACTION_CREATE" in log  # the log was at DEBUG
    squashed = re.sub(r"\s|\\X[0-9A-F]{2}", "", log.upper())
    for postcode in ("EN59ZZ", "EN59ZY", "AB10AA"):
        assert postcode not in squashed, postcode
