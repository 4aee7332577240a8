from __future__ import annotations

import zlib

from bot.render.canvas import (
    FALLBACK,
    PAPER,
    WHITE,
    contrast,
    displayable,
    fallback_colours,
    font,
    is_uncoloured,
    needs_edge,
    rgb,
)


def test_the_bundled_font_is_used() -> None:
    assert font(17).getname()[0] == "Inter"
    assert font(17, bold=True).getname() == ("Inter", "Bold")


def test_text_the_font_lacks_is_folded_not_boxed() -> None:
    assert displayable("Zoë Ŵyn — “Bryn”") == "Zoë Ŵyn — “Bryn”"
    assert displayable("Ǎdam") == "Adam"  # Latin Extended-B: not in the subset
    assert displayable("中") == "?"


def test_dark_party_colours_get_an_edge_on_the_dark_card() -> None:
    assert needs_edge(rgb(0x005B54))  # Plaid Cymru green
    assert needs_edge(rgb(0x1A3A8F))  # Rejoin EU navy
    assert not needs_edge(rgb(0xE4003B)) and not needs_edge(rgb(0xFAA61A))
    assert round(contrast(WHITE, (0, 0, 0))) == 21
    assert contrast(PAPER, (0, 0, 0)) < 2  # the card is dark


def test_only_pure_greys_count_as_uncoloured() -> None:
    assert is_uncoloured(rgb(0xA0A0A0)) and is_uncoloured(rgb(0x9E9E9E))
    assert not is_uncoloured(rgb(0x99AAB5))  # "party not recorded" keeps its own colour
    assert not is_uncoloured(rgb(0xE4003B))


def test_fallback_colours_are_stable_per_key_and_distinct_within_a_chart() -> None:
    slot = zlib.crc32(b"mexborough-first") % len(FALLBACK)
    assert fallback_colours(["mexborough-first"]) == {"mexborough-first": FALLBACK[slot]}
    keys = [f"party-{i}" for i in range(len(FALLBACK))]
    got = fallback_colours(keys)
    assert sorted(got) == keys and len(set(got.values())) == len(FALLBACK)
    assert fallback_colours(list(reversed(keys))) == got  # order does not matter
