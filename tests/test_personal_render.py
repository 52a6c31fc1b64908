"""A trainee's own timeline and eligibility in words, in English and Japanese."""
from __future__ import annotations

import datetime as dt

import pytest

from bot.knowledge.personal import render_eligibility, render_timeline
from bot.records.seed import load_demo_file
from bot.rules import eligibility, timeline
from bot.rules.model import CONDITION_IDS, MILESTONE_IDS, REASON_CODES, TraineeRecord
from tests.test_rules import stage_ii_trainee

DEMO = load_demo_file()
TODAY = DEMO["today"]


def demo_records():
    """Rules records for every demo trainee, built without a database."""
    from bot.rules.model import ExamResult, StagePeriod
    ops = {o["key"]: o for o in DEMO["operations"]}
    so_licence = {o["code"]: o["licence"] for o in DEMO["supervising_organizations"]}
    io_excellent = {o["code"]: o["excellent"] for o in DEMO["implementing_organizations"]}
    for t in DEMO["trainees"]:
        op = ops.get(t.get("operation"))
        yield t["number"], TraineeRecord(
            entry_date=t.get("entry"), pre_entry_training=t.get("pre_entry_training"),
            stages=tuple(StagePeriod(*s) for s in t.get("stages") or []),
            exams=tuple(ExamResult(e, p, d, {"pass": True, "fail": False, "pending": None}[r], n)
                        for e, p, d, r, n in t.get("exams") or []),
            temporary_returns=tuple(tuple(r) for r in t.get("returns") or []),
            occupation_allows_ii=op["ii"] if op else False, occupation_allows_iii=op["iii"] if op else False,
            so_excellent=(so_licence[t["so"]] == "general") if t.get("so") else None,
            employer_excellent=io_excellent[t["io"]], used_iii_before=bool(t.get("used_iii_before")),
            acceptance_type=t.get("acceptance", "supervising"))


def test_the_engine_only_returns_ids_and_codes_that_have_words():
    seen_m, seen_c, seen_r = set(), set(), set()
    for _, record in demo_records():
        for m in timeline(record, TODAY):
            seen_m.add(m.id)
            if m.note:
                seen_r.add(m.note)
        for e in eligibility(record, TODAY).values():
            for c in e.conditions:
                seen_c.add(c.id)
                seen_r.add(c.reason)
    assert seen_m <= set(MILESTONE_IDS) and seen_c <= set(CONDITION_IDS) and seen_r <= set(REASON_CODES)
    assert seen_m == set(MILESTONE_IDS)   # the demo data exercises every milestone


@pytest.mark.parametrize("code", ["en", "ja"])
def test_every_demo_trainee_renders_in_both_languages(kb, code):
    for number, record in demo_records():
        text = render_timeline(kb, code, timeline(record, TODAY), TODAY, include_not_applicable=True)
        for e in eligibility(record, TODAY).values():
            text += "\n" + render_eligibility(kb, code, e, TODAY)
        assert "{" not in text and "}" not in text, number


def test_english_timeline_reads_as_expected(kb):
    record = TraineeRecord(entry_date=dt.date(2026, 6, 1), pre_entry_training=True, occupation_allows_ii=True,
                           occupation_allows_iii=True, so_excellent=True, employer_excellent=True)
    text = render_timeline(kb, "en", timeline(record, TODAY), TODAY)
    assert text.splitlines()[0] == "Your timeline as of 2026-11-24:"
    assert "- 2026-12-01: Basic grade exam (基礎級): last day to register on OTIT's exam site (coming up)" in text
    assert "2027-01-01 to 2027-03-01: Basic grade exam: target months" in text and "check with your supervising" in text


def test_japanese_eligibility_uses_japanese_dates_and_words(kb):
    record = stage_ii_trainee(dt.date(2026, 6, 1))
    text = render_eligibility(kb, "ja", eligibility(record, TODAY)["iii"], TODAY)
    assert text.startswith("2026年11月24日時点の条件：")
    assert "**3号への移行**: 現時点では満たしていません。" in text
    assert "2027年4月1日までに2号10か月" in text


def test_a_language_without_a_file_falls_back_to_english(tmp_path):
    import shutil

    from bot.knowledge.loader import read
    from tests.conftest import ROOT

    shutil.copytree(ROOT / "bot" / "knowledge", tmp_path / "knowledge")
    (tmp_path / "knowledge" / "lang" / "vi.yml").unlink()
    kb = read(tmp_path / "knowledge")
    record = stage_ii_trainee(dt.date(2025, 6, 1))
    assert render_eligibility(kb, "vi", eligibility(record, TODAY)["ii"], TODAY) == \
        render_eligibility(kb, "en", eligibility(record, TODAY)["ii"], TODAY)
