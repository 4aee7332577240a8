"""`db check`: every rule the reference data must keep, as SQL over a built database.

Each rule returns problems naming the record, so a failed import says exactly
what is wrong. Rules only judge what is recorded: a null is never an error.
"""

from __future__ import annotations

import json
import re
import sqlite3
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from bot.store.dbfile import connect_read_only
from bot.store.rows import BY_KIND, FACT_KINDS, TABLES, field_kinds, quote

ELECTION_ID = re.compile(r"^local\.[a-z0-9-]+\.\d{4}(-\d{2}-\d{2})?$")
BALLOT_ID = re.compile(r"^local\.[a-z0-9-]+\.[a-z0-9-]+(\.by)?\.\d{4}-\d{2}-\d{2}$")
WARD_ID = re.compile(r"^[a-z0-9-]+:[a-z0-9-]+$")
SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")
PARTIAL_DATE = re.compile(r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$")

# (table, date columns) checked for well-formed partial ISO dates
_DATE_COLUMNS = {
    "elections": ("date",), "ballots": ("date",), "changes": ("date",),
    "snapshots": ("as_of",), "statements": ("date",), "listings": ("as_of",),
    "offices": ("start", "end"), "sources": ("published",), "boundary_sets": ("first_used",),
}
# (table, column, low, high) numeric ranges
_RANGES = (
    ("candidacies", "votes", 0, None), ("candidacies", "vote_pct", 0, 100),
    ("ballots", "seats", 1, None), ("ballots", "electorate", 0, None),
    ("ballots", "turnout", 0, None), ("ballots", "turnout_pct", 0, 100),
    ("ballots", "spoilt", 0, None), ("elections", "total_seats", 1, None),
    ("elections", "turnout_votes", 0, None), ("elections", "turnout_pct", 0, 100),
    ("party_results", "seats", 0, None), ("party_results", "votes", 0, None),
    ("party_results", "vote_pct", 0, 100), ("changes", "seats", 1, None),
)


def _is_date(value: object) -> bool:
    """A partial ISO date that exists: '2024', '2024-02', '2024-02-29' but not '2023-02-29'."""
    text = str(value)
    if not PARTIAL_DATE.match(text):
        return False
    if len(text) == 10:
        try:
            date.fromisoformat(text)
        except ValueError:
            return False
    return True


@dataclass(frozen=True, slots=True)
class Problem:
    kind: str
    id: str
    message: str

    def __str__(self) -> str:
        return f"{self.kind} {self.id}: {self.message}"


def _references(conn: sqlite3.Connection) -> list[Problem]:
    out = []
    for table, rowid, parent, _ in conn.execute("PRAGMA foreign_key_check"):
        (rid,) = conn.execute(f"SELECT id FROM {table} WHERE rowid = ?", (rowid,)).fetchone()
        out.append(Problem(table, rid, f"refers to a {parent} record that does not exist"))
    return out


def _citations(conn: sqlite3.Connection) -> list[Problem]:
    out = [
        Problem(kind, sid, f"cites unknown source {src!r}")
        for kind, sid, src in conn.execute(
            "SELECT c.subject_kind, c.subject_id, c.source_id FROM citations c "
            "LEFT JOIN sources s ON s.id = c.source_id WHERE s.id IS NULL")
    ]
    for kind in FACT_KINDS:
        table = BY_KIND[kind]
        sql = (f"SELECT t.id FROM {table.name} t WHERE NOT EXISTS (SELECT 1 FROM citations c "
               f"WHERE c.subject_kind = '{kind}' AND c.subject_id = t.id)")
        if table.parent:
            pkind, pcol = table.parent
            sql += (f" AND NOT EXISTS (SELECT 1 FROM citations c WHERE c.subject_kind = "
                    f"'{pkind}' AND c.subject_id = t.{pcol})")
        out += [Problem(kind, rid, "states a fact but cites no source")
                for (rid,) in conn.execute(sql)]
    out += [Problem("dispute", did, f"claim {seq} ({value!r}) cites no source")
            for did, seq, value in conn.execute(
                "SELECT d.dispute_id, d.seq, d.value FROM dispute_claims d WHERE NOT EXISTS "
                "(SELECT 1 FROM citations c WHERE c.subject_kind = 'claim' "
                "AND c.subject_id = d.dispute_id || '#' || d.seq)")]
    out += [Problem("dispute", did, f"has {n} claim(s); a dispute needs at least two")
            for did, n in conn.execute(
                "SELECT d.id, count(c.seq) FROM disputes d LEFT JOIN dispute_claims c "
                "ON c.dispute_id = d.id GROUP BY d.id HAVING count(c.seq) < 2")]
    for did, kind, sid in conn.execute("SELECT id, subject_kind, subject_id FROM disputes"):
        table = BY_KIND.get(kind)
        if table is None:
            out.append(Problem("dispute", did, f"unknown subject kind {kind!r}"))
        elif conn.execute(f"SELECT 1 FROM {table.name} WHERE id = ?", (sid,)).fetchone() is None:
            out.append(Problem("dispute", did, f"subject {kind} {sid!r} does not exist"))
    return out


def _seats(conn: sqlite3.Connection) -> list[Problem]:
    out = [
        Problem("ballot", bid, f"{n} candidates elected but only {seats} seat(s)")
        for bid, seats, n in conn.execute(
            "SELECT b.id, b.seats, count(*) FROM ballots b JOIN candidacies c "
            "ON c.ballot_id = b.id AND c.elected = 1 WHERE b.seats IS NOT NULL "
            "GROUP BY b.id HAVING count(*) > b.seats")
    ]
    for bid, seats, party_seats in conn.execute(
            "SELECT id, seats, party_seats FROM ballots WHERE party_seats != '{}'"):
        total = sum(json.loads(party_seats).values())
        if seats is not None and total > seats:
            out.append(Problem("ballot", bid, f"party seats add up to {total} of {seats} seats"))
    # Ward seats must add up to the council size where every ward's seats are known.
    for eid, total, wards_sum in conn.execute(
            "SELECT e.id, e.total_seats, sum(b.seats) FROM elections e JOIN ballots b "
            "ON b.election_id = e.id AND b.by_election = 0 WHERE e.total_seats IS NOT NULL "
            "GROUP BY e.id HAVING count(*) = count(b.seats) AND sum(b.seats) != e.total_seats"):
        out.append(Problem("election", eid,
                           f"ward seats add up to {wards_sum} but the council has {total}"))
    # Party totals must agree with ward results where both are complete.
    complete = conn.execute(
        "SELECT e.id FROM elections e JOIN ballots b ON b.election_id = e.id AND b.by_election = 0 "
        "WHERE EXISTS (SELECT 1 FROM party_results r WHERE r.election_id = e.id "
        "AND r.seats IS NOT NULL) GROUP BY e.id HAVING count(*) = count(b.seats) AND "
        "sum(b.seats) = sum((SELECT count(*) FROM candidacies c WHERE c.ballot_id = b.id "
        "AND c.elected = 1 AND c.party_id IS NOT NULL))").fetchall()
    for (eid,) in complete:
        from_ballots = dict(conn.execute(
            "SELECT coalesce(p.rollup_id, p.id), count(*) FROM candidacies c "
            "JOIN ballots b ON b.id = c.ballot_id AND b.by_election = 0 "
            "JOIN parties p ON p.id = c.party_id WHERE b.election_id = ? AND c.elected = 1 "
            "GROUP BY 1", (eid,)).fetchall())
        for pid, seats in conn.execute(
                "SELECT coalesce(p.rollup_id, p.id), sum(r.seats) FROM party_results r "
                "JOIN parties p ON p.id = r.party_id WHERE r.election_id = ? "
                "AND r.seats IS NOT NULL GROUP BY 1", (eid,)):
            if from_ballots.get(pid, 0) != seats:
                out.append(Problem("election", eid, f"{pid} has {seats} seats in the totals but "
                                   f"{from_ballots.get(pid, 0)} in the ward results"))
    return out


def _candidates(conn: sqlite3.Connection) -> list[Problem]:
    out = [Problem("ballot", bid, f"person {pid!r} stands {n} times")
           for bid, pid, n in conn.execute(
               "SELECT ballot_id, person_id, count(*) FROM candidacies WHERE person_id IS NOT NULL "
               "GROUP BY ballot_id, person_id HAVING count(*) > 1")]
    out += [Problem("candidacy", cid, "has neither a name nor a party")
            for (cid,) in conn.execute(
                "SELECT id FROM candidacies WHERE person_id IS NULL AND name IS NULL "
                "AND party_id IS NULL AND party_label IS NULL")]
    out += [Problem("ballot", bid, f"ward {wid!r} belongs to another council than its election")
            for bid, wid in conn.execute(
                "SELECT b.id, b.ward_id FROM ballots b JOIN elections e ON e.id = b.election_id "
                "JOIN wards w ON w.id = b.ward_id WHERE w.council_id != e.council_id")]
    return out


def _ids_and_values(conn: sqlite3.Connection) -> list[Problem]:
    out: list[Problem] = []

    def bad(kind: str, sql: str, pattern: re.Pattern[str], what: str) -> None:
        out.extend(Problem(kind, rid, f"{what} {value!r} is not well-formed")
                   for rid, value in conn.execute(sql)
                   if value is None or not pattern.match(value))

    bad("election", "SELECT id, id FROM elections", ELECTION_ID, "election id")
    bad("ballot", "SELECT id, id FROM ballots", BALLOT_ID, "ballot id")
    bad("ward", "SELECT id, id FROM wards", WARD_ID, "ward id")
    bad("council", "SELECT id, id FROM councils", SLUG, "council id")
    bad("party", "SELECT id, id FROM parties", SLUG, "party id")
    out += [Problem("candidacy", cid, f"id does not start with its ballot id {bid!r}")
            for cid, bid in conn.execute("SELECT id, ballot_id FROM candidacies")
            if not cid.startswith(bid + "#")]
    out += [Problem("party_result", rid, "id is not '<election id>#<party id>'")
            for rid, eid, pid in conn.execute("SELECT id, election_id, party_id FROM party_results")
            if rid != f"{eid}#{pid}"]
    for table, cols in _DATE_COLUMNS.items():
        for col in cols:
            out += [Problem(table, rid, f"{col} {value!r} is not an ISO date")
                    for rid, value in conn.execute(
                        f'SELECT id, "{col}" FROM {table} WHERE "{col}" IS NOT NULL')
                    if not _is_date(value)]
    for table, col, low, high in _RANGES:
        cond = f'"{col}" < {low}' + (f' OR "{col}" > {high}' if high is not None else "")
        out += [Problem(table, rid, f"{col} {value} is out of range")
                for rid, value in conn.execute(
                    f'SELECT id, "{col}" FROM {table} WHERE "{col}" IS NOT NULL AND ({cond})')]
    return out


_SQL_TYPES = {"str": ("text",), "int": ("integer",), "bool": ("integer",),
              "float": ("integer", "real")}


def _types(conn: sqlite3.Connection) -> list[Problem]:
    """Every column holds what its record type says (rows.field_kinds), so nothing a check
    passes can crash an answer: no text in a number, no nested list in a list of names."""
    out: list[Problem] = []
    for table in TABLES:
        kinds = field_kinds(table.cls)
        for col in table.columns:
            kind, nullable = kinds[col]
            q = quote(col)
            if kind in _SQL_TYPES:
                allowed = ", ".join(f"'{t}'" for t in _SQL_TYPES[kind])
                cond = f"typeof({q}) NOT IN ({allowed}, 'null')"
                if kind == "bool":
                    cond += f" OR {q} NOT IN (0, 1)"
                if not nullable:
                    cond += f" OR {q} IS NULL"
            else:  # JSON text: a list of text, or an object of whole numbers or of text
                want, of = ("array", "text") if kind == "list" else ("object", (
                    "integer" if kind == "pairs:int" else "text"))
                cond = (f"{q} IS NULL OR NOT json_valid({q}) OR json_type({q}) != '{want}' OR "
                        f"EXISTS (SELECT 1 FROM json_each({q}) WHERE type != '{of}')")
            out += [Problem(table.kind, str(rid), f"{col} {value!r} is not "
                            f"{_WORDS.get(kind, kind)}{'' if nullable else ' (required)'}")
                    for rid, value in conn.execute(
                        f"SELECT id, {q} FROM {table.name} WHERE {cond}")]
    return out


_WORDS = {"str": "text", "int": "a whole number", "bool": "true/false", "float": "a number",
          "list": "a list of text", "pairs:int": "an object of whole numbers",
          "pairs:str": "an object of text"}


def _consistency(conn: sqlite3.Connection) -> list[Problem]:
    """Facts that cannot all be true: more votes than voters, one ward voting twice a day."""
    out = [Problem("candidacy", cid, f"{votes:,} votes is more than the ward's electorate "
                   f"({electorate:,})")
           for cid, votes, electorate in conn.execute(
               "SELECT c.id, c.votes, b.electorate FROM candidacies c JOIN ballots b "
               "ON b.id = c.ballot_id WHERE typeof(c.votes) = 'integer' AND "
               "typeof(b.electorate) = 'integer' AND c.votes > b.electorate")]
    for col in ("turnout", "spoilt"):
        out += [Problem("ballot", bid, f"{col} {value:,} is more than the electorate "
                        f"({electorate:,})")
                for bid, value, electorate in conn.execute(
                    f"SELECT id, {col}, electorate FROM ballots WHERE typeof({col}) = 'integer' "
                    f"AND typeof(electorate) = 'integer' AND {col} > electorate")]
    out += [Problem("ballot", ids.split(",")[1], f"is a second ballot for the same ward on "
                    f"{date} (also {ids.split(',')[0]}), so its seats would count twice")
            for ids, date in conn.execute(
                "SELECT group_concat(id), date FROM (SELECT id, ward_id, date, by_election "
                "FROM ballots WHERE date IS NOT NULL ORDER BY id) "
                "GROUP BY ward_id, date, by_election HAVING count(*) > 1")]
    return out


def check_connection(conn: sqlite3.Connection) -> list[Problem]:
    """Every problem in the database, in a stable order."""
    problems = _types(conn)
    if problems:  # the other rules assume well-typed values
        return problems
    for rule in (_ids_and_values, _references, _citations, _candidates, _seats, _consistency):
        problems += rule(conn)
    return problems


def table_counts(conn: sqlite3.Connection) -> dict[str, int]:
    return {t.name: conn.execute(f"SELECT count(*) FROM {t.name}").fetchone()[0] for t in TABLES}


def _open_read_only(path: Path) -> sqlite3.Connection:
    return connect_read_only(path)


def integrity(conn: sqlite3.Connection, limit: int = 20) -> list[Problem]:
    """SQLite's own check of every page and index: a corrupted page is noticed here even
    when no rule's query happens to read it."""
    try:
        found = [msg for (msg,) in conn.execute(f"PRAGMA integrity_check({int(limit)})")]
    except sqlite3.DatabaseError as exc:  # damage bad enough that the check cannot finish
        found = [str(exc)]
    return [] if found == ["ok"] else [Problem("database", "file", f"integrity check: {m}")
                                       for m in found]


def check_file(path: Path) -> list[Problem]:
    """`db check --db FILE`; raises sqlite3.Error if the file is not an election database."""
    conn = _open_read_only(path)
    try:
        broken = integrity(conn)
        if broken:  # the rules' answers cannot be trusted on a damaged file
            return broken
        return check_connection(conn)
    finally:
        conn.close()


def describe_file(path: Path) -> tuple[dict[str, str], dict[str, int]]:
    """`db info`: the meta table and the row count of every table."""
    conn = _open_read_only(path)
    try:
        meta = dict(conn.execute("SELECT key, value FROM meta ORDER BY key").fetchall())
        return meta, table_counts(conn)
    finally:
        conn.close()
