"""The project's own JSON format (data/FORMAT.md): load it into a Dataset and dump it back."""

from __future__ import annotations

import contextlib
import dataclasses
import json
import math
import os
import re
from pathlib import Path
from typing import Any

from bot import domain
from bot.domain import Cite, Claim, Dataset
from bot.importers.errors import ImportFailed, ImportProblem
from bot.store.rows import INT_LIMIT, field_kinds

FORMAT = "election-bot-native/1"

# list name in the file -> record type
RECORD_TYPES: dict[str, type] = {
    "sources": domain.Source,
    "parties": domain.Party,
    "councils": domain.Council,
    "boundary_sets": domain.BoundarySet,
    "wards": domain.Ward,
    "elections": domain.Election,
    "party_results": domain.PartyResult,
    "ballots": domain.Ballot,
    "candidacies": domain.Candidacy,
    "people": domain.Person,
    "listings": domain.Listing,
    "offices": domain.Office,
    "changes": domain.CompositionChange,
    "snapshots": domain.CompositionSnapshot,
    "statements": domain.Statement,
    "disputes": domain.Dispute,
}

_PAIR_FIELDS = {"party_seats", "seats", "labels"}  # JSON objects stored as tuples of pairs


MAX_TEXT = 100_000  # characters in one text field: more is not a name or a note


def _text(value: Any, what: str) -> str:
    if not isinstance(value, str):
        raise ValueError(f"{what} must be text, not {_json_type(value)}")
    if len(value) > MAX_TEXT:
        raise ValueError(f"{what} is {len(value):,} characters long (at most {MAX_TEXT:,})")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError(f"{what} holds a lone surrogate (\\u{ord(value[_bad(value)]):04x}), "
                         "which is not a character") from None
    return value


def _bad(text: str) -> int:
    return next(i for i, ch in enumerate(text) if 0xD800 <= ord(ch) <= 0xDFFF)


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true/false"
    return {str: "text", int: "a whole number", float: "a number", list: "a list",
            dict: "an object"}.get(type(value), type(value).__name__)


def _whole(value: Any, what: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise ValueError(f"{what} must be a whole number, not {_json_type(value)}")
    if not -INT_LIMIT < value < INT_LIMIT:
        raise ValueError(f"{what} {value} is too large to store")
    return value


def _number(value: Any, what: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"{what} must be a number, not {_json_type(value)}")
    if isinstance(value, int):
        return _whole(value, what)
    if not math.isfinite(value):
        raise ValueError(f"{what} {value} is not a finite number")
    return value


def _colour(value: Any) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    elif isinstance(value, str) and re.fullmatch(r"#?[0-9A-Fa-f]{6}", value):
        number = int(value.lstrip("#"), 16)
    else:
        raise ValueError(f"colour {value!r} is not #RRGGBB")
    if not 0 <= number <= 0xFFFFFF:
        raise ValueError(f"colour {value!r} is not #RRGGBB")
    return number


def _cites(raw: Any) -> tuple[Cite, ...]:
    if not isinstance(raw, list):
        raise ValueError(f"cites must be a list, not {_json_type(raw)}")
    out = []
    for c in raw:
        if not isinstance(c, dict) or not c.get("source"):
            raise ValueError("each cite needs a 'source'")
        unknown = set(c) - {"source", "excerpt", "note"}
        if unknown:
            raise ValueError(f"a cite has unknown field(s) {sorted(unknown)}")
        out.append(Cite(source_id=_text(c["source"], "a cite's source"),
                        excerpt=_optional_text(c.get("excerpt"), "a cite's excerpt"),
                        note=_optional_text(c.get("note"), "a cite's note")))
    return tuple(out)


def _optional_text(value: Any, what: str) -> str | None:
    return None if value is None else _text(value, what)


def _claims(raw: Any) -> tuple[Claim, ...]:
    if not isinstance(raw, list):
        raise ValueError(f"claims must be a list, not {_json_type(raw)}")
    out = []
    for c in raw:
        if not isinstance(c, dict) or "value" not in c:
            raise ValueError("each of claims must be an object with a 'value'")
        unknown = set(c) - {"value", "cites", "note"}
        if unknown:
            raise ValueError(f"a claim has unknown field(s) {sorted(unknown)}")
        value = c["value"]
        if isinstance(value, int | float) and not isinstance(value, bool):
            value = str(_number(value, "a claim's value"))
        out.append(Claim(value=_text(value, "a claim's value"), cites=_cites(c.get("cites", [])),
                         note=_optional_text(c.get("note"), "a claim's note")))
    return tuple(out)


def _list(value: Any, name: str) -> tuple[str, ...]:
    if not isinstance(value, list):
        raise ValueError(f"{name} must be a list of text, not {_json_type(value)}")
    return tuple(_text(v, f"each of {name}") for v in value)


def _pairs(value: Any, name: str, of: str) -> tuple[tuple[str, Any], ...]:
    if isinstance(value, dict):
        items = list(value.items())
    elif isinstance(value, list) and all(isinstance(p, list) and len(p) == 2 for p in value):
        items = [tuple(p) for p in value]
    else:
        raise ValueError(f"{name} must be an object, not {_json_type(value)}")
    check = _whole if of == "int" else _text
    return tuple((_text(k, f"a key of {name}"), check(v, f"{name}[{k!r}]")) for k, v in items)


def _value(name: str, kind: str, nullable: bool, value: Any) -> Any:
    """One field, checked against its type in bot/domain.py (store/rows.py's field_kinds)."""
    if value is None:
        if nullable:
            return None
        raise ValueError(f"{name} is required (null is not allowed here)")
    if name == "colour":
        return _colour(value)
    if kind == "str":
        return _text(value, name)
    if kind == "int":
        return _whole(value, name)
    if kind == "float":
        return _number(value, name)
    if kind == "bool":
        if not isinstance(value, bool):
            raise ValueError(f"{name} must be true or false, not {_json_type(value)}")
        return value
    if kind == "cites":
        return _cites(value)
    if kind == "claims":
        return _claims(value)
    if kind.startswith("pairs:"):
        return _pairs(value, name, kind.partition(":")[2])
    return _list(value, name)


def _build(cls: type, raw: dict[str, Any]) -> Any:
    kinds = field_kinds(cls)
    unknown = set(raw) - set(kinds)
    if unknown:
        raise ValueError(f"unknown field(s) {sorted(unknown)}")
    kwargs: dict[str, Any] = {}
    errors = []
    for name, value in raw.items():
        try:
            kwargs[name] = _value(name, *kinds[name], value)
        except ValueError as exc:
            errors.append(str(exc))
    missing = [f.name for f in dataclasses.fields(cls) if f.name not in raw
               and f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING]
    if missing:
        errors.append(f"missing field(s) {missing}")
    if errors:
        raise ValueError("; ".join(errors))
    return cls(**kwargs)


def load_native(path: Path) -> Dataset:
    """Read a native JSON file; every problem is collected before failing."""
    line = None
    try:
        raw = json.loads(path.read_text(encoding="utf-8-sig"))
    except json.JSONDecodeError as exc:
        line, why = exc.lineno, exc.msg + f" (column {exc.colno})"
    except RecursionError:
        why = "nested too deeply"
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        why = str(exc)
    else:
        return parse_native(raw, str(path))
    raise ImportFailed([ImportProblem(str(path), line, f"not readable as JSON: {why}")])


def parse_native(raw: Any, origin: str) -> Dataset:
    problems: list[ImportProblem] = []
    if not isinstance(raw, dict) or raw.get("format") != FORMAT:
        raise ImportFailed([ImportProblem(origin, None, f"not a {FORMAT} file (missing 'format')")])
    for key in ("name", "description"):
        if key in raw and not isinstance(raw[key], str):
            problems.append(ImportProblem(origin, None, f"{key} must be text"))
    ds = Dataset(name=raw["name"] if isinstance(raw.get("name"), str) and raw["name"]
                 else Path(origin).stem)
    for key in raw:
        if key not in RECORD_TYPES and key not in ("format", "name", "description"):
            problems.append(ImportProblem(origin, None, f"unknown top-level key {key!r}"))
    for key, cls in RECORD_TYPES.items():
        items = raw.get(key, [])
        if not isinstance(items, list):
            problems.append(ImportProblem(origin, None, f"{key} must be a list"))
            continue
        target = getattr(ds, key)
        for i, item in enumerate(items):
            rid = item.get("id") if isinstance(item, dict) else None
            shown = isinstance(rid, str) and len(rid) < 200 and rid.isprintable() \
                and not any(0xD800 <= ord(ch) <= 0xDFFF for ch in rid)
            where = f"{key}[{i}]" + (f" ({rid})" if shown else "")
            try:
                if not isinstance(item, dict):
                    raise ValueError("must be an object")
                target.append(_build(cls, item))
            except (TypeError, ValueError, KeyError) as exc:
                problems.append(ImportProblem(origin, None, f"{where}: {exc}"))
    if problems:
        raise ImportFailed(problems)
    return ds


def _jsonable(value: Any, name: str) -> Any:
    if isinstance(value, Cite):
        return {k: v for k, v in (("source", value.source_id), ("excerpt", value.excerpt),
                                  ("note", value.note)) if v is not None}
    if isinstance(value, Claim):
        out = {"value": value.value, "cites": [_jsonable(c, "cites") for c in value.cites]}
        if value.note is not None:
            out["note"] = value.note
        return out
    if name == "colour" and isinstance(value, int):
        return f"#{value:06X}"
    if name in _PAIR_FIELDS and isinstance(value, tuple):
        return {k: v for k, v in value}
    if isinstance(value, tuple):
        return [_jsonable(v, "") for v in value]
    return value


def dump_native(ds: Dataset) -> dict[str, Any]:
    """The Dataset as a native JSON object (defaults left out, so files stay short)."""
    out: dict[str, Any] = {"format": FORMAT, "name": ds.name}
    for key, cls in RECORD_TYPES.items():
        records = getattr(ds, key)
        if not records:
            continue
        rows = []
        for rec in records:
            row = {}
            for f in dataclasses.fields(cls):
                value = getattr(rec, f.name)
                default = f.default if f.default is not dataclasses.MISSING else dataclasses.MISSING
                if value == default:
                    continue
                row[f.name] = _jsonable(value, f.name)
            rows.append(row)
        out[key] = rows
    return out


def save_native(ds: Dataset, path: Path) -> None:
    """Write `ds` as a native file, all or nothing: into a temp file beside `path`, flushed
    to disk, then renamed over it, so a full disk or a crash leaves the old file whole."""
    text = json.dumps(dump_native(ds), ensure_ascii=False, indent=1) + "\n"
    real = Path(os.path.realpath(path))
    tmp = real.with_name(f".{real.name}.{os.getpid()}.tmp")
    try:
        with tmp.open("w", encoding="utf-8") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, real)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
        raise
