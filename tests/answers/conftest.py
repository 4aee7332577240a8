"""Helpers for the answer tests: cards as searchable text, and records built by hand.

The database-backed tests use the `answers` and `mini_answers` fixtures of
tests/conftest.py; the compose tests build facts from these records instead.
"""

from __future__ import annotations

from bot.answers._context import Parties
from bot.domain import Cite, Council, Election, Party
from bot.render.card import Card
from bot.render.text import render_text

LABOUR = Party("lab", "Labour Party", "Labour", "Lab", 0xE4003B)
CONSERVATIVE = Party("con", "Conservative Party", "Conservative", "Con", 0x0087DC)
GREEN = Party("green", "Green Party", "Green", "Grn", 0x6AB023)
LABOUR_COOP = Party("lab-coop", "Labour and Co-operative Party", "Labour Co-op", "Lab Co-op",
                    0xE4003B, rollup_id="lab")
PARTIES = Parties({p.id: p for p in (LABOUR, CONSERVATIVE, GREEN, LABOUR_COOP)})
TESTSHIRE = Council("testshire", "Testshire District Council", "Testshire",
                    results_url="https://example.org/testshire")


def text(card: Card) -> str:
    return render_text(card, width=10_000)  # no wrapping, so phrases can be searched


def field(card: Card, name: str) -> str:
    """A field of the public card, else of the private detail (issue 16 moved some there)."""
    return next(f.value for f in [*card.fields, *card.detail] if f.name == name)


def cites(*ids: str) -> tuple[Cite, ...]:
    return tuple(Cite(i) for i in ids)


def election(date: str = "2022-05-05", **kw: object) -> Election:
    return Election(f"local.testshire.{date}", "testshire", int(date[:4]), date, **kw)  # type: ignore[arg-type]
