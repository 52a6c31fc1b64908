"""The Rasa files and the knowledge base stay in step, and the NLU data is sound."""
from __future__ import annotations

from collections import Counter

import pytest
import yaml

from tests.conftest import LANGUAGES_WITH_NLU, ROOT, nlu_examples

MIN_TRAIN_EXAMPLES = 15
MIN_TEST_EXAMPLES = 3
CONVERSATION_INTENTS = {"greet", "goodbye", "thanks", "help", "human_handoff", "out_of_scope",
                        "followup_stage", "followup_fail", "verify", "my_timeline", "my_next_deadline",
                        "my_eligibility", "forget_me", "ask_occupation_eligibility",
                        "staff_login", "staff_deadlines", "staff_show_trainee", "switch_language", "show_employer"}


def load(path: str) -> dict:
    return yaml.safe_load((ROOT / path).read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def domain():
    return load("domain.yml")


def test_domain_has_an_intent_and_a_response_for_every_topic(kb, domain):
    intents = set(domain["intents"])
    responses = set(domain["responses"])
    for topic in kb.topics.values():
        assert topic.intent in intents, topic.id
        assert topic.response in responses, topic.id
    topic_intents = {i for i in intents if i.startswith("ask_") and i != "ask_occupation_eligibility"}
    assert topic_intents == {t.intent for t in kb.topics.values()}, "domain has ask_* intents with no topic"
    assert intents - topic_intents == CONVERSATION_INTENTS


def test_every_domain_response_is_rendered_by_the_knowledge_base(kb, domain):
    from bot.knowledge.render import render_response

    for response in domain["responses"]:
        for code in ("en", "ja"):
            reply = render_response(kb, response, code)
            assert reply.text and not reply.fell_back, (response, code)


def test_topic_slot_remembers_every_topic(kb, domain):
    mappings = domain["slots"]["topic"]["mappings"]
    assert {(m["intent"], m["value"]) for m in mappings} == {(t.intent, t.id) for t in kb.topics.values()}


def test_every_topic_has_a_rule_and_a_test_story(kb):
    rules = load("data/rules.yml")["rules"]
    rule_pairs = {(r["steps"][0].get("intent"), r["steps"][1].get("action")) for r in rules}
    stories = load("tests/stories/test_topics.yml")["stories"]
    story_pairs = {(s["steps"][0].get("intent"), s["steps"][1].get("action")) for s in stories}
    for topic in kb.topics.values():
        assert (topic.intent, topic.response) in rule_pairs, topic.id
        assert (topic.intent, topic.response) in story_pairs, topic.id


@pytest.mark.parametrize("code", LANGUAGES_WITH_NLU)
def test_every_intent_has_enough_training_and_held_out_examples(kb, domain, code):
    train = nlu_examples(ROOT / "data" / "nlu" / f"{code}.yml")
    test = nlu_examples(ROOT / "tests" / "nlu" / f"{code}.yml")
    for intent in domain["intents"]:
        assert len(train.get(intent, [])) >= MIN_TRAIN_EXAMPLES, (code, intent, len(train.get(intent, [])))
        assert len(test.get(intent, [])) >= MIN_TEST_EXAMPLES, (code, intent)


@pytest.mark.parametrize("code", LANGUAGES_WITH_NLU)
def test_held_out_examples_are_never_trained_on(code):
    def norm(s: str) -> str:
        return "".join(ch for ch in s.casefold() if ch.isalnum())

    trained = {norm(e) for path in (ROOT / "data").rglob("*.yml") for es in nlu_examples(path).values() for e in es}
    test = [e for es in nlu_examples(ROOT / "tests" / "nlu" / f"{code}.yml").values() for e in es]
    leaked = [e for e in test if norm(e) in trained]
    assert not leaked


@pytest.mark.parametrize("code", LANGUAGES_WITH_NLU)
def test_no_duplicate_training_examples(code):
    examples = [e for es in nlu_examples(ROOT / "data" / "nlu" / f"{code}.yml").values() for e in es]
    duplicates = [e for e, n in Counter(examples).items() if n > 1]
    assert not duplicates


@pytest.mark.parametrize("code", LANGUAGES_WITH_NLU)
def test_stage_followups_name_a_stage_the_action_understands(code):
    from bot.knowledge.stages import normalize_stage

    examples = nlu_examples(ROOT / "data" / "nlu" / f"{code}.yml")["followup_stage"]
    unknown = [e for e in examples if normalize_stage(e) is None]
    assert not unknown
