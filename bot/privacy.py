"""Keeping postcodes out of the logs: a postcode locates a person (issue 17).

Our own code never logs one (bot/net/postcodes.py logs a hash). Libraries do, at DEBUG:
discord.py logs every gateway event, so the options a user typed, and every request body,
so a private reply that repeats a postcode; aiosqlite logs every query with its parameters.
`RedactPostcodes` goes on each log handler, so whatever logs a record and at whatever
level, the line written has "[postcode]" in place of anything shaped like one. It
redacts more than postcodes (any such shape): a log loses a little, a person nothing.
"""

from __future__ import annotations

import logging
import re

# A UK postcode's shape (bot/net/postcodes.py's, which ignores spaces), in any case and with
# any spaces, for text that is not a postcode's normal form: what users type.
_S = r"\s*"
POSTCODE_LIKE = re.compile(
    rf"(?<![A-Za-z0-9])[A-Za-z]{_S}(?:[A-Za-z]{_S})?[0-9]{_S}(?:[A-Za-z0-9]{_S})?"
    rf"[0-9]{_S}[A-Za-z]{_S}[A-Za-z](?![A-Za-z0-9])")
REDACTED = "[postcode]"
# A gateway event of an interaction is what a user typed, whatever its shape (a postcode
# with an odd space repr() escapes, say): it is logged by its type only.
_INTERACTION_EVENT = "'t': 'INTERACTION_CREATE'"


def redact(text: str) -> str:
    return POSTCODE_LIKE.sub(REDACTED, text)


class RedactPostcodes(logging.Filter):
    """On a handler: the record's text, and its traceback's, without postcodes."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if record.name == "discord.gateway" and _INTERACTION_EVENT in message:
            message = "WebSocket event INTERACTION_CREATE (its options are not logged)"
        clean = redact(message)
        if clean != message or record.args:
            record.msg, record.args = clean, ()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        return True


def guard(handlers: list[logging.Handler]) -> None:
    """Put the filter on HANDLERS (once each), and quiet aiosqlite's per-query DEBUG lines,
    which print every parameter of every query."""
    for handler in handlers:
        if not any(isinstance(f, RedactPostcodes) for f in handler.filters):
            handler.addFilter(RedactPostcodes())
    logging.getLogger("aiosqlite").setLevel(logging.INFO)
