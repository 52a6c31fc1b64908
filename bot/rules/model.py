"""Plain data the rules engine reads and returns. No I/O, no database, no language."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Dict, Optional, Tuple

STAGES = ("i", "ii", "iii")
EXAMS = ("basic", "grade3", "grade2")
PARTS = ("written", "practical")

# Milestone statuses
DONE, UPCOMING, OVERDUE, NOT_APPLICABLE = "done", "upcoming", "overdue", "not_applicable"
# Condition statuses
MET, NOT_MET, UNKNOWN = "met", "not_met", "unknown"


@dataclass(frozen=True)
class StagePeriod:
    """One residence-status grant for a stage (1号/2号/3号): its start and expiry dates."""
    stage: str
    start: dt.date
    expiry: dt.date


@dataclass(frozen=True)
class ExamResult:
    exam: str            # basic | grade3 | grade2
    part: str            # written | practical
    sat_on: dt.date
    passed: Optional[bool]   # None: result not known yet
    attempt: int = 1


@dataclass(frozen=True)
class TraineeRecord:
    """What the engine needs to know about one trainee. None means "not recorded"."""
    entry_date: Optional[dt.date]
    pre_entry_training: Optional[bool] = None
    stages: Tuple[StagePeriod, ...] = ()
    exams: Tuple[ExamResult, ...] = ()
    temporary_returns: Tuple[Tuple[dt.date, dt.date], ...] = ()   # (left Japan, came back)
    occupation_allows_ii: Optional[bool] = None
    occupation_allows_iii: Optional[bool] = None
    so_excellent: Optional[bool] = None
    employer_excellent: Optional[bool] = None
    used_iii_before: Optional[bool] = False
    acceptance_type: str = "supervising"   # supervising (ロ) | individual (イ): no supervising organization

    def stage(self, name: str) -> Optional[StagePeriod]:
        found = [s for s in self.stages if s.stage == name]
        return max(found, key=lambda s: s.expiry) if found else None

    def first_start(self, name: str) -> Optional[dt.date]:
        found = [s.start for s in self.stages if s.stage == name]
        return min(found) if found else None


@dataclass(frozen=True)
class Milestone:
    id: str
    date: dt.date
    status: str
    rule: str                          # id in bot/rules/rules.yml
    end: Optional[dt.date] = None      # for windows
    check_with_so: bool = False        # the sources conflict: confirm with the supervising organization
    note: str = ""                     # a reason code the renderer turns into words


@dataclass(frozen=True)
class Condition:
    id: str
    status: str          # met | not_met | unknown
    reason: str          # a reason code the renderer turns into words
    rule: str
    params: Dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Eligibility:
    target: str          # ii | iii | ssw
    status: str          # met (eligible) | not_met | unknown
    conditions: Tuple[Condition, ...]
