"""How an import reports what is wrong: every problem, with file and line."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class ImportProblem:
    file: str
    line: int | None  # 1-based line in the file; None when the problem is not on one line
    reason: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line is not None else self.file
        return f"{where}: {self.reason}"


class ImportFailed(Exception):
    """Raised with every problem found, never just the first."""

    def __init__(self, problems: list[ImportProblem]) -> None:
        self.problems = problems
        super().__init__(f"{len(problems)} problem(s); first: {problems[0] if problems else '-'}")
