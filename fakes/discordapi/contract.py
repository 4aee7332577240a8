"""Discord's official OpenAPI spec as the contract for every request the bot sends.

The spec (``openapi.json`` beside this file, MIT, see ``LICENSE-openapi``) is loaded once per
process into a ``referencing`` registry, so the ``$ref``s inside any schema resolve within the
whole document. A request is matched to its operation by method and path template (literal
segments such as ``@original`` win over ``{message_id}``), and its body is validated with a
``Draft202012Validator`` against the operation's request schema for the content type sent
(``application/json``, or ``multipart/form-data`` whose ``payload_json`` part is the body).

The same machinery validates the fake's own replies against the operation's response schema,
so the fake cannot drift from what real Discord promises either.

One deliberate leniency, for requests only: ``SnowflakeType`` (a decimal string in the spec) also
accepts a non-negative integer, as Discord's API does ("Integer serialization" in its reference
docs; discord.py sends ``attachments[].id`` and ``allowed_mentions.users`` as ints). Replies of
the fake are held to the strict string form.

Rules Discord documents but the spec does not encode are checked separately and reported with
``source="discord-docs"`` (see ``DOCS_RULES``); today that is the 6,000-character total over
all embeds of one message.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from jsonschema import Draft202012Validator, FormatChecker
from jsonschema.exceptions import ValidationError
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

SPEC_PATH = Path(__file__).resolve().parent / "openapi.json"
SPEC_URI = "urn:discord:openapi"  # strict: as published
REQUEST_URI = "urn:discord:openapi:requests"  # SnowflakeType also accepts integers
API_PREFIX = "/api/v10"
METHODS = ("get", "put", "post", "patch", "delete")

# Total characters over title, description, field names and values, footer text and author
# name of all embeds in one message (Discord's docs, "Embed Limits"). Not in the spec.
EMBED_TOTAL_LIMIT = 6000


@dataclass(frozen=True)
class Operation:
    method: str  # upper case
    template: str  # e.g. /webhooks/{webhook_id}/{webhook_token}/messages/@original
    operation_id: str
    regex: re.Pattern[str]
    literal_segments: int
    has_body: bool
    body_content_types: tuple[str, ...]


@dataclass
class ContractViolation:
    """A request (or, with ``direction="response"``, a reply of the fake) that breaks the spec."""

    method: str
    path: str
    operation_id: str | None
    messages: list[str]
    body: Any = field(default=None, repr=False)
    source: str = "openapi"  # or "discord-docs"
    direction: str = "request"

    def __str__(self) -> str:
        where = f"{self.method} {self.path}" + (f" ({self.operation_id})" if self.operation_id
                                                 else "")
        lines = "\n".join(f"    - {m}" for m in self.messages)
        return f"{self.direction} {where} violates {self.source}:\n{lines}"


class ContractError(AssertionError):
    """Raised to a test when a request tied to what it awaits broke the contract."""

    def __init__(self, violations: list[ContractViolation]):
        self.violations = violations
        super().__init__("\n".join(str(v) for v in violations))


# -- loading ------------------------------------------------------------------------------


@cache
def spec() -> dict[str, Any]:
    return json.loads(SPEC_PATH.read_text(encoding="utf-8"))


def _lenient_spec() -> dict[str, Any]:
    doc = dict(spec())
    schemas = dict(doc["components"]["schemas"])
    schemas["SnowflakeType"] = {"anyOf": [
        spec()["components"]["schemas"]["SnowflakeType"],
        {"type": "integer", "minimum": 0, "maximum": 2**64 - 1},
    ]}
    doc["components"] = {**doc["components"], "schemas": schemas}
    return doc


@cache
def registry() -> Registry:
    strict = Resource.from_contents(spec(), default_specification=DRAFT202012)
    lenient = Resource.from_contents(_lenient_spec(), default_specification=DRAFT202012)
    return Registry().with_resources([(SPEC_URI, strict), (REQUEST_URI, lenient)])


def _pointer_escape(part: str) -> str:
    return part.replace("~", "~0").replace("/", "~1")


def _pointer(*parts: str) -> str:
    return "#/" + "/".join(_pointer_escape(p) for p in parts)


def _is_uri(value: object) -> bool:
    if not isinstance(value, str):
        return True
    parts = urlsplit(value)
    return bool(parts.scheme) and not any(c.isspace() for c in value)


def _is_datetime(value: object) -> bool:
    if not isinstance(value, str):
        return True
    if "T" not in value and "t" not in value:
        return False
    try:
        datetime.fromisoformat(value.replace("z", "Z"))
    except ValueError:
        return False
    return True


# Deterministic format checks (jsonschema's own "uri"/"date-time" silently pass unless optional
# packages are installed). Other formats in the spec (snowflake, int32, int64, double, binary,
# nonce) are annotations and are not checked; SnowflakeType also carries a regex pattern.
FORMATS = FormatChecker(formats=())
FORMATS.checks("uri")(_is_uri)
FORMATS.checks("date-time")(_is_datetime)


@cache
def _validator(pointer: str, uri: str) -> Draft202012Validator:
    return Draft202012Validator(
        {"$ref": uri + pointer}, registry=registry(), format_checker=FORMATS
    )


@cache
def operations() -> tuple[Operation, ...]:
    ops = []
    for template, item in spec()["paths"].items():
        segments = template.strip("/").split("/")
        regex = "^/" + "/".join(
            "[^/]+" if s.startswith("{") and s.endswith("}") else re.escape(s) for s in segments
        ) + "/?$"
        literal = sum(1 for s in segments if not s.startswith("{"))
        for method in METHODS:
            op = item.get(method)
            if op is None:
                continue
            body = op.get("requestBody")
            ops.append(Operation(
                method=method.upper(), template=template, operation_id=op.get("operationId", ""),
                regex=re.compile(regex), literal_segments=literal, has_body=body is not None,
                body_content_types=tuple(body["content"]) if body else (),
            ))
    # Most literal segments first: /messages/@original must beat /messages/{message_id}.
    ops.sort(key=lambda o: (-o.literal_segments, o.template))
    return tuple(ops)


def match_operation(method: str, path: str) -> Operation | None:
    """The spec operation for METHOD and an API path (with or without the /api/v10 prefix)."""
    if path.startswith(API_PREFIX):
        path = path[len(API_PREFIX):]
    method = method.upper()
    for op in operations():
        if op.method == method and op.regex.match(path):
            return op
    return None


# -- validating ---------------------------------------------------------------------------


def _where(error: ValidationError) -> str:
    return "/".join(str(p) for p in error.absolute_path) or "(body)"


def _branch_errors(error: ValidationError) -> list[ValidationError]:
    """For an anyOf/oneOf failure, the errors of the branches the body meant to take.

    Discord's unions (interaction callbacks, components, command options) are discriminated by
    an integer ``type`` with an ``enum``; branches whose only complaint is that ``type`` does not
    match are the ones the body did not mean. If no branch survives, all errors are reported.
    """
    if error.validator not in ("anyOf", "oneOf") or not error.context:
        return [error]
    by_branch: dict[int, list[ValidationError]] = {}
    for sub in error.context:
        by_branch.setdefault(sub.relative_schema_path[0], []).append(sub)  # type: ignore[arg-type]
    wanted = [
        errs for errs in by_branch.values()
        if not any(list(e.relative_path)[-1:] == ["type"] and e.validator in ("enum", "const")
                   for e in errs)
        and not any(e.validator == "type" and not e.relative_path for e in errs)
    ]
    if not wanted:
        return [error]
    # Of the branches left, the closest ones: e.g. an autocomplete choice with an empty name
    # fails the string-choice branch once and the integer-choice branch twice.
    leaves = [[leaf for e in errs for leaf in _branch_errors(e)] for errs in wanted]
    fewest = min(len(ls) for ls in leaves)
    return [leaf for ls in leaves if len(ls) == fewest for leaf in ls]


MAX_MESSAGES = 12


def _messages(errors: list[ValidationError]) -> list[str]:
    seen: list[str] = []
    for error in errors:
        for leaf in _branch_errors(error):
            text = f"{_where(leaf)}: {_short(leaf)}"
            if text not in seen:
                seen.append(text)
    if len(seen) > MAX_MESSAGES:
        seen = [*seen[:MAX_MESSAGES], f"... and {len(seen) - MAX_MESSAGES} more"]
    return seen


def _short(error: ValidationError) -> str:
    instance = error.instance
    if isinstance(instance, str) and error.validator in ("maxLength", "minLength"):
        return f"string of {len(instance)} characters violates {error.validator} " \
               f"{error.validator_value}"
    if isinstance(instance, list) and error.validator in ("maxItems", "minItems"):
        return f"array of {len(instance)} items violates {error.validator} {error.validator_value}"
    text = error.message
    return text if len(text) <= 300 else text[:300] + "..."


def validate_schema(pointer: str, instance: Any, *, request: bool = True) -> list[str]:
    """Validate INSTANCE against the schema at JSON pointer POINTER; the problems, or [].
    ``request=False`` uses the spec as published (snowflakes must be strings)."""
    validator = _validator(pointer, REQUEST_URI if request else SPEC_URI)
    return _messages(sorted(validator.iter_errors(instance), key=lambda e: list(e.path)))


def request_schema_pointer(op: Operation, content_type: str) -> str | None:
    if content_type not in op.body_content_types:
        return None
    return _pointer("paths", op.template, op.method.lower(), "requestBody", "content",
                    content_type, "schema")


def validate_request(
    method: str, path: str, body: Any, *, content_type: str = "application/json",
    has_body: bool = True,
) -> list[ContractViolation]:
    """Check one request against the spec; one violation per source that failed, or []."""
    op = match_operation(method, path)
    if op is None:
        return [ContractViolation(method, path, None, ["no operation in the spec matches"], body)]
    problems: list[str] = []
    if not has_body:
        if op.has_body and _body_required(op):
            problems.append("the operation requires a request body and none was sent")
    elif not op.has_body:
        if body not in (None, {}, b"", ""):
            problems.append("the operation takes no request body but one was sent")
    else:
        pointer = request_schema_pointer(op, content_type)
        if pointer is None:
            problems.append(f"content type {content_type!r} is not one of "
                            f"{list(op.body_content_types)}")
        else:
            problems.extend(validate_schema(pointer, body))
    out = []
    if problems:
        out.append(ContractViolation(method, path, op.operation_id, problems, body))
    docs = docs_rules(op, body) if has_body else []
    if docs:
        out.append(ContractViolation(method, path, op.operation_id, docs, body,
                                     source="discord-docs"))
    return out


def _body_required(op: Operation) -> bool:
    item = spec()["paths"][op.template][op.method.lower()]
    return bool(item["requestBody"].get("required"))


def validate_response(method: str, path: str, status: int, body: Any) -> list[ContractViolation]:
    """Check a reply of the fake against the operation's response schema for STATUS."""
    op = match_operation(method, path)
    if op is None:
        return []
    responses = spec()["paths"][op.template][op.method.lower()]["responses"]
    key = str(status) if str(status) in responses else f"{str(status)[0]}XX"
    response = responses.get(key)
    if response is None:
        return [ContractViolation(method, path, op.operation_id,
                                  [f"status {status} is not a documented response"], body,
                                  direction="response")]
    if "$ref" in response:
        pointer = response["$ref"]
        response = _resolve(pointer)
        base = pointer[1:].split("/")
    else:
        base = ["paths", op.template, op.method.lower(), "responses", key]
    content = response.get("content", {}).get("application/json")
    if content is None:
        return []
    pointer = _pointer(*[p for p in base if p], "content", "application/json", "schema")
    problems = validate_schema(pointer, body, request=False)
    if not problems:
        return []
    return [ContractViolation(method, path, op.operation_id, problems, body, direction="response")]


def _resolve(ref: str) -> Any:
    node: Any = spec()
    for part in ref.lstrip("#/").split("/"):
        node = node[part.replace("~1", "/").replace("~0", "~")]
    return node


# -- rules from Discord's docs that the spec leaves out ---------------------------------------


def embed_total_characters(embeds: list[Any]) -> int:
    total = 0
    for embed in embeds:
        if not isinstance(embed, dict):
            continue
        for key in ("title", "description"):
            total += len(embed.get(key) or "")
        total += len((embed.get("footer") or {}).get("text") or "")
        total += len((embed.get("author") or {}).get("name") or "")
        for f in embed.get("fields") or []:
            if isinstance(f, dict):
                total += len(f.get("name") or "") + len(f.get("value") or "")
    return total


def _message_bodies(body: Any) -> list[dict[str, Any]]:
    """The message-shaped objects in a request body (callback data or the body itself)."""
    if not isinstance(body, dict):
        return []
    if "type" in body and isinstance(body.get("data"), dict):
        return [body["data"]]
    return [body]


def docs_rules(op: Operation, body: Any) -> list[str]:
    problems = []
    for message in _message_bodies(body):
        embeds = message.get("embeds")
        if isinstance(embeds, list):
            total = embed_total_characters(embeds)
            if total > EMBED_TOTAL_LIMIT:
                problems.append(
                    f"embeds: {total} characters in total over title, description, fields, "
                    f"footer and author name; Discord allows {EMBED_TOTAL_LIMIT}")
    return problems


def embed_limits() -> dict[str, int]:
    """Every maxLength/maxItems the spec puts on a request embed, by dotted path."""
    schemas = spec()["components"]["schemas"]
    out: dict[str, int] = {}

    def walk(name: str, prefix: str) -> None:
        for prop, sub in schemas[name].get("properties", {}).items():
            for key in ("maxLength", "maxItems"):
                if key in sub:
                    out[f"{prefix}{prop}.{key}"] = sub[key]
            for alt in [*sub.get("oneOf", []), sub.get("items", {})]:
                ref = alt.get("$ref", "")
                if ref.startswith("#/components/schemas/RichEmbed"):
                    walk(ref.rsplit("/", 1)[1], f"{prefix}{prop}.")

    walk("RichEmbed", "embed.")
    message = schemas["IncomingWebhookInteractionRequest"]["properties"]
    out["message.embeds.maxItems"] = message["embeds"]["maxItems"]
    out["message.content.maxLength"] = message["content"]["maxLength"]
    return out
