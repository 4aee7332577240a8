"""bot/answers/ stays in rooms a reader can hold: small files, short functions."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ANSWERS = Path(__file__).resolve().parents[2] / "bot" / "answers"
MAX_FILE_LINES = 300
MAX_FUNCTION_LINES = 80  # from the `def` line to the last line, decorators excluded


def too_long(source: str, name: str) -> list[str]:
    """Each file over MAX_FILE_LINES and each function over MAX_FUNCTION_LINES, as text."""
    problems = []
    lines = len(source.splitlines())
    if lines > MAX_FILE_LINES:
        problems.append(f"{name}: {lines} lines (limit {MAX_FILE_LINES})")
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            length = (node.end_lineno or node.lineno) - node.lineno + 1
            if length > MAX_FUNCTION_LINES:
                problems.append(f"{name}:{node.lineno} {node.name}: {length} lines "
                                f"(limit {MAX_FUNCTION_LINES})")
    return problems


def test_the_package_is_there() -> None:
    assert (ANSWERS / "__init__.py").is_file()
    assert len(list(ANSWERS.glob("*.py"))) >= 10


@pytest.mark.parametrize("path", sorted(ANSWERS.glob("*.py")), ids=lambda p: p.name)
def test_files_and_functions_are_short(path: Path) -> None:
    assert too_long(path.read_text(), path.name) == []


def test_the_checker_sees_a_long_file_and_a_long_function() -> None:
    body = "\n".join(f"    x{i} = {i}" for i in range(MAX_FUNCTION_LINES))
    long_function = f"async def f():\n{body}\n"
    assert too_long(long_function, "f.py") == ["f.py:1 f: 81 lines (limit 80)"]
    assert too_long("x = 1\n" * (MAX_FILE_LINES + 1), "g.py") == ["g.py: 301 lines (limit 300)"]
    nested = "class C:\n    def m(self):\n" + body.replace("    ", "        ") + "\n"
    assert too_long(nested, "h.py") == ["h.py:2 m: 81 lines (limit 80)"]
    assert long_functions("x = 1\n" * (MAX_FILE_LINES + 1) + long_function, "k.py") == [
        f"k.py:{MAX_FILE_LINES + 2} f: 81 lines (limit 80)"]


def long_functions(source: str, name: str) -> list[str]:
    """Only the functions over MAX_FUNCTION_LINES (the rule for all of bot/ and cogs/)."""
    return [p for p in too_long(source, name) if not p.startswith(f"{name}: ")]


@pytest.mark.parametrize("path", sorted(p for top in ("bot", "cogs")
                                        for p in (ANSWERS.parents[1] / top).rglob("*.py")),
                         ids=lambda p: str(p.relative_to(ANSWERS.parents[1])))
def test_no_function_in_bot_or_cogs_is_over_80_lines(path: Path) -> None:
    assert long_functions(path.read_text(), path.name) == []
