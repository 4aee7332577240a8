"""/byelections on the built-in data."""

from __future__ import annotations

from bot.answers import Answers
from tests.answers.conftest import text


async def test_byelections_barnet(answers: Answers) -> None:
    out = text(await answers.byelections("barnet"))
    for when in ("16 February 2023", "13 February 2025", "6 March 2025", "15 May 2025",
                 "30 October 2025"):
        assert when in out
    assert "Also reported (shortly before the 7 May 2026 election (undated))" in out

