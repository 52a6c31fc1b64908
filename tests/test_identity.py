"""Verification, lockout, binding, forgetting, audit and staff scoping, on SQLite and PostgreSQL."""
from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.identity import service as idv
from bot.records import models as m
from tests.databases import postgres_url, seeded_engine

NOW = dt.datetime(2026, 11, 24, 10, 0, 0)
LAN = ("T-1001", dt.date(2002, 4, 12))      # demo trainee (SO-SAKURA / IO-KAWA)


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def engine(request, tmp_path_factory):
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'titp.db'}"
        gen = iter([url])
    else:
        gen = postgres_url()
        url = next(gen)
    eng = seeded_engine(url)
    yield eng
    eng.dispose()
    for _ in gen:   # let the PostgreSQL generator drop its database
        pass


@pytest.fixture()
def s(engine):
    session = Session(engine, future=True)
    yield session
    session.rollback()   # every test starts from the seeded state
    session.close()


def test_code_number_and_birth_date_bind_the_chat(s):
    code = idv.issue_link_code(s, LAN[0], now=NOW)
    out = idv.verify_with_code(s, "rest", "chat-1", LAN[0], LAN[1], code.lower(), now=NOW)
    assert out.status == idv.OK
    assert idv.bound_trainee_id(s, "rest", "chat-1") == out.trainee_id
    actions = s.execute(select(m.AuditLog.action).where(m.AuditLog.trainee_id == out.trainee_id)).scalars().all()
    assert "chat_bound" in actions


def test_a_link_code_works_once(s):
    code = idv.issue_link_code(s, LAN[0], now=NOW)
    assert idv.verify_with_code(s, "rest", "a", LAN[0], LAN[1], code, now=NOW).status == idv.OK
    assert idv.verify_with_code(s, "rest", "b", LAN[0], LAN[1], code, now=NOW).status == idv.FAILED


def test_an_expired_code_fails(s):
    code = idv.issue_link_code(s, LAN[0], now=NOW - dt.timedelta(days=15))
    assert idv.verify_with_code(s, "rest", "c", LAN[0], LAN[1], code, now=NOW).status == idv.FAILED


@pytest.mark.parametrize("number,dob,code_ok", [
    ("T-1001", dt.date(2002, 4, 13), True),      # wrong birth date
    ("T-1001", dt.date(2002, 4, 12), False),     # wrong code
    ("T-9999", dt.date(2002, 4, 12), True),      # unknown number: same answer, nothing revealed
    ("' OR 1=1 --", dt.date(2002, 4, 12), True),
])
def test_wrong_details_fail_the_same_way(s, number, dob, code_ok):
    code = idv.issue_link_code(s, LAN[0], now=NOW)
    out = idv.verify_with_code(s, "rest", "d", number, dob, code if code_ok else "WRONGCODE", now=NOW)
    assert out == idv.Outcome(idv.FAILED)
    assert idv.bound_trainee_id(s, "rest", "d") is None


def test_five_failures_lock_the_conversation_for_15_minutes(s):
    code = idv.issue_link_code(s, LAN[0], now=NOW)
    outcomes = [idv.verify_with_code(s, "rest", "e", "T-1002", dt.date(2000, 1, 1), "X", now=NOW).status
                for _ in range(5)]
    assert outcomes == [idv.FAILED] * 4 + [idv.LOCKED]
    # even the right details are refused while locked
    assert idv.verify_with_code(s, "rest", "e", *LAN, code, now=NOW + dt.timedelta(minutes=14)).status == idv.LOCKED
    assert idv.verify_with_code(s, "rest", "e", *LAN, code, now=NOW + dt.timedelta(minutes=16)).status == idv.OK


def test_five_failures_lock_the_trainee_number_across_conversations(s):
    code = idv.issue_link_code(s, LAN[0], now=NOW)
    for i in range(5):
        idv.verify_with_code(s, "rest", f"attacker-{i}", LAN[0], dt.date(1990, 1, 1), "X", now=NOW)
    assert idv.verify_with_code(s, "rest", "owner", *LAN, code, now=NOW).status == idv.LOCKED


def test_bound_chat_needs_only_the_birth_date_and_forget_unbinds(s):
    code = idv.issue_link_code(s, LAN[0], now=NOW)
    idv.verify_with_code(s, "telegram", "42", *LAN, code, now=NOW)
    assert idv.verify_bound_chat(s, "telegram", "42", LAN[1], now=NOW).status == idv.OK
    assert idv.verify_bound_chat(s, "telegram", "42", dt.date(2002, 1, 1), now=NOW).status == idv.FAILED
    assert idv.verify_bound_chat(s, "telegram", "43", LAN[1], now=NOW).status == idv.NOT_BOUND
    assert idv.forget(s, "telegram", "42", now=NOW) is True
    assert idv.verify_bound_chat(s, "telegram", "42", LAN[1], now=NOW).status == idv.NOT_BOUND
    assert idv.forget(s, "telegram", "42", now=NOW) is False


def test_staff_see_only_their_own_organization(s):
    so_code = idv.issue_staff_code(s, "Sato (Sakura)", so_code="SO-SAKURA")
    io_code = idv.issue_staff_code(s, "Ito (Hana Foods)", io_code="IO-HANA")
    sakura = idv.verify_staff(s, so_code, "rest:staff-1", now=NOW)
    hana = idv.verify_staff(s, io_code, "rest:staff-2", now=NOW)
    sakura_numbers = {t.trainee_number for t in idv.visible_trainees(s, sakura)}
    hana_numbers = {t.trainee_number for t in idv.visible_trainees(s, hana)}
    assert sakura_numbers and hana_numbers and not (sakura_numbers & hana_numbers)
    assert "T-1001" in sakura_numbers and "T-1009" in hana_numbers and "T-1009" not in sakura_numbers
    tampered = so_code[:-1] + ("Z" if so_code[-1] != "Z" else "Y")
    assert idv.verify_staff(s, tampered, "rest:staff-3", now=NOW) is None
    assert idv.verify_staff(s, "not-a-code", "rest:staff-3", now=NOW) is None


def test_issuing_a_code_for_an_unknown_trainee_raises(s):
    with pytest.raises(LookupError):
        idv.issue_link_code(s, "T-0000", now=NOW)
