"""Eligibility for the next stage (2号, 3号) and for Specified Skilled Worker (i).

Each condition is met, not met, or unknown (missing data), with a reason code
and the rule it comes from. The overall status is not_met if any condition is
not met, unknown if any is unknown, and met otherwise.
"""
from __future__ import annotations

import datetime as dt
from typing import List

from bot.rules import params
from bot.rules.dates import add_months, months_between
from bot.rules.model import MET, NOT_MET, UNKNOWN, Condition, Eligibility, TraineeRecord
from bot.rules.timeline import failed_out, passed, qualifying_return, return_rule, stage_dates


def _flag(value, cid: str, rule: str, yes: str, no: str, missing: str) -> Condition:
    if value is None:
        return Condition(cid, UNKNOWN, missing, rule)
    return Condition(cid, MET if value else NOT_MET, yes if value else no, rule)


def _overall(conditions: List[Condition]) -> str:
    statuses = {c.status for c in conditions}
    if NOT_MET in statuses:
        return NOT_MET
    if UNKNOWN in statuses:
        return UNKNOWN
    return MET


def _exam(record: TraineeRecord, exam: str, part: str, rule: str) -> Condition:
    cid = f"{exam}_{part}_passed"
    if passed(record, exam, part):
        return Condition(cid, MET, "passed", rule)
    if failed_out(record, exam, part):
        return Condition(cid, NOT_MET, "failed_twice", rule)
    pending = [e for e in record.exams if e.exam == exam and e.part == part and e.passed is None]
    if pending:
        return Condition(cid, UNKNOWN, "result_pending", rule, {"date": pending[-1].sat_on.isoformat()})
    fails = [e for e in record.exams if e.exam == exam and e.part == part and e.passed is False]
    return Condition(cid, NOT_MET, "retake_available" if fails else "not_taken_yet", rule)


def eligibility_ii(record: TraineeRecord, today: dt.date) -> Eligibility:
    rule = "act_2017_stage_lengths"
    conditions = [
        _flag(record.occupation_allows_ii, "occupation_allows_ii", "act_2017_stage_lengths",
              "transition_occupation", "occupation_i_only", "occupation_unknown"),
        _exam(record, "basic", "written", "exam_registration_deadlines"),
        _exam(record, "basic", "practical", "exam_registration_deadlines"),
    ]
    cut = params.rule("esd_cutoffs")
    if record.entry_date is not None and record.stage("i") is None and record.entry_date > cut["last_entry"]:
        # From 2027-04-01 the program takes no new entrants after 2027-06-30.
        conditions.append(Condition("entry_before_esd_cutoff", NOT_MET, "entry_after_esd_cutoff", "esd_cutoffs",
                                    {"date": cut["last_entry"].isoformat()}))
    if record.stage("ii") is not None:
        conditions.append(Condition("already_in_ii", MET, "already_in_ii", rule))
    elif record.entry_date is not None:
        end_i = stage_dates(record).i_end
        conditions.append(Condition("before_end_of_i", MET if today <= end_i else NOT_MET,
                                    "in_time" if today <= end_i else "stage_i_ended", rule,
                                    {"date": end_i.isoformat()}))
    return Eligibility("ii", _overall(conditions), tuple(conditions))


def eligibility_iii(record: TraineeRecord, today: dt.date) -> Eligibility:
    rule = "excellent_organizations_for_iii"
    conditions = [_exam(record, "grade3", "practical", "grade3_target")]
    if record.acceptance_type != "individual":
        conditions.append(_flag(record.so_excellent, "so_excellent", rule, "so_excellent", "so_not_excellent",
                                "so_unknown"))
    conditions += [
        _flag(record.employer_excellent, "employer_excellent", rule,
              "employer_excellent", "employer_not_excellent", "employer_unknown"),
        _flag(record.occupation_allows_iii, "occupation_allows_iii", rule,
              "occupation_iii", "occupation_not_iii", "occupation_unknown"),
        _flag(None if record.used_iii_before is None else not record.used_iii_before, "first_iii", rule,
              "first_iii", "iii_used_before", "iii_history_unknown"),
    ]
    if record.entry_date is not None:
        d = stage_dates(record)
        if d.ii_start is None:
            conditions.append(Condition("in_stage_ii", NOT_MET, d.ii_blocked or "no_stage_ii", rule))
        else:
            cut = params.rule("esd_cutoffs")["iii_needs_ii_months_by"]
            iii_start = d.iii_start or (d.ii_end + dt.timedelta(days=1))
            if iii_start >= cut["date"]:
                done = months_between(d.ii_start, cut["date"])
                ok = done >= cut["months"]
                conditions.append(Condition("esd_cutoff", MET if ok else NOT_MET,
                                            "ii_year_done_by_cutoff" if ok else "ii_year_not_done_by_cutoff",
                                            "esd_cutoffs", {"date": cut["date"].isoformat(),
                                                            "months_done": str(done)}))
            if qualifying_return(record, d):
                conditions.append(Condition("temporary_return", MET, "return_done", return_rule(d)))
            else:
                conditions.append(Condition("temporary_return", UNKNOWN, "return_to_schedule", return_rule(d),
                                            {"window_rule": return_rule(d)}))
    return Eligibility("iii", _overall(conditions), tuple(conditions))


def eligibility_ssw(record: TraineeRecord, today: dt.date) -> Eligibility:
    rule = "ssw_good_completion"
    conditions: List[Condition] = []
    if record.entry_date is None:
        conditions.append(Condition("entry_date", UNKNOWN, "entry_date_unknown", rule))
        return Eligibility("ssw", UNKNOWN, tuple(conditions))
    d = stage_dates(record)
    if d.ii_start is None:
        conditions.append(Condition("stage_ii", NOT_MET, d.ii_blocked or "no_stage_ii", rule))
        return Eligibility("ssw", NOT_MET, tuple(conditions))
    need = params.rule(rule)["min_training_months"]
    enough_on = add_months(d.i_start, need)
    conditions.append(Condition("training_months", MET if today >= enough_on else NOT_MET,
                                "enough_training" if today >= enough_on else "not_enough_training_yet", rule,
                                {"date": enough_on.isoformat(), "months": str(need)}))
    if passed(record, "grade3", "practical"):
        conditions.append(Condition("grade3_or_evaluation", MET, "grade3_passed", rule))
    else:
        conditions.append(Condition("grade3_or_evaluation", UNKNOWN, "evaluation_report_needed", rule))
    current_end = d.iii_end if record.stage("iii") is not None else d.ii_end
    finished = today > current_end if current_end else False
    conditions.append(Condition("plan_finished", MET if finished else NOT_MET,
                                "plan_finished" if finished else "finish_plan_first", rule,
                                {"date": current_end.isoformat() if current_end else ""}))
    return Eligibility("ssw", _overall(conditions), tuple(conditions))


def eligibility(record: TraineeRecord, today: dt.date) -> dict:
    return {
        "ii": eligibility_ii(record, today),
        "iii": eligibility_iii(record, today),
        "ssw": eligibility_ssw(record, today),
    }
