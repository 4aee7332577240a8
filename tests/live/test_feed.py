from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from bot.live.feed import Advance, Batch, RateRule, advance
from tests.live.fakes import read_results

T0 = datetime(2021, 5, 6, 22, tzinfo=UTC)


def _batch(minutes: list[int], capped: bool = False) -> Batch:
    r = read_results()[0]
    return Batch(tuple(replace(r, last_updated=T0 + timedelta(minutes=m)) for m in minutes),
                 1, capped)


def test_the_mark_is_the_latest_seen() -> None:
    assert advance(T0, _batch([3, 1, 7])) == Advance(T0 + timedelta(minutes=7))
    assert advance(T0, _batch([])) == Advance(T0)


def test_a_capped_batch_steps_back_below_its_last_timestamp() -> None:
    """Rows tied with the 1000th may be unread (strictly greater-than): re-read them."""
    assert advance(T0, _batch([1, 2, 5, 5], capped=True)) == Advance(T0 + timedelta(minutes=2))


def test_a_cap_all_on_one_timestamp_reads_whole_elections() -> None:
    step = advance(T0, _batch([4, 4, 4], capped=True))
    assert step.reconcile and step.mark == T0 + timedelta(minutes=4)


def test_the_rate_rule_stays_inside_the_anonymous_limit() -> None:
    rule = RateRule()
    assert rule.interval(1) == timedelta(seconds=60)  # never faster than a minute
    assert rule.interval(10) == timedelta(seconds=120)  # 10 pages: 5 a minute, half the 10
    assert RateRule.for_token(True).interval(10) < rule.interval(10)
