"""declare.decide against a ledger kept in memory: what to post, edit and strike."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from bot.live.declare import CHARS_PER_MESSAGE, EMBEDS_PER_MESSAGE, Plan, batches, decide
from bot.live.ledger import NewCard, Posted
from bot.live.payload import card_from
from tests.live.fakes import DONCASTER, party_book, read_results, undeclared

NOW = datetime(2021, 5, 7, 2, tzinfo=UTC)


def _apply(ledger: list[Posted], plan: Plan) -> list[Posted]:
    """What the store does with a plan, for these tests."""
    out = {(p.channel_id, p.kind, p.ballot_id): p for p in ledger}
    for i, m in enumerate(plan.messages):
        for c in m.cards:
            out[(m.channel_id, m.kind, c.ballot_id)] = Posted(
                m.channel_id, m.election_id, m.kind, c.ballot_id, c.card, c.hash, c.status, i)
    for e in plan.edits:
        key = (e.channel_id, e.kind, e.ballot_id)
        out[key] = replace(out[key], card=e.card, hash=e.hash, status=e.status)
    return list(out.values())


def _decide(records, ledger, channels=(1, 2)):
    return decide(DONCASTER, records, list(channels), ledger, party_book(), None, NOW)


def test_new_results_go_out_batched_and_once() -> None:
    records = read_results()
    plan = _decide(records, [])
    results = [m for m in plan.messages if m.kind == "results"]
    for ch in (1, 2):
        mine = [m for m in results if m.channel_id == ch]
        assert sum(len(m.cards) for m in mine) == 21
        assert all(len(m.cards) <= EMBEDS_PER_MESSAGE for m in mine)
        assert len(mine) == 3  # 21 cards: 10 + 10 + 1, not 21 messages
    kinds = [m.kind for m in plan.messages if m.channel_id == 1]
    assert kinds[-2:] == ["scoreboard", "final"]  # after the results
    assert len({m.nonce for m in plan.messages}) == len(plan.messages)
    assert not _decide(records, _apply([], plan))  # nothing more to do


def test_batches_keep_within_6000_characters() -> None:
    cards = [NewCard(str(i), "", "") for i in range(12)]
    groups = batches(cards, [2000] * 12)
    assert all(len(g) * 2000 <= CHARS_PER_MESSAGE for g in groups) and len(groups) == 6


def test_a_correction_edits_and_a_retraction_strikes() -> None:
    records = read_results()
    ledger = _apply([], _decide(records, []))
    fixed = [replace(records[0], turnout_pct=None), *records[1:]]
    plan = _decide(fixed, ledger, channels=(1,))
    assert next((e.kind, e.ballot_id, e.status) for e in plan.edits) == \
        ("results", records[0].ballot_id, "corrected")
    assert not plan.messages
    gone = [undeclared(records[1], NOW), *records[0:1], *records[2:]]
    plan = _decide(gone, ledger, channels=(1,))
    struck = [e for e in plan.edits if e.status == "retracted"]
    assert {e.kind for e in struck} == {"results", "final"}  # not every ward declared now
    assert card_from(struck[0].card).title.startswith("~~")
    ledger = _apply(ledger, plan)
    back = _decide(records, ledger, channels=(1,))
    assert {(e.kind, e.status) for e in back.edits} >= {("results", "corrected")}


def test_nothing_before_a_declaration() -> None:
    records = [undeclared(r, NOW) for r in read_results()]
    assert not _decide(records, [])
