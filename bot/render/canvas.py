"""A small drawing surface for the charts: bundled fonts, one palette, text that always fits.

Everything is drawn at SCALE times the final size and averaged down at the end: Pillow's
shapes have no anti-aliasing of their own, and this gives smooth dots and bar corners for
the price of one Image.reduce call.
"""

from __future__ import annotations

import io
import logging
import unicodedata
from collections.abc import Sequence
from functools import cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from bot.render.palette import (  # noqa: F401 (the charts take them from here)
    FALLBACK,
    INDEPENDENT,
    RGB,
    fallback_colours,
    is_uncoloured,
    rgb,
)

log = logging.getLogger(__name__)

SCALE = 2
FONTS = Path(__file__).resolve().parent / "fonts"
Font = ImageFont.FreeTypeFont | ImageFont.ImageFont

# The code points kept when the bundled fonts were subset (see fonts/README.md). Anything
# else would draw as an empty box, so `displayable` folds it to a base letter or "?".
COVERED = ((0x20, 0x7E), (0xA0, 0x17F), (0x218, 0x21B), (0x1E80, 0x1E85), (0x1EF2, 0x1EF3),
           (0x2010, 0x2027), (0x2030, 0x203A), (0x20AC, 0x20AC), (0x2122, 0x2122),
           (0x2212, 0x2212), (0x2713, 0x2713), (0x2717, 0x2717))

# Dark, as Discord's own dark theme draws an embed (#2B2D31): the chart reads as part of the
# card in the dark client, and as a deliberate dark panel in the light one.
PAPER: RGB = (43, 45, 49)
INK: RGB = (242, 243, 245)
MUTED: RGB = (181, 186, 193)
FAINT: RGB = (63, 65, 71)
BORDER: RGB = (148, 155, 164)
WHITE: RGB = (255, 255, 255)





def _luminance(c: RGB) -> float:
    def lin(v: int) -> float:
        s = v / 255
        return s / 12.92 if s <= 0.03928 else ((s + 0.055) / 1.055) ** 2.4
    return 0.2126 * lin(c[0]) + 0.7152 * lin(c[1]) + 0.0722 * lin(c[2])


def contrast(a: RGB, b: RGB) -> float:
    """WCAG contrast ratio, 1 (none) to 21 (black on white)."""
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def needs_edge(fill: RGB) -> bool:
    """A dark party colour (Plaid's green, Rejoin's navy) gets a light outline so it does
    not melt into the dark card."""
    return contrast(fill, PAPER) < 2.0






@cache
def font(size: int, bold: bool = False) -> Font:
    name = "Inter-Bold.otf" if bold else "Inter-Regular.otf"
    try:
        return ImageFont.truetype(str(FONTS / name), size * SCALE)
    except OSError:  # a broken install: Pillow's own font lacks "—" and accents, but works
        log.warning("chart font %s is missing; using Pillow's default font", name)
        return ImageFont.load_default(size=size * SCALE)


def _covered(ch: str) -> bool:
    o = ord(ch)
    return any(lo <= o <= hi for lo, hi in COVERED)


@cache
def displayable(text: str) -> str:
    """The text with every character the font lacks folded ("Ž"→"Z" if needed) or "?"."""
    out = []
    for ch in text:
        if _covered(ch):
            out.append(ch)
            continue
        base = "".join(c for c in unicodedata.normalize("NFKD", ch)
                       if _covered(c) and not unicodedata.combining(c))
        out.append(base or "?")
    return "".join(out)


class Canvas:
    """Coordinates are in final pixels; drawing happens at SCALE times that."""

    def __init__(self, width: int, height: int) -> None:
        self.width, self.height = width, height
        self.image = Image.new("RGB", (width * SCALE, height * SCALE), PAPER)
        self.draw = ImageDraw.Draw(self.image)

    @staticmethod
    def _s(values: Sequence[float]) -> list[float]:
        return [v * SCALE for v in values]

    # -- text ------------------------------------------------------------------------

    @staticmethod
    def measure(text: str, size: int, bold: bool = False) -> float:
        return font(size, bold).getlength(displayable(text)) / SCALE

    def fit(self, text: str, size: int, width: float, bold: bool = False) -> str:
        """The text, cut with an ellipsis if it is wider than `width`."""
        text = displayable(text)
        if self.measure(text, size, bold) <= width:
            return text
        lo, hi = 0, len(text)
        while lo < hi:  # the longest prefix that fits with its ellipsis
            mid = (lo + hi + 1) // 2
            if self.measure(text[:mid].rstrip() + "…", size, bold) <= width:
                lo = mid
            else:
                hi = mid - 1
        return text[:lo].rstrip() + "…" if lo else ""

    def wrap(self, text: str, size: int, width: float, bold: bool = False,
             max_lines: int = 2) -> list[str]:
        """Words in lines no wider than `width`; the last line cut with an ellipsis."""
        lines: list[str] = []
        words = displayable(text).split()
        while words and len(lines) < max_lines:
            line = words.pop(0)
            while words and self.measure(f"{line} {words[0]}", size, bold) <= width:
                line += " " + words.pop(0)
            lines.append(line)
        if words:
            lines[-1] = self.fit(lines[-1] + " " + " ".join(words) + " …", size, width, bold)
        return [self.fit(line, size, width, bold) for line in lines]

    def text(self, x: float, y: float, text: str, size: int, *, bold: bool = False,
             fill: RGB = INK, anchor: str = "la") -> None:
        """Draw text as given: callers fit it first (`fit`, `wrap`)."""
        self.draw.text((x * SCALE, y * SCALE), displayable(text), fill=fill,
                       font=font(size, bold), anchor=anchor)

    # -- shapes ----------------------------------------------------------------------

    def rect(self, x0: float, y0: float, x1: float, y1: float, fill: RGB,
             radius: float = 0, outline: RGB | None = None) -> None:
        box = self._s((x0, y0, x1, y1))
        if radius:
            self.draw.rounded_rectangle(box, radius * SCALE, fill=fill, outline=outline,
                                        width=SCALE if outline else 0)
        else:
            self.draw.rectangle(box, fill=fill, outline=outline, width=SCALE if outline else 0)

    def dot(self, x: float, y: float, r: float, fill: RGB | None,
            outline: RGB | None = None, width: float = 1) -> None:
        self.draw.circle((x * SCALE, y * SCALE), r * SCALE, fill=fill, outline=outline,
                         width=round(width * SCALE))

    def wedges(self, x: float, y: float, r: float, fills: Sequence[RGB]) -> None:
        """A dot cut into equal slices, one per colour: the key for a group of parties."""
        box = self._s((x - r, y - r, x + r, y + r))
        step = 360 / max(len(fills), 1)
        for i, fill in enumerate(fills):
            self.draw.pieslice(box, -90 + i * step, -90 + (i + 1) * step, fill=fill)

    def line(self, points: Sequence[tuple[float, float]], fill: RGB, width: float) -> None:
        self.draw.line([(x * SCALE, y * SCALE) for x, y in points], fill=fill,
                       width=round(width * SCALE))

    def check(self, x: float, y: float, size: float, fill: RGB = WHITE,
              disc: RGB | None = None) -> None:
        """A check mark centred on (x, y), drawn as lines so it needs no glyph."""
        if disc is not None:
            self.dot(x, y, size / 2, disc)
        h = size * 0.5
        pts = [(x - h * 0.55, y + h * 0.02), (x - h * 0.12, y + h * 0.42),
               (x + h * 0.58, y - h * 0.38)]
        self.line(pts, fill, max(1.5, size * 0.13))

    # -- output ----------------------------------------------------------------------

    def png(self) -> bytes:
        # Square and opaque: Discord rounds an embed image's corners itself, and the
        # card is the embed's own colour in the dark theme.
        small = self.image.reduce(SCALE)
        out = io.BytesIO()
        _paletted(small).save(out, "PNG")  # optimize=True: 7% smaller, 10x slower
        return out.getvalue()



def _paletted(image: Image.Image) -> Image.Image:
    """The image in at most 256 colours: under half the bytes of RGB, for ~3 ms (median cut
    took ~30 ms and looked the same). The quantizer averages colours into its entries;
    the flat fills and text colours (the most used) are then put back exactly in the entry
    nearest each, so a party's colour stays its own (tests read the pixels)."""
    q = image.quantize(256, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE)
    palette = q.getpalette() or []
    entries = [tuple(palette[i:i + 3]) for i in range(0, len(palette), 3)]
    counts = image.getcolors(maxcolors=image.width * image.height) or []
    free = {i for _, i in q.getcolors() or []}  # entries in use, not the unused padding
    for _, colour in sorted(counts, key=lambda t: -t[0])[:32]:
        if not free:
            break
        i = min(free, key=lambda i: sum((a - b) ** 2 for a, b in
                                        zip(entries[i], colour, strict=True)))
        entries[i] = colour
        free.discard(i)
    q.putpalette([v for e in entries for v in e])
    return q
