"""What the reference database already holds, for an importer to map its rows onto.

Sync and read-only: an import runs in the CLI, not in the bot. Only the few things
an importer needs are read (parties, ids of councils/elections/boundary sets, wards,
and which ward each existing ballot is in), so even a database of a million
candidacies loads in well under a second.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.domain import Cite, Dataset, Party
from bot.store.dbfile import connect_read_only
from bot.store.rows import BY_KIND, TABLES, from_row, select_list


@dataclass(frozen=True, slots=True)
class WardRef:
    id: str
    council_id: str
    boundary_set_id: str
    slug: str
    gss: str | None
    first_used: str | None  # of its boundary set


@dataclass(slots=True)
class Existing:
    """Records an import must not duplicate or overwrite, keyed the way importers look them up."""

    parties: dict[str, Party] = field(default_factory=dict)
    councils: set[str] = field(default_factory=set)
    boundary_sets: dict[str, str | None] = field(default_factory=dict)  # id -> first_used
    elections: set[str] = field(default_factory=set)
    wards: dict[str, WardRef] = field(default_factory=dict)
    ballot_wards: dict[str, str] = field(default_factory=dict)  # ballot id -> ward id
    # ballot id -> the sources it cites: an import may replace only its own ballots
    ballot_sources: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # the database read, for a native import's record-by-record guard
    path: Path | None = field(default=None, compare=False)

    def add(self, ds: Dataset) -> None:
        """Learn what a dataset about to be written holds (a build from several files)."""
        for p in ds.parties:
            self.parties[p.id] = p
        self.councils.update(c.id for c in ds.councils)
        for s in ds.boundary_sets:
            self.boundary_sets[s.id] = s.first_used
        self.elections.update(e.id for e in ds.elections)
        for w in ds.wards:
            self.wards[w.id] = WardRef(w.id, w.council_id, w.boundary_set_id, w.slug, w.gss,
                                       self.boundary_sets.get(w.boundary_set_id))
        for b in ds.ballots:
            self.ballot_wards[b.id] = b.ward_id
            self.ballot_sources[b.id] = tuple(dict.fromkeys(c.source_id for c in b.cites))

    @classmethod
    def from_datasets(cls, datasets: Iterable[Dataset]) -> Existing:
        out = cls()
        for ds in datasets:
            out.add(ds)
        return out


def _list(text: str | None) -> tuple[str, ...]:
    return tuple(json.loads(text)) if text else ()


def read_existing(path: Path) -> Existing:
    """Read what `path` holds; an empty Existing when there is no database yet."""
    out = Existing(path=path)
    if not path.exists():
        return out
    conn = connect_read_only(path)
    try:
        for row in conn.execute("SELECT id, name, short_name, abbr, colour, register_ids, "
                                "aliases, rollup_id FROM parties"):
            pid, name, short, abbr, colour, reg, aliases, rollup = row
            out.parties[pid] = Party(pid, name, short, abbr, colour, _list(reg), _list(aliases),
                                     rollup)
        out.councils = {cid for (cid,) in conn.execute("SELECT id FROM councils")}
        out.boundary_sets = dict(conn.execute("SELECT id, first_used FROM boundary_sets"))
        out.elections = {eid for (eid,) in conn.execute("SELECT id FROM elections")}
        for wid, council, bset, slug, gss, first in conn.execute(
                "SELECT w.id, w.council_id, w.boundary_set_id, w.slug, w.gss, s.first_used "
                "FROM wards w LEFT JOIN boundary_sets s ON s.id = w.boundary_set_id"):
            out.wards[wid] = WardRef(wid, council, bset, slug, gss, first)
        out.ballot_wards = dict(conn.execute("SELECT id, ward_id FROM ballots"))
        cited: dict[str, dict[str, None]] = {}
        for bid, source in conn.execute("SELECT subject_id, source_id FROM citations WHERE "
                                        "subject_kind = 'ballot' ORDER BY subject_id, seq"):
            cited.setdefault(bid, {})[source] = None
        out.ballot_sources = {bid: tuple(sources) for bid, sources in cited.items()}
    finally:
        conn.close()
    return out


def same_ids(path: Path, ds: Dataset) -> tuple[dict[tuple[str, str], Any], dict[str, set[str]]]:
    """The records of `path` with the ids `ds` holds, keyed (kind, id), with their cites;
    and for each ballot of `ds` already there, the ids of its candidacies (a re-imported
    ballot's candidates are replaced, so any not in `ds` would be dropped)."""
    found: dict[tuple[str, str], Any] = {}
    candidates: dict[str, set[str]] = {}
    conn = connect_read_only(path)
    try:
        for table in TABLES:
            if table.attr == "disputes":  # claims are replaced whole, not merged
                continue
            for rec in getattr(ds, table.attr):
                row = conn.execute(f"SELECT {select_list(table)} FROM {table.name} "
                                   "WHERE id = ?", (rec.id,)).fetchone()
                if row is None:
                    continue
                cites = tuple(Cite(*c) for c in conn.execute(
                    "SELECT source_id, excerpt, note FROM citations WHERE subject_kind = ? "
                    "AND subject_id = ? ORDER BY seq", (table.kind, rec.id)))
                found[(table.kind, rec.id)] = from_row(table, row, cites)
        for b in ds.ballots:
            if ("ballot", b.id) in found:
                candidates[b.id] = {cid for (cid,) in conn.execute(
                    "SELECT id FROM candidacies WHERE ballot_id = ?", (b.id,))}
    finally:
        conn.close()
    return found, candidates


def held_ballots(path: Path, ballot_ids: Iterable[str]) -> dict[str, tuple[Any, list[Any]]]:
    """Ballot id -> (the Ballot held, its Candidacies in order), with their cites: what a
    merging import compares its rows with (bot/importers/merge.py)."""
    ballot_t, cand_t = BY_KIND["ballot"], BY_KIND["candidacy"]
    out: dict[str, tuple[Any, list[Any]]] = {}
    conn = connect_read_only(path)
    try:
        def cites(kind: str, rid: str) -> tuple[Cite, ...]:
            return tuple(Cite(*c) for c in conn.execute(
                "SELECT source_id, excerpt, note FROM citations WHERE subject_kind = ? "
                "AND subject_id = ? ORDER BY seq", (kind, rid)))

        for bid in ballot_ids:
            row = conn.execute(f"SELECT {select_list(ballot_t)} FROM ballots WHERE id = ?",
                               (bid,)).fetchone()
            if row is None:
                continue
            cands = [from_row(cand_t, r, cites("candidacy", r[0])) for r in conn.execute(
                f"SELECT {select_list(cand_t)} FROM candidacies WHERE ballot_id = ? "
                "ORDER BY id", (bid,))]
            out[bid] = (from_row(ballot_t, row, cites("ballot", bid)), cands)
    finally:
        conn.close()
    return out


def unlinked_places(path: Path) -> tuple[list[Any], list[Any]]:
    """The gazetteer's councils and wards not linked to anything held (PlaceCouncil,
    PlaceWard): what a fetch that brings a council in may link (gazetteer.relink)."""
    pc, pw = BY_KIND["place_council"], BY_KIND["place_ward"]
    conn = connect_read_only(path)
    try:
        councils = [from_row(pc, r) for r in conn.execute(
            f"SELECT {select_list(pc)} FROM place_councils WHERE council_id IS NULL")]
        wards = [from_row(pw, r) for r in conn.execute(
            f"SELECT {select_list(pw)} FROM place_wards WHERE ward_id IS NULL")]
    finally:
        conn.close()
    return councils, wards
