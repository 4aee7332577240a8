"""The package as installed: every module and data file listed, and a real install answers.

pyproject.toml lists its packages (the built-in data is installed as bot.builtin_data,
which discovery cannot express), so these tests fail when a new package or data file
would be left out of an install.
"""

from __future__ import annotations

import fnmatch
import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SETUPTOOLS = tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["setuptools"]


def test_every_package_is_listed() -> None:
    found = {".".join(p.parent.relative_to(REPO).parts)
             for top in ("bot", "cogs") for p in (REPO / top).rglob("*.py")
             if "__pycache__" not in p.parts}
    assert found - set(SETUPTOOLS["packages"]) == set()


def test_every_data_file_is_package_data() -> None:
    patterns = SETUPTOOLS["package-data"]["bot.builtin_data"]
    data = REPO / SETUPTOOLS["package-dir"]["bot.builtin_data"]
    files = [p.relative_to(data).as_posix() for p in data.rglob("*")
             if p.is_file() and "__pycache__" not in p.parts and p.name != "__init__.py"]
    missing = [f for f in files if not any(fnmatch.fnmatch(f, pat) for pat in patterns)]
    assert files and missing == []


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project built as a wheel and installed (not editable) into a folder of its own."""
    tmp = tmp_path_factory.mktemp("install")
    # Build from a copy of the files git would keep: setuptools' build/ folder in a working tree
    # can hold modules deleted since, which a wheel built there would carry.
    source = tmp / "source"
    tracked = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=REPO,
        capture_output=True, check=True).stdout.decode().split("\0")
    for name in filter(None, tracked):
        if (REPO / name).is_file():
            (source / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(REPO / name, source / name)
    wheel = tmp / "wheel"
    run = subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w",
                          str(wheel), str(source)], capture_output=True, text=True, timeout=300)
    if run.returncode:
        pytest.fail(f"building the wheel failed:\n{run.stderr}")
    target = tmp / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target",
                    str(target), *map(str, wheel.glob("*.whl"))], check=True, timeout=300)
    return target


def test_an_installed_copy_answers_from_its_own_data_anywhere(installed: Path,
                                                               tmp_path: Path) -> None:
    home = tmp_path / "home"
    env = {**os.environ, "PYTHONPATH": str(installed), "HOME": str(home),
           "XDG_DATA_HOME": str(home / "data"), "ELECTION_DB": "", "STATE_DB": "",
           "ELECTION_DATA_DIR": ""}
    code = ("import bot, sys; from bot.cli import main; print(bot.__file__); "
            "sys.exit(main(['ask', '/seats barnet']))")
    run = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env=env,
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert run.stdout.splitlines()[0].startswith(str(installed))  # not this checkout
    assert "Labour — 41 seats" in run.stdout
    assert (home / "data" / "election-bot" / "elections.sqlite3").is_file()
    assert not list(installed.rglob("*.sqlite3"))  # nothing written beside the code


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~\[; ]", requirement, maxsplit=1)[0].strip().casefold()


def test_every_dependency_is_pinned_in_constraints() -> None:
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    wanted = {_name(r) for r in [*project["dependencies"],
                                 *project["optional-dependencies"]["dev"]]}
    pinned = {_name(line) for line in (REPO / "constraints.txt").read_text().splitlines()
              if line.strip() and not line.startswith("#") and "==" in line}
    assert wanted - pinned == set(), "refresh constraints.txt (its header says how)"


def test_ci_runs_the_readme_test_command_verbatim() -> None:
    readme = (REPO / "README.md").read_text()
    command = next(line for line in (REPO / ".ci" / "run").read_text().splitlines()
                   if "pytest" in line and line.startswith("python3 -m venv"))
    assert command in readme
