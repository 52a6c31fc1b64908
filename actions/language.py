"""Actions for the conversation's language: session start, explicit switch, "show my employer".

Thin: the language rules live in bot/language, the wording in bot/knowledge.
"""
from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActionExecuted, EventType, SessionStarted, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.personal import personal_text
from bot.knowledge import load
from bot.knowledge.occupation_answer import render_occupation_answer
from bot.knowledge.occupations import find as find_occupations
from bot.knowledge.side_by_side import EMPLOYER_LANGUAGE, side_by_side, topic_side_by_side
from bot.language.choice import CHOICE_SLOT, DETECTED_SLOT, conversation_language, pick_switch_target
from bot.language.names import supported_codes

# Slots that must not outlive a session: identity and staff sign-in are re-checked.
NOT_CARRIED_OVER = {"verified_until", "staff_id", "staff_until", "pending_request", "trainee_number",
                    "date_of_birth", "link_code", "access_code", "requested_slot", "session_started_metadata"}


def _metadata_language(metadata: Optional[Dict[str, Any]]) -> Optional[str]:
    """'vi', 'vi-VN' or Telegram's 'vi' -> 'vi', if we speak it."""
    value = (metadata or {}).get("language")
    if not isinstance(value, str):
        return None
    code = value.strip().lower().replace("_", "-").split("-")[0]
    code = {"fil": "tl"}.get(code, code)
    return code if code in supported_codes() else None


class ActionSessionStart(Action):
    """Starts a session: carries the conversation's slots over and applies the
    channel's language (Telegram's language_code of a new chat, the widget's default)."""

    def name(self) -> Text:
        return "action_session_start"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        events: List[EventType] = [SessionStarted()]
        for name, value in tracker.slots.items():
            if value is not None and name not in NOT_CARRIED_OVER:
                events.append(SlotSet(name, value))
        # The channel's language (Telegram's language_code, the widget's default) starts a new
        # conversation in that language. It is the phone's UI language, not a choice: a message
        # clearly written in another language still moves the conversation (bot/language/choice.py).
        channel_language = _metadata_language(tracker.get_slot("session_started_metadata"))
        if channel_language and not tracker.get_slot(CHOICE_SLOT) and not tracker.get_slot(DETECTED_SLOT):
            events.append(SlotSet(DETECTED_SLOT, channel_language))
        events.append(ActionExecuted("action_listen"))
        return events


class ActionSwitchLanguage(Action):
    """'speak Vietnamese', '/lang vi' or a language button: answer in that language from now on."""

    def name(self) -> Text:
        return "action_switch_language"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        named = [str(v) for v in tracker.get_latest_entity_values("language_name")]
        current = conversation_language(tracker.slots)
        target = pick_switch_target(named, current)
        if target is None:
            dispatcher.utter_message(response="utter_choose_language")
            return []
        if target not in load().languages:
            dispatcher.utter_message(response="utter_language_unknown")
            return []
        # The NLG endpoint renders in the slot values it is sent, so say it in the new language explicitly.
        dispatcher.utter_message(response="utter_language_switched", language=target)
        return [SlotSet(CHOICE_SLOT, target)]


def _last_answer(tracker: Tracker) -> Optional[Dict[str, Any]]:
    for event in reversed(tracker.events):
        if event.get("event") != "bot":
            continue
        metadata = event.get("metadata") or {}
        action = metadata.get("utter_action") or ""
        if metadata.get("personal_answer"):
            return {"personal": metadata["personal_answer"], "text": event.get("text")}
        if metadata.get("occupation_query"):
            return {"occupation": metadata["occupation_query"], "text": event.get("text")}
        topic = load().topic_for_response(action)
        if topic is not None:
            return {"topic": topic.id}
    return None


class ActionShowEmployer(Action):
    """Shows the last answer side by side with Japanese, for the trainee's employer."""

    def name(self) -> Text:
        return "action_show_employer"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        kb = load()
        language = conversation_language(tracker.slots)
        last = _last_answer(tracker)
        reply = None
        if last and "topic" in last:
            reply = topic_side_by_side(kb, last["topic"], language)
        elif last and "occupation" in last:
            japanese = render_occupation_answer(kb, EMPLOYER_LANGUAGE, find_occupations(last["occupation"])).text
            reply = side_by_side(kb, language, last["text"], japanese)
        elif last and "personal" in last:
            spec = last["personal"]
            japanese = await personal_text(tracker, spec.get("kind"), spec.get("stage"), EMPLOYER_LANGUAGE)
            if japanese is not None:
                reply = side_by_side(kb, language, last["text"], japanese)
        if reply is None:
            dispatcher.utter_message(response="utter_show_employer_nothing")
            return []
        dispatcher.utter_message(text=reply.text)
        return []
