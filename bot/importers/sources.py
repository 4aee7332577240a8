"""The sources an import cites: the file itself (with its dataset's licence) and the
results pages a Democracy Club row names in `results_source`."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import Any

from bot.domain import Source
from bot.importers.values import slugify

# candidates.democracyclub.org.uk/help/api: "The data on this site is provided under a
# CC BY-SA licence ... give attribution to "Democracy Club"".
DC_LICENCE = "CC BY-SA (Democracy Club; credit “Democracy Club”)"
DC_TERMS = "https://candidates.democracyclub.org.uk/help/api"
DCLEAPIL_LICENCE = "CC BY-SA 4.0 (DCLEAPIL)"

_DESCRIBE = {
    "dc-csv": ("Democracy Club candidates CSV", "Democracy Club", DC_LICENCE,
               f"Democracy Club candidate data; licence and attribution terms: {DC_TERMS}"),
    "dcleapil": ("DCLEAPIL UK local election results CSV", "DCLEAPIL dataset",
                 DCLEAPIL_LICENCE,
                 "DCLEAPIL: UK local election results 2006–2024, licensed CC BY-SA 4.0"),
}
_DC_RESULT_SET = re.compile(r"^https?://candidates\.democracyclub\.org\.uk/.*result_sets/(\d+)/?$")

# Fields a data directory may set for a built-in file's source (see data/democracyclub/).
OVERRIDABLE = ("id", "title", "url", "publisher", "published", "licence", "note")


def file_source_id(fmt: str, path: Path) -> str:
    return f"{fmt}-{slugify(path.stem) or 'file'}"


def file_source(fmt: str, path: Path, sha256: str,
                override: dict[str, Any] | None = None) -> Source:
    """The file as a source: its name in the title, so every answer says where a figure
    came from; its fingerprint in the note, so a reader can tell which copy it was."""
    what, publisher, licence, about = _DESCRIBE[fmt]
    fields: dict[str, Any] = {
        "id": file_source_id(fmt, path), "title": f"{what}: {path.name}", "url": None,
        "publisher": publisher, "published": None, "licence": licence,
        "note": f"{about}. Imported from {path.name} (sha256 {sha256[:16]}).",
    }
    unknown = set(override or {}) - set(OVERRIDABLE)
    if unknown:
        raise ValueError(f"unknown source field(s) {sorted(unknown)}")
    fields.update(override or {})
    return Source(**fields)


def results_source(text: str) -> Source:
    """A `results_source` cell: a Democracy Club result set, another page, or words."""
    text = text.strip()
    m = _DC_RESULT_SET.match(text)
    if m:
        return Source(f"dc-result-set-{m.group(1)}", f"Democracy Club result set {m.group(1)}",
                      url=text, publisher="Democracy Club", licence=DC_LICENCE)
    digest = hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]
    if text.startswith(("http://", "https://")):
        return Source(f"results-source-{digest}", "Results source named by Democracy Club",
                      url=text)
    return Source(f"results-source-{digest}", f"Results source named by Democracy Club: {text}")
