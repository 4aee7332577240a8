"""Cell parsing: strict, and None only for an empty cell."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.importers import values as v


@pytest.mark.parametrize(("text", "expected"), [
    ("1251", 1251), ("1,251", 1251), ("12,345,678", 12345678), (" 42 ", 42), ("699.0", 699),
    ("", None), ("  ", None),
])
def test_whole_numbers_as_sources_write_them(text: str, expected: int | None) -> None:
    assert v.whole(text, "votes_cast") == expected


@pytest.mark.parametrize("text", ["12a", "1,25", "1,2345", "12.5", "-3", "²", "1 251", "nan"])
def test_anything_else_is_not_a_whole_number(text: str) -> None:
    with pytest.raises(ValueError, match="votes_cast"):
        v.whole(text, "votes_cast")


@given(st.integers(min_value=0, max_value=10**12))
def test_thousands_separators_read_back(n: int) -> None:
    assert v.whole(f"{n:,}", "x") == n
    assert v.whole(str(n), "x") == n


def test_flags_take_t_f_and_true_false() -> None:
    assert [v.flag(t, "elected") for t in ("t", "f", "True", "False", "TRUE", "")] == [
        True, False, True, False, True, None]
    with pytest.raises(ValueError, match="elected 'maybe'"):
        v.flag("maybe", "elected")


def test_decimals_and_their_limit() -> None:
    assert v.decimal("48.1", "pct") == 48.1
    assert v.decimal("154.83", "pct") == 154.83  # a limit is the caller's choice
    assert v.decimal("", "pct") is None
    for bad in ("abc", "1e5", "nan", "-1", "12,5"):
        with pytest.raises(ValueError):
            v.decimal(bad, "pct")
    with pytest.raises(ValueError, match="more than 100"):
        v.decimal("100.5", "vote_share", 100.0)


def test_dates_codes_and_slugs() -> None:
    assert v.iso_day("2021-05-06", "d") == "2021-05-06"
    for bad in ("2021-13-06", "06/05/2021", "2021-5-6", "2021"):
        with pytest.raises(ValueError):
            v.iso_day(bad, "d")
    assert v.gss("e05000985") == "E05000985"
    assert v.gss("") is None
    with pytest.raises(ValueError):
        v.gss("E0500098")
    # Democracy Club slugs drop '&' and apostrophes: ids are taken from files, never rebuilt,
    # but generated and derived slugs follow the same rule.
    assert v.slugify("Adwick le Street & Carcroft") == "adwick-le-street-carcroft"
    assert v.slugify("St Mary's & Westfield") == "st-marys-westfield"
    assert v.slugify("Ynys Môn") == "ynys-mon"
