"""The layering, checked from the source: an import graph of bot/ and cogs/ built with ast.

- no import cycle anywhere (imports inside functions count; `if TYPE_CHECKING:` ones do not,
  as they never run);
- nothing in bot/ imports cogs/ (the bot loads them by name);
- nothing imports the CLI (bot/cli.py or bot/cli/), except bot/__main__.py and the CLI itself;
- no module of bot/ outside bot/discord/ imports discord, even for type hints.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("bot", "cogs")


@dataclass(frozen=True)
class Import:
    target: str  # the module imported, absolute
    line: int
    runtime: bool  # False inside `if TYPE_CHECKING:`


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def imports_of(path: Path, modules: set[str]) -> list[Import]:
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: list[Import] = []

    def visit(node: ast.AST, runtime: bool) -> None:
        if isinstance(node, ast.If) and _type_checking(node.test):
            for child in node.body:
                visit(child, False)
            for child in node.orelse:
                visit(child, runtime)
            return
        if isinstance(node, ast.Import):
            found.extend(Import(a.name, node.lineno, runtime) for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, *([base] if base else [])])
            for a in node.names:
                sub = f"{base}.{a.name}"
                found.append(Import(sub if sub in modules else base, node.lineno, runtime))
        for child in ast.iter_child_nodes(node):
            visit(child, runtime)

    visit(ast.parse(path.read_text(encoding="utf-8"), str(path)), True)
    return found


def graph() -> dict[str, list[Import]]:
    paths = [p for pkg in PACKAGES for p in sorted((ROOT / pkg).rglob("*.py"))]
    modules = {module_name(p) for p in paths}
    return {module_name(p): imports_of(p, modules) for p in paths}


def is_cli(module: str) -> bool:
    return module == "bot.cli" or module.startswith("bot.cli.")


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """One cycle (as a path a -> ... -> a) per strongly connected group of modules (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    groups: list[list[str]] = []

    def connect(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in sorted(edges.get(v, ())):
            if w not in index:
                connect(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                group.append(w)
                if w == v:
                    break
            if len(group) > 1 or v in edges.get(v, ()):
                groups.append(sorted(group))

    for v in sorted(edges):
        if v not in index:
            connect(v)
    return [_path_within(edges, set(g)) for g in groups]


def _path_within(edges: dict[str, set[str]], group: set[str]) -> list[str]:
    start = min(group)
    path, seen = [start], {start}
    while True:
        nxt = sorted(w for w in edges[path[-1]] if w in group)
        back = [w for w in nxt if w == start]
        if back or not nxt:
            return [*path, start]
        step = next((w for w in nxt if w not in seen), nxt[0])
        if step in seen:
            return [*path[path.index(step):], step]
        path.append(step)
        seen.add(step)


def test_no_import_cycles() -> None:
    g = graph()
    edges = {m: {i.target for i in imps if i.runtime and i.target in g and i.target != m}
             for m, imps in g.items()}
    found = cycles(edges)
    assert found == [], "import cycles:\n" + "\n".join(" -> ".join(c) for c in found)


def test_nothing_in_bot_imports_cogs() -> None:
    bad = [f"{m}:{i.line} imports {i.target}" for m, imps in graph().items()
           if m.split(".")[0] == "bot" for i in imps if i.target.split(".")[0] == "cogs"]
    assert bad == [], "\n".join(bad)


def test_nothing_imports_the_cli() -> None:
    bad = [f"{m}:{i.line} imports {i.target}" for m, imps in graph().items()
           if m != "bot.__main__" and not is_cli(m) for i in imps if is_cli(i.target)]
    assert bad == [], "\n".join(bad)


def test_only_bot_discord_imports_discord() -> None:
    bad = [f"{m}:{i.line} imports {i.target}" for m, imps in graph().items()
           if m.split(".")[0] == "bot" and not (m == "bot.discord" or
                                                 m.startswith("bot.discord."))
           for i in imps if i.target.split(".")[0] == "discord"]
    assert bad == [], "\n".join(bad)


def test_the_graph_sees_imports_inside_functions() -> None:
    # bot/cli.py imports the Discord adapter only inside the commands that start it.
    targets = {i.target for m, imps in graph().items() if is_cli(m) for i in imps}
    assert "bot.discord.app" in targets
