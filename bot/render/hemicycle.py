"""Where the seats go in a parliament-style half circle (pure geometry, no drawing).

Seats sit on concentric arcs of a unit half disc (centre (0, 0), y up, outer radius 1).
Each arc gets seats in proportion to its length, and seats are numbered by angle from
the left, so consecutive seats, and so one party's seats, form a wedge.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

INNER = 0.38  # radius of the empty middle, where the seat total is written
DOT = 0.42  # dot radius as a share of the distance between neighbouring seats


@dataclass(frozen=True, slots=True)
class Seat:
    x: float
    y: float
    angle: float  # radians: pi at the far left, 0 at the far right


@dataclass(frozen=True, slots=True)
class Hemicycle:
    seats: tuple[Seat, ...]  # left to right
    dot: float  # dot radius
    rows: int

    def boundary(self, after: int) -> float:
        """The angle between seat `after` and the next (seats counted from 1 at the left)."""
        if after <= 0:
            return math.pi
        if after >= len(self.seats):
            return 0.0
        return (self.seats[after - 1].angle + self.seats[after].angle) / 2

    def cut(self, after: int) -> list[tuple[float, float]]:
        """(radius, angle) on each row, inner to outer, in the gap between that row's
        last seat among the first `after` and its first seat after them: a line through
        these points splits off the first `after` seats without crossing a dot."""
        rows: dict[float, tuple[list[float], list[float]]] = {}
        for i, s in enumerate(self.seats):
            left, right = rows.setdefault(round(math.hypot(s.x, s.y), 6), ([], []))
            (left if i < after else right).append(s.angle)
        points = []
        for r in sorted(rows):
            left, right = rows[r]
            lo = min(left) if left else math.pi  # no seat on one side: the row's end
            hi = max(right) if right else 0.0
            points.append((r, (lo + hi) / 2))
        return points


def _radii(rows: int) -> tuple[list[float], float]:
    """Arc radii and the distance between arcs (also the seat spacing along an arc)."""
    if rows == 1:
        return [1.0], 1 - INNER
    gap = (1 - INNER) / (rows - 1)
    return [INNER + i * gap for i in range(rows)], gap


def _capacity(radius: float, pitch: float) -> int:
    return int(math.pi * radius / pitch) + 1


def layout(n: int) -> Hemicycle:
    """The fewest rows that hold `n` seats: fewer rows, bigger dots."""
    if n <= 0:
        return Hemicycle((), 0.0, 0)
    rows = 1
    while sum(_capacity(r, _radii(rows)[1]) for r in _radii(rows)[0]) < n:
        rows += 1
    radii, pitch = _radii(rows)
    counts = _share(n, radii, [_capacity(r, pitch) for r in radii])
    seats = []
    spacing = pitch
    for r, k in zip(radii, counts, strict=True):
        if k == 0:
            continue
        if k > 1:
            spacing = min(spacing, math.pi * r / (k - 1))
        for j in range(k):
            a = math.pi / 2 if k == 1 else math.pi * (1 - j / (k - 1))
            seats.append(Seat(r * math.cos(a), r * math.sin(a), a))
    # Left to right; at equal angles the inner seat first, so a wedge fills outwards.
    seats.sort(key=lambda s: (-round(s.angle, 9), s.x * s.x + s.y * s.y))
    return Hemicycle(tuple(seats), DOT * spacing, rows)


def _share(n: int, weights: list[float], caps: list[int]) -> list[int]:
    """n split in proportion to weights (largest remainders), no share above its cap."""
    total = sum(weights)
    exact = [n * w / total for w in weights]
    counts = [min(int(e), c) for e, c in zip(exact, caps, strict=True)]
    order = sorted(range(len(weights)), key=lambda i: exact[i] - int(exact[i]), reverse=True)
    while sum(counts) < n:  # ends: the caps add up to at least n
        for i in order:
            if sum(counts) < n and counts[i] < caps[i]:
                counts[i] += 1
    return _one_odd_row(counts, caps)


def _one_odd_row(counts: list[int], caps: list[int]) -> list[int]:
    """Every row with an odd count has a seat straight up; with two such rows, no radius
    would split the seats into halves. Pair odd rows off by moving a seat between them."""
    odd = [i for i in reversed(range(len(counts))) if counts[i] % 2]  # outermost first
    for outer, inner in zip(odd[::2], odd[1::2], strict=False):
        if counts[outer] < caps[outer]:
            counts[outer] += 1
            counts[inner] -= 1
        elif counts[inner] < caps[inner]:
            counts[inner] += 1
            counts[outer] -= 1
    return counts
