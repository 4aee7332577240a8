"""The project's own JSON format (data/FORMAT.md): load it into a Dataset and dump it back."""

from __future__ import annotations

import contextlib
import dataclasses
import json
import os
import types
import typing
from pathlib import Path
from typing import Any

from bot import domain
from bot.domain import Cite, Claim, Dataset
from bot.importers.errors import ImportFailed, ImportProblem

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


def _colour(value: Any) -> int:
    if isinstance(value, int):
        return value
    text = str(value).lstrip("#")
    if len(text) != 6:
        raise ValueError(f"colour {value!r} is not #RRGGBB")
    return int(text, 16)


def _cites(raw: Any) -> tuple[Cite, ...]:
    if not isinstance(raw, list):
        raise ValueError("cites must be a list")
    out = []
    for c in raw:
        if not isinstance(c, dict) or not c.get("source"):
            raise ValueError("each cite needs a 'source'")
        out.append(Cite(source_id=str(c["source"]), excerpt=c.get("excerpt"), note=c.get("note")))
    return tuple(out)


def _is_tuple_type(tp: Any) -> bool:
    return typing.get_origin(tp) is tuple or (
        isinstance(tp, types.UnionType) and any(typing.get_origin(a) is tuple for a in tp.__args__)
    )


def _build(cls: type, raw: dict[str, Any]) -> Any:
    hints = typing.get_type_hints(cls, vars(domain))
    names = {f.name for f in dataclasses.fields(cls)}
    unknown = set(raw) - names
    if unknown:
        raise ValueError(f"unknown field(s) {sorted(unknown)}")
    kwargs: dict[str, Any] = {}
    for name, value in raw.items():
        if value is None:
            kwargs[name] = None
        elif name == "cites":
            kwargs[name] = _cites(value)
        elif name == "claims":
            kwargs[name] = tuple(
                Claim(value=str(c["value"]), cites=_cites(c.get("cites", [])), note=c.get("note"))
                for c in value
            )
        elif name == "colour":
            kwargs[name] = _colour(value)
        elif name in _PAIR_FIELDS and isinstance(value, dict):
            kwargs[name] = tuple((str(k), v) for k, v in value.items())
        elif isinstance(value, list) and _is_tuple_type(hints.get(name)):
            kwargs[name] = tuple(value)
        else:
            kwargs[name] = value
    return cls(**kwargs)


def load_native(path: Path) -> Dataset:
    """Read a native JSON file; every problem is collected before failing."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        problem = ImportProblem(str(path), None, f"not readable as JSON: {exc}")
        raise ImportFailed([problem]) from exc
    return parse_native(raw, str(path))


def parse_native(raw: Any, origin: str) -> Dataset:
    problems: list[ImportProblem] = []
    if not isinstance(raw, dict) or raw.get("format") != FORMAT:
        raise ImportFailed([ImportProblem(origin, None, f"not a {FORMAT} file (missing 'format')")])
    ds = Dataset(name=str(raw.get("name") or Path(origin).stem))
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
            where = f"{key}[{i}]" + (f" ({item.get('id')})" if isinstance(item, dict) else "")
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
