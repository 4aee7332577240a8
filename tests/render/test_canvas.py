from __future__ import annotations

from bot.render.canvas import INK, WHITE, contrast, displayable, font, rgb, text_on


def test_the_bundled_font_is_used() -> None:
    assert font(17).getname()[0] == "Inter"
    assert font(17, bold=True).getname() == ("Inter", "Bold")


def test_text_the_font_lacks_is_folded_not_boxed() -> None:
    assert displayable("Zoë Ŵyn — “Bryn”") == "Zoë Ŵyn — “Bryn”"
    assert displayable("Ǎdam") == "Adam"  # Latin Extended-B: not in the subset
    assert displayable("中") == "?"


def test_text_colour_on_party_colours() -> None:
    assert text_on(rgb(0xE4003B)) == WHITE  # Labour red
    assert text_on(rgb(0x0087DC)) == WHITE  # Conservative blue
    assert text_on(rgb(0xFAA61A)) == INK  # Liberal Democrat yellow
    assert round(contrast(WHITE, (0, 0, 0))) == 21
