"""/where and /ward postcode, against the fake postcodes.io on 127.0.0.1 and the built-in data.

The postcodes mapped here are the tests' own (see fakes/postcodes/README.md): EN5 9ZZ is
put in Burnt Oak (E05013630, Barnet's, from the ONS ward list) by the fake, not a claim
about where it is.
"""

from __future__ import annotations

import contextlib
import logging
import re
from collections.abc import AsyncIterator
from datetime import datetime

import pytest

from bot import privacy
from bot.answers import Answers
from bot.answers import where as where_mod
from bot.errors import UserError
from bot.net.http import HttpClient
from bot.net.postcodes import NI_NOTE, Found, Postcodes, cache_key
from bot.render.card import Card
from bot.store.reader import ReferenceStore
from fakes.postcodes.server import FakePostcodes
from tests.answers.conftest import text

BURNT_OAK = "EN5 9ZZ"
SPELLINGS = ("EN5 9ZZ", "en59zz", " en5  9zz ")


class MemoryCache:
    def __init__(self) -> None:
        self.rows: dict[str, tuple[str, datetime]] = {}

    async def postcode_get(self, key: str, *, newer_than: datetime) -> str | None:
        row = self.rows.get(key)
        return row[0] if row and row[1] > newer_than else None

    async def postcode_put(self, key: str, answer: str, fetched_at: datetime) -> None:
        self.rows[key] = (answer, fetched_at)


async def _no_sleep(seconds: float) -> None:
    return None


@pytest.fixture
async def fake() -> AsyncIterator[FakePostcodes]:
    async with FakePostcodes() as server:
        server.add(BURNT_OAK, ward_gss="E05013630", ward="Burnt Oak", district_gss="E09000003",
                   district="Barnet", county=None)
        server.add("BT1 9ZZ", ward_gss="N08000101", ward="Abbey", district_gss="N09000001",
                   district="Antrim and Newtownabbey", country="Northern Ireland")
        # A ward code newer than the gazetteer's list (new boundaries), in Barnet
        server.add("EN4 9ZZ", ward_gss="E05999999", ward="New Barnet Vale",
                   district_gss="E09000003", district="Barnet")
        yield server


@pytest.fixture
async def cache() -> MemoryCache:
    return MemoryCache()


@pytest.fixture
async def where(store: ReferenceStore, fake: FakePostcodes,
                cache: MemoryCache) -> AsyncIterator[Answers]:
    async with HttpClient(retries=1, sleep=_no_sleep) as http:
        yield await Answers.load(store, Postcodes(http, fake.url, cache))


def _spoken(card: Card) -> str:
    """Everything a card says, its actions too."""
    return text(card) + "".join(f"{a.label} {a.question} {a.url}" for a in card.actions)


def _no_postcode(card: Card, postcode: str = BURNT_OAK) -> None:
    said = _spoken(card).upper()
    assert postcode.replace(" ", "") not in said.replace(" ", "")


# -- a postcode in a held ward ------------------------------------------------------------


async def test_where_answers_the_wards_latest_result_without_the_postcode(
        where: Answers) -> None:
    card = await where.where(BURNT_OAK)
    said = text(card)
    assert card.author.startswith("Burnt Oak ward")
    assert card.title == "Labour win all 3 seats — majority 1,143"
    assert "**Burnt Oak** ward, Barnet (postcodes.io)" in card.description
    assert "Sara Conway" in said and "2,545" in said  # the 2022 result, as /ward gives it
    assert where_mod.POSTCODES_IO in card.sources
    assert where_mod.ONE_WARD in card.notices
    assert [a.question for a in card.actions if a.question.startswith(("/seats", "/by"))] == \
        ["/seats barnet", "/byelections barnet"]
    _no_postcode(card)


@pytest.mark.parametrize("spelling", SPELLINGS)
async def test_ward_by_postcode_option_or_typed_as_the_name(where: Answers,
                                                            spelling: str) -> None:
    by_option = await where.ward(None, postcode=spelling)
    by_name = await where.ward(spelling)
    assert by_option.title == by_name.title and by_option.author.startswith("Burnt Oak")
    assert "Sara Conway" in text(by_name)


async def test_the_postcode_option_beats_a_name(where: Answers) -> None:
    card = await where.ward("childs hill", postcode=BURNT_OAK)
    assert card.author.startswith("Burnt Oak")


async def test_an_election_asked_for_with_a_postcode(where: Answers) -> None:
    card = await where.ward(None, election="2025-02-13", postcode=BURNT_OAK)
    assert card.author.endswith("by-election of 13 February 2025")


async def test_the_ward_card_is_not_changed_and_no_postcode_is_a_key(where: Answers) -> None:
    plain = text(await where.ward("barnet-2022:burnt-oak"))
    await where.where(BURNT_OAK)
    assert text(await where.ward("barnet-2022:burnt-oak")) == plain  # the shared card intact
    assert not any("EN5" in repr(key).upper() for key in where._cards)


async def test_one_request_then_the_cache(where: Answers, fake: FakePostcodes,
                                          cache: MemoryCache) -> None:
    for spelling in SPELLINGS:
        await where.where(spelling)
    assert len(fake.requests) == 1
    assert list(cache.rows) == [cache_key("EN5 9ZZ")]  # a digest, never the postcode
    assert not any("EN5" in answer for answer, _ in cache.rows.values())


# -- what else a postcode can be ----------------------------------------------------------


@pytest.mark.parametrize("typed", ["EN5", "12345", "EN5 9Z", "SW1A 1AAA", "ZZ", "?"])
async def test_a_malformed_postcode_is_refused_with_an_example_and_no_request(
        where: Answers, fake: FakePostcodes, typed: str) -> None:
    with pytest.raises(UserError) as err:
        await where.where(typed)
    assert "SW1A 1AA" in err.value.message and "shape of a UK postcode" in err.value.message
    assert fake.requests == []


async def test_a_postcode_not_in_use(where: Answers) -> None:
    with pytest.raises(UserError, match="not a postcode in use"):
        await where.where("EN5 9ZY")


async def test_a_terminated_postcode_says_when(where: Answers) -> None:
    with pytest.raises(UserError, match=r"terminated in 06/1996"):
        await where.ward(None, postcode="AB1 0AA")


async def test_the_service_down_says_so_and_suggests_the_wards_name(
        where: Answers, fake: FakePostcodes) -> None:
    fake.down = True
    with pytest.raises(UserError) as err:
        await where.where(BURNT_OAK)
    assert err.value.message.startswith("postcodes.io could not be reached just now")
    assert "/ward burnt oak" in err.value.message and "HTTP 503" in err.value.message
    assert "EN5" not in err.value.message


async def test_no_postcode_client_is_an_answer_too(store: ReferenceStore) -> None:
    plain = await Answers.load(store)
    with pytest.raises(UserError, match="not set up here"):
        await plain.where(BURNT_OAK)


async def test_a_ward_not_held_is_what_the_gazetteer_knows(where: Answers) -> None:
    card = await where.where("BR8 7RE")  # the postcodes.io docs' example: Hextable, Sevenoaks
    said = text(card)
    assert card.title.startswith("Hextable") and "E05009960" in said
    assert "No election result for this ward" in said
    assert "**Hextable** ward, Sevenoaks" in card.description
    assert not [a for a in card.actions if a.question.startswith("/seats")]  # none held
    _no_postcode(card, "BR8 7RE")


async def test_northern_ireland_gives_the_ward_and_the_licence(where: Answers) -> None:
    card = await where.where("BT1 9ZZ")
    assert card.title.startswith("Abbey")
    assert card.warning == NI_NOTE and "LPS" in card.warning
    assert "commercial use needs an LPS licence" in text(card)
    _no_postcode(card, "BT1 9ZZ")


async def test_a_ward_code_the_gazetteer_does_not_know(where: Answers) -> None:
    card = await where.where("EN4 9ZZ")
    said = text(card)
    assert card.title == "New Barnet Vale — ward of Barnet"
    assert "does not have this ward code" in said and "E05999999" in said
    assert "/seats barnet" in [a.question for a in card.actions]
    _no_postcode(card, "EN4 9ZZ")


# -- compose, pure -------------------------------------------------------------------------


def test_compose_copies_the_base_card_and_adds_the_councils_questions() -> None:
    from bot.domain import Council, PlaceWard
    from bot.render.card import Action
    barnet = Council("barnet", "London Borough of Barnet", "Barnet")
    found = Found("EN5 9ZZ", "E05013630", "Burnt Oak", "E09000003", "Barnet", None, None,
                  "England")
    base = Card("Burnt Oak — Barnet", description="3 seats",
                actions=[Action("Seats", "/seats barnet")])
    facts = where_mod.WhereFacts(found, PlaceWard("E05013630", "Burnt Oak", "E09000003",
                                                  ward_id="barnet-2022:burnt-oak"), None, barnet)
    card = where_mod.compose(facts, base, "v1")
    assert base.description == "3 seats" and len(base.actions) == 1 and not base.sources
    assert card.description.endswith("\n3 seats")
    assert [a.question for a in card.actions] == ["/seats barnet", "/byelections barnet",
                                                  "/history barnet"]
    assert facts.ward_id == "barnet-2022:burnt-oak"


# -- the logs ------------------------------------------------------------------------------


async def test_no_log_line_at_debug_holds_a_postcode(where: Answers,
                                                     fake: FakePostcodes) -> None:
    lines: list[str] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            lines.append(self.format(record))

    handler = Keep()
    root = logging.getLogger()
    privacy.guard([handler])
    before = {name: logging.getLogger(name).level for name in root.manager.loggerDict}
    old_root = root.level
    root.addHandler(handler)
    for name in before:  # every logger at DEBUG, aiosqlite's query parameters too
        logging.getLogger(name).setLevel(logging.DEBUG)
    root.setLevel(logging.DEBUG)
    try:
        for spelling in (*SPELLINGS, "EN5 9ZY", "AB1 0AA", "BT1 9ZZ", "BR8 7RE", "en5 "):
            with contextlib.suppress(UserError):
                await where.where(spelling)
        fake.down = True
        with pytest.raises(UserError):
            await where.ward("EN4 9ZZ")
        # what discord.py logs at DEBUG: the gateway event with the user's options
        logging.getLogger("discord.gateway").debug(
            "For Shard ID %s: WebSocket Event: %s", 0,
            {"t": "INTERACTION_CREATE", "d": {"data": {"options": [
                {"name": "postcode", "value": "e n5 9\u00a0zz"}]}}})
        logging.getLogger("discord.http").debug("POST %s with %s has returned %s", "/x",
                                                '{"content":"EN5 9ZY is not in use"}', 200)
    finally:
        root.removeHandler(handler)
        root.setLevel(old_root)
        for name, level in before.items():
            logging.getLogger(name).setLevel(level)
    assert any("aiosqlite" not in line for line in lines) and len(lines) > 5
    # spaces, and the escapes repr() writes for odd ones, taken out: "e n5 9\\xa0zz" is EN59ZZ
    squashed = re.sub(r"\s|\\X[0-9A-F]{2}|\\U[0-9A-F]{4}", "", "\n".join(lines).upper())
    for postcode in ("EN59ZZ", "EN59ZY", "AB10AA", "BT19ZZ", "BR87RE", "EN49ZZ"):
        assert postcode not in squashed, postcode
    assert "INTERACTION_CREATE" in squashed and "[POSTCODE]" in squashed


def test_compose_says_when_postcodes_io_gives_no_ward() -> None:
    found = Found("ZE1 9ZZ", None, None, None, None, None, None, "Scotland")
    card = where_mod.compose(where_mod.WhereFacts(found, None, None, None), None, "v1")
    assert card.title == "A postcode without a ward"
    assert "gives no ward for this postcode" in card.description and not card.actions
