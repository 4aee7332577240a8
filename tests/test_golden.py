"""Every answer's text, held byte for byte: a restructuring must not change what users read.

The expected texts in tests/golden/ were written by the code before the change. When an
answer is meant to change, regenerate them and review the diff:
    GOLDEN_WRITE=1 .venv/bin/python -m pytest tests/test_golden.py
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from bot.answers import Answers
from bot.ask import ask
from bot.discord.embed import card_pages
from bot.errors import UserError
from bot.render.text import render_text

GOLDEN = Path(__file__).resolve().parent / "golden"
QUESTIONS = [q for q in (GOLDEN / "questions.txt").read_text().splitlines() if q.strip()]


def _name(question: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", question.casefold()).strip("-")


def _steady(text: str) -> str:
    """The data version and build time differ between builds of the same data."""
    text = re.sub(r"data [0-9a-f]{12}", "data <version>", text)
    text = re.sub(r"built \d{4}-\d\d-\d\dT[\d:]+\+00:00", "built <time>", text)
    return re.sub(r"built \d{1,2} [A-Z][a-z]+ \d{4}(?:, \d\d:\d\d UTC)?", "built <time>", text)


def _rendered(card: object) -> str:
    text = render_text(card)  # type: ignore[arg-type]
    pages = [e.to_dict() for e in card_pages(card, chart=True)]  # type: ignore[arg-type]
    embeds = json.dumps(pages, indent=1, ensure_ascii=False, sort_keys=True)
    return _steady(f"{text}\n--- embeds ---\n{embeds}\n")


@pytest.mark.parametrize("question", QUESTIONS)
async def test_answer_text_is_unchanged(answers: Answers, question: str) -> None:
    try:
        got = _rendered(await ask(answers, question))
    except UserError as exc:  # a miss or a choice is an answer too
        got = f"{type(exc).__name__}: {exc.message}\n" + "".join(
            f"  - {c.label} = {c.value}\n" for c in exc.choices)
    path = GOLDEN / f"{_name(question)}.txt"
    if os.environ.get("GOLDEN_WRITE"):
        path.write_text(got)
    assert path.exists(), f"no golden text for {question}; run with GOLDEN_WRITE=1"
    assert got == path.read_text()
