"""Rasa custom actions. Thin by design: read the tracker, call bot/, dispatch a response name."""
from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.knowledge import load
from bot.language.choice import conversation_language
from bot.knowledge.occupation_answer import render_occupation_answer
from bot.knowledge.occupations import find as find_occupations
from bot.knowledge.navigate import followup_kind, followup_topic, suggest_topics
from bot.knowledge.stages import normalize_stage


def _entity(tracker: Tracker, name: str) -> Optional[str]:
    value = next(tracker.get_latest_entity_values(name), None)
    return str(value) if value is not None else None


class ActionSuggestTopics(Action):
    """Low NLU confidence: offer the closest topics as buttons instead of guessing."""

    def name(self) -> Text:
        return "action_suggest_topics"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict]:
        ranking = tracker.latest_message.get("intent_ranking") or []
        dispatcher.utter_message(response="utter_fallback", suggestions=suggest_topics(load(), ranking))
        return []


class ActionFollowup(Action):
    """Answers "and for 3号?" / "what if I fail?" relative to the last topic answered."""

    def name(self) -> Text:
        return "action_followup"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict]:
        kb = load()
        intent = (tracker.latest_message.get("intent") or {}).get("name") or ""
        text = tracker.latest_message.get("text") or ""
        stage = normalize_stage(_entity(tracker, "stage")) or normalize_stage(text)
        kind = followup_kind(intent, stage)
        current = tracker.get_slot("topic")
        target = followup_topic(kb, current, kind) if kind else None
        if target is None:
            related = list(kb.topics[current].related) if current in kb.topics else []
            dispatcher.utter_message(response="utter_followup_unknown", suggestions=related)
            return []
        dispatcher.utter_message(response=kb.topics[target].response)
        return [SlotSet("topic", target)]


class ActionOccupationLookup(Action):
    """"Is welding eligible for 3号?": looks the named job up in the transition list."""

    def name(self) -> Text:
        return "action_occupation_lookup"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict]:
        text = _entity(tracker, "occupation") or tracker.latest_message.get("text") or ""
        reply = render_occupation_answer(load(), conversation_language(tracker.slots), find_occupations(text))
        dispatcher.utter_message(text=reply.text, buttons=reply.buttons, occupation_query=text)
        return []
