"""What a verified staff user may see: only their own organization's trainees.

Every trainee shown to staff is written to the audit log.
"""
from __future__ import annotations

import datetime as dt
from typing import Optional

from bot.identity import service as identity
from bot.knowledge import load
from bot.knowledge.personal import render_eligibility, render_timeline
from bot.records import models as m
from bot.records.convert import to_record
from bot.records.db import session
from bot.records.lookup import next_target_eligibility
from bot.rules import timeline
from bot.rules.model import OVERDUE, UPCOMING

DEFAULT_DAYS = 60


def staff_name(staff_id: int) -> Optional[str]:
    with session() as s:
        staff = s.get(m.StaffUser, staff_id)
        return staff.name if staff else None


def deadlines(staff_id: int, language: str, today: dt.date, days: int = DEFAULT_DAYS) -> Optional[str]:
    """Upcoming (within `days`) and overdue milestones of the staff user's trainees; None if nothing."""
    kb = load()
    horizon = today + dt.timedelta(days=days)
    blocks = []
    with session() as s:
        staff = s.get(m.StaffUser, staff_id)
        for trainee in identity.visible_trainees(s, staff):
            due = [ms for ms in timeline(to_record(trainee), today)
                   if ms.status == OVERDUE or (ms.status == UPCOMING and (ms.end or ms.date) <= horizon)]
            if due:
                body = render_timeline(kb, language, due, today, for_staff=True).split("\n", 1)[1]
                blocks.append(f"**{trainee.trainee_number} {trainee.name}**\n{body}")
                identity.record_disclosure(s, f"staff:{staff_id}", trainee.id, "deadlines")
    return "\n\n".join(blocks) or None


def trainee_record(staff_id: int, number: str, language: str, today: dt.date) -> Optional[str]:
    """One trainee's timeline and next-stage eligibility, or None when not among the staff's trainees."""
    kb = load()
    with session() as s:
        staff = s.get(m.StaffUser, staff_id)
        trainee = next((t for t in identity.visible_trainees(s, staff) if t.trainee_number == number), None)
        if trainee is None:
            return None
        record = to_record(trainee)
        text = (f"**{trainee.trainee_number} {trainee.name}**\n"
                + render_timeline(kb, language, timeline(record, today), today, for_staff=True) + "\n\n"
                + render_eligibility(kb, language, next_target_eligibility(record, today), today, for_staff=True))
        identity.record_disclosure(s, f"staff:{staff_id}", trainee.id, "record")
    return text
