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


# Every milestone id, condition id and reason code the engine can return. Each
# complete language file must word all of them (tests/test_personal_render.py).
MILESTONE_IDS = (
    "lectures_end", "basic_exam_registration", "basic_exam_window", "end_of_i", "plan_ii_filing",
    "status_change_ii", "end_of_ii", "grade3_exam_registration", "earliest_ssw", "grade3_pass_target",
    "plan_iii_filing", "return_home_window", "end_of_iii", "grade2_exam_registration",
)
CONDITION_IDS = (
    "occupation_allows_ii", "basic_written_passed", "basic_practical_passed", "already_in_ii", "before_end_of_i",
    "grade3_practical_passed", "so_excellent", "employer_excellent", "occupation_allows_iii", "first_iii",
    "in_stage_ii", "esd_cutoff", "temporary_return", "entry_date", "stage_ii", "training_months",
    "grade3_or_evaluation", "plan_finished", "entry_before_esd_cutoff",
)
REASON_CODES = (
    "transition_occupation", "occupation_i_only", "occupation_unknown", "passed", "failed_twice", "result_pending",
    "retake_available", "not_taken_yet", "already_in_ii", "in_time", "stage_i_ended", "so_excellent",
    "so_not_excellent", "so_unknown", "employer_excellent", "employer_not_excellent", "employer_unknown",
    "occupation_iii", "occupation_not_iii", "first_iii", "iii_used_before", "iii_history_unknown", "no_stage_ii",
    "basic_exam_failed_twice", "grade3_failed_twice", "before_2017_act", "esd_cutoff", "ii_year_done_by_cutoff",
    "ii_year_not_done_by_cutoff", "return_done", "return_to_schedule", "entry_date_unknown", "enough_training",
    "not_enough_training_yet", "grade3_passed", "evaluation_report_needed", "plan_finished", "finish_plan_first",
    "pre_entry_training_unknown", "entry_after_esd_cutoff",
)
