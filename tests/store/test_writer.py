"""Building databases: atomic swaps, idempotent re-imports, nothing lost on failure."""

from __future__ import annotations

import dataclasses
import hashlib
import sqlite3
from pathlib import Path

import pytest

from bot.domain import Candidacy
from bot.importers.native import load_native
from bot.store.writer import BuildFailed, build
from tests.conftest import FIXTURES


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _count(path: Path, table: str) -> int:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    finally:
        conn.close()


def test_build_then_failed_build_leaves_the_file_byte_for_byte(tmp_path: Path) -> None:
    target = tmp_path / "db.sqlite3"
    ds = load_native(FIXTURES / "mini.json")
    build(target, [ds])
    before = _digest(target)
    bad = load_native(FIXTURES / "mini.json")
    # a fourth winner in a two-seat ward breaks "elected <= seats"
    bad.candidacies.append(Candidacy("local.testshire.hendon.2022-05-05#9",
                                     "local.testshire.hendon.2022-05-05", name="Extra Person",
                                     party_id="labour", elected=True))
    bad.candidacies.append(Candidacy("local.testshire.hendon.2022-05-05#8",
                                     "local.testshire.hendon.2022-05-05", name="More Person",
                                     party_id="labour", elected=True))
    with pytest.raises(BuildFailed) as exc:
        build(target, [bad], base=target)
    assert any("local.testshire.hendon.2022-05-05" in str(p) and "elected" in str(p)
               for p in exc.value.problems)
    assert _digest(target) == before
    assert not list(tmp_path.glob(".*.tmp"))  # the half-built file is gone


def test_a_generator_that_fails_midway_leaves_nothing(tmp_path: Path) -> None:
    target = tmp_path / "db.sqlite3"
    build(target, [load_native(FIXTURES / "mini.json")])
    before = _digest(target)

    def datasets():  # type: ignore[no-untyped-def]
        yield load_native(FIXTURES / "mini.json")
        raise ValueError("the import file broke here")

    with pytest.raises(ValueError):
        build(target, datasets(), base=target)
    assert _digest(target) == before


def test_reimport_is_idempotent_and_replaces_a_ballots_candidates(tmp_path: Path) -> None:
    target = tmp_path / "db.sqlite3"
    ds = load_native(FIXTURES / "mini.json")
    build(target, [ds])
    counts = {t: _count(target, t) for t in ("candidacies", "citations", "ballots")}
    build(target, [load_native(FIXTURES / "mini.json")], base=target)
    assert {t: _count(target, t) for t in counts} == counts
    # re-importing a ballot with one candidate fewer drops the old one
    smaller = load_native(FIXTURES / "mini.json")
    smaller.candidacies = [c for c in smaller.candidacies
                           if not c.id.endswith("hendon.2022-05-05#3")]
    build(target, [smaller], base=target)
    assert _count(target, "candidacies") == counts["candidacies"] - 1


def test_every_fact_needs_a_source(tmp_path: Path) -> None:
    ds = load_native(FIXTURES / "mini.json")
    ds.ballots[0] = dataclasses.replace(ds.ballots[0], cites=())
    with pytest.raises(BuildFailed) as exc:
        build(tmp_path / "db.sqlite3", [ds])
    messages = [str(p) for p in exc.value.problems]
    assert "ballot local.testshire.hendon.2022-05-05: states a fact but cites no source" in messages
    assert not (tmp_path / "db.sqlite3").exists()
