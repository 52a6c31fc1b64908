"""Loads bot/records/demo.yml into the database. Idempotent: re-running updates in place."""
from __future__ import annotations

from pathlib import Path
from typing import Dict

import yaml
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.records import models as m

DEMO_FILE = Path(__file__).with_name("demo.yml")
OCCUPATIONS_FILE = Path(__file__).resolve().parent.parent / "knowledge" / "occupations.yml"


def load_demo_file(path: Path = DEMO_FILE) -> dict:
    with path.open(encoding="utf-8") as f:
        return yaml.safe_load(f)


def _upsert(s: Session, model, key: str, value, **fields):
    row = s.execute(select(model).where(getattr(model, key) == value)).scalar_one_or_none()
    if row is None:
        row = model(**{key: value})
        s.add(row)
    for name, v in fields.items():
        setattr(row, name, v)
    return row


def _operation(s: Session, field: str, occ_ja: str, occ_en: str, op_ja: str) -> m.Operation:
    occ = s.execute(select(m.Occupation).where(m.Occupation.name_ja == occ_ja)).scalar_one_or_none()
    if occ is None:
        occ = m.Occupation(field=field, name_ja=occ_ja, name_en=occ_en)
        s.add(occ)
    op = s.execute(select(m.Operation).where(m.Operation.name_ja == op_ja,
                                             m.Operation.occupation == occ)).scalar_one_or_none()
    if op is None:
        op = m.Operation(occupation=occ, name_ja=op_ja)
        s.add(op)
    return op


def seed_occupations(s: Session, path: Path = OCCUPATIONS_FILE) -> int:
    """Loads the transition occupation list (bot/knowledge/occupations.yml) into the database."""
    with path.open(encoding="utf-8") as f:
        data = yaml.safe_load(f)
    count = 0
    for field in data["fields"]:
        for occ in field["occupations"]:
            for raw in occ["operations"]:
                op = _operation(s, field["en"], occ["ja"], occ["en"], raw["ja"])
                op.name_en, op.allows_ii, op.allows_iii = raw["en"], raw["ii"], raw["iii"]
                op.aliases = "\n".join(raw.get("aliases") or [])
                count += 1
    s.flush()
    return count


def seed_demo(s: Session, data: dict = None) -> Dict[str, int]:
    data = data or load_demo_file()
    operations_listed = seed_occupations(s)
    sos = {o["code"]: _upsert(s, m.SupervisingOrganization, "code", o["code"], name=o["name"], licence=o["licence"])
           for o in data["supervising_organizations"]}
    s.flush()
    ios = {o["code"]: _upsert(s, m.ImplementingOrganization, "code", o["code"], name=o["name"],
                              excellent=o["excellent"], supervising_organization=sos.get(o["so"]))
           for o in data["implementing_organizations"]}
    ops: Dict[str, m.Operation] = {}
    for o in data["operations"]:   # demo operations reuse the listed ones when the names match
        op = _operation(s, o["field"], o["occupation_ja"], o["occupation_en"], o["ja"])
        if op.allows_ii is None:   # not on the list: a demo-only operation
            op.name_en, op.allows_ii, op.allows_iii = o["en"], o["ii"], o["iii"]
            op.aliases = "\n".join(o.get("aliases") or [])
        ops[o["key"]] = op
    s.flush()
    for t in data["trainees"]:
        row = _upsert(
            s, m.Trainee, "trainee_number", t["number"], name=t["name"], nationality=t["nationality"],
            date_of_birth=t["dob"], preferred_language=t.get("language", "en"),
            acceptance_type=t.get("acceptance", "supervising"), supervising_organization=sos.get(t.get("so")),
            implementing_organization=ios[t["io"]], operation=ops.get(t.get("operation")),
            entry_date=t.get("entry"), pre_entry_training=t.get("pre_entry_training"),
            used_iii_before=bool(t.get("used_iii_before", False)),
        )
        row.stages = [m.StagePeriod(stage=a, start=b, expiry=c) for a, b, c in t.get("stages") or []]
        row.exams = [m.ExamRecord(exam=e, part=p, sat_on=d, result=r, attempt=n)
                     for e, p, d, r, n in t.get("exams") or []]
        row.temporary_returns = [m.TemporaryReturn(left_on=a, returned_on=b) for a, b in t.get("returns") or []]
    s.flush()
    return {"supervising_organizations": len(sos), "implementing_organizations": len(ios),
            "listed operations": operations_listed, "trainees": len(data["trainees"])}
