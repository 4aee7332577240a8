"""Autocomplete on the built-in data."""

from __future__ import annotations

from bot.answers import Answers


async def test_autocomplete(answers: Answers) -> None:
    wards = answers.complete("ward", "chi", "barnet")
    assert wards[0].value == "barnet-2022:childs-hill"
    assert all(len(c.label) <= 100 and len(c.value) <= 100 for c in wards)
    assert answers.complete("council", "barn")[0].value == "barnet"
    elections = await answers.complete_election("barnet", "")
    assert elections[0].value == "local.barnet.2026-05-07" and len(elections) <= 25

