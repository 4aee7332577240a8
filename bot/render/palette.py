"""Colours shared by the charts and the text: the fallback colours of parties that have
none of their own, each one of Discord's coloured square emoji, so a local party's line
of text wears the same colour as its dots. Pure Python (no Pillow): answers import it.
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence

RGB = tuple[int, int, int]

# Parties with no colour of their own (imported local parties are all grey) get one of
# these, chosen by party id: about the colours Discord draws 🟪 🟫 🟨 ⬜ in, the squares
# no standard party uses (Lab 🟥, Con 🟦, LD 🟧, Green 🟩). They stay apart from the
# standard party colours in data/parties.json and from Independent grey, and read on the
# dark chart. Past four in one chart, colours repeat; the legend shows four at most.
FALLBACK: tuple[RGB, ...] = (
    (160, 110, 235),  # 🟪 violet
    (193, 105, 79),  # 🟫 copper
    (253, 203, 88),  # 🟨 yellow
    (230, 231, 232),  # ⬜ white
)
FALLBACK_SQUARES: dict[RGB, str] = dict(zip(FALLBACK, ("🟪", "🟫", "🟨", "⬜"), strict=True))
INDEPENDENT: RGB = (158, 158, 158)


def rgb(colour: int) -> RGB:
    return ((colour >> 16) & 0xFF, (colour >> 8) & 0xFF, colour & 0xFF)


def is_uncoloured(fill: RGB) -> bool:
    """A pure grey: the colour an imported party gets when nobody chose one for it."""
    return fill[0] == fill[1] == fill[2]


def fallback_colours(keys: Sequence[str]) -> dict[str, RGB]:
    """A FALLBACK colour per key (a party id): its own slot (a stable hash of the id)
    unless another key in the same chart holds it, then the next free one, so one
    picture never gives two parties the same colour while the palette lasts."""
    out: dict[str, RGB] = {}
    taken: set[int] = set()
    for key in sorted(set(keys)):
        slot = zlib.crc32(key.encode()) % len(FALLBACK)
        for i in range(len(FALLBACK)):
            if (slot + i) % len(FALLBACK) not in taken:
                slot = (slot + i) % len(FALLBACK)
                break
        taken.add(slot)
        out[key] = FALLBACK[slot]
    return out


def drawn_colours(parties: Sequence[tuple[str, int]]) -> dict[str, int]:
    """The colour a chart draws each (party id, own colour) in: its own, else (a grey
    party other than Independent) its fallback among these parties."""
    grey = [key for key, colour in parties
            if is_uncoloured(rgb(colour)) and key != "independent"]
    fallback = fallback_colours(grey)
    out = {}
    for key, colour in parties:
        if key in fallback:
            r, g, b = fallback[key]
            out[key] = r << 16 | g << 8 | b
        else:
            out[key] = colour
    return out
