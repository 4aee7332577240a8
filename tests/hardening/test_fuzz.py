"""The acceptance's fuzz test: random files of every import format, through the CLI.

Whatever the file, the import ends with exit 0 and a summary, or exit 1 with
`file:line` (native: `file: <record>`) messages; never a traceback. After a failure
the database is byte-identical; after a success it passes `db check` and every
question about what was added answers. A few seconds by default; FUZZ_LONG=1 runs
many more examples.
"""

from __future__ import annotations

import asyncio
import contextlib
import csv
import io
import json
import os
import shutil
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from bot.cli import main
from bot.store.checks import check_file
from tests.hardening.csv_rows import DC_HEADER, LEAP_HEADER, dc_row, leap_row, write_csv
from tests.hardening.native_doc import native_doc
from tests.hardening.walk import walk
from tests.importers.conftest import sha256

LONG = os.environ.get("FUZZ_LONG") == "1"
FUZZ = settings(max_examples=400 if LONG else 25, deadline=None, derandomize=not LONG,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

_texty = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",))
                 | st.sampled_from(list(",\"\n\r\t;#%?\\'\ufeff\u202e\x00\udc80")), max_size=12)
_cell = st.one_of(
    _texty, st.integers(-10, 10**6).map(str), st.sampled_from([
        "", "0", "-1", str(2**63), "9" * 40, "1,251", "12.5", "NaN", "inf", "t", "f", "True",
        "2024-02-30", "2024-05-02", "MTW:E05010881", "E05999001", "north-ward", "PP53",
        "PP52", "Conservative and Unionist Party", "local.testvale.north.2024-05-02",
        "testvale.north.2024-05-02", "x" * 3000]))
_json_value: st.SearchStrategy[Any] = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(-(2**70), 2**70),
              st.floats(allow_nan=True, allow_infinity=True), _texty,
              st.sampled_from(["\ud800", "2024-02-30", "#12345G", "labour", "testvale",
                               2**63, 10**400 // 10**300, "", []])),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(_texty, inner, max_size=3),
    max_leaves=6)
_encoding = st.sampled_from(["utf-8"] * 6 + ["utf-8-sig", "utf-16", "latin-1"])
_changes = st.sampled_from([0, 0, 0, 0, 1, 1, 2, 3])  # how many values a file gets wrong


@st.composite
def csv_file(draw: st.DrawFn) -> tuple[str, bytes]:
    leap = draw(st.booleans())
    header, make = (LEAP_HEADER, leap_row) if leap else (DC_HEADER, dc_row)
    made = [make(n) for n in range(1, draw(st.integers(1, 6)) + 1)]
    for _ in range(draw(_changes)):
        made[draw(st.integers(0, len(made) - 1))][draw(st.sampled_from(header))] = draw(_cell)
    rows = [[row[c] for c in header] for row in made]
    cols = list(header)
    if draw(st.integers(0, 9)) == 0:  # a column dropped or doubled
        cols = cols[1:] if draw(st.booleans()) else [*cols, cols[0]]
    out = io.StringIO()
    w = csv.writer(out)
    w.writerow(cols)
    for r in rows:
        if draw(st.integers(0, 14)) == 0:
            r = r[: draw(st.integers(0, len(r)))]  # a short row
        w.writerow(r)
    text = out.getvalue()
    if draw(st.integers(0, 9)) == 0:
        text = text[: draw(st.integers(0, len(text)))]  # cut off anywhere
    return ("dcleapil" if leap else "dc-csv"), _encode(draw, text)


@st.composite
def native_file(draw: st.DrawFn) -> tuple[str, bytes]:
    doc: Any = native_doc()
    for _ in range(draw(_changes)):
        key = draw(st.sampled_from([k for k in doc if isinstance(doc[k], list)]))
        if not doc[key]:
            continue
        record = doc[key][draw(st.integers(0, len(doc[key]) - 1))]
        field = draw(st.sampled_from([*record, "unknown"]))
        if draw(st.integers(0, 5)) == 0:
            record.pop(field, None)
        else:
            record[field] = draw(_json_value)
    if draw(st.integers(0, 14)) == 0:
        doc = draw(_json_value)
    text = json.dumps(doc, allow_nan=True)
    if draw(st.integers(0, 9)) == 0:
        text = text[: draw(st.integers(0, len(text)))]
    return "native", _encode(draw, text)


def _encode(draw: st.DrawFn, text: str) -> bytes:
    data = text.encode(draw(_encoding), errors="replace")
    if draw(st.integers(0, 14)) == 0:  # a stray byte that is not UTF-8
        at = draw(st.integers(0, len(data)))
        data = data[:at] + b"\xff" + data[at:]
    return data


def _run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
        code = main(list(argv))
    return code, out.getvalue()


@FUZZ
@given(case=st.one_of(csv_file(), native_file()), name_format=st.booleans())
def test_fuzzed_imports(builtin_db: Path, tmp_path_factory: Any, case: tuple[str, bytes],
                        name_format: bool) -> None:
    fmt, data = case
    folder = tmp_path_factory.mktemp("fuzz")
    db = folder / "e.sqlite3"
    shutil.copyfile(builtin_db, db)
    path = folder / ("in.json" if fmt == "native" else "in.csv")
    path.write_bytes(data)
    before = sha256(db)
    argv = ["import", str(path), "--db", str(db)] + (["--format", fmt] if name_format else [])
    code, out = _run(*argv)  # an exception here is the traceback a user would see
    assert code in (0, 1), out
    event(f"{fmt}: exit {code}")
    assert "Traceback" not in out
    if code == 1:
        assert sha256(db) == before, out
        problems = [ln.strip() for ln in out.splitlines() if ln.startswith("  ")
                    and not ln.strip().startswith("warning:")]
        located = [p for p in problems if p.startswith(f"{path}:") or p.startswith(f"{path} ")]
        assert located or "unchanged" in out, out
        for p in located:
            where = p[len(str(path)):]
            assert where.startswith(":") and (fmt == "native" or where[1:2].isdigit()
                                              or where.startswith(": ")), p
    else:
        assert "Imported" in out, out
        assert check_file(db) == []
        asyncio.run(walk(db, limit=15))
    shutil.rmtree(folder, ignore_errors=True)


@pytest.mark.parametrize("header, make", [(DC_HEADER, dc_row), (LEAP_HEADER, leap_row)])
def test_the_unchanged_csv_rows_import(db: Path, tmp_path: Path, header: list[str],
                                       make: Any) -> None:
    """The rows the fuzz starts from import, so its changes are what gets refused."""
    path = write_csv(tmp_path / "in.csv", header, [make(n) for n in (1, 2, 3)])
    code, out = _run("import", str(path), "--db", str(db))
    assert code == 0, out
    assert asyncio.run(walk(db, limit=5)) > 10
