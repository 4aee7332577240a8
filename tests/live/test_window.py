from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from bot.live.feed import ElectionInfo
from bot.live.window import due, next_start, polls_close, window

MAY = ElectionInfo("local.doncaster.2021-05-06", "doncaster", "Doncaster", date(2021, 5, 6))
BY = ElectionInfo("local.barnet.hendon.by.2025-10-30", "barnet", "Barnet", date(2025, 10, 30))


def test_close_of_poll_is_22_london_in_bst_and_gmt() -> None:
    assert polls_close(MAY.date).astimezone(UTC) == datetime(2021, 5, 6, 21, tzinfo=UTC)
    assert polls_close(BY.date).astimezone(UTC) == datetime(2025, 10, 30, 22, tzinfo=UTC)


def test_polling_day_from_close_and_the_next_day() -> None:
    start, end = window(MAY.date)
    assert due([MAY], start - timedelta(seconds=1)) == []
    assert due([MAY], start) == [MAY]
    assert due([MAY], end - timedelta(seconds=1)) == [MAY]
    assert due([MAY], end) == []
    assert end.astimezone(UTC) == datetime(2021, 5, 7, 23, tzinfo=UTC)  # midnight BST


def test_a_count_into_day_three_keeps_polling_while_undeclared() -> None:
    _, end = window(MAY.date)
    later = end + timedelta(hours=30)
    assert due([MAY], later) == []
    assert due([MAY], later, frozenset({MAY.election_id})) == [MAY]
    assert due([MAY], end + timedelta(days=4), frozenset({MAY.election_id})) == []  # a cap


def test_a_by_election_has_its_own_window() -> None:
    night = polls_close(BY.date) + timedelta(hours=2)
    assert due([MAY, BY], night) == [BY]
    assert next_start([MAY, BY], datetime(2025, 10, 1, tzinfo=UTC)) == polls_close(BY.date)
    assert next_start([MAY], night) is None
