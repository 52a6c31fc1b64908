"""Every demo trainee's timeline and eligibility match the situation it demonstrates,
after a real migration and seed, on SQLite and on PostgreSQL."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from bot.records import models as m
from bot.records.convert import to_record
from bot.records.db import make_engine
from bot.records.migrate import upgrade
from bot.records.seed import load_demo_file, seed_demo
from bot.rules import eligibility, timeline
from bot.rules.timeline import next_deadline
from tests.databases import postgres_url

DEMO = load_demo_file()
TODAY = DEMO["today"]


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def db_url(request, tmp_path_factory):
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path_factory.mktemp('db') / 'titp.db'}"
    else:
        yield from postgres_url()


@pytest.fixture(scope="module")
def seeded(db_url):
    from sqlalchemy.orm import Session

    upgrade(db_url)
    engine = make_engine(db_url)
    with Session(engine, future=True) as s:
        seed_demo(s)
        seed_demo(s)   # idempotent: a second run must not duplicate anything
        s.commit()
    session = Session(engine, future=True)
    yield session
    session.close()
    engine.dispose()


def test_demo_covers_the_required_situations():
    assert len(DEMO["trainees"]) >= 30 and len(DEMO["supervising_organizations"]) + \
        len(DEMO["implementing_organizations"]) >= 3
    expectations = [t["expect"] for t in DEMO["trainees"]]
    for target in ("ii", "iii", "ssw"):
        assert {e[target] for e in expectations} >= {"met", "not_met"}, target
    assert any(e.get("overdue") for e in expectations)
    assert any("esd_cutoff" in (e.get("reasons") or {}) for e in expectations)
    assert any(t.get("operation") is None for t in DEMO["trainees"])


def test_seeding_twice_does_not_duplicate(seeded):
    assert seeded.execute(select(func.count()).select_from(m.Trainee)).scalar_one() == len(DEMO["trainees"])
    assert seeded.execute(select(func.count()).select_from(m.StagePeriod)).scalar_one() == \
        sum(len(t.get("stages") or []) for t in DEMO["trainees"])


@pytest.mark.parametrize("spec", DEMO["trainees"], ids=[t["number"] for t in DEMO["trainees"]])
def test_demo_trainee(seeded, spec):
    trainee = seeded.execute(select(m.Trainee).where(m.Trainee.trainee_number == spec["number"])).scalar_one()
    record = to_record(trainee)
    expect = spec["expect"]
    result = eligibility(record, TODAY)
    for target in ("ii", "iii", "ssw"):
        assert result[target].status == expect[target], (target, result[target])
    reasons = {c.id: c.reason for e in result.values() for c in e.conditions}
    for cid, reason in (expect.get("reasons") or {}).items():
        assert reasons.get(cid) == reason, (cid, reasons.get(cid))
    milestones = {ms.id: ms for ms in timeline(record, TODAY)}
    if expect.get("timeline") == "empty":
        assert milestones == {}
    for mid in expect.get("overdue") or []:
        assert milestones[mid].status == "overdue", milestones[mid]
    for mid in expect.get("not_applicable") or []:
        assert milestones[mid].status == "not_applicable", milestones[mid]
    if "next" in expect:
        assert next_deadline(record, TODAY).id == expect["next"]


def test_the_transition_list_is_in_the_database(seeded):
    import yaml
    from bot.records.seed import OCCUPATIONS_FILE

    listed = yaml.safe_load(OCCUPATIONS_FILE.read_text(encoding="utf-8"))["counts_listed"]
    assert seeded.execute(select(func.count()).select_from(m.Occupation)).scalar_one() >= listed["occupations"]
    assert seeded.execute(select(func.count()).select_from(m.Operation)).scalar_one() >= listed["operations"]
    pickles = seeded.execute(select(m.Operation).where(m.Operation.name_ja == "農産物漬物製造")).scalar_one()
    assert pickles.allows_ii and not pickles.allows_iii
