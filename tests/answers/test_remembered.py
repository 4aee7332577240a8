"""The same question twice is answered from memory (bot/answers/__init__.py, _remembered)."""

from __future__ import annotations

import asyncio

import pytest

from bot.answers import Answers
from bot.errors import NotFound


class _Counting:
    """A store that counts the calls that reach it, and otherwise is the real one."""

    def __init__(self, real: object) -> None:
        self._real = real
        self.calls = 0

    def __getattr__(self, name: str) -> object:
        attr = getattr(self._real, name)
        if not callable(attr):
            return attr

        async def counted(*args: object, **kwargs: object) -> object:
            self.calls += 1
            return await attr(*args, **kwargs)
        return counted


async def test_a_question_asked_again_is_answered_from_memory(answers: Answers) -> None:
    fresh = Answers(_Counting(answers.store), answers.index)  # type: ignore[arg-type]
    first = await fresh.seats("barnet")
    asked = fresh.store.calls  # type: ignore[attr-defined]
    assert asked > 0
    assert await fresh.seats("barnet") is first
    assert await fresh.seats("Barnet") is not first  # another question, asked afresh
    assert await fresh.seats("barnet", "2022") is not first
    assert fresh.store.calls > asked  # type: ignore[attr-defined]


async def test_askers_of_one_question_share_one_computation(answers: Answers) -> None:
    fresh = Answers(_Counting(answers.store), answers.index)  # type: ignore[arg-type]
    cards = await asyncio.gather(*(fresh.ward("burnt oak") for _ in range(5)))
    assert all(c is cards[0] for c in cards)
    once = fresh.store.calls  # type: ignore[attr-defined]
    await Answers(_Counting(answers.store), answers.index).ward("burnt oak")
    assert once == fresh.store.calls  # type: ignore[attr-defined]


async def test_a_failed_question_is_not_remembered(answers: Answers) -> None:
    fresh = Answers(_Counting(answers.store), answers.index)  # type: ignore[arg-type]
    with pytest.raises(NotFound):
        await fresh.ward("xyzzy")
    with pytest.raises(NotFound):
        await fresh.ward("xyzzy")
    assert not fresh._cards


async def test_memory_is_bounded(answers: Answers, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("bot.answers.CARDS_KEPT", 3)
    fresh = Answers(answers.store, answers.index)
    first = await fresh.seats("barnet")
    for year in ("2018", "2014", "2010"):
        await fresh.seats("barnet", year)
    assert len(fresh._cards) == 3
    assert await fresh.seats("barnet") is not first  # the oldest was forgotten

