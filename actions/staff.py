"""Actions for staff of supervising organizations and employers: sign-in, deadlines, one trainee.

Thin: they call bot.identity and bot.records.staff_lookup in a worker thread.
A staff user only ever sees their own organization's trainees.
"""
from __future__ import annotations

import asyncio
import datetime as dt
import json
import logging
import re
from typing import List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict
from sqlalchemy.exc import SQLAlchemyError

from bot.identity import parse
from bot.identity import service as identity
from bot.language.choice import conversation_language
from bot.records import staff_lookup
from bot.records.db import session

logger = logging.getLogger(__name__)
SIGNED_IN_FOR = dt.timedelta(minutes=60)
_CODE = re.compile(r"\b(\d{1,9})\s*-\s*([A-Za-z0-9]{16})\b")


async def _in_thread(fn, *args):
    return await asyncio.get_running_loop().run_in_executor(None, lambda: fn(*args))


def _staff_id(tracker: Tracker, now: dt.datetime) -> Optional[int]:
    try:
        if dt.datetime.fromisoformat(tracker.get_slot("staff_until") or "") > now:
            return int(tracker.get_slot("staff_id"))
    except (TypeError, ValueError):
        pass
    return None


def _sign_in(code: str, conversation: str, now: dt.datetime) -> Optional[int]:
    with session() as s:
        staff = identity.verify_staff(s, code, conversation, now=now)
        return staff.id if staff else None


async def _answer(dispatcher: CollectingDispatcher, tracker: Tracker, request: dict, staff_id: int,
                  now: dt.datetime) -> None:
    language = conversation_language(tracker.slots)
    try:
        if request.get("kind") == "deadlines":
            text = await _in_thread(staff_lookup.deadlines, staff_id, language, now.date())
            if text is None:
                dispatcher.utter_message(response="utter_staff_no_deadlines")
            else:
                dispatcher.utter_message(response="utter_staff_deadlines_header")
                dispatcher.utter_message(text=text)
        elif request.get("kind") == "trainee":
            number = request.get("number")
            text = await _in_thread(staff_lookup.trainee_record, staff_id, number, language, now.date()) \
                if number else None
            if text is None:
                dispatcher.utter_message(response="utter_staff_trainee_not_found")
            else:
                dispatcher.utter_message(text=text)
    except SQLAlchemyError:
        logger.exception("staff lookup failed: records unavailable")
        dispatcher.utter_message(response="utter_records_unavailable")


class ActionStaffSignIn(Action):
    """Runs when staff_form has the access code."""

    def name(self) -> Text:
        return "action_staff_sign_in"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        now = dt.datetime.utcnow()
        match = _CODE.search(tracker.get_slot("access_code") or "")
        events: List[EventType] = [SlotSet("access_code", None)]
        conversation = f"{tracker.get_latest_input_channel() or 'rest'}:{tracker.sender_id}"
        try:
            staff_id = await _in_thread(_sign_in, f"{match.group(1)}-{match.group(2)}", conversation, now) \
                if match else None
        except SQLAlchemyError:
            dispatcher.utter_message(response="utter_records_unavailable")
            return events
        if staff_id is None:
            dispatcher.utter_message(response="utter_staff_failed")
            return events
        dispatcher.utter_message(response="utter_staff_ok")
        events += [SlotSet("staff_id", str(staff_id)), SlotSet("staff_until", (now + SIGNED_IN_FOR).isoformat()),
                   SlotSet("pending_request", None)]
        try:
            pending = json.loads(tracker.get_slot("pending_request") or "{}")
        except ValueError:
            pending = {}
        if pending.get("kind") in ("deadlines", "trainee"):
            await _answer(dispatcher, tracker, pending, staff_id, now)
        return events


class _StaffRequest:
    """Shared run(): answer if signed in, otherwise ask for the access code first."""

    def request(self, tracker: Tracker) -> dict:
        raise NotImplementedError

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        now = dt.datetime.utcnow()
        request = self.request(tracker)
        staff_id = _staff_id(tracker, now)
        if staff_id is None:
            dispatcher.utter_message(response="utter_staff_need_sign_in")
            return [SlotSet("pending_request", json.dumps(request)), FollowupAction("staff_form")]
        await _answer(dispatcher, tracker, request, staff_id, now)
        return []


class ActionStaffDeadlines(_StaffRequest, Action):
    def name(self) -> Text:
        return "action_staff_deadlines"

    def request(self, tracker: Tracker) -> dict:
        return {"kind": "deadlines"}


class ActionStaffShowTrainee(_StaffRequest, Action):
    def name(self) -> Text:
        return "action_staff_show_trainee"

    def request(self, tracker: Tracker) -> dict:
        return {"kind": "trainee", "number": parse.trainee_number(tracker.latest_message.get("text") or "")}
