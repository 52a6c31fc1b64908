"""Golden answers: held-out questions, in each language, select the right topic.

Test stories cannot catch a wrong answer selected by the NLU (research notes §0
item 8), so this loads the trained model once and checks every held-out
question in tests/nlu/<lang>.yml. Those questions are never trained on
(tests/test_rasa_files.py checks this).
"""
from __future__ import annotations

import pytest

from tests.conftest import LANGUAGES_WITH_NLU, ROOT, nlu_examples

pytestmark = pytest.mark.model


# The goals are intent F1 >= 0.95 (en, ja; foundation issue) and >= 0.93 (every
# language; languages issue); bench/nlu_eval prints the current figures. These floors sit just under what the model measures today, so a
# change that makes answers worse fails here. Raise them as the data improves.
ACCURACY_FLOOR = {"en": 0.91, "ja": 0.89, "vi": 0.92, "id": 0.91, "my": 0.92, "zh": 0.92, "tl": 0.88,
                  "km": 0.87, "th": 0.94, "mn": 0.84, "ne": 0.84}
# Every topic must be reachable in plain words: at least this share of its
# held-out questions in each language must select it.
TOPIC_FLOOR = 0.4


def held_out(code):
    return nlu_examples(ROOT / "tests" / "nlu" / f"{code}.yml")


@pytest.mark.parametrize("code", LANGUAGES_WITH_NLU)
def test_held_out_questions_select_their_topic(parse, code):
    misses, total = [], 0
    for intent, examples in held_out(code).items():
        for text in examples:
            total += 1
            predicted = parse(text)["intent"]["name"]
            if predicted != intent:
                misses.append(f"{intent} -> {predicted}: {text}")
    accuracy = 1 - len(misses) / total
    print(f"\n[{code}] held-out accuracy {accuracy:.3f}; misses:\n  " + "\n  ".join(misses))
    assert accuracy >= ACCURACY_FLOOR[code], f"{code} accuracy {accuracy:.3f}"


@pytest.mark.parametrize("code", LANGUAGES_WITH_NLU)
def test_every_topic_is_reachable_in_plain_words(parse, code):
    weak = []
    for intent, examples in held_out(code).items():
        hits = sum(parse(text)["intent"]["name"] == intent for text in examples)
        if hits < TOPIC_FLOOR * len(examples):
            weak.append(f"{intent}: {hits}/{len(examples)}")
    assert not weak, weak


@pytest.mark.parametrize("code", LANGUAGES_WITH_NLU)
def test_language_is_detected_on_held_out_questions(parse, code):
    """Questions of three or more words (or in a non-Latin script) tag their language."""
    tagged = 0
    wrong = []
    examples = [e for es in nlu_examples(ROOT / "tests" / "nlu" / f"{code}.yml").values() for e in es]
    for text in examples:
        found = [e["value"] for e in parse(text)["entities"] if e["entity"] == "language"]
        if found:
            tagged += 1
            if found[0] != code:
                wrong.append((text, found[0]))
    assert tagged >= 0.7 * len(examples)
    # At most 5% tagged wrongly in any one language (the bound is 95% across all 11, checked
    # on the raw detector in tests/test_language_detect.py; Latin-script Indonesian chat mixed with
    # English and Japanese words is the hardest, at about 3.5% today).
    assert len(wrong) <= 0.05 * len(examples), wrong
