"""Discord's OpenAPI spec (fakes/discordapi/openapi.json, a copy of Discord's published
discord-api-spec, MIT licence in LICENSE-openapi beside it) as JSON Schema validators."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

SPEC_PATH = Path(__file__).resolve().parent.parent / "fakes" / "discordapi" / "openapi.json"
BASE = "urn:discord-openapi"


@cache
def spec() -> dict[str, Any]:
    return json.loads(SPEC_PATH.read_text(encoding="utf-8"))


def schema(name: str) -> dict[str, Any]:
    return spec()["components"]["schemas"][name]


@cache
def validator(name: str) -> Draft202012Validator:
    registry = Registry().with_resource(
        BASE, Resource(contents=spec(), specification=DRAFT202012))
    return Draft202012Validator({"$ref": f"{BASE}#/components/schemas/{name}"},
                                registry=registry)


def problems(name: str, payload: Any) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
            for e in validator(name).iter_errors(payload)]
