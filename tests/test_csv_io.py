"""CSV import and export: validated per cell, all-or-nothing, BOM-tolerant, round-trips."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.records import csv_io
from bot.records import models as m
from tests.databases import seeded_engine

HEADER = ",".join(csv_io.COLUMNS)


def row(**over):
    base = dict(trainee_number="T-2001", name="Do Thi Hoa", nationality="vn", date_of_birth="2003/05/06",
                preferred_language="vi", acceptance_type="ロ", supervising_org_code="SO-SAKURA",
                implementing_org_code="IO-KAWA", operation="溶接/手溶接", entry_date="2026-07-01",
                pre_entry_training="yes", stage_i_start="2026-07-01", stage_i_expiry="2027-06-30",
                exams="basic/written/2027-02-01/pass/1;basic/practical/2027-02-01/pending/1",
                temporary_returns="", used_iii_before="no")
    base.update(over)
    return ",".join(str(base.get(c, "")) for c in csv_io.COLUMNS)


@pytest.fixture()
def s(tmp_path):
    engine = seeded_engine(f"sqlite:///{tmp_path / 'titp.db'}")
    with Session(engine, future=True) as session:
        yield session
    engine.dispose()


def count(s):
    return s.execute(select(func.count()).select_from(m.Trainee)).scalar_one()


@pytest.mark.parametrize("bom", [b"", b"\xef\xbb\xbf"])
def test_valid_rows_import_with_or_without_bom(s, bom):
    data = bom + (HEADER + "\n" + row() + "\n" + row(trainee_number="T-2002", operation="") + "\n").encode()
    counts, errors = csv_io.import_trainees(s, data)
    assert errors == [] and counts == {"created": 2, "updated": 0}
    t = s.execute(select(m.Trainee).where(m.Trainee.trainee_number == "T-2001")).scalar_one()
    assert t.nationality == "VN" and t.acceptance_type == "supervising" and str(t.date_of_birth) == "2003-05-06"
    assert [e.result for e in t.exams] == ["pass", "pending"] and t.operation.name_ja == "手溶接"


def test_any_bad_row_means_nothing_is_written_and_every_problem_is_named(s):
    before = count(s)
    data = (HEADER + "\n" + row() + "\n"
            + row(trainee_number="T-2002", date_of_birth="12/31/2001", implementing_org_code="IO-NOPE") + "\n"
            + row(trainee_number="T-2001") + "\n"
            + row(trainee_number="T-2004", exams="basic/oral/2026-01-01/pass/1",
                  stage_i_expiry="2026-01-01") + "\n").encode()
    counts, errors = csv_io.import_trainees(s, data)
    assert counts is None and count(s) == before
    found = {(e.line, e.column) for e in errors}
    assert {(3, "date_of_birth"), (3, "implementing_org_code"), (4, "trainee_number"), (5, "exams"),
            (5, "stage_i_expiry")} <= found
    assert all(str(e).startswith(f"line {e.line}, column ") for e in errors)


def test_reimport_updates_by_trainee_number(s):
    csv_io.import_trainees(s, (HEADER + "\n" + row() + "\n").encode())
    counts, errors = csv_io.import_trainees(s, (HEADER + "\n" + row(name="Do Thi Hoa (updated)") + "\n").encode())
    assert errors == [] and counts == {"created": 0, "updated": 1}
    names = s.execute(select(m.Trainee.name).where(m.Trainee.trainee_number == "T-2001")).scalars().all()
    assert names == ["Do Thi Hoa (updated)"]


def test_export_then_import_round_trips(s):
    first = csv_io.export_trainees(s)
    counts, errors = csv_io.import_trainees(s, first.encode("utf-8"))
    assert errors == [] and counts["created"] == 0 and counts["updated"] == count(s)
    assert csv_io.export_trainees(s) == first


@pytest.mark.parametrize("data,reason", [
    (b"\xff\xfe\x00garbage", "not UTF-8"),
    (b"name,nationality\nX,VN\n", "required column is missing"),
    ((HEADER + "\n" + row(trainee_number="'; DROP TABLE trainees; --") + "\n").encode(), "use letters"),
    ((HEADER + "\n" + row(name="x" * 600) + "\n").encode(), "longer than"),
])
def test_hostile_or_broken_files_get_clear_errors(s, data, reason):
    counts, errors = csv_io.import_trainees(s, data)
    assert counts is None and any(reason in e.reason for e in errors)
    assert count(s) == 30
