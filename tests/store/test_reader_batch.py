"""The store's reads of many records by id (ReferenceStore.ballots, wards_by_id, ...)."""

from __future__ import annotations

import pytest

from bot.store.reader import ReferenceStore


async def test_each_batch_read_matches_the_one_record_reads(store: ReferenceStore) -> None:
    ballots = await store.ballots_in(["local.barnet.2022-05-05"])
    ids = [b.id for b in ballots]
    found = await store.ballots([*ids, "no-such-ballot", ids[0]])
    assert set(found) == set(ids)  # the unknown id is left out, the repeat read once
    assert found[ids[0]] == await store.ballot(ids[0])
    wards = await store.wards_by_id([b.ward_id for b in ballots])
    assert len(wards) == len({b.ward_id for b in ballots})
    assert wards[ballots[0].ward_id] == await store.ward(ballots[0].ward_id)
    elections = await store.elections_by_id(["local.barnet.2022-05-05", "local.none.1900"])
    assert list(elections) == ["local.barnet.2022-05-05"]
    assert elections["local.barnet.2022-05-05"] == await store.election("local.barnet.2022-05-05")
    councils = await store.councils_by_id(["barnet", "westminster", "nowhere"])
    assert set(councils) == {"barnet", "westminster"}
    assert councils["barnet"] == await store.council("barnet")


async def test_more_ids_than_one_query_takes(store: ReferenceStore,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("bot.store.reader._CHUNK", 10)  # the real limit is 500 ids
    every = [b.id for b in await store.ballots_in(
        [e.id for c in await store.councils() for e in await store.elections(c.id)])]
    assert len(every) > 10
    assert set(await store.ballots(every)) == set(every)
    assert await store.ballots([]) == {}
