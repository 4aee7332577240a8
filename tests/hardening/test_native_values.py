"""Items 6, 10 and 11 for native files: every field's type and range is checked on import,
and a bad file gets a message naming the record, never a traceback."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.hardening.conftest import cli
from tests.hardening.native_doc import native_doc
from tests.hardening.walk import walk
from tests.importers.conftest import sha256

Doc = dict[str, Any]


def _set(key: str, i: int, field: str, value: Any) -> Callable[[Doc], None]:
    def change(doc: Doc) -> None:
        doc[key][i][field] = value
    return change


BAD: dict[str, tuple[Callable[[Doc], None], str]] = {
    "nested aliases": (_set("parties", 0, "aliases", [["TV", "First"]]), "aliases"),
    "votes as words": (_set("candidacies", 0, "votes", "lots"), "votes"),
    "votes of 2^63": (_set("candidacies", 0, "votes", 2**63), "votes"),
    "negative votes": (_set("candidacies", 0, "votes", -5), "votes"),
    "seats as true": (_set("ballots", 0, "seats", True), "seats"),
    "seats as a float": (_set("ballots", 0, "seats", 1.5), "seats"),
    "elected as 'yes'": (_set("candidacies", 0, "elected", "yes"), "elected"),
    "name as a number": (_set("people", 0, "name", 5), "name"),
    "name as an object": (_set("councils", 0, "name", {"a": 1}), "name"),
    "null required name": (_set("parties", 0, "name", None), "name"),
    "null id": (_set("people", 0, "id", None), "id"),
    "lone surrogate": (_set("people", 0, "name", "Ann \ud800"), "surrogate"),
    "colour as a list": (_set("parties", 0, "colour", [1, 2]), "colour"),
    "colour too big": (_set("parties", 0, "colour", 2**40), "colour"),
    "cites as text": (_set("ballots", 0, "cites", "testvale-results"), "cites"),
    "cite source a number": (_set("ballots", 0, "cites", [{"source": 5}]), "source"),
    "claims of numbers": (lambda d: d.setdefault("disputes", []).append(
        {"id": "d1", "topic": "t", "subject_kind": "ballot", "subject_id": "x",
         "field": None, "claims": [1, 2]}), "claims"),
    "vote_pct NaN": (_set("candidacies", 0, "vote_pct", float("nan")), "vote_pct"),
    "vote_pct infinite": (_set("candidacies", 0, "vote_pct", float("inf")), "vote_pct"),
    "turnout_pct over 100": (_set("ballots", 0, "turnout_pct", 140.0), "turnout_pct"),
    "30 February": (_set("ballots", 0, "date", "2024-02-30"), "2024-02-30"),
    "notes of numbers": (_set("ballots", 0, "notes", [1]), "notes"),
    "party_seats of words": (_set("ballots", 0, "party_seats", {"labour": "one"}),
                             "party_seats"),
    "votes above the electorate": (_set("candidacies", 0, "votes", 5000), "electorate"),
    "turnout above the electorate": (_set("ballots", 0, "turnout", 5000), "electorate"),
    "two ballots for one ward and date": (lambda d: d["ballots"].append(
        {**d["ballots"][0], "id": "local.testvale.north-again.2024-05-02"}), "same ward"),
}


def _write(tmp_path: Path, doc: Doc | str) -> Path:
    path = tmp_path / "in.json"
    text = doc if isinstance(doc, str) else json.dumps(doc)
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    return path


def test_the_valid_file_imports_and_answers(db: Path, tmp_path: Path) -> None:
    assert cli("import", _write(tmp_path, native_doc()), "--db", db) == 0


async def test_the_valid_file_answers_everything(db: Path, tmp_path: Path) -> None:
    assert cli("import", _write(tmp_path, native_doc()), "--db", db) == 0
    assert await walk(db) > 400


@pytest.mark.parametrize("case", list(BAD))
def test_a_bad_field_is_refused_with_a_message(db: Path, tmp_path: Path, case: str,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    change, word = BAD[case]
    doc = native_doc()
    change(doc)
    before = sha256(db)
    assert cli("import", _write(tmp_path, doc), "--db", db) == 1
    out = capsys.readouterr().out
    assert "Import failed" in out and word in out, out
    assert sha256(db) == before


@pytest.mark.parametrize("text, word", [
    ("[" * 100_000 + "]" * 100_000, "not readable"),
    ('{"format": "election-bot-native/1", "parties": ' + "[" * 100_000 + "]" * 100_000 + "}",
     "not readable"),
    ('{"format": "election-bot-native/1", "ballots": {"a": 1}}', "must be a list"),
    ('{"format": "election-bot-native/1", "name": 5}', "name"),
    ('{"format": "election-bot-native/1", "people": [null]}', "must be an object"),
    ('{"format": "election-bot-native/1", "people": [{"id": "x", "name": "\\ud800"}]}',
     "surrogate"),
    ('{"format": "election-bot-native/1", "candidacies": [{"id": "a#1", "ballot_id": "a", '
     '"votes": 99999999999999999999999}]}', "votes"),
    ("\ufeff{]", "not readable"),
    ("", "not readable"),
])
def test_unreadable_json_gets_a_message(db: Path, tmp_path: Path, text: str, word: str,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "in.json"
    path.write_text(text, encoding="utf-8")
    assert cli("import", path, "--db", db, "--format", "native") == 1
    out = capsys.readouterr().out
    assert "Import failed" in out and word in out, out
