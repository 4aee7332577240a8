"""The `election-bot` command: ask, db build/check/info, exit codes, missing or corrupt files."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import bot.config
from bot.cli import main
from tests.conftest import DATA, REPO


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for var in ("ELECTION_DB", "STATE_DB", "DISCORD_TOKEN", "DEV_GUILD_ID", "ELECTION_DATA_DIR"):
        monkeypatch.setenv(var, "")
    # never touch the developer's own var/ database
    monkeypatch.setattr(bot.config, "DEFAULT_ELECTION_DB", tmp_path / "default.sqlite3")


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_ask_seed_questions(builtin_db: Path, monkeypatch: pytest.MonkeyPatch,
                            capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("ELECTION_DB", str(builtin_db))
    code, out, _ = run(capsys, "ask", "/seats barnet")
    assert code == 0 and "Labour — 41 seats (+16)" in out
    code, out, _ = run(capsys, "ask", "/ward childs-hill")
    assert code == 0 and "Giulia Innocenti" in out
    code, out, _ = run(capsys, "ask", "/quote rawlings")
    assert code == 0 and "Ham & High" in out
    code, out, _ = run(capsys, "ask", "/seats barnet 2014")
    assert code == 0 and "Conservative — 32 seats" in out
    code, out, _ = run(capsys, "ask", "/ward name:hendon council:barnet election:2025-10-30")
    assert code == 0 and "Shimon Ryde" in out
    code, out, _ = run(capsys, "ask", "/quote rawlings climate")
    assert code == 0 and "climate emergency" in out and "Statements" not in out.splitlines()[0]


def test_ask_misses_answer_politely_with_exit_0(builtin_db: Path,
                                                monkeypatch: pytest.MonkeyPatch,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("ELECTION_DB", str(builtin_db))
    code, out, _ = run(capsys, "ask", "/ward xyzzy")
    assert code == 0 and "No ward matches" in out and "  - " in out
    code, out, _ = run(capsys, "ask", "/ward colindale")
    assert code == 0 and "Colindale North" in out and "Colindale South" in out


@pytest.mark.parametrize("question", ["/nonsense", "/where", "/about barnet", "seats", "/ward"])
def test_ask_bad_command_is_usage_exit_2(builtin_db: Path, monkeypatch: pytest.MonkeyPatch,
                                         capsys: pytest.CaptureFixture[str],
                                         question: str) -> None:
    monkeypatch.setenv("ELECTION_DB", str(builtin_db))
    code, out, err = run(capsys, "ask", question)
    if question == "seats":  # a missing slash is forgiven; no council is a polite answer
        assert code == 0 and "Which council?" in out
        return
    if question == "/ward":  # a name or a postcode: neither is required alone
        assert code == 0 and "Which ward?" in out
        return
    assert code == 2 and "election-bot ask" in err and "Traceback" not in err


def test_bad_arguments_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["ask"])
    assert exc.value.code == 2
    with pytest.raises(SystemExit) as exc:
        main(["frobnicate"])
    assert exc.value.code == 2


def test_missing_database_names_the_file_and_the_fix(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "nope.sqlite3"
    monkeypatch.setenv("ELECTION_DB", str(missing))
    code, _, err = run(capsys, "ask", "/seats barnet")
    assert code == 1 and str(missing) in err and "db build" in err
    assert not missing.exists()  # a database named by ELECTION_DB is never built silently


def test_corrupt_database_names_the_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.sqlite3"
    bad.write_bytes(b"this is not a database" * 100)
    monkeypatch.setenv("ELECTION_DB", str(bad))
    code, _, err = run(capsys, "ask", "/seats barnet")
    assert code == 1 and str(bad) in err and "db build" in err


def test_default_database_is_built_on_first_ask(tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "ask", "/seats barnet")
    assert code == 0 and "Labour — 41 seats" in out and "Building" in err
    assert (tmp_path / "default.sqlite3").exists()


def test_db_build_info_and_check(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "built.sqlite3"
    code, out, _ = run(capsys, "db", "build", "--db", str(target))
    assert code == 0 and target.exists()
    code, out, _ = run(capsys, "db", "info", "--db", str(target))
    assert code == 0 and "data_version" in out and "ballots:" in out
    code, out, _ = run(capsys, "db", "check")
    assert code == 0 and "all checks passed" in out
    code, out, _ = run(capsys, "db", "check", "--db", str(target))
    assert code == 0


def test_db_check_fails_on_a_copy_with_an_elected_count_error(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    copy = tmp_path / "data"
    shutil.copytree(DATA, copy)
    barnet = json.loads((copy / "barnet.json").read_text(encoding="utf-8"))
    for c in barnet["candidacies"]:
        if c.get("name") == "Ruth Hart":  # a 4th winner in three-seat Burnt Oak
            c["elected"] = True
    (copy / "barnet.json").write_text(json.dumps(barnet), encoding="utf-8")
    code, out, _ = run(capsys, "db", "check", "--data", str(copy))
    assert code == 1
    assert "ballot local.barnet.burnt-oak.2022-05-05: 4 candidates elected but only 3 seat(s)" \
        in out


def test_the_console_script_runs_without_a_traceback(builtin_db: Path) -> None:
    env = {"ELECTION_DB": str(builtin_db), "PATH": "/usr/bin:/bin"}
    done = subprocess.run([sys.executable, "-m", "bot", "ask", "/ward burnt oak"], cwd=REPO,
                          env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "Sara Conway" in done.stdout and "Traceback" not in done.stderr
