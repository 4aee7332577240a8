"""Name resolution: normalising, exact/alias/slug hits, prefixes, fuzzy matches, autocomplete."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.matching import NameIndex, normalise


@pytest.mark.parametrize(("text", "expected"), [
    ("Childs Hill", "childs hill"),
    ("Child's Hill", "childs hill"),
    ("CHILD’S HILL", "childs hill"),
    ("childs-hill", "childs hill"),
    ("childs_hill", "childs hill"),
    ("Childs Hill ward", "childs hill"),
    ("totteridge & woodside", "totteridge and woodside"),
    ("Édgware", "edgware"),
    ("St. Albans", "saint albans"),
    ("N Finchley", "north finchley"),
    ("  lots   of\tspace ", "lots of space"),
    ("ward", "ward"),  # a lone "ward" is kept: it is the whole name
])
def test_normalise(text: str, expected: str) -> None:
    assert normalise(text) == expected


@given(st.text(max_size=7000))
@settings(max_examples=300)
def test_normalise_never_fails_and_is_bounded(text: str) -> None:
    out = normalise(text)
    assert len(out) <= 4 * 200  # input is cut before folding; folding can only expand a little
    assert out == out.strip()


def _barnetish() -> NameIndex:
    index = NameIndex()
    for slug, name in [
        ("childs-hill", "Childs Hill"), ("hendon", "Hendon"), ("west-hendon", "West Hendon"),
        ("colindale-north", "Colindale North"), ("colindale-south", "Colindale South"),
        ("totteridge-and-woodside", "Totteridge and Woodside"), ("burnt-oak", "Burnt Oak"),
        ("east-finchley", "East Finchley"), ("west-finchley", "West Finchley"),
    ]:
        index.add("ward", f"barnet-2022:{slug}", name, council_id="barnet", detail="Barnet",
                  rank=2022)
    index.add("ward", "other-2020:hendon", "Hendon", council_id="other", detail="Other",
              rank=2020)
    index.add("ward", "barnet-2002:childs-hill", "Childs Hill", council_id="barnet",
              detail="Barnet (2002 boundaries)", rank=2018)
    index.add("council", "barnet", "London Borough of Barnet", council_id="barnet",
              aliases=("Barnet", "E09000003"))
    index.add("person", "dan-thomas", "Dan Thomas", aliases=("Daniel Thomas",))
    for pid, name in [("melvin-cohen", "Melvin Cohen"), ("dean-cohen", "Dean Cohen")]:
        index.add("person", pid, name)
    index.add("party", "labour", "Labour", aliases=("Labour Party", "Lab", "PP53"))
    index.add("party", "labour-co-operative", "Labour and Co-operative",
              aliases=("Labour and Co-operative Party",))
    return index.freeze()


INDEX = _barnetish()


@pytest.mark.parametrize(("query", "expected"), [
    ("childs-hill", "barnet-2022:childs-hill"),
    ("Child's Hill", "barnet-2022:childs-hill"),
    ("chids hil", "barnet-2022:childs-hill"),
    ("childs hill ward", "barnet-2022:childs-hill"),
    ("totteridge & woodside", "barnet-2022:totteridge-and-woodside"),
    ("totteridge", "barnet-2022:totteridge-and-woodside"),
    ("burnt oak", "barnet-2022:burnt-oak"),
    ("barnet-2022:west-hendon", "barnet-2022:west-hendon"),  # an autocomplete value
])
def test_resolves_within_a_council(query: str, expected: str) -> None:
    res = INDEX.resolve("ward", query, "barnet")
    assert res.status == "match", res
    assert res.entry is not None and res.entry.id == expected


def test_exact_name_beats_a_longer_name_containing_it() -> None:
    res = INDEX.resolve("ward", "hendon", "barnet")
    assert res.status == "match" and res.entry is not None
    assert res.entry.id == "barnet-2022:hendon"


def test_prefix_of_two_wards_is_ambiguous() -> None:
    res = INDEX.resolve("ward", "colindale", "barnet")
    assert res.status == "ambiguous"
    assert {e.name for e in res.choices} == {"Colindale North", "Colindale South"}


def test_same_name_in_two_councils_is_ambiguous_without_a_council() -> None:
    res = INDEX.resolve("ward", "hendon")
    assert res.status == "ambiguous"
    assert {e.council_id for e in res.choices} == {"barnet", "other"}


def test_current_boundaries_win_over_older_ward_of_same_name() -> None:
    res = INDEX.resolve("ward", "childs hill", "barnet")
    assert res.entry is not None and res.entry.id == "barnet-2022:childs-hill"


def test_miss_comes_back_with_at_most_five_suggestions() -> None:
    res = INDEX.resolve("ward", "finchly", "barnet")
    assert res.status in ("none", "ambiguous")
    names = {e.name for e in (res.suggestions or res.choices)}
    assert names <= {"East Finchley", "West Finchley"} and names
    miss = INDEX.resolve("ward", "xyzzy", "barnet")
    assert miss.status == "none" and len(miss.suggestions) <= 5


def test_council_by_alias_and_gss() -> None:
    for text in ("barnet", "Barnet", "London Borough of Barnet", "e09000003"):
        res = INDEX.resolve("council", text)
        assert res.entry is not None and res.entry.id == "barnet", text


def test_people_by_surname_alias_and_ambiguity() -> None:
    assert INDEX.resolve("person", "thomas").entry.id == "dan-thomas"  # type: ignore[union-attr]
    assert INDEX.resolve("person", "daniel thomas").entry.id == "dan-thomas"  # type: ignore[union-attr]
    assert INDEX.resolve("person", "cohen").status == "ambiguous"


def test_party_aliases_and_register_ids() -> None:
    for text in ("lab", "Labour Party", "PP53"):
        assert INDEX.resolve("party", text).entry.id == "labour", text  # type: ignore[union-attr]
    res = INDEX.resolve("party", "labour and co-operative")
    assert res.entry is not None and res.entry.id == "labour-co-operative"


def test_autocomplete_prefix_first_and_scoped() -> None:
    got = INDEX.autocomplete("ward", "chi", "barnet")
    assert got[0].name == "Childs Hill" and got[0].id == "barnet-2022:childs-hill"
    assert all(e.council_id == "barnet" for e in got)
    assert len(INDEX.autocomplete("ward", "", "barnet")) <= 25
    # a word inside the name also completes
    assert "West Hendon" in [e.name for e in INDEX.autocomplete("ward", "hen", "barnet")]


def test_autocomplete_never_more_than_25() -> None:
    index = NameIndex()
    for i in range(100):
        index.add("ward", f"x:w{i}", f"Ward {i}", council_id="x")
    index.freeze()
    assert len(index.autocomplete("ward", "ward", "x")) == 25
    assert len(index.autocomplete("ward", "", "x")) == 25


@given(st.text(max_size=6000))
@settings(max_examples=300, deadline=None)
def test_hostile_input_never_raises(text: str) -> None:
    res = INDEX.resolve("ward", text, "barnet")
    assert res.status in ("match", "ambiguous", "none")
    assert len(INDEX.autocomplete("ward", text)) <= 25


# -- big scopes: the word-index shortlist (more than WORD_INDEX_MIN names) --------------

_PARTS = ("Abbey", "Ashton", "Bridge", "Castle", "Dale", "Elm", "Fair", "Green", "Heath",
          "Kings", "Lark", "Mill", "Moor", "Oak", "Park", "Queens", "River", "Rose", "Vale",
          "Wood")
_SUFFIXES = ("Central", "North", "South", "East", "West", "Hill", "Grove", "Fields")


def _big() -> NameIndex:
    """1,140 invented wards in 60 councils, with a few real names among them."""
    index = NameIndex()
    n = 0
    for a in _PARTS:
        for b in _PARTS:
            if a == b:
                continue
            for suffix in (_SUFFIXES[(len(a) + len(b)) % 4], "Grove", "Fields"):
                n += 1
                council = f"c{n % 60}"
                name = f"{a}{b.lower()} {suffix}"
                index.add("ward", f"{council}-2022:{name.lower().replace(' ', '-')}", name,
                          council_id=council, rank=2022)
    for i, (slug, name) in enumerate([
            ("childs-hill", "Childs Hill"), ("hendon", "Hendon"), ("west-hendon", "West Hendon"),
            ("stonebridge", "Stonebridge"), ("saint-helens-central", "St Helens Central")]):
        index.add("ward", f"real-2022:{slug}", name, council_id="real", rank=2022,
                  aliases=(f"E0500004{i}",))  # GSS-like codes: E05000040 is Childs Hill
    return index.freeze()


BIG = _big()


def test_big_scope_uses_the_shortlist() -> None:
    from bot.matching import WORD_INDEX_MIN
    scope = BIG._scopes[("ward", None)]
    assert len(scope.keys) > WORD_INDEX_MIN and scope.word_index is not None
    assert BIG._scopes[("ward", "real")].word_index is None  # a council: every name scored


@pytest.mark.parametrize(("query", "expected"), [
    ("chids hil", "real-2022:childs-hill"),  # two slips
    ("childshill", "real-2022:childs-hill"),  # words glued: no word of the query is a name's
    ("wwst hendon", "real-2022:west-hendon"),  # not Hendon, which it contains
    ("hendon", "real-2022:hendon"),
    ("saint helens centrl", "real-2022:saint-helens-central"),
    ("st helens central", "real-2022:saint-helens-central"),
    ("Oakpark Hill", None),  # not a ward: Oakpark is never followed by Hill here
])
def test_big_scope_resolves_like_a_small_one(query: str, expected: str | None) -> None:
    res = BIG.resolve("ward", query)
    if expected is None:
        assert res.status != "match" or res.entry is None or res.entry.name != query, res
        return
    assert res.status == "match", res
    assert res.entry is not None and res.entry.id == expected


def test_big_scope_shortlist_agrees_with_scoring_every_name() -> None:
    """On one-slip typos of every 37th name, the shortlist finds what a full pass finds."""
    scope = BIG._scopes[("ward", None)]
    names = sorted({e.name for e in BIG.entries("ward")})[::37]
    for name in names:
        typo = name[:3] + name[4] + name[3] + name[5:]  # two letters swapped
        fast = BIG.resolve("ward", typo)
        index, scope.word_index = scope.word_index, None
        try:
            slow = BIG.resolve("ward", typo)
        finally:
            scope.word_index = index
        assert (fast.status, fast.entry) == (slow.status, slow.entry), typo


def test_codes_are_matched_exactly_never_fuzzily() -> None:
    code = "E05000040"
    assert BIG.resolve("ward", code).entry.id == "real-2022:childs-hill"  # type: ignore[union-attr]
    near = "E05000090"  # one digit off: no ward has it
    res = BIG.resolve("ward", near)
    assert res.status != "match" or res.entry is None or res.entry.name != "Childs Hill"
    # nor offered when completing a name
    assert all(e.name != "Childs Hill" for e in BIG.autocomplete("ward", "e0500"))


def test_autocomplete_half_typed_short_form_is_also_taken_as_typed() -> None:
    got = [e.name for e in BIG.autocomplete("ward", "st", "real")]
    assert "St Helens Central" in got and "Stonebridge" in got


def test_autocomplete_in_a_big_scope_completes_then_suggests() -> None:
    got = BIG.autocomplete("ward", "childs h")
    assert got[0].name == "Childs Hill"
    got = BIG.autocomplete("ward", "chlds hill")  # a slip: fuzzy suggestions fill the list
    assert "Childs Hill" in [e.name for e in got[:5]]
    assert len(BIG.autocomplete("ward", "e")) == 25


def test_autocomplete_before_typing_offers_the_current_wards_in_name_order() -> None:
    everything = sorted(BIG.entries("ward"), key=lambda e: (-e.rank, e.name))
    assert BIG.autocomplete("ward", "") == everything[:25]
    assert BIG.autocomplete("ward", "  ", limit=5) == everything[:5]
    got = INDEX.autocomplete("ward", "", "barnet")
    assert got[0].rank == 2022 and got[-1].id == "barnet-2002:childs-hill"  # older last


def _doncasterish() -> NameIndex:
    index = NameIndex()
    for name in ("Hatfield", "Queensway with Fairfield", "Upper Thorne", "North Moorends"):
        index.add("ward", "d-2021:" + name.lower().replace(" ", "-"), name, council_id="d",
                  rank=2021)
    return index.freeze()


@pytest.mark.parametrize("query", ["darfield", "Queensway with Birchfield", "gatfield"])
def test_a_different_word_is_suggested_not_answered(query: str) -> None:
    """Another real name a letter or a word away must not be answered as this one."""
    res = _doncasterish().resolve("ward", query, "d")
    assert res.status == "none", res
    assert res.suggestions and res.suggestions[0].name in ("Hatfield", "Queensway with Fairfield")


@pytest.mark.parametrize(("query", "expected"), [
    ("hatfeild", "Hatfield"),  # a swap is one slip
    ("queensway with fairfeld", "Queensway with Fairfield"),
    ("upr thorne", "Upper Thorne"),  # shortened by dropping letters
    ("nth moorends", "North Moorends"),
])
def test_slips_and_shortenings_are_answered(query: str, expected: str) -> None:
    res = _doncasterish().resolve("ward", query, "d")
    assert res.status == "match" and res.entry is not None, res
    assert res.entry.name == expected


# -- real-name failure classes (issue 14), on a small UK-like index ---------------------

def _uk() -> NameIndex:
    index = NameIndex()
    wards = [
        ("bromley", "St Mary Cray"), ("adur", "St Mary's"), ("oxford", "St Mary's"),
        ("bury", "St. Mary's"), ("maldon", "Mayland"), ("newham", "Maryland"),
        ("babergh", "Sudbury South East"), ("babergh", "Sudbury South West"),
        ("babergh", "Sudbury North East"), ("brent", "Sudbury"),
        ("conwy", "Craig-y-Don"), ("causeway", "Castlerock"), ("nwl", "Castle Rock"),
        ("wealden", "Arlington"), ("chorley", "Adlington & Anderton"),
        ("ned", "Clay Cross North"), ("ned", "Clay Cross South"),
        ("nwl", "Measham North"), ("nwl", "Measham South"), ("sthelens", "Newton-le-Willows West"),
        ("bridgend", "Porthcawl East Central"), ("bridgend", "Porthcawl West Central"),
    ]
    for council, name in wards:
        index.add("ward", f"{council}:{normalise(name).replace(' ', '-')}", name,
                  council_id=council, detail=council)
    index.add("ward", "conwy:betws", "Betws-y-Coed and Trefriw", council_id="conwy",
              aliases=["Betws-y-coed a Threfriw"])
    return index.freeze()


UK = _uk()


def _ids(res) -> set[str]:  # type: ignore[no-untyped-def]
    return {e.id for e in ([res.entry] if res.entry else res.choices)}


def test_a_name_one_letter_short_beats_a_longer_name_it_starts() -> None:
    res = UK.resolve("ward", "St Mary")
    assert res.status == "ambiguous"
    assert _ids(res) == {"adur:saint-marys", "oxford:saint-marys", "bury:saint-marys"}
    assert UK.resolve("ward", "st mary", "oxford").entry.id == "oxford:saint-marys"  # type: ignore[union-attr]


def test_equal_slips_are_asked_about_not_answered() -> None:
    res = UK.resolve("ward", "mrayland")
    assert res.status == "ambiguous" and _ids(res) == {"maldon:mayland", "newham:maryland"}


def test_two_letter_words_count() -> None:
    assert UK.resolve("ward", "sudbury se").entry.id == "babergh:sudbury-south-east"  # type: ignore[union-attr]
    assert UK.resolve("ward", "sudbury sw", "babergh").entry.id == "babergh:sudbury-south-west"  # type: ignore[union-attr]


def test_glued_names_and_welsh_aliases() -> None:
    assert UK.resolve("ward", "craigydon").entry.id == "conwy:craig-y-don"  # type: ignore[union-attr]
    assert UK.resolve("ward", "newtonlewillows west").entry.id == \
        "sthelens:newton-le-willows-west"  # type: ignore[union-attr]
    assert UK.resolve("ward", "betws-y-coed a threfriw").entry.id == "conwy:betws"  # type: ignore[union-attr]
    # a name as written beats another name run together
    assert UK.resolve("ward", "castlerock").entry.id == "causeway:castlerock"  # type: ignore[union-attr]


def test_a_whole_word_prefix_beats_a_letter_changed() -> None:
    assert UK.resolve("ward", "adlington").entry.id == "chorley:adlington-and-anderton"  # type: ignore[union-attr]


def test_a_word_left_out_and_slips_in_each_word() -> None:
    assert UK.resolve("ward", "clay north").entry.id == "ned:clay-cross-north"  # type: ignore[union-attr]
    assert UK.resolve("ward", "porthcawl central").status == "ambiguous"
    assert UK.resolve("ward", "meashal nopth").entry.id == "nwl:measham-north"  # type: ignore[union-attr]
    assert UK.resolve("ward", "ambridge").status == "none"  # not "cambridge" less a letter


def test_autocomplete_puts_the_councils_wards_first_then_the_uk() -> None:
    got = [e.id for e in UK.autocomplete("ward", "sudbury", "brent")]
    assert got[0] == "brent:sudbury" and "babergh:sudbury-south-east" in got[1:]
