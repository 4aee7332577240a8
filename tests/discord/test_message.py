"""The one message builder: what each button carries, and that nothing is out of reach."""

from __future__ import annotations

import pytest

from bot.answers import Answers
from bot.ask import ask
from bot.discord import message as msg
from bot.discord.buttons import DYNAMIC, served
from bot.discord.detail import detail_pages
from bot.discord.embed import card_pages, clean
from bot.render.card import Action, Card, Field, SourceLink
from tests.discord.clicks import components


def ids(view: msg.Layout | None) -> list[str]:
    return [c.get("custom_id") or c["url"] for c in components(view)]


def test_buttons_carry_their_question_and_fit_discord() -> None:
    card = Card(title="t", fields=[Field(f"f{i}", "x" * 1000) for i in range(12)],
                sources=[SourceLink("s", "https://example.org/")],
                actions=[Action("By-elections", "/byelections barnet"),
                         Action("Chart", "/seats barnet", part="chart"),
                         Action("Again", "/byelections barnet"),  # same id: shown once
                         Action("Wikipedia", url="https://en.wikipedia.org/wiki/Barnet"),
                         Action("Bad link", url="javascript:alert(1)")])
    built = msg.compose(card, question="/seats council:barnet", page=0)
    assert built.pages > 1
    assert ids(built.view) == ["eb:p0:/seats council:barnet", "eb:p1:/seats council:barnet",
                               "eb:a:/byelections barnet", "eb:c:/seats barnet",
                               "https://en.wikipedia.org/wiki/Barnet",
                               "eb:d:/seats council:barnet"]
    prev, nxt = components(built.view)[:2]
    assert prev["disabled"] and not nxt["disabled"]
    last = msg.compose(card, question="/seats council:barnet", page=99)
    assert last.page == last.pages - 1 and components(last.view)[1]["disabled"]
    for cid in ids(built.view):
        assert cid.startswith("https://") or (len(cid) <= 100 and served(cid)), cid


def test_a_long_question_is_carried_by_hash_in_this_process() -> None:
    question = "/quote who:rawlings keyword:" + "housing " * 20
    cid = msg.carry("d", question)
    assert len(cid) <= 100 and cid.startswith("eb:d:#")
    assert msg.carried(cid.removeprefix("eb:d:")) == question
    assert msg.carried("#" + "0" * 20) is None  # another process's hash: "expired"


@pytest.mark.parametrize("options, text", [
    ({"name": "burnt oak", "council": None}, "/ward name:burnt oak"),
    ({"name": "x council:y"}, None),  # would not read back the same
    ({"name": "a\nb"}, None),
])
def test_question_text_reads_back_or_is_none(options: dict, text: str | None) -> None:
    assert msg.question_text("ward", options) == text


def test_no_detail_button_without_detail_and_every_template_is_distinct() -> None:
    assert msg.compose(Card(title="t"), question="/about").view is None
    templates = {d.__discord_ui_compiled_template__.pattern for d in DYNAMIC}
    assert len(templates) == len(DYNAMIC)


SEED = ("/seats barnet", "/seats barnet 2014", "/seats doncaster", "/ward childs-hill",
        "/ward burnt oak", "/councillor zinkin", "/quote rawlings", "/party labour barnet",
        "/history barnet", "/byelections barnet", "/about")


@pytest.mark.parametrize("question", SEED)
async def test_every_note_and_source_is_reachable(answers: Answers, question: str) -> None:
    """Public card or the private detail: no note or source title is out of reach."""
    card = await ask(answers, question)
    shown = "\n".join(str(e.to_dict()) for e in card_pages(card) + detail_pages(card))
    for note in [*card.notices, card.warning]:
        assert clean(note).split("\n")[0][:60] in shown, note
    for source in card.sources:
        assert clean(source.title)[:60].replace("[", "\\[") in shown or \
            clean(source.title)[:60] in shown, source.title


def test_the_first_named_source_is_a_link_button_after_sources_and_notes() -> None:
    card = Card(title="t", sources=[SourceLink("No link", None, "Nowhere"),
                                    SourceLink("W", "https://en.wikipedia.org/x", "Wikipedia"),
                                    SourceLink("H", "https://hamhigh.example/y", "Ham & High")])
    built = msg.compose(card, question="/seats council:barnet")
    shown = components(built.view)
    assert [c.get("label") for c in shown] == ["Sources & notes", "Wikipedia"]
    assert shown[-1]["url"] == "https://en.wikipedia.org/x" and shown[-1]["style"] == 5


def test_a_cards_menu_is_a_select_row_whose_pick_asks_its_question() -> None:
    from bot.render.card import Menu
    card = Card(title="t", actions=[Action("History", "/history barnet")],
                menu=Menu("Wards ▾", "/ward council:barnet election:local.barnet.2022-05-05",
                          "ward", tuple((f"Ward {i}", f"barnet-2022:w{i}") for i in range(30))))
    built = msg.compose(card, question="/seats council:barnet")
    select = next(c for c in components(built.view) if c["type"] == 3)
    assert select["custom_id"] == "eb:sward:/ward council:barnet election:local.barnet.2022-05-05"
    assert served(select["custom_id"]) and len(select["options"]) == msg.OPTIONS_MAX
    assert select["options"][0] == {"label": "Ward 0", "value": "barnet-2022:w0",
                                    "default": False}


async def test_seats_offers_its_wards_in_a_menu(answers: Answers) -> None:
    card = await ask(answers, "/seats barnet")
    assert card.menu is not None and card.menu.kind == "ward"
    assert len(card.menu.options) == 24  # Barnet's 24 wards of 2022
    assert ("Burnt Oak", "barnet-2022:burnt-oak") in card.menu.options


def test_a_paged_card_leaves_its_source_link_to_the_detail() -> None:
    card = Card(title="t", fields=[Field(f"f{i}", "x\n" * 20) for i in range(4)],
                sources=[SourceLink("W", "https://en.wikipedia.org/x", "Wikipedia")])
    built = msg.compose(card, question="/quote who:rawlings")
    assert built.pages > 1
    assert not any(c.get("url") for c in components(built.view))
