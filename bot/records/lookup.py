"""Personal answers for a verified chat: the trainee's timeline, next deadline, eligibility.

Every disclosure writes an audit row. Raises NotBound if the chat is not linked.
"""
from __future__ import annotations

import datetime as dt
from typing import Optional

from bot.identity import service as identity
from bot.knowledge import load
from bot.knowledge.personal import render_eligibility, render_timeline
from bot.knowledge.stages import normalize_stage
from bot.records import models as m
from bot.records.convert import to_record
from bot.records.db import session
from bot.rules import timeline
from bot.rules.eligibility import eligibility_ii, eligibility_iii, eligibility_ssw
from bot.rules.timeline import next_deadline


class NotBound(LookupError):
    pass


def _next_target(record) -> str:
    if record.stage("iii") is not None:
        return "ssw"
    if record.stage("ii") is not None:
        return "iii"
    return "ii"


_ELIGIBILITY = {"ii": eligibility_ii, "iii": eligibility_iii, "ssw": eligibility_ssw}


def next_target_eligibility(record, today: dt.date, target: Optional[str] = None):
    """Eligibility for the given target, or for the trainee's next step."""
    return _ELIGIBILITY[target or _next_target(record)](record, today)


def personal_answer(kind: str, channel: str, chat_id: str, language: str, today: dt.date,
                    stage_text: Optional[str] = None) -> str:
    """kind: timeline | next_deadline | eligibility."""
    kb = load()
    with session() as s:
        trainee_id = identity.bound_trainee_id(s, channel, chat_id)
        if trainee_id is None:
            raise NotBound(chat_id)
        trainee = s.get(m.Trainee, trainee_id)
        record = to_record(trainee)
        if kind == "timeline":
            text = render_timeline(kb, language, timeline(record, today), today)
        elif kind == "next_deadline":
            upcoming = next_deadline(record, today)
            text = render_timeline(kb, language, [upcoming] if upcoming else [], today)
        else:
            wanted = {"ii": "ii", "iii": "iii"}.get(normalize_stage(stage_text) or "", None)
            if stage_text and any(w in stage_text.lower() for w in ("ssw", "tokutei", "特定技能", "specified")):
                wanted = "ssw"
            text = render_eligibility(kb, language, next_target_eligibility(record, today, wanted), today)
        identity.record_disclosure(s, f"conversation:{channel}:{chat_id}", trainee_id, kind)
    return text


__all__ = ["NotBound", "personal_answer"]
