"""The dated rules engine: table tests for typical situations and property tests for invariants."""
from __future__ import annotations

import datetime as dt

from hypothesis import given, settings, strategies as st

from bot.rules import eligibility, timeline
from bot.rules.dates import add_months
from bot.rules.model import (
    DONE, MET, NOT_APPLICABLE, NOT_MET, OVERDUE, UNKNOWN, UPCOMING, ExamResult, StagePeriod, TraineeRecord,
)
from bot.rules.params import all_rules
from bot.rules.timeline import next_deadline

D = dt.date
TODAY = D(2026, 11, 24)


def by_id(record, today=TODAY):
    return {m.id: m for m in timeline(record, today)}


def ok_org(**kw):
    base = dict(occupation_allows_ii=True, occupation_allows_iii=True, so_excellent=True,
                employer_excellent=True, pre_entry_training=True)
    base.update(kw)
    return base


def passed_basic(day):
    return (ExamResult("basic", "written", day, True), ExamResult("basic", "practical", day, True))


def test_every_rule_has_a_source_and_an_effective_date():
    for rid, r in all_rules().items():
        assert isinstance(r["effective"], dt.date) and r["source"], rid


def test_new_first_year_trainee():
    r = TraineeRecord(entry_date=D(2026, 6, 1), **ok_org())
    m = by_id(r)
    assert m["lectures_end"].date == D(2026, 7, 1) and m["lectures_end"].status == DONE
    assert m["end_of_i"].date == D(2027, 5, 31)
    assert m["basic_exam_registration"].date == D(2026, 12, 1) and m["basic_exam_registration"].status == UPCOMING
    assert (m["basic_exam_window"].date, m["basic_exam_window"].end) == (D(2027, 1, 1), D(2027, 3, 1))
    assert m["basic_exam_window"].check_with_so   # the sources disagree on timing
    assert (m["plan_ii_filing"].date, m["plan_ii_filing"].end) == (D(2026, 12, 1), D(2027, 3, 1))
    assert m["end_of_ii"].date == D(2029, 5, 31)
    assert m["grade3_exam_registration"].date == D(2028, 6, 1)
    assert m["earliest_ssw"].date == D(2029, 4, 1)
    assert next_deadline(r, TODAY).id == "basic_exam_registration"
    e = eligibility(r, TODAY)["ii"]
    assert e.status == NOT_MET and {c.reason for c in e.conditions} >= {"not_taken_yet"}


def test_without_pre_entry_training_lectures_take_two_months():
    r = TraineeRecord(entry_date=D(2026, 6, 1), **ok_org(pre_entry_training=False))
    assert by_id(r)["lectures_end"].date == D(2026, 8, 1)


def test_missed_registration_deadline_is_overdue():
    r = TraineeRecord(entry_date=D(2026, 1, 10), **ok_org())
    m = by_id(r)
    assert m["basic_exam_registration"].date == D(2026, 7, 10)
    assert m["basic_exam_registration"].status == OVERDUE


def test_occupation_limited_to_stage_i():
    r = TraineeRecord(entry_date=D(2026, 6, 1), **ok_org(occupation_allows_ii=False))
    m = by_id(r)
    assert m["plan_ii_filing"].status == NOT_APPLICABLE and m["plan_ii_filing"].note == "occupation_i_only"
    assert m["basic_exam_registration"].status == NOT_APPLICABLE
    assert eligibility(r, TODAY)["ii"].status == NOT_MET
    assert eligibility(r, TODAY)["ssw"].status == NOT_MET


def test_basic_exam_failed_twice_means_no_stage_ii():
    fails = (ExamResult("basic", "practical", D(2026, 8, 1), False, 1),
             ExamResult("basic", "practical", D(2026, 10, 1), False, 2))
    r = TraineeRecord(entry_date=D(2025, 12, 1), exams=fails, **ok_org())
    assert by_id(r)["end_of_ii"].status == NOT_APPLICABLE
    e = eligibility(r, TODAY)["ii"]
    assert e.status == NOT_MET
    assert [c.reason for c in e.conditions if c.id == "basic_practical_passed"] == ["failed_twice"]


def test_basic_exam_passed_on_retake():
    exams = (ExamResult("basic", "written", D(2026, 8, 1), True, 1),
             ExamResult("basic", "practical", D(2026, 8, 1), False, 1),
             ExamResult("basic", "practical", D(2026, 10, 1), True, 2))
    r = TraineeRecord(entry_date=D(2025, 12, 1), exams=exams, **ok_org())
    assert eligibility(r, TODAY)["ii"].status == MET
    assert by_id(r)["basic_exam_window"].status == DONE


def test_one_failure_leaves_a_retake():
    exams = (ExamResult("basic", "practical", D(2026, 10, 1), False, 1),)
    r = TraineeRecord(entry_date=D(2025, 12, 1), exams=exams, **ok_org())
    reasons = {c.id: c.reason for c in eligibility(r, TODAY)["ii"].conditions}
    assert reasons["basic_practical_passed"] == "retake_available"


def test_pending_result_is_unknown():
    exams = passed_basic(D(2026, 9, 1))[:1] + (ExamResult("basic", "practical", D(2026, 11, 20), None),)
    r = TraineeRecord(entry_date=D(2025, 12, 1), exams=exams, **ok_org())
    assert eligibility(r, TODAY)["ii"].status == UNKNOWN


def stage_ii_trainee(ii_start, **kw):
    entry = add_months(ii_start, -12)
    stages = (StagePeriod("i", entry, ii_start - dt.timedelta(days=1)),
              StagePeriod("ii", ii_start, add_months(ii_start, 24) - dt.timedelta(days=1)))
    return TraineeRecord(entry_date=entry, stages=stages, exams=passed_basic(add_months(entry, 8)), **ok_org(**kw))


def test_stage_ii_with_a_year_done_before_2027_can_reach_iii():
    r = stage_ii_trainee(D(2025, 6, 1))   # moves to 3号 on 2027-06-01, after the cut-off date
    r = TraineeRecord(**{**r.__dict__, "exams": r.exams + (ExamResult("grade3", "practical", D(2026, 9, 1), True),)})
    e = eligibility(r, TODAY)["iii"]
    reasons = {c.id: c.status for c in e.conditions}
    assert reasons["esd_cutoff"] == MET and reasons["grade3_practical_passed"] == MET
    assert e.status == UNKNOWN   # the temporary return home is still to be scheduled
    m = by_id(r)
    assert m["return_home_window"].rule == "return_home_before_or_during_iii"
    assert (m["return_home_window"].date, m["return_home_window"].end) == (D(2027, 5, 31), D(2028, 6, 1))


def test_moving_to_iii_before_2027_04_01_is_not_subject_to_the_cutoff():
    r = stage_ii_trainee(D(2025, 3, 1))   # 2号 ends 2027-02-28
    assert "esd_cutoff" not in {c.id for c in eligibility(r, TODAY)["iii"].conditions}


def test_stage_ii_started_too_late_for_the_2027_cutoff():
    r = stage_ii_trainee(D(2026, 6, 1))
    reasons = {c.id: c.reason for c in eligibility(r, TODAY)["iii"].conditions}
    assert reasons["esd_cutoff"] == "ii_year_not_done_by_cutoff"
    assert eligibility(r, TODAY)["iii"].status == NOT_MET


def test_not_excellent_supervising_organization_blocks_iii():
    r = stage_ii_trainee(D(2025, 3, 1), so_excellent=False)
    e = eligibility(r, TODAY)["iii"]
    assert e.status == NOT_MET and any(c.reason == "so_not_excellent" for c in e.conditions)


def test_unknown_employer_status_is_unknown_not_guessed():
    r = stage_ii_trainee(D(2025, 3, 1), employer_excellent=None)
    assert any(c.status == UNKNOWN and c.reason == "employer_unknown" for c in eligibility(r, TODAY)["iii"].conditions)


def test_return_rule_before_2019_change():
    r = TraineeRecord(entry_date=D(2016, 2, 1), **ok_org())   # pre-Act: no 3号 at all
    assert by_id(r)["end_of_iii"].note == "before_2017_act"
    stages = (StagePeriod("i", D(2016, 6, 1), D(2017, 5, 31)), StagePeriod("ii", D(2017, 6, 1), D(2019, 5, 31)),
              StagePeriod("iii", D(2019, 6, 1), D(2021, 5, 31)))
    before = TraineeRecord(entry_date=D(2016, 6, 1), stages=stages, **ok_org())
    window = by_id(before)["return_home_window"]
    assert window.rule == "return_home_before_iii" and window.end == D(2019, 6, 1)
    after = stage_ii_trainee(D(2017, 11, 1))   # 3号 would start 2019-11-01
    assert by_id(after)["return_home_window"].rule == "return_home_before_or_during_iii"


def test_temporary_return_of_a_month_is_recorded_as_done():
    r = stage_ii_trainee(D(2024, 4, 1))
    r = TraineeRecord(**{**r.__dict__, "temporary_returns": ((D(2026, 4, 1), D(2026, 5, 5)),)})
    assert by_id(r)["return_home_window"].status == DONE


def test_ssw_after_completing_stage_ii_with_grade3():
    r = stage_ii_trainee(D(2024, 4, 1))
    r = TraineeRecord(**{**r.__dict__, "exams": r.exams + (ExamResult("grade3", "practical", D(2025, 9, 1), True),)})
    e = eligibility(r, TODAY)["ssw"]
    assert e.status == MET


def test_ssw_mid_plan_is_not_yet():
    r = stage_ii_trainee(D(2025, 11, 1))
    e = eligibility(r, TODAY)["ssw"]
    reasons = {c.id: c.reason for c in e.conditions}
    assert e.status == NOT_MET and reasons["plan_finished"] == "finish_plan_first"


def test_no_entry_date_gives_no_timeline_and_unknown_ssw():
    r = TraineeRecord(entry_date=None)
    assert timeline(r, TODAY) == []
    assert eligibility(r, TODAY)["ssw"].status == UNKNOWN


entry_dates = st.dates(min_value=D(2017, 11, 1), max_value=D(2027, 6, 30))


@settings(max_examples=200, deadline=None)
@given(entry=entry_dates, today=st.dates(min_value=D(2017, 1, 1), max_value=D(2033, 1, 1)),
       pre=st.booleans(), allows_iii=st.booleans())
def test_no_milestone_before_entry_and_i_plus_ii_within_three_years(entry, today, pre, allows_iii):
    r = TraineeRecord(entry_date=entry, **ok_org(pre_entry_training=pre, occupation_allows_iii=allows_iii))
    ms = timeline(r, today)
    assert ms and all(m.date >= entry for m in ms)
    end_ii = {m.id: m for m in ms}["end_of_ii"].date
    assert end_ii < add_months(entry, 36)
    for m in ms:
        if m.status == OVERDUE:
            assert today > (m.end or m.date)
        if m.end is not None:
            assert m.end >= m.date


@settings(max_examples=200, deadline=None)
@given(entry=entry_dates, shift=st.integers(min_value=1, max_value=400), today=st.dates(min_value=D(2017, 1, 1),
                                                                                        max_value=D(2033, 1, 1)))
def test_deadlines_move_with_the_entry_date(entry, shift, today):
    later = entry + dt.timedelta(days=shift)
    a = {m.id: m for m in timeline(TraineeRecord(entry_date=entry, **ok_org(occupation_allows_iii=False)), today)}
    b = {m.id: m for m in timeline(TraineeRecord(entry_date=later, **ok_org(occupation_allows_iii=False)), today)}
    for mid in a.keys() & b.keys():
        if a[mid].status != NOT_APPLICABLE and b[mid].status != NOT_APPLICABLE:
            assert a[mid].date <= b[mid].date, mid


def test_entry_after_the_2027_entry_cutoff_is_not_possible():
    r = TraineeRecord(entry_date=D(2027, 7, 1), **ok_org())
    reasons = {c.id: c.reason for c in eligibility(r, TODAY)["ii"].conditions}
    assert reasons["entry_before_esd_cutoff"] == "entry_after_esd_cutoff"
    ok = TraineeRecord(entry_date=D(2027, 6, 30), **ok_org())
    assert "entry_before_esd_cutoff" not in {c.id for c in eligibility(ok, TODAY)["ii"].conditions}
