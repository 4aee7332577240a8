"""The postcodes.io client against the fake: shapes, outcomes, the cache, privacy."""

from __future__ import annotations

import logging
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.net.http import HttpClient
from bot.net.postcodes import (
    DoesNotExist,
    Found,
    Malformed,
    NorthernIreland,
    Postcodes,
    Terminated,
    Unavailable,
    cache_key,
    normalise,
    postcode_hash,
)
from bot.store.state import StateStore
from fakes.postcodes import FakePostcodes

# Barnet's Burnt Oak ward on its 2022 boundaries (ONS ward list); the postcode is the test's.
BARNET = {"ward_gss": "E05013630", "ward": "Burnt Oak", "district_gss": "E09000003",
          "district": "Barnet", "country": "England"}
BELFAST = {"ward_gss": "N08000301", "ward": "Andersonstown", "district_gss": "N09000003",
           "district": "Belfast", "country": "Northern Ireland"}


@pytest.mark.parametrize(("text", "want"), [
    ("sw1a1aa", "SW1A 1AA"), ("  SW1A   1AA ", "SW1A 1AA"), ("br8 7re", "BR8 7RE"),
    ("EN5 1AA", "EN5 1AA"), ("m1 1ae", "M1 1AE"), ("bt1 5gs", "BT1 5GS"),
    ("", None), ("SW1A", None), ("12345", None), ("SW1A 1CA", None), ("Barnet", None),
    ("SW1A 1AA; DROP", None), ("1AA SW1", None),
])
def test_the_shape_is_checked(text: str, want: str | None) -> None:
    assert normalise(text) == want


def test_the_log_tag_is_not_the_postcode() -> None:
    tag = postcode_hash("sw1a 1aa")
    assert tag == postcode_hash("SW1A1AA") and "SW1A" not in tag.upper() and len(tag) == 10


@pytest.fixture
def client(http: HttpClient, fake_postcodes: FakePostcodes) -> Postcodes:
    return Postcodes(http, fake_postcodes.url)


async def test_a_malformed_postcode_makes_no_request(client: Postcodes,
                                                     fake_postcodes: FakePostcodes) -> None:
    out = await client.lookup("not a postcode")
    assert isinstance(out, Malformed) and "SW1A 1AA" in out.message
    assert fake_postcodes.requests == []


async def test_found_gives_the_ward_and_council(client: Postcodes,
                                                fake_postcodes: FakePostcodes,
                                                http: HttpClient) -> None:
    out = await client.lookup("br87re")
    assert out == Found("BR8 7RE", "E05009960", "Hextable", "E07000111", "Sevenoaks",
                        "E10000016", "Kent", "England")
    fake_postcodes.add("EN5 9XY", **BARNET)
    barnet = await client.lookup("en5 9xy")
    assert isinstance(barnet, Found) and barnet.ward_gss == "E05013630"
    assert barnet.county_gss is None and barnet.county_name is None  # single tier
    assert {r.user_agent for r in fake_postcodes.requests} == {http.user_agent}


async def test_unknown_and_terminated(client: Postcodes) -> None:
    assert await client.lookup("ZZ9 9ZZ") == DoesNotExist("ZZ9 9ZZ")
    gone = await client.lookup("ab10aa")
    assert gone == Terminated("AB1 0AA", 1996, 6)
    assert "06/1996" in gone.message


async def test_northern_ireland_still_gives_the_ward_and_says_why_to_care(
        client: Postcodes, fake_postcodes: FakePostcodes) -> None:
    fake_postcodes.add("BT1 5GS", **BELFAST)
    out = await client.lookup("bt15gs")
    assert isinstance(out, NorthernIreland) and isinstance(out, Found)
    assert out.ward_gss == "N08000301" and out.note and "LPS" in out.note


async def test_a_service_that_is_down_is_unavailable(
        client: Postcodes, fake_postcodes: FakePostcodes, clock: object,
        closed_port: int, http: HttpClient) -> None:
    fake_postcodes.down = True
    out = await client.lookup("BR8 7RE")
    assert isinstance(out, Unavailable) and "postcodes.io" in out.message
    assert "BR8" not in out.message
    refused = await Postcodes(http, f"http://127.0.0.1:{closed_port}").lookup("BR8 7RE")
    assert isinstance(refused, Unavailable) and "could not be reached" in refused.message


async def test_bulk_is_at_most_100_a_request(client: Postcodes,
                                             fake_postcodes: FakePostcodes) -> None:
    texts = [f"ZZ{n // 10} {n % 10}AB" for n in range(150)]
    texts[0] = "br8 7re"
    texts[1] = "nonsense"
    out = await client.lookup_many(texts)
    posts = [r for r in fake_postcodes.requests if r.method == "POST"]
    assert [r.postcodes for r in posts] == [100, 49]
    assert isinstance(out["br8 7re"], Found) and isinstance(out["nonsense"], Malformed)
    assert isinstance(out[texts[2]], DoesNotExist)


async def test_the_fake_refuses_more_than_100(http: HttpClient,
                                              fake_postcodes: FakePostcodes) -> None:
    from bot.net.http import BadResponse, Service
    with pytest.raises(BadResponse) as err:
        await http.request(Service("postcodes.io", fake_postcodes.url), "/postcodes",
                           method="POST", json_body={"postcodes": ["BR8 7RE"] * 101})
    assert err.value.status == 400


async def test_the_cache_is_keyed_by_the_normalised_postcode_only(
        tmp_path: Path, http: HttpClient, fake_postcodes: FakePostcodes) -> None:
    path = tmp_path / "state.sqlite3"
    store = await StateStore.open(path)
    try:
        client = Postcodes(http, fake_postcodes.url, store)
        first = await client.lookup("br87re")
        again = await client.lookup("  BR8 7RE")
        assert first == again and len(fake_postcodes.requests) == 1
        many = await client.lookup_many(["Br8 7rE"])
        assert many["Br8 7rE"] == first and len(fake_postcodes.requests) == 1
        # 31 days later the answer is too old: asked again.
        old = datetime.now(UTC) - timedelta(days=31)
        key = cache_key("BR8 7RE")
        await store.postcode_put(key, (await store.postcode_get(key, newer_than=old)) or "",
                                 old)
        await client.lookup("BR8 7RE")
        assert len(fake_postcodes.requests) == 2
        assert await store.postcode_forget_older(datetime.now(UTC) + timedelta(seconds=1)) == 1
    finally:
        await store.close()
    conn = sqlite3.connect(path)
    try:
        cols = [r[1] for r in conn.execute("PRAGMA table_info(postcode_cache)")]
        assert cols == ["key", "answer", "fetched_at"]  # nothing about who asked
        dump = "\n".join(conn.iterdump()).upper().replace(" ", "")
        assert "BR87RE" not in dump  # nor the postcode itself
    finally:
        conn.close()


async def test_an_unknown_postcode_is_cached_for_a_day_only(
        tmp_path: Path, http: HttpClient, fake_postcodes: FakePostcodes) -> None:
    store = await StateStore.open(tmp_path / "state.sqlite3")
    try:
        client = Postcodes(http, fake_postcodes.url, store)
        await client.lookup("ZZ9 9ZZ")
        await client.lookup("ZZ9 9ZZ")
        assert len(fake_postcodes.requests) == 1
        two_days = datetime.now(UTC) - timedelta(days=2)
        answer = await store.postcode_get(cache_key("ZZ9 9ZZ"), newer_than=two_days)
        assert answer is not None
        await store.postcode_put(cache_key("ZZ9 9ZZ"), answer, two_days)
        await client.lookup("ZZ9 9ZZ")
        assert len(fake_postcodes.requests) == 2
    finally:
        await store.close()


async def test_no_log_line_holds_a_postcode(
        caplog: pytest.LogCaptureFixture, tmp_path: Path, http: HttpClient,
        fake_postcodes: FakePostcodes) -> None:
    caplog.set_level(logging.DEBUG)
    store = await StateStore.open(tmp_path / "state.sqlite3")
    try:
        client = Postcodes(http, fake_postcodes.url, store)
        for text in ("BR8 7RE", "ab10aa", "ZZ9 9ZZ", "nonsense"):
            await client.lookup(text)
        await client.lookup_many(["BR8 7RE", "ZZ9 9ZZ"])
        fake_postcodes.down = True
        await client.lookup("EN5 1AA")
        await client.lookup_many(["EN5 1AB"])
    finally:
        await store.close()
    text = "\n".join(r.getMessage() for r in caplog.records).upper().replace(" ", "")
    assert caplog.records  # the failures were logged...
    for postcode in ("BR87RE", "AB10AA", "ZZ99ZZ", "EN51AA", "EN51AB"):
        assert postcode not in text  # ...without the postcode
