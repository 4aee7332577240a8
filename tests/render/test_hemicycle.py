from __future__ import annotations

import math

import pytest

from bot.render.hemicycle import layout


@pytest.mark.parametrize("n", [1, 2, 7, 20, 51, 63, 101, 150])
def test_every_seat_placed_left_to_right_without_overlap(n: int) -> None:
    h = layout(n)
    assert len(h.seats) == n
    angles = [s.angle for s in h.seats]
    assert angles == sorted(angles, reverse=True)
    for s in h.seats:
        assert 0 <= s.angle <= math.pi and math.hypot(s.x, s.y) <= 1 + 1e-9
    gaps = [math.dist((a.x, a.y), (b.x, b.y)) for i, a in enumerate(h.seats)
            for b in h.seats[i + 1:]]
    assert min(gaps, default=1) >= 2 * h.dot


def test_a_radius_splits_off_a_majority() -> None:
    # Needs no two seats at the same angle where the majority ends: at most one row has
    # a seat straight up. (Two rows can still share some other angle: from 149 seats on
    # that happens to land at the majority for a few sizes, and the tick then stands on
    # that column of seats.)
    for n in range(3, 149):
        h = layout(n)
        line = h.boundary(n // 2 + 1)
        assert sum(s.angle > line for s in h.seats) == n // 2 + 1, n
    h = layout(63)
    assert h.boundary(0) == math.pi and h.boundary(63) == 0


def test_no_seats() -> None:
    assert layout(0).seats == ()
