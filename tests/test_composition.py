"""Composition after an election: computed from a reported baseline and dated changes."""

from __future__ import annotations

from bot.composition import compose, later
from bot.domain import CompositionChange, CompositionSnapshot


def ch(id: str, date: str | None, src: str | None, dst: str | None,
       moves: bool = True) -> CompositionChange:
    return CompositionChange(id, "c", "other", id, date=date, from_party=src, to_party=dst,
                             moves_seat=moves)


def test_partial_dates_order_by_their_start() -> None:
    assert later("2025-02-14", "2025")
    assert not later("2025", "2025-02-14")
    assert later("2025-06", "2025-02-14")
    assert not later(None, "2025")


def test_changes_apply_after_the_election() -> None:
    comp = compose({"lab": 3, "con": 2}, "2022-05-05", "the result", [], [
        ch("before", "2021-01-01", "lab", "con"),
        ch("death", "2022-12", "con", None),
        ch("by", "2023-02-16", None, "lab"),
        ch("mayor", "2023-05", None, None, moves=False),
        ch("undated", None, "lab", "ind"),
    ])
    assert comp.seats == {"lab": 4, "con": 1}
    assert comp.as_of == "2023-02-16"
    assert [c.id for c in comp.applied] == ["death", "by"]
    assert [c.id for c in comp.undated] == ["undated"]
    assert comp.consistent and sum(comp.seats.values()) == 5


def test_a_later_snapshot_becomes_the_baseline() -> None:
    snap = CompositionSnapshot("s", "c", "2024-01-01", "January report",
                               (("lab", 2), ("con", 2), ("label:x", 1)), (("label:x", "X"),))
    comp = compose({"lab": 3, "con": 2}, "2022-05-05", "the result", [snap],
                   [ch("old", "2023-01", "lab", "con"), ch("new", "2024-06", "con", "lab")])
    assert comp.seats == {"lab": 3, "con": 1, "label:x": 1}
    assert comp.baseline_text == "January report" and comp.labels == {"label:x": "X"}
    assert [c.id for c in comp.applied] == ["new"]


def test_changes_that_do_not_fit_are_flagged() -> None:
    comp = compose({"lab": 1}, "2022-05-05", "r", [], [ch("x", "2023", "con", "lab")])
    assert not comp.consistent
