"""Words for users: the data's collection notes and source names, as an answer says them.

The data keeps how each fact was collected ("excerpt seen", "stored copy", "Wikipedia
mirror"), which is right for its maintainers and noise for a reader. Every answer's text
passes through `for_users`; sources are named by `source_name` and `source_title`
(a copy of Wikipedia is "Wikipedia", with the copy's site kept in the detail's title so
the link still says where it goes). The data itself is never changed.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from bot.domain import Source

# (pattern, replacement), applied in order. Each is a phrase about how the data was
# gathered, said instead as what a reader needs to know.
_REWRITES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(p, re.IGNORECASE), r) for p, r in (
        (r"\s*\((?:truncated in stored copy|stored copy of the page)\)", " (the source's text "
         "stops here)"),
        (r"source excerpt truncated", "the source's text is cut off"),
        (r"not stated in the excerpt seen", "not stated in the source"),
        (r"the only (\d{4}) source seen is a Wikipedia snapshot",
         r"the only \1 source found is a Wikipedia page"),
        (r"\b(every other source|no source|sources?) seen\b", r"\1 found"),
        (r"\bin sources found\b", "in the sources found"),
        (r"\ba mirror of the (\d{4}) article\b", r"a copy of the \1 Wikipedia article"),
        (r"\bWikipedia mirrors\b", "copies of Wikipedia"),
        (r"\s*\((?:Wikipedia mirror|older Wikipedia copy|Wikipedia copy|test mirror)\)", ""),
        (r"\s*\(project seed\)", " (news report)"),
        (r"\bthe project's seed report\b", "a news report of the result"),
        (r"\bthe seed report\b", "the news report"),
        (r"\bstored copy; ", ""),
        (r"\bproject search, ", "searched "),
    ))
_WIKI_COPY = re.compile(r"Wikipedia (?:mirror|copy)|copy of Wikipedia", re.IGNORECASE)
_DATED_COPY = re.compile(r"\(Kiwix copy of Wikipedia, ([^)]*)\)")
_TRAILING_NOTE = re.compile(r"\s*\([^()]*\)$")


def for_users(text: str) -> str:
    """`text` with the data's collection notes said for a reader."""
    if not text:
        return text
    for pattern, replacement in _REWRITES:
        text = pattern.sub(replacement, text)
    return text


def is_wikipedia_copy(s: Source) -> bool:
    return bool(_WIKI_COPY.search(s.publisher or "") or _WIKI_COPY.search(s.title))


def source_name(s: Source) -> str:
    """The publisher in a few words, as a footer or a "sources differ" line names it:
    "Wikipedia", "Ham & High", "Barnet Times"."""
    if is_wikipedia_copy(s) or (s.publisher or "").startswith("Wikipedia"):
        return "Wikipedia"
    if s.publisher:
        return _TRAILING_NOTE.sub("", for_users(s.publisher)) or s.publisher
    return _TRAILING_NOTE.sub("", for_users(s.title)) or s.title


def source_title(s: Source) -> str:
    """The title the detail lists: publisher and title, a Wikipedia copy as
    "Wikipedia (copy at wikimili.com): …"."""
    title = for_users(_DATED_COPY.sub(r"(copy of \1)", s.title))
    if is_wikipedia_copy(s):
        host = urlsplit(s.url).hostname if s.url else None
        where = f" (copy at {host.removeprefix('www.')})" if host else " (a copy)"
        return f"Wikipedia{where}: {title}"
    publisher = for_users(s.publisher or "")
    return f"{publisher}: {title}" if publisher and publisher not in title else title
