"""Custom actions, driven with hand-built trackers (as in RasaHQ/rasa-action-examples)."""
from __future__ import annotations

import asyncio

import pytest
from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.actions import ActionFollowup, ActionOccupationLookup, ActionSuggestTopics
from bot.knowledge.stages import normalize_stage


def tracker(intent: str, text: str = "", topic=None, entities=(), ranking=()):
    return Tracker(
        sender_id="test", slots={"topic": topic, "language": "en"},
        latest_message={"intent": {"name": intent, "confidence": 0.9}, "text": text,
                         "entities": list(entities), "intent_ranking": list(ranking)},
        events=[], paused=False, followup_action=None, active_loop={}, latest_action_name=None,
    )


def run(action, t):
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, t, {}))
    return dispatcher.messages, events


@pytest.mark.parametrize("topic,intent,text,entities,expected", [
    ("exam_basic", "followup_fail", "what if I fail?", [], "exam_fail_basic"),
    ("exam_basic", "followup_stage", "and for 3号?", [{"entity": "stage", "value": "3号"}], "exam_grade3"),
    ("plan_filing_ii", "followup_stage", "3号の場合は？", [{"entity": "stage", "value": "iii"}], "plan_filing_iii"),
    ("stages", "followup_stage", "what about the third stage", [], "conditions_iii"),   # no entity: read the text
])
def test_followup_answers_the_related_topic(topic, intent, text, entities, expected):
    messages, events = run(ActionFollowup(), tracker(intent, text, topic, entities))
    assert messages[0]["response"] == f"utter_{expected}"
    assert events == [SlotSet("topic", expected)]


def test_followup_without_context_asks_for_the_full_question():
    messages, events = run(ActionFollowup(), tracker("followup_fail", "what if I fail?", topic=None))
    assert messages[0]["response"] == "utter_followup_unknown" and events == []


def test_followup_with_no_mapping_suggests_related_topics(kb):
    messages, _ = run(ActionFollowup(), tracker("followup_fail", "and if I fail", topic="family"))
    assert messages[0]["response"] == "utter_followup_unknown"
    assert messages[0]["suggestions"] == list(kb.topics["family"].related)


def test_fallback_suggests_the_closest_topics_in_ranking_order():
    ranking = [{"name": "nlu_fallback", "confidence": 0.4}, {"name": "ask_hotline", "confidence": 0.3},
               {"name": "greet", "confidence": 0.2}, {"name": "ask_forced_return", "confidence": 0.1},
               {"name": "ask_stages", "confidence": 0.06}, {"name": "ask_family", "confidence": 0.05}]
    messages, events = run(ActionSuggestTopics(), tracker("nlu_fallback", "???", ranking=ranking))
    assert messages[0]["response"] == "utter_fallback"
    assert messages[0]["suggestions"] == ["hotline", "forced_return", "stages"]
    assert events == []


def test_fallback_without_any_topic_in_the_ranking_offers_the_menu(kb):
    messages, _ = run(ActionSuggestTopics(), tracker("nlu_fallback", "???", ranking=[{"name": "greet", "confidence": 0.3}]))
    assert messages[0]["suggestions"] == list(kb.menu[:3])


@pytest.mark.parametrize("text,stage", [
    ("3号", "iii"), ("and for stage 2", "ii"), ("1号は？", "i"), ("third stage", "iii"),
    ("3rd year", "ii"), ("4年目", "iii"), ("year 5", "iii"), ("ii", "ii"), ("hello", None), (None, None),
])
def test_stage_names_normalise(text, stage):
    assert normalize_stage(text) == stage


@pytest.mark.parametrize("text,expect", [
    ("is welding eligible for 3 years?", "**溶接** (Welding):"),
    ("painting 3go ok?", None),            # several painting operations, one occupation
    ("how long is a piece of string", "I could not find that job"),
])
def test_occupation_lookup_answers_from_the_list(text, expect):
    t = tracker("ask_occupation_eligibility", text)
    messages, events = run(ActionOccupationLookup(), t)
    assert events == [] and messages[0]["text"]
    if expect:
        assert messages[0]["text"].startswith(expect)
    else:
        assert "3号 ✅" in messages[0]["text"] and "Confirm with:" in messages[0]["text"]


def test_occupation_lookup_asks_back_when_several_jobs_match():
    t = tracker("ask_occupation_eligibility", "welding and painting, which can go to 3号")
    messages, _ = run(ActionOccupationLookup(), t)
    payloads = [b["payload"] for b in messages[0]["buttons"]]
    assert len(payloads) >= 2 and all(p.startswith("/ask_occupation_eligibility{") for p in payloads)


def test_occupation_lookup_button_payload_names_the_job():
    t = tracker("ask_occupation_eligibility", '/ask_occupation_eligibility{"occupation": "溶接"}',
                entities=[{"entity": "occupation", "value": "溶接"}])
    messages, _ = run(ActionOccupationLookup(), t)
    assert messages[0]["text"].startswith("**溶接**")
