"""The private "Sources & notes": everything, within Discord's limits."""

from __future__ import annotations

from bot.discord.detail import MESSAGES_MAX, detail_pages, messages
from bot.discord.embed import (
    EMBED_TOTAL_MAX,
    EMBEDS_PER_MESSAGE,
    FIELD_NAME_MAX,
    FIELD_VALUE_MAX,
    FIELDS_MAX,
    TITLE_MAX,
)
from bot.render.card import Card, SourceLink


def total(embeds: list) -> int:
    return sum(len(e.title or "") + sum(len(f.name) + len(f.value) for f in e.fields)
               for e in embeds)


def test_every_note_and_numbered_source_is_there() -> None:
    card = Card(title="Barnet", warning="Not the latest result.",
                notices=["Votes not recorded for Hale.", "Sources differ on turnout."],
                sources=[SourceLink(f"Source {i}", f"https://example.org/{i}")
                         for i in range(1, 13)])
    embeds = detail_pages(card)
    text = "\n".join(f.value for e in embeds for f in e.fields)
    assert embeds[0].title == "Sources & notes · Barnet"
    assert "Not the latest result." in text and "Sources differ on turnout." in text
    assert all(f"{i}. [Source {i}](https://example.org/{i})" in text for i in range(1, 13))


def test_a_huge_detail_stays_within_discords_limits() -> None:
    card = Card(title="x" * 300, notices=["n" * 900] * 40,
                sources=[SourceLink("s" * 300, "https://example.org/" + "p" * 200)] * 200)
    embeds = detail_pages(card)
    groups = messages(embeds)
    assert 1 <= len(groups) <= MESSAGES_MAX
    assert all(len(g) <= EMBEDS_PER_MESSAGE and total(g) <= EMBED_TOTAL_MAX for g in groups)
    for e in embeds:
        assert len(e.title or "") <= TITLE_MAX and len(e.fields) <= FIELDS_MAX
        assert all(len(f.name) <= FIELD_NAME_MAX and 0 < len(f.value) <= FIELD_VALUE_MAX
                   for f in e.fields)
    assert "more part(s)" in embeds[-1].fields[-1].value  # says what it could not show


def test_a_card_without_sources_says_so() -> None:
    [embed] = detail_pages(Card(title="t"))
    assert "no sources" in embed.fields[0].value
