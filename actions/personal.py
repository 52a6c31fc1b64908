"""Actions for a trainee's own record: verification form, personal answers, forget me.

Thin: they read slots, call bot.identity / bot.records.lookup in a worker thread
(database calls stay off the event loop) and dispatch a response name or text.
"""
from __future__ import annotations

import asyncio
import datetime as dt
import json
import logging
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict
from sqlalchemy.exc import SQLAlchemyError

from bot.identity import parse
from bot.language.choice import conversation_language
from bot.language.names import month_first_dates
from bot.identity import service as identity
from bot.records.db import session
from bot.records.lookup import NotBound, personal_answer

logger = logging.getLogger(__name__)
VERIFIED_FOR = dt.timedelta(minutes=60)
IDENTITY_SLOTS = ("trainee_number", "date_of_birth", "link_code")


def _chat(tracker: Tracker) -> (str, str):
    return tracker.get_latest_input_channel() or "rest", tracker.sender_id


def _language(tracker: Tracker) -> str:
    return conversation_language(tracker.slots)


async def _in_thread(fn, *args, **kwargs):
    return await asyncio.get_running_loop().run_in_executor(None, lambda: fn(*args, **kwargs))


def _is_verified(tracker: Tracker, now: dt.datetime) -> bool:
    until = tracker.get_slot("verified_until")
    try:
        return bool(until) and dt.datetime.fromisoformat(until) > now
    except ValueError:
        return False


def _is_bound(channel: str, chat_id: str) -> bool:
    with session() as s:
        return identity.bound_trainee_id(s, channel, chat_id) is not None


class ValidateVerifyForm(FormValidationAction):
    def name(self) -> Text:
        return "validate_verify_form"

    async def required_slots(self, domain_slots: List[Text], dispatcher: CollectingDispatcher, tracker: Tracker,
                             domain: DomainDict) -> List[Text]:
        # A chat already linked to a trainee needs only the date of birth.
        channel, chat_id = _chat(tracker)
        try:
            bound = await _in_thread(_is_bound, channel, chat_id)
        except SQLAlchemyError:
            bound = False
        return ["date_of_birth"] if bound else list(IDENTITY_SLOTS)

    def validate_trainee_number(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                                domain: DomainDict) -> Dict[Text, Any]:
        number = parse.trainee_number(str(value or ""))
        if number is None:
            dispatcher.utter_message(response="utter_invalid_trainee_number")
        return {"trainee_number": number}

    def validate_date_of_birth(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                               domain: DomainDict) -> Dict[Text, Any]:
        day = parse.date_of_birth(str(value or ""), month_first=month_first_dates(_language(tracker)))
        if day is None:
            dispatcher.utter_message(response="utter_invalid_date_of_birth")
        return {"date_of_birth": day.isoformat() if day else None}

    def validate_link_code(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                           domain: DomainDict) -> Dict[Text, Any]:
        code = parse.link_code(str(value or ""))
        if code is None:
            dispatcher.utter_message(response="utter_invalid_link_code")
        return {"link_code": code}


def _verify(channel: str, chat_id: str, number: Optional[str], dob: dt.date, code: Optional[str],
            now: dt.datetime) -> identity.Outcome:
    with session() as s:
        if number is None and code is None:
            return identity.verify_bound_chat(s, channel, chat_id, dob, now=now)
        return identity.verify_with_code(s, channel, chat_id, number, dob, code, now=now)


class ActionVerify(Action):
    """Runs when verify_form is complete: checks the details, binds the chat, resumes what was asked."""

    def name(self) -> Text:
        return "action_verify"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        channel, chat_id = _chat(tracker)
        now = dt.datetime.utcnow()
        reset = [SlotSet(s, None) for s in IDENTITY_SLOTS]
        try:
            dob = dt.date.fromisoformat(tracker.get_slot("date_of_birth") or "")
        except ValueError:
            dispatcher.utter_message(response="utter_invalid_date_of_birth")
            return reset
        try:
            outcome = await _in_thread(_verify, channel, chat_id, tracker.get_slot("trainee_number"), dob,
                                       tracker.get_slot("link_code"), now)
        except SQLAlchemyError:
            logger.exception("verification failed: records unavailable")
            dispatcher.utter_message(response="utter_records_unavailable")
            return reset
        if outcome.status == identity.LOCKED:
            minutes = max(1, int((outcome.locked_until - now).total_seconds() // 60) + 1)
            dispatcher.utter_message(response="utter_verify_locked", minutes=minutes)
            return reset
        if outcome.status != identity.OK:
            dispatcher.utter_message(response="utter_verify_failed")
            return reset
        dispatcher.utter_message(response="utter_verify_ok")
        events = reset + [SlotSet("verified_until", (now + VERIFIED_FOR).isoformat()), SlotSet("pending_request", None)]
        # Answer what the user asked before verifying, here rather than through a follow-up
        # action, so the dialogue ends this turn cleanly with the submit rule.
        try:
            pending = json.loads(tracker.get_slot("pending_request") or "{}")
        except ValueError:
            pending = {}
        if pending.get("kind") in ("timeline", "next_deadline", "eligibility"):
            events += await _answer(dispatcher, tracker, pending["kind"], pending.get("stage"), now)
        return events


async def _answer(dispatcher: CollectingDispatcher, tracker: Tracker, kind: str, stage_text: Optional[str],
                  now: dt.datetime) -> List[EventType]:
    channel, chat_id = _chat(tracker)
    try:
        text = await _in_thread(personal_answer, kind, channel, chat_id, _language(tracker), now.date(), stage_text)
    except NotBound:
        dispatcher.utter_message(response="utter_need_verification")
        return [SlotSet("verified_until", None), SlotSet("pending_request", json.dumps({"kind": kind, "stage": stage_text})),
                FollowupAction("verify_form")]
    except SQLAlchemyError:
        logger.exception("personal lookup failed: records unavailable")
        dispatcher.utter_message(response="utter_records_unavailable")
        return []
    # The tag lets "show my employer" redo this answer in Japanese (actions/language.py).
    dispatcher.utter_message(text=text, personal_answer={"kind": kind, "stage": stage_text})
    return []


async def personal_text(tracker: Tracker, kind: str, stage_text: Optional[str], language: str) -> Optional[str]:
    """The same personal answer in another language, if this chat is still verified."""
    now = dt.datetime.utcnow()
    if not _is_verified(tracker, now):
        return None
    channel, chat_id = _chat(tracker)
    try:
        return await _in_thread(personal_answer, kind, channel, chat_id, language, now.date(), stage_text)
    except (NotBound, SQLAlchemyError):
        return None


class _PersonalLookup:
    """Shared run() of the personal actions (not an Action itself, so the SDK does not register it)."""
    kind = ""

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        now = dt.datetime.utcnow()
        stage_text = next(tracker.get_latest_entity_values("stage"), None) or tracker.latest_message.get("text")
        if not _is_verified(tracker, now):
            dispatcher.utter_message(response="utter_need_verification")
            return [SlotSet("pending_request", json.dumps({"kind": self.kind, "stage": stage_text})),
                    FollowupAction("verify_form")]
        return await _answer(dispatcher, tracker, self.kind, stage_text, now)


class ActionMyTimeline(_PersonalLookup, Action):
    kind = "timeline"

    def name(self) -> Text:
        return "action_my_timeline"


class ActionMyNextDeadline(_PersonalLookup, Action):
    kind = "next_deadline"

    def name(self) -> Text:
        return "action_my_next_deadline"


class ActionMyEligibility(_PersonalLookup, Action):
    kind = "eligibility"

    def name(self) -> Text:
        return "action_my_eligibility"


def _forget(channel: str, chat_id: str) -> bool:
    with session() as s:
        return identity.forget(s, channel, chat_id)


class ActionForgetMe(Action):
    def name(self) -> Text:
        return "action_forget_me"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        channel, chat_id = _chat(tracker)
        try:
            existed = await _in_thread(_forget, channel, chat_id)
        except SQLAlchemyError:
            dispatcher.utter_message(response="utter_records_unavailable")
            return []
        dispatcher.utter_message(response="utter_forgot" if existed else "utter_nothing_to_forget")
        return [SlotSet("verified_until", None), SlotSet("pending_request", None)]
