"""Reading a CSV file row by row with the line each row starts on.

Line numbers are the file's own (1 = the header), counted by the csv module, so a
quoted cell with a newline in it does not shift the numbers of later rows. A UTF-8
byte-order mark is dropped. Bytes that are not UTF-8 are found by `scan_bytes` (which
also fingerprints the file) with their exact line; the CSV pass then reads past them
so every other problem is still reported.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
from collections.abc import Iterator
from pathlib import Path
from types import TracebackType

from bot.importers.errors import ImportFailed, ImportProblem

MAX_LINE_BYTES = 1 << 20  # one row of results is a few hundred bytes


class CsvFile:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.name = str(path)
        self.problems: list[ImportProblem] = []
        self._file = path.open(encoding="utf-8-sig", errors="replace", newline="")
        self._reader = csv.reader(self._file)
        self.header: list[str] = []
        self.columns: dict[str, int] = {}

    def __enter__(self) -> CsvFile:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self._file.close()

    def read_header(self) -> bool:
        """Read line 1; False (with a problem kept) when there is no usable header."""
        try:
            self.header = [h.strip() for h in next(self._reader)]
        except StopIteration:
            self.problems.append(ImportProblem(self.name, None, "the file is empty"))
            return False
        except csv.Error as exc:
            self.problems.append(ImportProblem(self.name, 1, f"unreadable header: {exc}"))
            return False
        self.columns = {}  # lower-cased name -> index: "GSS" and "gss" are one column
        for i, name in enumerate(self.header):
            key = name.casefold()
            if key in self.columns:
                self.problems.append(ImportProblem(self.name, 1, f"column {name!r} appears twice"))
            self.columns.setdefault(key, i)
        return not self.problems

    def index(self, name: str) -> int | None:
        return self.columns.get(name.casefold())

    def missing(self, required: tuple[str, ...]) -> list[ImportProblem]:
        return [ImportProblem(self.name, 1, f"missing column {name!r}")
                for name in required if name.casefold() not in self.columns]

    def rows(self) -> Iterator[tuple[int, list[str]]]:
        """(line the row starts on, cells); blank lines are skipped, wrong widths reported."""
        reader = self._reader
        width = len(self.header)
        last = reader.line_num
        while True:
            try:
                fields = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                self.problems.append(ImportProblem(self.name, last + 1,
                                                   f"reading stopped here: {exc}"))
                return
            start, last = last + 1, reader.line_num
            if not fields or (len(fields) == 1 and not fields[0].strip()):
                continue
            if len(fields) != width:
                self.problems.append(ImportProblem(
                    self.name, start, f"has {len(fields)} cells but the header has {width}"))
                continue
            yield start, fields


def sniff_header(path: Path) -> list[str] | None:
    """The first line as CSV column names, or None when the file is not readable as CSV.
    Reads at most MAX_LINE_BYTES, so a file that is one enormous line is not loaded."""
    try:
        with path.open(encoding="utf-8-sig", errors="replace", newline="") as f:
            head = f.read(MAX_LINE_BYTES)
        return [h.strip() for h in next(csv.reader(io.StringIO(head)), [])]
    except (OSError, UnicodeDecodeError, csv.Error):
        return None


def scan_bytes(path: Path, chunk: int = 1 << 20) -> tuple[str, list[ImportProblem]]:
    """The file's sha256, and a problem for each line holding bytes that are not UTF-8.

    Raises ImportFailed at once for a line longer than MAX_LINE_BYTES: nothing after it
    is read, so a huge one-line file is refused in one chunk's time and memory.
    """
    digest = hashlib.sha256()
    decoder = codecs.getincrementaldecoder("utf-8")()
    problems: dict[int, ImportProblem] = {}
    line, pending = 1, b""  # pending: the unfinished last line, which starts on `line`
    # With chunks no longer than the limit, only the line carried over between chunks
    # can outgrow it, so one length check per chunk is enough.
    chunk = min(chunk, MAX_LINE_BYTES)
    with path.open("rb") as f:
        while data := f.read(chunk):
            end = data.find(b"\n")
            if len(pending) + (end if end >= 0 else len(data)) > MAX_LINE_BYTES:
                raise ImportFailed([ImportProblem(str(path), line, (
                    f"this line is longer than {MAX_LINE_BYTES:,} bytes, which no row of "
                    "election results needs; the file was not read further"))])
            digest.update(data)
            buf = pending + data
            try:
                decoder.decode(data)
            except UnicodeDecodeError:
                decoder.reset()  # the lines themselves are checked from here
                for p in _bad_lines(str(path), buf, line):
                    problems.setdefault(p.line or 0, p)
            head, sep, pending = buf.rpartition(b"\n")
            if sep:
                line += head.count(b"\n") + 1
    try:  # the last line, now known to be complete
        pending.decode("utf-8")
    except UnicodeDecodeError as exc:
        problems.setdefault(line, ImportProblem(str(path), line, f"not UTF-8 text (byte "
                                                f"0x{pending[exc.start]:02X}); save the file "
                                                "as UTF-8"))
    return digest.hexdigest(), [problems[k] for k in sorted(problems)]


def _bad_lines(name: str, data: bytes, first_line: int) -> list[ImportProblem]:
    out = []
    lines = data.split(b"\n")
    for i, raw in enumerate(lines):
        try:
            raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            cut_short = i == len(lines) - 1 and exc.reason == "unexpected end of data"
            if not cut_short:  # a character split by the chunk is checked with the next one
                out.append(ImportProblem(name, first_line + i, f"not UTF-8 text (byte "
                                         f"0x{raw[exc.start]:02X}); save the file as UTF-8"))
    return out
