"""Card -> embeds: every page within every Discord limit, nothing silently lost."""

from __future__ import annotations

import re

import discord
import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.discord import embed as E
from bot.discord.detail import detail_pages
from bot.discord.message import OPTION_MAX, OPTIONS_MAX
from bot.discord.options import CHOICE_MAX, CHOICES_MAX
from bot.render.card import Card, Field, SourceLink
from tests.openapi import problems, schema

CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def test_limits_match_discords_openapi_spec() -> None:
    embed = schema("RichEmbed")["properties"]
    assert embed["title"]["maxLength"] == E.TITLE_MAX
    assert embed["description"]["maxLength"] == E.DESCRIPTION_MAX
    assert embed["fields"]["maxItems"] == E.FIELDS_MAX
    assert embed["url"]["maxLength"] == E.URL_MAX
    field = schema("RichEmbedField")["properties"]
    assert field["name"]["maxLength"] == E.FIELD_NAME_MAX
    assert field["value"]["maxLength"] == E.FIELD_VALUE_MAX
    assert schema("RichEmbedFooter")["properties"]["text"]["maxLength"] == E.FOOTER_MAX
    reply = schema("IncomingWebhookInteractionRequest")["properties"]
    assert reply["embeds"]["maxItems"] == E.EMBEDS_PER_MESSAGE
    assert reply["content"]["maxLength"] == E.CONTENT_MAX
    choices = schema("InteractionApplicationCommandAutocompleteCallbackStringData")
    assert choices["properties"]["choices"]["maxItems"] == CHOICES_MAX
    choice = schema("ApplicationCommandOptionStringChoice")["properties"]
    assert choice["name"]["maxLength"] == CHOICE_MAX
    assert choice["value"]["maxLength"] >= CHOICE_MAX
    option = schema("StringSelectOptionForRequest")["properties"]
    assert option["label"]["maxLength"] == option["value"]["maxLength"] == OPTION_MAX
    select = schema("StringSelectComponentForMessageRequest")["properties"]
    assert select["options"]["maxItems"] == OPTIONS_MAX
    # The 6,000-character total is documented by Discord but not expressible in the spec.
    assert E.EMBED_TOTAL_MAX == 6000


def assert_within_limits(pages: list[discord.Embed]) -> None:
    assert 1 <= len(pages) <= E.MAX_PAGES
    for page in pages:
        assert len(page) <= E.EMBED_TOTAL_MAX
        assert len(page.title or "") <= E.TITLE_MAX
        assert len(page.description or "") <= E.DESCRIPTION_MAX
        assert len(page.footer.text or "") <= E.FOOTER_MAX
        assert len(page.fields) <= E.FIELDS_MAX
        for f in page.fields:
            assert 1 <= len(f.name or "") <= E.FIELD_NAME_MAX
            assert 1 <= len(f.value or "") <= E.FIELD_VALUE_MAX
            assert (f.value or "").strip()
        data = page.to_dict()
        assert problems("RichEmbed", data) == []
        assert not any(CONTROL.search(s) for s in _strings(data))


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


def huge_card(fields: int = 200, size: int = 6000) -> Card:
    nasty = "\x00\x07\x1b[31m" + "ward result line\n" * (size // 17)
    return Card(
        title="T\x00itle " * 1000,
        description="Long description. " * 2000 + "\x0b\x0c",
        fields=[Field(f"Field {i} " + "n" * 300, nasty[:size], inline=i % 2 == 0)
                for i in range(fields)],
        notices=["⚠ Sources disagree — something: 1 vs 2", "Turnout not recorded."] * 150,
        sources=[SourceLink(f"Source [{i}] (with) *stars*", f"https://example.org/a_(b){i}")
                 for i in range(100)],
        footer="footer " * 1000,
        colour=0x1FFFFFF,  # out of range: must be masked, not rejected
        url="https://example.org/page")


def test_a_huge_card_fits_every_limit_and_leaves_notes_and_sources_to_the_detail() -> None:
    card = huge_card()
    pages = E.card_pages(card, chart=True)
    assert_within_limits(pages)
    names = [f.name for p in pages for f in p.fields]
    assert "Notes" not in names and "Sources" not in names  # the private detail has them
    assert any(n == "Not shown" for n in names)
    text = "\n".join(f.value for p in pages for f in p.fields)
    assert "…and " in text and "Sources disagree" not in text
    assert all(p.image.url == E.CHART_URL for p in pages)
    assert pages[0].colour is not None and pages[0].colour.value <= 0xFFFFFF
    detail = "\n".join(f.value for p in detail_pages(card) for f in p.fields)
    assert "⚠ Sources disagree" in detail and "example.org/a_%28b%290" in detail


def test_strings_of_6000_characters_without_line_breaks() -> None:
    card = Card(title="x" * 6000, description="y" * 6000,
                fields=[Field("z" * 6000, "w" * 6000)], footer="f" * 6000)
    assert_within_limits(E.card_pages(card))


def test_a_long_answer_pages_by_phone_screens_without_losing_a_line() -> None:
    wards = "\n".join(f"**Ward {i:02d}** — Labour 3 seats · votes not recorded" for i in range(70))
    card = Card(title="70 wards", fields=[Field("Wards won", wards)] * 3,
                notices=["Seats for 3 of 63 councillors are not recorded by party here."],
                sources=[SourceLink("A", "https://a.example")])
    pages = E.card_pages(card)
    assert_within_limits(pages)
    text = "\n".join(f.value for p in pages for f in p.fields)
    for i in range(70):
        assert text.count(f"**Ward {i:02d}**") == 3
    assert "not recorded by party" not in text  # a note: the detail's
    assert len(pages) > 1 and pages[-1].footer.text.endswith(f"page {len(pages)}/{len(pages)}")
    for page in pages:  # each page about one phone screen of text, not 6,000 characters
        lines = sum(1 + E.phone_lines(f.value) for f in page.fields)
        assert lines <= E.PAGE_LINES + 1 + E.phone_lines(E.FIELD_VALUE_MAX * "x")


def test_a_short_card_leads_with_its_author_title_and_warning() -> None:
    card = Card(title="Labour win all 3 seats", description="3 seats",
                author="Childs Hill ward · Barnet · 5 May 2022", warning="**Not the latest "
                "result.** Barnet voted again on 7 May 2026.", url="https://x.example/a b",
                fields=[Field("Candidates", "A\nB"), Field("Turnout", "not recorded", True)],
                notices=["Result not recorded."], sources=[SourceLink("Src", None)],
                footer="Src · data of 3 December 2026",
                reference="local.barnet.childs-hill.2022-05-05 · data 0123456789ab")
    (page,) = E.card_pages(card)
    assert page.author.name == "Childs Hill ward · Barnet · 5 May 2022"
    assert page.description == ("⚠️ **Not the latest result.** Barnet voted again on 7 May "
                                "2026.\n3 seats")
    assert [f.name for f in page.fields] == ["Candidates", "Turnout"]
    assert page.fields[1].inline is True
    assert page.url is None  # not a URL Discord accepts
    assert page.footer.text == "Src · data of 3 December 2026"  # no ids in public
    assert page.image.url is None
    (detail,) = detail_pages(card)
    assert [f.name for f in detail.fields] == ["Warning", "Notes", "Sources",
                                               "About this answer"]
    assert "local.barnet.childs-hill.2022-05-05" in detail.fields[-1].value


def test_inline_fields_side_by_side_count_once_towards_a_page() -> None:
    card = Card(title="T", fields=[Field(f"F{i}", "1 line", True) for i in range(24)])
    assert len(E.card_pages(card)) == 1  # 8 rows of 3, two lines each


def test_safe_url() -> None:
    assert E.safe_url("https://a.example/p?q=1") == "https://a.example/p?q=1"
    for bad in ("javascript:alert(1)", "ftp://a", "https://a b", "", None, "https://" + "a" * 3000):
        assert E.safe_url(bad) is None


@given(st.text(alphabet=st.sampled_from("ab \n\x00é⚠"), max_size=3000),
       st.integers(min_value=10, max_value=1100))
def test_split_text_keeps_every_character(text: str, limit: int) -> None:
    chunks = E.split_text(text, limit)
    assert all(0 < len(c) <= limit for c in chunks)
    assert "".join(chunks).replace(" ", "").replace("\n", "") == \
        text.replace(" ", "").replace("\n", "")


def test_pages_of_lays_out_a_card_once() -> None:
    card = huge_card()
    pages = E.pages_of(card, chart=True)
    assert E.pages_of(card, chart=True) is pages
    assert E.pages_of(card) is not pages and len(E.pages_of(card)) == len(pages)
    twin = huge_card()  # equal, but another card: laid out afresh, never confused by id
    assert E.pages_of(twin, chart=True) is not pages
    assert [p.to_dict() for p in E.pages_of(twin, chart=True)] == [p.to_dict() for p in pages]


def test_pages_of_keeps_a_bounded_number(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(E, "PAGES_KEPT", 2)
    for _ in range(5):
        E.pages_of(huge_card())
    assert len(E._pages) <= 2


def test_a_live_post_is_not_cut_to_a_phone_screen() -> None:
    board = Card(title="Barnet — live", description="\n".join(f"Ward {i}: Lab hold"
                                                            for i in range(60)))
    assert len(E.card_pages(board)) > 1  # an answer pages
    (post,) = E.card_pages(board, screen=False)  # a live post cannot: all of it, once
    assert post.description is not None and post.description.count("Ward ") == 60
