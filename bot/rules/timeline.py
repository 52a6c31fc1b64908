"""A trainee's timeline: each milestone with its date, status and the rule behind it.

Recorded dates (stage start and expiry) win over planned ones; planned dates
follow rules.yml. Pure: the same record and `today` always give the same result.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import List, Optional

from bot.rules import params
from bot.rules.dates import add_months, months_between
from bot.rules.model import (
    DONE, NOT_APPLICABLE, OVERDUE, UPCOMING, Milestone, TraineeRecord,
)

DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class StageDates:
    """Actual or planned start and end of each stage; None where the stage cannot happen."""
    i_start: dt.date
    i_end: dt.date
    ii_start: Optional[dt.date]
    ii_end: Optional[dt.date]
    iii_start: Optional[dt.date]
    iii_end: Optional[dt.date]
    ii_blocked: str = ""     # why there is no 2号, as a reason code
    iii_blocked: str = ""    # why there is no 3号, as a reason code


def failed_out(record: TraineeRecord, exam: str, part: str = "practical") -> bool:
    """Two failed attempts at this part (one retake allowed)."""
    fails = [e for e in record.exams if e.exam == exam and e.part == part and e.passed is False]
    return len(fails) >= 2


def passed(record: TraineeRecord, exam: str, part: str) -> bool:
    return any(e.exam == exam and e.part == part and e.passed for e in record.exams)


def stage_lengths(on: dt.date) -> dict:
    rule_id = params.first_applying(["act_2017_stage_lengths", "pre_act_stage_lengths"], on)
    return params.rule(rule_id or "act_2017_stage_lengths")


def stage_dates(record: TraineeRecord) -> StageDates:
    entry = record.entry_date
    lengths = stage_lengths(entry)
    months = lengths["stage_months"]
    cap_end = add_months(entry, lengths["max_i_plus_ii_months"]) - DAY

    s_i = record.stage("i")
    i_start = record.first_start("i") or entry
    i_end = s_i.expiry if s_i else add_months(i_start, months["i"]) - DAY

    ii_blocked = ""
    s_ii = record.stage("ii")
    if s_ii:
        ii_start, ii_end = record.first_start("ii"), s_ii.expiry
    else:
        if record.occupation_allows_ii is False:
            ii_blocked = "occupation_i_only"
        elif failed_out(record, "basic", "written") or failed_out(record, "basic", "practical"):
            ii_blocked = "basic_exam_failed_twice"
        ii_start = None if ii_blocked else i_end + DAY
        ii_end = None if ii_blocked else min(add_months(ii_start, months["ii"]) - DAY, cap_end)

    iii_blocked = ""
    s_iii = record.stage("iii")
    if s_iii:
        iii_start, iii_end = record.first_start("iii"), s_iii.expiry
    else:
        if ii_start is None:
            iii_blocked = "no_stage_ii"
        elif "iii" not in months:
            iii_blocked = "before_2017_act"
        elif record.occupation_allows_iii is False:
            iii_blocked = "occupation_not_iii"
        elif failed_out(record, "grade3", "practical"):
            iii_blocked = "grade3_failed_twice"
        elif record.used_iii_before:
            iii_blocked = "iii_used_before"
        elif esd_blocks_iii(ii_start, ii_end + DAY):
            iii_blocked = "esd_cutoff"
        iii_start = None if iii_blocked else ii_end + DAY
        iii_end = None if iii_blocked else add_months(iii_start, months["iii"]) - DAY + _return_days_in(record, iii_start)
    return StageDates(i_start, i_end, ii_start, ii_end, iii_start, iii_end, ii_blocked, iii_blocked)


def esd_blocks_iii(ii_start: dt.date, iii_start: dt.date) -> bool:
    """From 2027-04-01, 3号 needs at least 12 months of 2号 done by then."""
    cut = params.rule("esd_cutoffs")["iii_needs_ii_months_by"]
    if iii_start < cut["date"]:
        return False
    return months_between(ii_start, cut["date"]) < cut["months"]


def _return_days_in(record: TraineeRecord, iii_start: dt.date) -> dt.timedelta:
    """Time spent on the temporary return inside 3号 does not count toward 3号."""
    total = dt.timedelta(0)
    for left, back in record.temporary_returns:
        if left >= iii_start:
            total += back - left
    return total


def qualifying_return(record: TraineeRecord, dates: StageDates) -> bool:
    if dates.ii_end is None:
        return False
    rule_id = return_rule(dates)
    min_months = params.rule(rule_id)["min_months"]
    latest = dates.iii_start if rule_id == "return_home_before_iii" else add_months(dates.iii_start or dates.ii_end, 12)
    for left, back in record.temporary_returns:
        # The trip starts once 2号 has ended: between 2号 and 3号, or (from 2019-09-06) in 3号's first year.
        if left >= dates.ii_end and left <= latest and add_months(left, min_months) <= back:
            return True
    return False


def return_rule(dates: StageDates) -> str:
    on = dates.iii_start or dates.ii_end or dates.i_end
    return params.first_applying(["return_home_before_or_during_iii", "return_home_before_iii"], on) \
        or "return_home_before_iii"


def _status(today: dt.date, day: dt.date, done: bool, deadline: bool) -> str:
    if done:
        return DONE
    if today > day:
        return OVERDUE if deadline else DONE
    return UPCOMING


def timeline(record: TraineeRecord, today: dt.date) -> List[Milestone]:
    if record.entry_date is None:
        return []
    d = stage_dates(record)
    reg = params.rule("exam_registration_deadlines")["months_before_stage_end"]
    out: List[Milestone] = []

    def add(mid, day, status, rule, end=None, note=""):
        out.append(Milestone(mid, day, status, rule, end=end, note=note,
                             check_with_so=bool(params.rule(rule).get("conflict"))))

    def na(mid, day, rule, note):
        out.append(Milestone(mid, day, NOT_APPLICABLE, rule, note=note))

    lecture = params.rule("lectures")
    lecture_months = lecture["months_with_pre_entry_training"] if record.pre_entry_training \
        else lecture["months_without_pre_entry_training"]
    lectures_end = add_months(record.entry_date, lecture_months)
    add("lectures_end", lectures_end, _status(today, lectures_end, False, False), "lectures",
        note="" if record.pre_entry_training is not None else "pre_entry_training_unknown")

    has_ii_record = record.stage("ii") is not None
    has_iii_record = record.stage("iii") is not None
    basic_done = passed(record, "basic", "written") and passed(record, "basic", "practical")

    basic_reg = add_months(d.i_end + DAY, -reg["basic"])
    if d.ii_start is None and not has_ii_record:
        na("basic_exam_registration", basic_reg, "exam_registration_deadlines", d.ii_blocked)
    else:
        sat = any(e.exam == "basic" for e in record.exams) or has_ii_record
        add("basic_exam_registration", basic_reg, _status(today, basic_reg, sat, True), "exam_registration_deadlines")
        window = params.rule("basic_exam_window")
        w_start = add_months(d.i_start, window["from_month"])
        w_end = add_months(d.i_start, window["to_month"])
        add("basic_exam_window", w_start, _status(today, w_end, basic_done or has_ii_record, True),
            "basic_exam_window", end=w_end)

    add("end_of_i", d.i_end, _status(today, d.i_end, False, False), "act_2017_stage_lengths")

    if d.ii_start is None:
        na("plan_ii_filing", d.i_end, "plan_filing_ii", d.ii_blocked)
        na("end_of_ii", d.i_end, "act_2017_stage_lengths", d.ii_blocked)
    else:
        p = params.rule("plan_filing_ii")
        p_start = add_months(d.ii_start, -p["earliest_months_before_start"])
        p_end = add_months(d.ii_start, -p["latest_months_before_start"])
        add("plan_ii_filing", p_start, _status(today, p_end, has_ii_record, True), "plan_filing_ii", end=p_end)
        add("status_change_ii", d.i_end, _status(today, d.i_end, has_ii_record, True), "plan_filing_ii")
        add("end_of_ii", d.ii_end, _status(today, d.ii_end, False, False), "act_2017_stage_lengths")
        g3_reg = add_months(d.ii_end + DAY, -reg["grade3"])
        sat3 = any(e.exam == "grade3" for e in record.exams) or has_iii_record
        add("grade3_exam_registration", g3_reg, _status(today, g3_reg, sat3, True), "exam_registration_deadlines")
        ssw = add_months(d.i_start, params.rule("ssw_good_completion")["min_training_months"])
        add("earliest_ssw", ssw, _status(today, ssw, False, False), "ssw_good_completion")

    if d.iii_start is None:
        na("plan_iii_filing", d.ii_end or d.i_end, "plan_filing_iii", d.iii_blocked)
        na("return_home_window", d.ii_end or d.i_end, "return_home_before_or_during_iii", d.iii_blocked)
        na("end_of_iii", d.ii_end or d.i_end, "act_2017_stage_lengths", d.iii_blocked)
    else:
        g3 = add_months(d.ii_end + DAY, -params.rule("grade3_target")["pass_by_months_before_end_of_ii"])
        add("grade3_pass_target", g3, _status(today, g3, passed(record, "grade3", "practical"), True), "grade3_target")
        p = params.rule("plan_filing_iii")
        p_start = add_months(d.iii_start, -p["earliest_months_before_start"])
        p_end = add_months(d.ii_end + DAY, -p["latest_months_before_end_of_ii"])
        add("plan_iii_filing", p_start, _status(today, p_end, has_iii_record, True), "plan_filing_iii", end=p_end)
        rule_id = return_rule(d)
        w_end = d.iii_start if rule_id == "return_home_before_iii" else add_months(d.iii_start, 12)
        add("return_home_window", d.ii_end, _status(today, w_end, qualifying_return(record, d), True), rule_id,
            end=w_end)
        add("end_of_iii", d.iii_end, _status(today, d.iii_end, False, False), "act_2017_stage_lengths")
        g2_reg = add_months(d.iii_end + DAY, -reg["grade2"])
        sat2 = any(e.exam == "grade2" for e in record.exams)
        add("grade2_exam_registration", g2_reg, _status(today, g2_reg, sat2, True), "exam_registration_deadlines")

    return sorted(out, key=lambda m: (m.date, m.id))


def next_deadline(record: TraineeRecord, today: dt.date) -> Optional[Milestone]:
    """The earliest milestone still to do (upcoming), if any."""
    upcoming = [m for m in timeline(record, today) if m.status == UPCOMING and (m.end or m.date) >= today]
    return min(upcoming, key=lambda m: m.end or m.date) if upcoming else None
