"""/about on the built-in data."""

from __future__ import annotations

from bot.answers import Answers
from tests.answers.conftest import text


async def test_about_lists_councils_and_licences(answers: Answers) -> None:
    card = await answers.about()
    out = text(card)
    public = "\n".join([card.title, card.description, card.footer,
                        *(f"{f.name} {f.value}" for f in card.fields)])
    assert "**Barnet** 1964–2022 (16 elections); 2026 held, no result yet" in public
    assert "Westminster" in public
    # licence tallies are for maintainers: in the detail, not the public card
    assert "CC BY-SA" in out and "CC BY-SA" not in public
    assert "Contains OS data © Crown copyright" in out  # the boundaries' credit, in full
    # no raw ISO time anywhere
    assert "T10:" not in out and "+00:00" not in out
    assert card.reference.split(" · built ")[1][0].isdigit()  # "built 3 December 2026, …"


def test_built_says_the_time_for_people() -> None:
    from bot.answers.about import built

    assert built("2026-12-02T17:41:36+00:00") == " · built 2 December 2026, 17:41 UTC"
    assert built("2026-12-02") == " · built 2 December 2026"
    assert built("") == ""

