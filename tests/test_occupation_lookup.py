"""Occupation lookup across languages, spellings and ambiguity."""
import pytest

from bot.knowledge.occupations import find, list_facts, occupations_named


@pytest.mark.parametrize("text,occupation", [
    ("is welding eligible for 3 years?", "溶接"),
    ("溶接は3号に行けますか", "溶接"),
    ("can weldng workers go to 3go", "溶接"),          # a typo still matches
    ("施設園芸の実習生は5年いられますか", "耕種農業"),
    ("what about greenhouse work", "耕種農業"),
])
def test_named_occupation_is_found(text, occupation):
    assert occupation in occupations_named(text)


def test_pickling_stops_at_stage_ii():
    ops = [m.operation for m in find("農産物漬物製造は3号に行けますか")]
    assert ops and all(op.ii and not op.iii for op in ops)


def test_nothing_named_finds_nothing():
    assert find("how long can I stay in Japan") == []
    assert find("") == []


def test_words_inside_other_words_do_not_match():
    assert find("the weather forecast for tomorrow") == []


def test_the_list_says_how_complete_it_is():
    facts = list_facts()
    assert facts["complete"] in (True, False) and facts["as_of"]
