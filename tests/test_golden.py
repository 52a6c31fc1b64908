"""Golden answers: each held-out question, in each language, selects the right topic.

Test stories cannot catch a wrong answer selected by the NLU (research notes §0
item 8), so this loads the trained model once and checks every held-out
question in tests/nlu/<lang>.yml. Those questions are never trained on
(tests/test_rasa_files.py checks this).
"""
from __future__ import annotations

import pytest

from tests.conftest import LANGUAGES_WITH_NLU, ROOT, nlu_examples

pytestmark = pytest.mark.model


def cases():
    for code in LANGUAGES_WITH_NLU:
        for intent, examples in nlu_examples(ROOT / "tests" / "nlu" / f"{code}.yml").items():
            for i, text in enumerate(examples):
                yield pytest.param(code, intent, text, id=f"{code}-{intent}-{i}")


@pytest.mark.parametrize("code,intent,text", list(cases()))
def test_held_out_question_selects_its_topic(parse, code, intent, text):
    result = parse(text)
    assert result["intent"]["name"] == intent, (text, result["intent"])


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
    assert len(wrong) <= 0.02 * len(examples), wrong
