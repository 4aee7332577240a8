"""About how tall a message is on a phone, without a browser: a model of Discord's layout
calibrated against ../shared/tools/discord-preview (360 px viewport, one screen = 640 px):
on the eleven answers of issue 16 it is within ERROR px of the tool's figure.

It is a guard, not the measure: the acceptance figures come from the preview tool itself
(tools/preview_answers.py); this keeps a regression from landing unseen where Chromium is
not installed, as in CI.
"""

from __future__ import annotations

import re
import struct
from typing import Any

SCREEN = 640
ERROR = 30  # px: the worst miss against the preview tool on the calibration answers
CHROME = 100  # the "used /command" line, the bot's name row and the gaps around the message
EMBED_PAD = 28  # inside the embed, top and bottom
TEXT_W = 280  # px of embed text per line at phone width
LINE = 18  # embed text: 14 px on 18 px lines
IMAGE_W = 256  # an embed image's width on a phone
_EMOJI = re.compile("[\U0001F000-\U0001FAFF\u2600-\u27BF\u2B00-\u2BFF]")
_MARKUP = re.compile(r"\*\*|__|~~|`|\[([^\]]*)\]\([^)]*\)")


def _width(text: str, size: float) -> float:
    """Noto Sans is about 0.52 em a character, an emoji about 1 em (fitted to the tool)."""
    text = _MARKUP.sub(lambda m: m.group(1) or "", text)
    emoji = len(_EMOJI.findall(text))
    return (len(text) - emoji) * 0.52 * size + emoji * 1.0 * size


def _wrapped(line: str, size: float, width: float) -> int:
    """Lines a paragraph takes, wrapped at spaces as a browser does."""
    count, used = 1, 0.0
    space = _width(" ", size)
    for word in line.split(" "):
        w = _width(word, size)
        if used and used + space + w > width:
            count, used = count + 1, 0.0
        while w > width:  # a word longer than the line breaks anywhere
            count, w = count + 1, w - width
        used += (space if used else 0) + w
    return count


def lines(text: str, size: float = 14, width: float = TEXT_W) -> int:
    return sum(_wrapped(line, size, width) for line in text.split("\n"))


def _fields(fields: list[dict[str, Any]]) -> float:
    px, row = 0.0, []
    for f in [*fields, {"inline": False, "name": "", "value": "", "end": True}]:
        if f.get("inline") and len(row) < 3:
            row.append(f)
            continue
        if row:  # inline fields side by side share the width
            width = TEXT_W / len(row) - 8
            px += max(lines(g["name"], 14, width) * LINE + lines(g["value"], 14, width) * LINE
                      for g in row) + 8
            row = [f] if f.get("inline") else []
            if f.get("inline"):
                continue
        if not f.get("end"):
            px += (lines(f["name"]) + lines(f["value"])) * LINE + 8
    return px


def _buttons(message: dict[str, Any]) -> float:
    rows = 0
    for row in message.get("components") or []:
        width, rows = 0.0, rows + 1
        for c in row.get("components") or []:
            w = _width(str(c.get("label") or c.get("placeholder") or ""), 14) + 34
            if c.get("style") == 5:
                w += 22  # the link icon
            if c.get("type") == 3:
                w = TEXT_W + 8
            if width and width + 8 + w > TEXT_W + 40:
                rows, width = rows + 1, 0.0
            width += (8 if width else 0) + w
    return rows * 40 + (8 if rows else 0)


def png_size(data: bytes) -> tuple[int, int]:
    return struct.unpack(">II", data[16:24])


def height(message: dict[str, Any], image: tuple[int, int] | None = None) -> float:
    """Phone CSS px of MESSAGE (an interaction response's data); IMAGE is its chart's size."""
    px = float(CHROME)
    for e in message.get("embeds") or []:
        px += EMBED_PAD
        if e.get("author"):
            px += lines(e["author"]["name"], 14) * LINE + 8
        if e.get("title"):
            px += lines(e["title"], 16) * 22 + 8
        if e.get("description"):
            px += lines(e["description"]) * LINE + 8
        px += _fields(e.get("fields") or [])
        if e.get("image") and image:
            px += IMAGE_W * image[1] / image[0] + 16
        if e.get("footer"):
            px += lines(e["footer"]["text"], 12) * 16 + 8
    return px + _buttons(message)


def screens(message: dict[str, Any], image: tuple[int, int] | None = None) -> float:
    return height(message, image) / SCREEN
