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


@pytest.mark.parametrize("n", [3, 7, 20, 55, 63, 101, 150])
def test_the_majority_cut_passes_between_seats_on_every_row(n: int) -> None:
    h = layout(n)
    after = n // 2 + 1
    cut = h.cut(after)
    assert len(cut) == h.rows
    left = 0
    for r, angle in cut:
        row = [s for s in h.seats if math.isclose(math.hypot(s.x, s.y), r, abs_tol=1e-6)]
        on_left = [s for s in row if s.angle > angle]
        left += len(on_left)
        # The first `after` seats of this row are exactly those left of the cut, and no
        # dot on the row touches the cut (it runs through the gap, not a seat).
        assert set(on_left) == {s for s in row if h.seats.index(s) < after}
        for s in row:
            assert r * abs(math.sin(s.angle - angle)) >= h.dot or abs(s.angle - angle) > 1
    assert left == after
