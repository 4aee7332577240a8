"""The reference database's schema and its version.

The version is stamped into every database built (meta.schema_version); the reader
refuses a file of another version and the writer refuses to build on one, each with a
message that names the fix, instead of failing at the first query that meets a missing
column. Change schema.sql -> bump SCHEMA_VERSION (tests/store/test_schema.py holds the
two together).
"""

from __future__ import annotations

from pathlib import Path

SCHEMA = (Path(__file__).with_name("schema.sql")).read_text(encoding="utf-8")
SCHEMA_VERSION = "2"


def version_problem(path: Path, found: str | None) -> str | None:
    """Why a database file of schema version `found` cannot be used here, or None."""
    if found == SCHEMA_VERSION:
        return None
    built = f"schema version {found}" if found else "no schema version (an older build)"
    return (f"{path} was built with {built}; this election-bot uses schema version "
            f"{SCHEMA_VERSION}. Rebuild it with `election-bot db build` (then import your "
            "files again), or export it with the election-bot that built it "
            "(`election-bot db export FILE`) and import that file here.")
