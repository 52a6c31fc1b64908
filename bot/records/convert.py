"""Turns a database Trainee into the rules engine's TraineeRecord."""
from __future__ import annotations

from bot.records import models
from bot.rules.model import ExamResult, StagePeriod, TraineeRecord

_RESULT = {"pass": True, "fail": False, "pending": None}


def to_record(t: models.Trainee) -> TraineeRecord:
    operation = t.operation
    so = t.supervising_organization
    return TraineeRecord(
        entry_date=t.entry_date,
        pre_entry_training=t.pre_entry_training,
        stages=tuple(StagePeriod(s.stage, s.start, s.expiry) for s in t.stages),
        exams=tuple(ExamResult(e.exam, e.part, e.sat_on, _RESULT[e.result], e.attempt) for e in t.exams),
        temporary_returns=tuple((r.left_on, r.returned_on) for r in t.temporary_returns),
        occupation_allows_ii=operation.allows_ii if operation else False,
        occupation_allows_iii=operation.allows_iii if operation else False,
        so_excellent=so.excellent if so else None,
        acceptance_type=t.acceptance_type,
        employer_excellent=t.implementing_organization.excellent,
        used_iii_before=t.used_iii_before,
    )
