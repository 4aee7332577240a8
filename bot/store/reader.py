"""Reading the reference database: async, read-only, returning domain records."""

from __future__ import annotations

import json
import sqlite3
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.request import pathname2url

import aiosqlite

from bot import domain
from bot.store.rows import BY_KIND, Table, from_row, select_list
from bot.store.schema import version_problem

_CHUNK = 500  # ids per IN (...) list, well under SQLite's variable limit
PLACE_RANK = -1  # gazetteer-only names come after held ones of the same name or prefix


class StoreError(Exception):
    """The database file is missing, unreadable or not an election database."""


@dataclass(frozen=True, slots=True)
class IndexRow:
    """One nameable thing for the name index (see bot/matching.py)."""

    kind: str  # council | ward | person | party
    id: str
    name: str
    council_id: str | None
    aliases: tuple[str, ...]
    detail: str  # shown beside the name in suggestions, e.g. "Barnet, 2022 boundaries"
    rank: int  # higher = preferred among equal names (e.g. the latest boundaries)


def _chunks(ids: Sequence[str]) -> Iterable[Sequence[str]]:
    for i in range(0, len(ids), _CHUNK):
        yield ids[i:i + _CHUNK]


def _marks(n: int) -> str:
    return ", ".join("?" * n)


class ReferenceStore:
    def __init__(self, conn: aiosqlite.Connection, path: Path) -> None:
        self._conn = conn
        self.path = path
        self.meta: dict[str, str] = {}
        self.parties: dict[str, domain.Party] = {}

    @classmethod
    async def open(cls, path: Path) -> ReferenceStore:
        """Open read-only; fail with a StoreError that names the file and the fix."""
        if not path.is_file():
            raise StoreError(f"no election database at {path} "
                             "(build it with: election-bot db build)")
        uri = f"file:{pathname2url(str(path.resolve()))}?mode=ro"
        try:
            conn = await aiosqlite.connect(uri, uri=True)
        except sqlite3.Error as exc:
            raise StoreError(f"cannot open {path}: {exc}") from exc
        store = cls(conn, path)
        try:
            store.meta = dict(await conn.execute_fetchall("SELECT key, value FROM meta"))
            if problem := version_problem(path, store.meta.get("schema_version")):
                await conn.close()
                raise StoreError(problem)
            store.parties = {p.id: p for p in await store._select("party", "", ())}
        except sqlite3.Error as exc:
            await conn.close()
            raise StoreError(f"{path} is not a usable election database ({exc}); "
                             "rebuild it with: election-bot db build") from exc
        return store

    async def close(self) -> None:
        await self._conn.close()

    @property
    def data_version(self) -> str:
        return self.meta.get("data_version", "unknown")

    # -- plumbing ---------------------------------------------------------

    async def _rows(self, sql: str, params: Sequence[Any] = ()) -> list[Any]:
        return list(await self._conn.execute_fetchall(sql, params))

    async def _cites(self, kind: str, ids: Sequence[str]) -> dict[str, tuple[domain.Cite, ...]]:
        found: dict[str, list[domain.Cite]] = defaultdict(list)
        for chunk in _chunks(list(dict.fromkeys(ids))):
            rows = await self._rows(
                "SELECT subject_id, source_id, excerpt, note FROM citations "
                f"WHERE subject_kind = ? AND subject_id IN ({_marks(len(chunk))}) "
                "ORDER BY subject_id, seq", (kind, *chunk))
            for sid, src, excerpt, note in rows:
                found[sid].append(domain.Cite(src, excerpt, note))
        return {k: tuple(v) for k, v in found.items()}

    async def _select(self, kind: str, where: str, params: Sequence[Any],
                      order: str = "") -> list[Any]:
        table: Table = BY_KIND[kind]
        sql = f"SELECT {select_list(table, 't')} FROM {table.name} t {where} {order}"
        rows = await self._rows(sql, params)
        has_cites = kind not in ("source", "party", "dispute")
        cites = await self._cites(kind, [r[0] for r in rows]) if has_cites and rows else {}
        if kind == "dispute":
            return [await self._dispute(from_row(table, r, claims=())) for r in rows]
        if not has_cites:
            return [from_row(table, r) for r in rows]
        return [from_row(table, r, cites.get(r[0], ())) for r in rows]

    async def _select_in(self, kind: str, column: str, ids: Sequence[str],
                         order: str = "") -> list[Any]:
        out: list[Any] = []
        for chunk in _chunks(list(dict.fromkeys(ids))):
            out += await self._select(kind, f"WHERE t.{column} IN ({_marks(len(chunk))})",
                                      chunk, order)
        return out

    async def _dispute(self, d: domain.Dispute) -> domain.Dispute:
        rows = await self._rows(
            "SELECT seq, value, note FROM dispute_claims WHERE dispute_id = ? ORDER BY seq",
            (d.id,))
        cites = await self._cites("claim", [f"{d.id}#{seq}" for seq, _, _ in rows])
        claims = tuple(domain.Claim(value, cites.get(f"{d.id}#{seq}", ()), note)
                       for seq, value, note in rows)
        return domain.Dispute(d.id, d.topic, d.subject_kind, d.subject_id, d.field, claims,
                              d.note)

    # -- councils, wards, elections ----------------------------------------

    async def councils(self) -> list[domain.Council]:
        return await self._select("council", "", (), "ORDER BY t.short_name")

    async def council(self, council_id: str) -> domain.Council | None:
        found = await self._select("council", "WHERE t.id = ?", (council_id,))
        return found[0] if found else None

    async def wards(self, council_id: str) -> list[domain.Ward]:
        return await self._select("ward", "WHERE t.council_id = ?", (council_id,),
                                  "ORDER BY t.name")

    async def ward(self, ward_id: str) -> domain.Ward | None:
        found = await self._select("ward", "WHERE t.id = ?", (ward_id,))
        return found[0] if found else None

    async def elections(self, council_id: str) -> list[domain.Election]:
        """Oldest first."""
        return await self._select("election", "WHERE t.council_id = ?", (council_id,),
                                  "ORDER BY t.year, coalesce(t.date, '')")

    async def election(self, election_id: str) -> domain.Election | None:
        found = await self._select("election", "WHERE t.id = ?", (election_id,))
        return found[0] if found else None

    async def election_kinds(self, council_id: str) -> dict[str, tuple[int, int, int]]:
        """Per election: (party results, full-election ballots, by-election ballots)."""
        rows = await self._rows(
            "SELECT e.id, (SELECT count(*) FROM party_results r WHERE r.election_id = e.id), "
            "(SELECT count(*) FROM ballots b WHERE b.election_id = e.id AND b.by_election = 0), "
            "(SELECT count(*) FROM ballots b WHERE b.election_id = e.id AND b.by_election = 1) "
            "FROM elections e WHERE e.council_id = ?", (council_id,))
        return {eid: (pr, full, by) for eid, pr, full, by in rows}

    async def party_results(self, election_ids: Sequence[str]) -> list[domain.PartyResult]:
        return await self._select_in("party_result", "election_id", election_ids,
                                     "ORDER BY coalesce(t.seats, -1) DESC, "
                                     "coalesce(t.votes, -1) DESC")

    async def party_results_led_by(self, person_id: str) -> list[domain.PartyResult]:
        return await self._select("party_result", "WHERE t.leader_id = ?", (person_id,))

    # -- ballots and candidates --------------------------------------------

    async def ballots_in(self, election_ids: Sequence[str]) -> list[domain.Ballot]:
        return await self._select_in("ballot", "election_id", election_ids,
                                     "ORDER BY coalesce(t.date, ''), t.id")

    async def ballots_for_wards(self, ward_ids: Sequence[str]) -> list[domain.Ballot]:
        return await self._select_in("ballot", "ward_id", ward_ids,
                                     "ORDER BY coalesce(t.date, ''), t.id")

    async def ballot(self, ballot_id: str) -> domain.Ballot | None:
        found = await self._select("ballot", "WHERE t.id = ?", (ballot_id,))
        return found[0] if found else None

    async def candidacies(self, ballot_ids: Sequence[str]) -> dict[str, list[domain.Candidacy]]:
        out: dict[str, list[domain.Candidacy]] = defaultdict(list)
        for c in await self._select_in("candidacy", "ballot_id", ballot_ids, "ORDER BY t.rowid"):
            out[c.ballot_id].append(c)
        return out

    async def candidacies_of(self, person_id: str) -> list[domain.Candidacy]:
        return await self._select("candidacy", "WHERE t.person_id = ?", (person_id,))

    # -- people ------------------------------------------------------------

    async def person(self, person_id: str) -> domain.Person | None:
        found = await self._select("person", "WHERE t.id = ?", (person_id,))
        return found[0] if found else None

    async def people(self, person_ids: Sequence[str]) -> dict[str, domain.Person]:
        return {p.id: p for p in await self._select_in("person", "id", person_ids)}

    async def listings(self, *, person_id: str | None = None,
                       ward_id: str | None = None) -> list[domain.Listing]:
        col, value = ("person_id", person_id) if person_id else ("ward_id", ward_id)
        return await self._select("listing", f"WHERE t.{col} = ?", (value,),
                                  "ORDER BY coalesce(t.as_of, '')")

    async def offices(self, *, council_id: str | None = None,
                      person_id: str | None = None) -> list[domain.Office]:
        col, value = ("person_id", person_id) if person_id else ("council_id", council_id)
        return await self._select("office", f"WHERE t.{col} = ?", (value,),
                                  "ORDER BY coalesce(t.start, '')")

    # -- composition after an election -------------------------------------

    async def changes(self, *, council_id: str | None = None,
                      person_id: str | None = None) -> list[domain.CompositionChange]:
        col, value = ("person_id", person_id) if person_id else ("council_id", council_id)
        # Same-day events keep the order the data gives them (e.g. whip withdrawn, then resigned).
        return await self._select("change", f"WHERE t.{col} = ?", (value,),
                                  "ORDER BY coalesce(t.date, ''), t.rowid")

    async def snapshots(self, council_id: str) -> list[domain.CompositionSnapshot]:
        return await self._select("snapshot", "WHERE t.council_id = ?", (council_id,),
                                  "ORDER BY coalesce(t.as_of, '')")

    # -- statements ----------------------------------------------------------

    async def statements(self, *, person_ids: Sequence[str] = (),
                         party_ids: Sequence[str] = (), text_query: str | None = None,
                         limit: int = 200) -> list[domain.Statement]:
        """Statements by any of the people or parties, optionally matching a keyword query.

        `text_query` is an FTS5 MATCH expression built by the caller from plain words.
        """
        where, params = [], []
        if person_ids:
            where.append(f"t.person_id IN ({_marks(len(person_ids))})")
            params += list(person_ids)
        if party_ids:
            where.append(f"t.party_id IN ({_marks(len(party_ids))})")
            params += list(party_ids)
        if text_query:
            where.append("t.rowid IN (SELECT rowid FROM statements_fts WHERE statements_fts "
                         "MATCH ?)")
            params.append(text_query)
        clause = ("WHERE " + " AND ".join(where)) if where else ""
        return await self._select(
            "statement", clause, params,
            f"ORDER BY coalesce(t.date, '9999'), t.rowid LIMIT {int(limit)}")

    async def speakers(self) -> dict[str, int]:
        """person id -> number of statements."""
        return dict(await self._rows("SELECT person_id, count(*) FROM statements GROUP BY 1"))

    # -- provenance ------------------------------------------------------------

    async def disputes(self, subject_kind: str, subject_ids: Sequence[str]) -> list[domain.Dispute]:
        out: list[domain.Dispute] = []
        for chunk in _chunks(list(dict.fromkeys(subject_ids))):
            out += await self._select(
                "dispute", f"WHERE t.subject_kind = ? AND t.subject_id IN ({_marks(len(chunk))})",
                (subject_kind, *chunk))
        return out

    async def sources(self, source_ids: Sequence[str]) -> dict[str, domain.Source]:
        return {s.id: s for s in await self._select_in("source", "id", source_ids)}

    async def source_licences(self) -> list[tuple[str, int]]:
        return list(await self._rows(
            "SELECT coalesce(licence, 'not stated'), count(*) FROM sources GROUP BY 1 "
            "ORDER BY 2 DESC"))

    async def counts(self) -> dict[str, int]:
        names = ("councils", "wards", "elections", "ballots", "candidacies", "people",
                 "statements", "sources")
        out = {}
        for name in names:
            (out[name],) = (await self._rows(f"SELECT count(*) FROM {name}"))[0]
        return out

    # -- the name index ----------------------------------------------------------

    async def index_rows(self) -> list[IndexRow]:
        """Everything a user can name, for the in-memory matcher. One pass at start-up."""
        out: list[IndexRow] = []
        for cid, name, short, aliases, gss in await self._rows(
                "SELECT id, name, short_name, aliases, gss FROM councils"):
            names = (short, *json.loads(aliases), *([gss] if gss else []))
            out.append(IndexRow("council", cid, name, cid, names, "", 0))
        # A ward's rank is the year of the last election it was contested in, so the
        # current boundaries win over older wards of the same name.
        rows = await self._rows(
                "SELECT w.id, w.council_id, w.name, w.aliases, w.gss, s.first_used, c.short_name, "
                "(SELECT max(e.year) FROM ballots b JOIN elections e ON e.id = b.election_id "
                " WHERE b.ward_id = w.id) FROM wards w JOIN boundary_sets s "
                "ON s.id = w.boundary_set_id JOIN councils c ON c.id = w.council_id")
        for wid, council_id, name, aliases, gss, first_used, council_short, last in rows:
            names = (*json.loads(aliases), *([gss] if gss else []))
            since = f" ({first_used[:4]} boundaries)" if first_used else ""
            out.append(IndexRow("ward", wid, name, council_id, names,
                                f"{council_short}{since}", last or 0))
        for pid, name, aliases, council_id, council_short in await self._rows(
                "SELECT p.id, p.name, p.aliases, e.council_id, c.short_name FROM people p "
                "LEFT JOIN (SELECT c.person_id AS pid, max(b.election_id) AS eid "
                "  FROM candidacies c JOIN ballots b ON b.id = c.ballot_id "
                "  WHERE c.person_id IS NOT NULL GROUP BY c.person_id) last ON last.pid = p.id "
                "LEFT JOIN elections e ON e.id = last.eid LEFT JOIN councils c "
                "ON c.id = e.council_id"):
            out.append(IndexRow("person", pid, name, council_id, tuple(json.loads(aliases)),
                                council_short or "", 0))
        for p in self.parties.values():
            out.append(IndexRow("party", p.id, p.short_name, None,
                                (p.name, p.abbr, *p.aliases, *p.register_ids), p.name, 0))
        return out

    # -- records by id, many at once (one query per 500 ids, not one per record) ----

    async def ballots(self, ballot_ids: Sequence[str]) -> dict[str, domain.Ballot]:
        return {b.id: b for b in await self._select_in("ballot", "id", ballot_ids)}

    async def wards_by_id(self, ward_ids: Sequence[str]) -> dict[str, domain.Ward]:
        return {w.id: w for w in await self._select_in("ward", "id", ward_ids)}

    async def elections_by_id(self, election_ids: Sequence[str]) -> dict[str, domain.Election]:
        return {e.id: e for e in await self._select_in("election", "id", election_ids)}

    async def councils_by_id(self, council_ids: Sequence[str]) -> dict[str, domain.Council]:
        return {c.id: c for c in await self._select_in("council", "id", council_ids)}

    # -- the gazetteer (place_councils, place_wards, ward_codes) ---------------------

    async def place_index_rows(self) -> list[IndexRow]:
        """The gazetteer's councils and wards that are not held above, for the name index,
        under place ids ("gss:W05001274"): nameable, though no result is held for them."""
        out: list[IndexRow] = []
        short_of: dict[str, str] = {}
        scope_of: dict[str, str] = {}  # council GSS -> the id its wards are scoped under
        for gss, name, short, aliases, slug, council_id in await self._rows(
                "SELECT id, name, short_name, aliases, dc_slug, council_id FROM place_councils"):
            short_of[gss] = short
            scope_of[gss] = council_id or domain.place_id(gss)
            if council_id is None:
                names = (short, *json.loads(aliases), gss, *([slug] if slug else []))
                out.append(IndexRow("council", domain.place_id(gss), name, scope_of[gss],
                                    names, "", PLACE_RANK))
        for gss, name, welsh, council_gss in await self._rows(
                "SELECT id, name, welsh_name, council_gss FROM place_wards "
                "WHERE ward_id IS NULL"):
            out.append(IndexRow("ward", domain.place_id(gss), name, scope_of[council_gss],
                                (*([welsh] if welsh else []), gss), short_of[council_gss],
                                PLACE_RANK))
        return out

    async def place_aliases(self) -> dict[tuple[str, str], tuple[str, ...]]:
        """(kind, id) of a council or ward held above -> the gazetteer's names and codes for
        it (a Welsh name, "Barnet Council", E09000003), so it is found by them too."""
        out: dict[tuple[str, str], tuple[str, ...]] = {}
        for gss, name, short, aliases, council_id in await self._rows(
                "SELECT id, name, short_name, aliases, council_id FROM place_councils "
                "WHERE council_id IS NOT NULL"):
            out[("council", council_id)] = (name, short, *json.loads(aliases), gss)
        for gss, welsh, ward_id in await self._rows(
                "SELECT id, welsh_name, ward_id FROM place_wards WHERE ward_id IS NOT NULL"):
            out[("ward", ward_id)] = (*out.get(("ward", ward_id), ()),
                                      *([welsh] if welsh else []), gss)
        return out

    async def place_council(self, gss: str) -> domain.PlaceCouncil | None:
        """A gazetteer council by GSS code (or place id), current or an old district code."""
        gss = domain.place_gss(gss)
        found = await self._select("place_council", "WHERE t.id = ?", (gss,))
        if not found:  # an old district code, listed among the current council's aliases
            found = await self._select(
                "place_council", "WHERE EXISTS (SELECT 1 FROM json_each(t.aliases) "
                "WHERE json_each.value = ?)", (gss,))
        return found[0] if found else None

    async def place_council_of(self, council_id: str) -> domain.PlaceCouncil | None:
        """The gazetteer's record of a council held above (by its id here)."""
        found = await self._select("place_council", "WHERE t.council_id = ?", (council_id,))
        return found[0] if found else None

    async def place_ward(self, gss: str) -> domain.PlaceWard | None:
        found = await self._select("place_ward", "WHERE t.id = ?", (domain.place_gss(gss),))
        return found[0] if found else None

    async def place_ward_count(self, council_gss: str) -> int:
        (n,) = (await self._rows("SELECT count(*) FROM place_wards WHERE council_gss = ?",
                                 (council_gss,)))[0]
        return int(n)

    async def council_for_ward_code(self, gss: str) -> domain.PlaceCouncil | None:
        """The council now covering a ward code since 2015, current or old (E05000048)."""
        found = await self._select(
            "place_council", "JOIN ward_codes w ON w.council_gss = t.id WHERE w.id = ?",
            (gss.strip().upper(),))
        return found[0] if found else None

    async def place_counts(self) -> tuple[int, int, domain.Source | None]:
        """How many councils and wards the gazetteer holds, and its source."""
        (councils, wards, source_id), = await self._rows(
            "SELECT (SELECT count(*) FROM place_councils), (SELECT count(*) FROM place_wards), "
            "(SELECT min(source_id) FROM place_councils)")
        found = await self.sources([source_id]) if source_id else {}
        return int(councils), int(wards), found.get(source_id)
