"""Verification before any personal data.

A trainee proves who they are with trainee number + date of birth + a one-time
link code from their supervising organization; the chat is then bound to them
and later visits need only the date of birth. Five failed attempts lock
verification for 15 minutes, per conversation and per trainee number. Failure
answers never say which part was wrong, so they do not reveal whether a trainee
number exists. Every disclosure and binding change writes an audit row.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Optional

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from bot.identity.secrets import code_matches, hash_code, new_code
from bot.records import models as m

MAX_FAILURES = 5
LOCKOUT = dt.timedelta(minutes=15)
LINK_CODE_TTL = dt.timedelta(days=14)

OK, FAILED, LOCKED, NOT_BOUND = "ok", "failed", "locked", "not_bound"


@dataclass(frozen=True)
class Outcome:
    status: str                        # ok | failed | locked | not_bound
    trainee_id: Optional[int] = None
    locked_until: Optional[dt.datetime] = None


def audit(s: Session, actor: str, action: str, trainee_id: Optional[int] = None, detail: str = "",
          now: dt.datetime = None) -> None:
    s.add(m.AuditLog(at=now or dt.datetime.utcnow(), actor=actor, action=action, trainee_id=trainee_id,
                     detail=detail))


def issue_link_code(s: Session, trainee_number: str, now: dt.datetime = None) -> str:
    """Creates a one-time code for the trainee; returns it in clear text (shown once, never stored)."""
    now = now or dt.datetime.utcnow()
    trainee = s.execute(select(m.Trainee).where(m.Trainee.trainee_number == trainee_number)).scalar_one_or_none()
    if trainee is None:
        raise LookupError(f"no trainee with number {trainee_number!r}")
    code = new_code()
    s.add(m.LinkCode(trainee_id=trainee.id, code_hash=hash_code(code), expires_at=now + LINK_CODE_TTL))
    audit(s, "operator:cli", "link_code_issued", trainee.id, now=now)
    return code


def locked_until(s: Session, conversation: str, trainee_number: Optional[str],
                 now: dt.datetime) -> Optional[dt.datetime]:
    """When verification unlocks, if 5 failures in the last 15 minutes hit this conversation or number."""
    since = now - LOCKOUT
    for column, value in ((m.VerificationAttempt.conversation, conversation),
                          (m.VerificationAttempt.trainee_number, trainee_number)):
        if value is None:
            continue
        rows = s.execute(
            select(m.VerificationAttempt.at).where(column == value, m.VerificationAttempt.succeeded.is_(False),
                                                   m.VerificationAttempt.at > since)
            .order_by(m.VerificationAttempt.at)
        ).scalars().all()
        if len(rows) >= MAX_FAILURES:
            return rows[-MAX_FAILURES] + LOCKOUT
    return None


def _record(s: Session, conversation: str, trainee_number: Optional[str], ok: bool, now: dt.datetime) -> None:
    s.add(m.VerificationAttempt(at=now, conversation=conversation, trainee_number=trainee_number, succeeded=ok))


def verify_with_code(s: Session, channel: str, chat_id: str, trainee_number: str, date_of_birth: dt.date,
                     code: str, now: dt.datetime = None) -> Outcome:
    """First verification: number + date of birth + one-time code. Binds the chat on success."""
    now = now or dt.datetime.utcnow()
    conversation = f"{channel}:{chat_id}"
    until = locked_until(s, conversation, trainee_number, now)
    if until:
        return Outcome(LOCKED, locked_until=until)
    trainee = s.execute(select(m.Trainee).where(m.Trainee.trainee_number == trainee_number)).scalar_one_or_none()
    link = None
    if trainee is not None and trainee.date_of_birth == date_of_birth:
        candidates = s.execute(select(m.LinkCode).where(
            m.LinkCode.trainee_id == trainee.id, m.LinkCode.used_at.is_(None), m.LinkCode.expires_at > now
        )).scalars().all()
        link = next((c for c in candidates if code_matches(code, c.code_hash)), None)
    if link is None:
        _record(s, conversation, trainee_number, False, now)
        s.flush()
        until = locked_until(s, conversation, trainee_number, now)
        return Outcome(LOCKED, locked_until=until) if until else Outcome(FAILED)
    link.used_at = now
    _record(s, conversation, trainee_number, True, now)
    s.execute(delete(m.ChatBinding).where(m.ChatBinding.channel == channel, m.ChatBinding.chat_id == chat_id))
    s.add(m.ChatBinding(channel=channel, chat_id=chat_id, trainee_id=trainee.id, bound_at=now))
    audit(s, f"conversation:{conversation}", "chat_bound", trainee.id, now=now)
    s.flush()
    return Outcome(OK, trainee_id=trainee.id)


def bound_trainee_id(s: Session, channel: str, chat_id: str) -> Optional[int]:
    return s.execute(select(m.ChatBinding.trainee_id).where(
        m.ChatBinding.channel == channel, m.ChatBinding.chat_id == chat_id)).scalar_one_or_none()


def verify_bound_chat(s: Session, channel: str, chat_id: str, date_of_birth: dt.date,
                      now: dt.datetime = None) -> Outcome:
    """A later visit from a bound chat: the date of birth is enough."""
    now = now or dt.datetime.utcnow()
    conversation = f"{channel}:{chat_id}"
    trainee_id = bound_trainee_id(s, channel, chat_id)
    if trainee_id is None:
        return Outcome(NOT_BOUND)
    trainee = s.get(m.Trainee, trainee_id)
    until = locked_until(s, conversation, trainee.trainee_number, now)
    if until:
        return Outcome(LOCKED, locked_until=until)
    ok = trainee.date_of_birth == date_of_birth
    _record(s, conversation, trainee.trainee_number, ok, now)
    s.flush()
    if not ok:
        until = locked_until(s, conversation, trainee.trainee_number, now)
        return Outcome(LOCKED, locked_until=until) if until else Outcome(FAILED)
    return Outcome(OK, trainee_id=trainee_id)


def forget(s: Session, channel: str, chat_id: str, now: dt.datetime = None) -> bool:
    """Unbinds the chat ("forget me"). Returns whether a binding existed."""
    trainee_id = bound_trainee_id(s, channel, chat_id)
    if trainee_id is None:
        return False
    s.execute(delete(m.ChatBinding).where(m.ChatBinding.channel == channel, m.ChatBinding.chat_id == chat_id))
    audit(s, f"conversation:{channel}:{chat_id}", "chat_unbound", trainee_id, now=now)
    return True


def record_disclosure(s: Session, actor: str, trainee_id: int, what: str, now: dt.datetime = None) -> None:
    audit(s, actor, "disclosed", trainee_id, detail=what, now=now)


def issue_staff_code(s: Session, name: str, so_code: str = None, io_code: str = None) -> str:
    """Creates a staff user for one organization and returns their access code (shown once)."""
    if (so_code is None) == (io_code is None):
        raise ValueError("give exactly one of a supervising or an implementing organization")
    staff = m.StaffUser(name=name)
    if so_code:
        staff.supervising_organization_id = s.execute(select(m.SupervisingOrganization.id).where(
            m.SupervisingOrganization.code == so_code)).scalar_one_or_none()
    else:
        staff.implementing_organization_id = s.execute(select(m.ImplementingOrganization.id).where(
            m.ImplementingOrganization.code == io_code)).scalar_one_or_none()
    if staff.supervising_organization_id is None and staff.implementing_organization_id is None:
        raise LookupError(f"no organization with code {so_code or io_code!r}")
    secret = new_code() + new_code()
    staff.access_code_hash = hash_code(secret)
    s.add(staff)
    s.flush()
    audit(s, "operator:cli", "staff_code_issued", detail=f"staff:{staff.id}")
    return f"{staff.id}-{secret}"   # the id prefix finds the row without trying every hash


def verify_staff(s: Session, code: str, conversation: str, now: dt.datetime = None) -> Optional[m.StaffUser]:
    now = now or dt.datetime.utcnow()
    if locked_until(s, conversation, None, now):
        return None
    staff_id, _, secret = (code or "").strip().partition("-")
    staff = s.get(m.StaffUser, int(staff_id)) if staff_id.isdigit() else None
    if staff is not None and staff.access_code_hash and code_matches(secret, staff.access_code_hash):
        audit(s, f"conversation:{conversation}", "staff_verified", detail=f"staff:{staff.id}", now=now)
        return staff
    _record(s, conversation, None, False, now)
    return None


def visible_trainees(s: Session, staff: m.StaffUser):
    """A staff user sees only their own organization's trainees."""
    query = select(m.Trainee)
    if staff.supervising_organization_id is not None:
        query = query.where(m.Trainee.supervising_organization_id == staff.supervising_organization_id)
    else:
        query = query.where(m.Trainee.implementing_organization_id == staff.implementing_organization_id)
    return s.execute(query.order_by(m.Trainee.trainee_number)).scalars().all()
