"""How each record type maps to a table: shared by the writer and the reader."""

from __future__ import annotations

import dataclasses
import functools
import json
import types
import typing
from dataclasses import dataclass
from typing import Any

from bot import domain

# Fields stored as JSON text, and how an empty one reads back.
_JSON_LIST = {"aliases", "notes", "register_ids"}
_JSON_PAIRS = {"party_seats", "labels"}  # and a snapshot's "seats" (see _is_pairs)
_BOOL = {"by_election", "elected", "moves_seat"}
_NOT_COLUMNS = {"cites", "claims"}


@dataclass(frozen=True, slots=True)
class Table:
    attr: str  # Dataset attribute
    name: str  # SQL table
    kind: str  # citation subject kind (singular)
    cls: type
    columns: tuple[str, ...]
    parent: tuple[str, str] | None = None  # (kind, column): whose cites a record inherits


def _columns(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in dataclasses.fields(cls) if f.name not in _NOT_COLUMNS)


def _t(attr: str, name: str, kind: str, cls: type, parent: tuple[str, str] | None = None) -> Table:
    return Table(attr, name, kind, cls, _columns(cls), parent)


# In insert order, parents before children.
TABLES: tuple[Table, ...] = (
    _t("sources", "sources", "source", domain.Source),
    _t("parties", "parties", "party", domain.Party),
    _t("councils", "councils", "council", domain.Council),
    _t("boundary_sets", "boundary_sets", "boundary_set", domain.BoundarySet),
    _t("wards", "wards", "ward", domain.Ward),
    _t("people", "people", "person", domain.Person),
    _t("elections", "elections", "election", domain.Election),
    _t("party_results", "party_results", "party_result", domain.PartyResult,
       ("election", "election_id")),
    _t("ballots", "ballots", "ballot", domain.Ballot),
    _t("candidacies", "candidacies", "candidacy", domain.Candidacy, ("ballot", "ballot_id")),
    _t("listings", "listings", "listing", domain.Listing),
    _t("offices", "offices", "office", domain.Office),
    _t("changes", "changes", "change", domain.CompositionChange),
    _t("snapshots", "snapshots", "snapshot", domain.CompositionSnapshot),
    _t("statements", "statements", "statement", domain.Statement),
    _t("disputes", "disputes", "dispute", domain.Dispute),
    _t("place_councils", "place_councils", "place_council", domain.PlaceCouncil),
    _t("place_wards", "place_wards", "place_ward", domain.PlaceWard),
    _t("ward_codes", "ward_codes", "ward_code", domain.WardCode),
)
BY_KIND = {t.kind: t for t in TABLES}

# Kinds whose records state facts and so must cite a source (directly or via their parent).
FACT_KINDS = (
    "boundary_set", "ward", "election", "party_result", "ballot", "candidacy", "listing",
    "office", "change", "snapshot", "statement",
)


def _is_pairs(table: Table, col: str) -> bool:
    return col in _JSON_PAIRS or (col == "seats" and table.cls is domain.CompositionSnapshot)


def quote(col: str) -> str:
    return f'"{col}"'


def to_row(table: Table, rec: Any) -> tuple[Any, ...]:
    out = []
    for col in table.columns:
        value = getattr(rec, col)
        if col in _JSON_LIST:
            value = json.dumps(list(value or ()), ensure_ascii=False)
        elif _is_pairs(table, col):
            value = json.dumps(dict(value or ()), ensure_ascii=False)
        elif col in _BOOL and value is not None:
            value = int(value)
        out.append(value)
    return tuple(out)


def from_row(table: Table, row: Any, cites: tuple[domain.Cite, ...] = (), **extra: Any) -> Any:
    kwargs: dict[str, Any] = {}
    for col, value in zip(table.columns, row, strict=True):
        if col in _JSON_LIST:
            value = tuple(json.loads(value)) if value else ()
        elif _is_pairs(table, col):
            value = tuple(json.loads(value).items()) if value else ()
        elif col in _BOOL and value is not None:
            value = bool(value)
        kwargs[col] = value
    if "cites" in {f.name for f in dataclasses.fields(table.cls)}:
        kwargs["cites"] = cites
    kwargs.update(extra)
    return table.cls(**kwargs)


def select_list(table: Table, alias: str = "") -> str:
    prefix = f"{alias}." if alias else ""
    return ", ".join(prefix + quote(c) for c in table.columns)


# -- what each column must hold (native import and `db check` both judge by this) ---------

INT_LIMIT = 2**63  # SQLite's integers are signed 64-bit
JSON_LIST_KIND = "list"


def _kind(tp: Any) -> tuple[str, bool]:
    """('str'|'int'|'float'|'bool'|'list'|'pairs:int'|'pairs:str'|'cites'|'claims', nullable)."""
    nullable = False
    if isinstance(tp, types.UnionType):
        args = [a for a in tp.__args__ if a is not type(None)]
        nullable = len(args) < len(tp.__args__)
        tp = args[0]
    if tp in (str, int, float, bool):
        return tp.__name__, nullable
    args = typing.get_args(tp)
    inner = args[0] if args else None
    if inner is domain.Cite:
        return "cites", nullable
    if inner is domain.Claim:
        return "claims", nullable
    if typing.get_origin(inner) is tuple:
        return f"pairs:{typing.get_args(inner)[1].__name__}", nullable
    return JSON_LIST_KIND, nullable


@functools.cache
def field_kinds(cls: type) -> dict[str, tuple[str, bool]]:
    """Every field of a record type: the kind of value it holds and whether it may be null."""
    hints = typing.get_type_hints(cls, vars(domain))
    return {f.name: _kind(hints[f.name]) for f in dataclasses.fields(cls)}
