"""The data's collection notes never reach a reader: answers say them for users."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.answers import Answers
from bot.answers._wording import for_users, source_name, source_title
from bot.ask import ask
from bot.discord.detail import detail_pages
from bot.discord.embed import card_pages
from bot.domain import Source
from bot.errors import UserError
from bot.render.text import render_text

QUESTIONS = [q for q in (Path(__file__).resolve().parents[1] / "golden" / "questions.txt")
             .read_text().splitlines() if q.strip()]
COLLECTION_NOTES = ("stored copy", "excerpt seen", "project seed", "seed report",
                    "wikipedia mirror", "sources seen", "source seen", "test mirror",
                    "project search")


@pytest.mark.parametrize("question", QUESTIONS)
async def test_no_collection_note_reaches_an_answer(answers: Answers, question: str) -> None:
    try:
        card = await ask(answers, question)
    except UserError:
        return
    shown = [render_text(card), *(str(e.to_dict()) for e in card_pages(card)),
             *(str(e.to_dict()) for e in detail_pages(card))]
    text = "\n".join(shown).casefold()
    assert not [n for n in COLLECTION_NOTES if n in text], question


def test_a_wikipedia_copy_is_wikipedia_and_keeps_its_site_in_the_title() -> None:
    copy = Source("m", "2022 Barnet London Borough Council election (Wikipedia mirror)",
                  "https://wikimili.com/en/x", "WikiMili (Wikipedia mirror)")
    assert source_name(copy) == "Wikipedia"
    assert source_title(copy) == ("Wikipedia (copy at wikimili.com): 2022 Barnet London "
                                  "Borough Council election")
    paper = Source("h", "Labour wins Barnet Council", "https://h.example", "Ham & High")
    assert (source_name(paper), source_title(paper)) == ("Ham & High",
                                                         "Ham & High: Labour wins Barnet Council")


def test_collection_notes_are_said_for_readers() -> None:
    assert for_users("Name not stated in the excerpt seen.") == "Name not stated in the source."
    assert "stored copy" not in for_users("menti[...]' (truncated in stored copy)")
    assert for_users("Labour won 41 seats.") == "Labour won 41 seats."  # facts untouched
