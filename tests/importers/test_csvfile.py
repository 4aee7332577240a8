"""Reading CSV rows with the line each starts on, and placing bad bytes on their line."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.importers.csvfile import CsvFile, scan_bytes


def test_rows_carry_their_start_line_across_quoted_newlines(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text('a,b\n1,"two\nlines"\n\n3,4\n5,"x\r\ny\r\nz"\n6,7\n', encoding="utf-8")
    with CsvFile(path) as f:
        assert f.read_header()
        rows = list(f.rows())
    assert [line for line, _ in rows] == [2, 5, 6, 9]
    assert rows[0][1] == ["1", "two\nlines"]


def test_byte_order_mark_and_header_case(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_bytes("\ufeffcouncil, GSS\nBarnsley,E05000985\n".encode())
    with CsvFile(path) as f:
        assert f.read_header()
        assert f.header == ["council", "GSS"]
        assert f.index("gss") == 1 and f.index("Council") == 0
        assert f.missing(("council", "ward")) and f.missing(("council", "ward"))[0].line == 1


def test_wrong_widths_and_duplicate_columns_are_reported_with_lines(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text("a,b,a\n1,2,3\n1,2\n", encoding="utf-8")
    with CsvFile(path) as f:
        assert not f.read_header()
        assert [(p.line, p.reason) for p in f.problems] == [(1, "column 'a' appears twice")]
        list(f.rows())
        assert f.problems[-1].line == 3 and "2 cells" in f.problems[-1].reason


@pytest.mark.parametrize("chunk", [1, 2, 3, 5, 7, 64, 1 << 20])
def test_bytes_that_are_not_utf8_are_placed_on_their_line(tmp_path: Path, chunk: int) -> None:
    path = tmp_path / "x.csv"
    path.write_bytes(b"a,b\n1,2\n3,\xff4\n5,\xc3\xa9\n7,8\xe9\n9,\xc3")
    digest, problems = scan_bytes(path, chunk)
    assert [p.line for p in problems] == [3, 5, 6]
    assert "0xFF" in problems[0].reason
    assert digest == scan_bytes(path)[0]
