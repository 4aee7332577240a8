"""Reading a whole reference database back into one Dataset (`election-bot db export`).

Records come out in insert (rowid) order, so an exported file imported into an
empty database and exported again gives the same file, and candidates keep the
order the answers show them in.
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from pathlib import Path

from bot.domain import Cite, Claim, Dataset
from bot.store.dbfile import connect_read_only
from bot.store.rows import TABLES, from_row, select_list


def _citations(conn: sqlite3.Connection) -> dict[tuple[str, str], tuple[Cite, ...]]:
    found: dict[tuple[str, str], list[Cite]] = defaultdict(list)
    for kind, sid, source, excerpt, note in conn.execute(
            "SELECT subject_kind, subject_id, source_id, excerpt, note FROM citations "
            "ORDER BY subject_kind, subject_id, seq"):
        found[(kind, sid)].append(Cite(source, excerpt, note))
    return {k: tuple(v) for k, v in found.items()}


def export_dataset(path: Path, name: str = "export") -> Dataset:
    """Every record in the database at `path`, with its cites."""
    conn = connect_read_only(path)
    try:
        cites = _citations(conn)
        claims: dict[str, list[Claim]] = defaultdict(list)
        for did, seq, value, note in conn.execute(
                "SELECT dispute_id, seq, value, note FROM dispute_claims ORDER BY dispute_id, seq"):
            claims[did].append(Claim(value, cites.get(("claim", f"{did}#{seq}"), ()), note))
        ds = Dataset(name=name)
        for table in TABLES:
            out = getattr(ds, table.attr)
            sql = f"SELECT {select_list(table)} FROM {table.name} ORDER BY rowid"
            for row in conn.execute(sql):
                if table.attr == "disputes":
                    out.append(from_row(table, row, claims=tuple(claims.get(row[0], ()))))
                else:
                    out.append(from_row(table, row, cites.get((table.kind, row[0]), ())))
        return ds
    finally:
        conn.close()
