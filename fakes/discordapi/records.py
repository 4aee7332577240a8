"""What the fake records: requests, interactions and their answers, rate-limit rules."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from .contract import ContractViolation

LOADING = 1 << 7  # message flag of a deferred reply still "thinking"
EPHEMERAL = 1 << 6


class FakeDiscordError(AssertionError):
    """Something the bot did that real Discord would reject (or the fake failed to serve)."""


# -- records --------------------------------------------------------------------------------


@dataclass
class RecordedFile:
    field: str  # e.g. "files[0]"
    filename: str
    content_type: str
    data: bytes = field(repr=False)


@dataclass
class RecordedRequest:
    method: str
    path: str  # without /api/v10
    query: dict[str, str]
    content_type: str
    json: Any  # the JSON body, or the payload_json part of a multipart body
    time: float  # time.monotonic()
    headers: dict[str, str] = field(repr=False, default_factory=dict)
    files: list[RecordedFile] = field(default_factory=list)
    has_body: bool = False
    multipart: bool = False
    operation_id: str | None = None
    status: int | None = None
    response: Any = field(default=None, repr=False)
    violations: list[ContractViolation] = field(default_factory=list)

    @property
    def route(self) -> str:
        return f"{self.method} {self.path}"


@dataclass
class InteractionRecord:
    """One interaction the fake sent and everything the bot did about it."""

    id: str
    token: str
    type: int
    payload: dict[str, Any] = field(repr=False)
    sent_at: float
    callback: dict[str, Any] | None = None  # the accepted callback body
    callback_request: RecordedRequest | None = field(default=None, repr=False)
    original_id: str | None = None  # the @original message
    message_ids: list[str] = field(default_factory=list)  # original + follow-ups
    followups: list[dict[str, Any]] = field(default_factory=list, repr=False)
    edits: list[RecordedRequest] = field(default_factory=list, repr=False)
    requests: list[RecordedRequest] = field(default_factory=list, repr=False)
    violations: list[ContractViolation] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # 4xx the fake returned (besides 429)
    duplicate_callbacks: list[RecordedRequest] = field(default_factory=list, repr=False)
    answered_at: float | None = None
    answer_snapshot: dict[str, Any] | None = field(default=None, repr=False)

    @property
    def callback_type(self) -> int | None:
        return None if self.callback is None else self.callback.get("type")

    def is_answered(self) -> bool:
        t = self.callback_type
        if t is None:
            return False
        if t in (5, 6):  # deferred: answered by the first follow-up or edit of @original
            return bool(self.followups or self.edits)
        return True


@dataclass
class Answer:
    """What the user got for one interaction (resolved by ``FakeDiscord.response_for``)."""

    interaction: InteractionRecord = field(repr=False)
    type: int  # the callback type: 4, 5, 6, 7, 8 or 9
    message: dict[str, Any] | None  # the message as first answered (None: autocomplete/modal)
    callback: dict[str, Any] = field(repr=False)
    _messages: dict[str, dict[str, Any]] = field(default_factory=dict, repr=False)

    @property
    def current_message(self) -> dict[str, Any] | None:
        """The same message as it is now, after any later edits (None once deleted)."""
        if self.message is None:
            return None
        return self._messages.get(self.message["id"])

    @property
    def id(self) -> str:
        return self.interaction.id

    @property
    def content(self) -> str:
        return (self.message or {}).get("content", "")

    @property
    def embeds(self) -> list[dict[str, Any]]:
        return (self.message or {}).get("embeds", [])

    @property
    def components(self) -> list[dict[str, Any]]:
        return (self.message or {}).get("components", [])

    @property
    def attachments(self) -> list[dict[str, Any]]:
        return (self.message or {}).get("attachments", [])

    @property
    def flags(self) -> int:
        return int((self.message or {}).get("flags", 0) or 0)

    @property
    def ephemeral(self) -> bool:
        return bool(self.flags & EPHEMERAL)

    @property
    def choices(self) -> list[dict[str, Any]]:
        """Autocomplete choices (callback type 8)."""
        return (self.callback.get("data") or {}).get("choices") or []

    @property
    def deferred(self) -> bool:
        return self.type in (5, 6)

    @property
    def files(self) -> list[RecordedFile]:
        return [f for r in self.interaction.requests for f in r.files]

    @property
    def followups(self) -> list[dict[str, Any]]:
        return self.interaction.followups

    def custom_ids(self) -> list[str]:
        """Every custom_id of the message's components (buttons, selects), depth first."""
        return custom_ids(self.components)


@dataclass
class RateLimitRule:
    method: str | None
    pattern: re.Pattern[str]
    remaining: int
    retry_after: float
    is_global: bool
    skip: int = 0
    via: bool = True
    hits: list[RecordedRequest] = field(default_factory=list, repr=False)

    def matches(self, method: str, path: str) -> bool:
        return (self.method is None or self.method == method) and bool(
            self.pattern.fullmatch(path))


def walk_components(items: list[Any]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for c in items:
        if isinstance(c, dict):
            out.append(c)
            out += walk_components(c.get("components") or [])
            if isinstance(c.get("accessory"), dict):
                out += walk_components([c["accessory"]])
    return out


def find_component(items: list[Any], custom_id: str) -> dict[str, Any] | None:
    return next((c for c in walk_components(items) if c.get("custom_id") == custom_id), None)


def custom_ids(items: list[Any]) -> list[str]:
    return [c["custom_id"] for c in walk_components(items) if c.get("custom_id")]


def copy_json(data: Any) -> Any:
    return json.loads(json.dumps(data))
