"""Language names, explicit choice, and text clean-up (no servers needed)."""
import pytest

from bot.language.choice import conversation_language, pick_switch_target
from bot.language.names import named_languages
from bot.language.normalize import is_zawgyi, normalize


@pytest.mark.parametrize("text,expected", [
    ("speak vietnamese please", ["vi"]),
    ("nói tiếng Việt đi", ["vi"]),
    ("noi tieng viet duoc ko", ["vi"]),
    ("/lang vi", ["vi"]),
    ("lang th", ["th"]),
    ("ベトナム語でお願いします", ["vi"]),
    ("pakai bahasa indonesia", ["id"]),
    ("说中文", ["zh"]),
    ("ภาษาไทยได้ไหม", ["th"]),
    ("монгол хэлээр", ["mn"]),
    ("I dont understand english, vietnamese pls", ["en", "vi"]),
    ("change the language", []),
    ("what is the otit hotline", []),
])
def test_language_names_are_found_in_any_language(text, expected):
    assert named_languages(text) == expected


def test_a_name_inside_another_word_does_not_count():
    assert named_languages("she is thailand-born") == []   # 'thai' inside 'thailand'


@pytest.mark.parametrize("named,current,expected", [
    (["vi"], "en", "vi"),
    (["en", "vi"], "en", "vi"),        # "not English, Vietnamese"
    (["vi", "en"], "vi", "en"),
    ([], "en", None),
])
def test_switch_target(named, current, expected):
    assert pick_switch_target(named, current) == expected


@pytest.mark.parametrize("slots,expected", [
    ({}, "en"),
    ({"language_hint": "vi"}, "vi"),
    ({"language": "ja", "language_hint": "vi"}, "ja"),        # a short message does not move it
    ({"language_choice": "th", "language": "ja"}, "th"),      # an explicit choice wins
    ({"language_choice": "xx", "language": "ja"}, "ja"),      # unknown codes are ignored
])
def test_conversation_language(slots, expected):
    assert conversation_language(slots) == expected


def test_zawgyi_burmese_is_converted_to_unicode():
    zawgyi = "ကၽြန္ေတာ္ စာေမးပြဲ ေျဖခ်င္ပါတယ္"
    unicode = "ကျွန်တော် စာမေးပွဲ ဖြေချင်ပါတယ်"
    assert is_zawgyi(zawgyi) and not is_zawgyi(unicode)
    assert normalize(zawgyi) == unicode
    assert normalize(unicode) == unicode


@pytest.mark.parametrize("raw,clean", [
    ("hel\u200blo wor\x00ld", "hel lo world"),        # zero-width space is a word break; NUL dropped
    ("Tie\u0302\u0301ng Vie\u0323\u0302t", "Tiếng Việt"),  # decomposed accents compose
    ("  a \n\t b ", "a b"),
    ("\ufeff\u202eabc", "abc"),                       # BOM and bidi overrides dropped
    ("", ""),
])
def test_text_is_cleaned(raw, clean):
    assert normalize(raw) == clean
