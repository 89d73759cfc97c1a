"""Search terms (scripts/monitor/search_terms.py): the Dutch word forms, compound parts and
abbreviations a page's hidden search words add, and the site's word list for "Bedoelde u …?"."""

from __future__ import annotations

import json
from collections import Counter

import pytest

from monitor.site.search_terms import (
    compound_tail,
    forms,
    index_terms,
    site_words,
    word_list_json,
    words,
)
from test_data import dataset


@pytest.mark.parametrize(
    ("word", "other"),
    [
        ("havens", "haven"),
        ("haven", "havens"),
        ("wapens", "wapen"),
        ("wapen", "wapens"),
        ("verdragen", "verdrag"),
        ("verdrag", "verdragen"),
        ("criminelen", "crimineel"),
        ("crimineel", "criminelen"),
        ("criminele", "crimineel"),
        ("jachthavens", "jachthaven"),
        ("brieven", "brief"),
        ("brief", "brieven"),
        ("maatregelen", "maatregel"),
        ("drugs", "drug"),
    ],
)
def test_a_word_gets_its_other_form(word: str, other: str) -> None:
    assert other in forms(word)


def test_short_words_and_the_word_itself_are_left_out() -> None:
    assert forms("om") == set()
    assert "haven" not in forms("haven")
    assert "havenen" not in forms("haven"), "a word in -en is not made plural again"


def test_a_compound_gives_its_last_part_when_the_site_uses_that_word() -> None:
    known = {"havens", "criminaliteit"}
    assert compound_tail("jachthavens", known) == "havens"
    assert compound_tail("drugscriminaliteit", known) == "criminaliteit"
    assert compound_tail("havens", known) is None, "a word is no compound of itself"
    assert compound_tail("zeilboot", known) is None


def test_index_terms_add_forms_parts_and_abbreviations_but_not_the_texts_own_words() -> None:
    glossary = [("NCBC", "non conviction based confiscation"), ("OM", "Openbaar Ministerie")]
    extra = index_terms("Aanpak in jachthavens door het OM", {"havens"}, glossary)
    assert {"jachthaven", "havens", "haven", "openbaar", "ministerie"} <= set(extra)
    assert "jachthavens" not in extra and "aanpak" not in extra
    back = index_terms("Non conviction based confiscation", set(), glossary)
    assert "ncbc" in back
    # An abbreviation counts as written: "om te" is not the OM.
    assert "ministerie" not in index_terms("om te voorkomen", set(), glossary)


def test_words_are_lower_case_letters_split_at_hyphens() -> None:
    assert words("Anti-witwas-aanpak van het OM's") == [
        "anti",
        "witwas",
        "aanpak",
        "van",
        "het",
        "om",
        "s",
    ]


def test_the_word_list_is_most_frequent_first_and_stable() -> None:
    counts = Counter({"haven": 3, "rioolwater": 1, "drugs": 3})
    assert json.loads(word_list_json(counts)) == ["drugs", "haven", "rioolwater"]
    assert word_list_json(counts, limit=1) == b'["drugs"]'


def test_the_site_words_hold_what_a_reader_may_mistype() -> None:
    counts = site_words(dataset())
    assert {"rioolwater", "witwassen", "havens", "kroongetuigenregeling"} <= set(counts)
    assert all(len(w) >= 4 for w in counts)


def test_a_guessed_form_is_kept_only_if_the_site_uses_the_word() -> None:
    assert "gemeent" in forms("gemeenten")  # without the site's words every guess
    assert "gemeent" not in forms("gemeenten", known={"gemeente"})
    assert "verdrag" in forms("verdragen", known={"verdrag"})
    # The '-s' rules always hold: "wapen" need not be a word of the site.
    assert "wapen" in forms("wapens", known=set())
    assert "havens" in forms("haven", known=set())
