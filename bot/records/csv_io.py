"""Import and export of trainees as CSV (the columns are documented in docs/import.md).

Import is all-or-nothing: every row is validated first and each problem is
reported with its line, column and reason; nothing is written unless every row
is valid. A re-import updates trainees by trainee number.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass, field
from typing import Dict, List, Optional

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from bot.records import models as m

COLUMNS = [
    "trainee_number", "name", "nationality", "date_of_birth", "preferred_language", "acceptance_type",
    "supervising_org_code", "implementing_org_code", "operation", "entry_date", "pre_entry_training",
    "stage_i_start", "stage_i_expiry", "stage_ii_start", "stage_ii_expiry", "stage_iii_start", "stage_iii_expiry",
    "exams", "temporary_returns", "used_iii_before",
]
REQUIRED = ["trainee_number", "name", "nationality", "date_of_birth", "acceptance_type", "implementing_org_code"]
LANGUAGES = {"en", "ja", "vi", "id", "my", "zh", "tl", "km", "th", "mn", "ne"}
ACCEPTANCE = {"supervising": "supervising", "individual": "individual", "ロ": "supervising", "イ": "individual",
              "団体監理型": "supervising", "企業単独型": "individual"}
YES = {"yes", "y", "true", "1", "はい", "有"}
NO = {"no", "n", "false", "0", "いいえ", "無"}
NUMBER = re.compile(r"^[A-Za-z0-9][A-Za-z0-9\-_]{0,31}$")
MAX_FIELD = 500


@dataclass
class RowError:
    line: int
    column: str
    reason: str

    def __str__(self) -> str:
        return f"line {self.line}, column {self.column}: {self.reason}"


@dataclass
class ParsedRow:
    line: int
    values: Dict[str, object] = field(default_factory=dict)


def _date(text: str) -> dt.date:
    text = text.strip().replace("/", "-").replace(".", "-")
    y, mth, d = (int(p) for p in text.split("-"))
    return dt.date(y, mth, d)


def _bool(text: str) -> Optional[bool]:
    t = text.strip().lower()
    if t == "":
        return None
    if t in YES:
        return True
    if t in NO:
        return False
    raise ValueError("use yes or no")


def read_rows(text: str):
    """(header, rows as dicts) from CSV text."""
    header = next(csv.reader(io.StringIO(text)), [])
    return [h.strip() for h in header], list(csv.DictReader(io.StringIO(text)))


def validate(s: Session, data: bytes) -> (List[ParsedRow], List[RowError]):
    errors: List[RowError] = []
    try:
        text = data.decode("utf-8-sig")   # Excel's "CSV UTF-8" starts with a BOM
    except UnicodeDecodeError:
        return [], [RowError(1, "-", "the file is not UTF-8; save it from Excel as 'CSV UTF-8'")]
    try:
        header, rows = read_rows(text)
    except csv.Error as e:
        return [], [RowError(1, "-", f"not a readable CSV file ({e})")]
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        return [], [RowError(1, c, "required column is missing from the header") for c in missing]
    unknown = [c for c in header if c not in COLUMNS]
    errors += [RowError(1, c or "(empty)", "unknown column") for c in unknown]

    sos = {o.code: o.id for o in s.execute(select(m.SupervisingOrganization)).scalars()}
    ios = {o.code: o.id for o in s.execute(select(m.ImplementingOrganization)).scalars()}
    parsed: List[ParsedRow] = []
    seen: Dict[str, int] = {}
    for index, raw in enumerate(rows, start=2):
        row = ParsedRow(index)
        get = lambda c: (raw.get(c) or "").strip()  # noqa: E731
        if None in raw:   # more cells than header columns
            errors.append(RowError(index, "-", "the row has more cells than the header"))
        for c in COLUMNS:
            if len(get(c)) > MAX_FIELD:
                errors.append(RowError(index, c, f"longer than {MAX_FIELD} characters"))
        for c in REQUIRED:
            if not get(c):
                errors.append(RowError(index, c, "required"))
        number = get("trainee_number")
        if number and not NUMBER.match(number):
            errors.append(RowError(index, "trainee_number", "use letters, digits, '-' or '_' (at most 32)"))
        elif number in seen:
            errors.append(RowError(index, "trainee_number", f"duplicate of line {seen[number]}"))
        seen[number] = index
        row.values["trainee_number"] = number
        row.values["name"] = get("name")
        nat = get("nationality").upper()
        if nat and not re.fullmatch(r"[A-Z]{2}", nat):
            errors.append(RowError(index, "nationality", "use a two-letter country code such as VN"))
        row.values["nationality"] = nat
        lang = get("preferred_language").lower() or "en"
        if lang not in LANGUAGES:
            errors.append(RowError(index, "preferred_language", f"one of {', '.join(sorted(LANGUAGES))}"))
        row.values["preferred_language"] = lang
        acc = get("acceptance_type")
        if acc and acc.lower() not in ACCEPTANCE and acc not in ACCEPTANCE:
            errors.append(RowError(index, "acceptance_type", "supervising (ロ) or individual (イ)"))
        row.values["acceptance_type"] = ACCEPTANCE.get(acc.lower(), ACCEPTANCE.get(acc))
        so, io_ = get("supervising_org_code"), get("implementing_org_code")
        if so and so not in sos:
            errors.append(RowError(index, "supervising_org_code", f"unknown organization {so!r}"))
        if io_ and io_ not in ios:
            errors.append(RowError(index, "implementing_org_code", f"unknown organization {io_!r}"))
        if row.values["acceptance_type"] == "supervising" and not so:
            errors.append(RowError(index, "supervising_org_code", "required for the supervising-organization type"))
        row.values["supervising_organization_id"] = sos.get(so)
        row.values["implementing_organization_id"] = ios.get(io_)
        op_name = get("operation")
        row.values["operation_id"] = None
        if op_name:
            occ_name, _, just_op = op_name.rpartition("/")
            query = select(m.Operation).where(or_(m.Operation.name_ja == just_op, m.Operation.name_en == just_op))
            if occ_name:
                query = query.join(m.Occupation).where(or_(m.Occupation.name_ja == occ_name,
                                                           m.Occupation.name_en == occ_name))
            found = s.execute(query).scalars().all()
            if not found:
                errors.append(RowError(index, "operation", f"unknown operation {op_name!r}; write "
                                                           "occupation/operation, e.g. 溶接/手溶接"))
            elif len(found) > 1:
                errors.append(RowError(index, "operation", f"{op_name!r} matches several operations; write "
                                                           "occupation/operation"))
            else:
                row.values["operation_id"] = found[0].id
        for c in ("date_of_birth", "entry_date"):
            row.values[c] = None
            if get(c):
                try:
                    row.values[c] = _date(get(c))
                except (ValueError, TypeError):
                    errors.append(RowError(index, c, "not a date; use YYYY-MM-DD"))
        for c in ("pre_entry_training", "used_iii_before"):
            try:
                row.values[c] = _bool(get(c))
            except ValueError as e:
                errors.append(RowError(index, c, str(e)))
        stages = []
        for st in ("i", "ii", "iii"):
            start, expiry = get(f"stage_{st}_start"), get(f"stage_{st}_expiry")
            if bool(start) != bool(expiry):
                errors.append(RowError(index, f"stage_{st}_expiry" if start else f"stage_{st}_start",
                                       "give both the start and the expiry of the stage"))
                continue
            if start:
                try:
                    a, b = _date(start), _date(expiry)
                except (ValueError, TypeError):
                    errors.append(RowError(index, f"stage_{st}_start", "not a date; use YYYY-MM-DD"))
                    continue
                if b < a:
                    errors.append(RowError(index, f"stage_{st}_expiry", "expiry is before the start"))
                stages.append((st, a, b))
        row.values["stages"] = stages
        exams = []
        for item in filter(None, (x.strip() for x in get("exams").split(";"))):
            parts = [p.strip() for p in item.split("/")]
            try:
                exam, part, sat, result, attempt = parts
                if exam not in ("basic", "grade3", "grade2") or part not in ("written", "practical") \
                        or result not in ("pass", "fail", "pending"):
                    raise ValueError
                exams.append((exam, part, _date(sat), result, int(attempt)))
            except (ValueError, TypeError):
                errors.append(RowError(index, "exams", f"{item!r}: use exam/part/YYYY-MM-DD/result/attempt, "
                                                       "e.g. basic/practical/2026-08-20/pass/1"))
        row.values["exams"] = exams
        returns = []
        for item in filter(None, (x.strip() for x in get("temporary_returns").split(";"))):
            try:
                left, back = (_date(p) for p in item.split(".."))
                if back < left:
                    raise ValueError
                returns.append((left, back))
            except (ValueError, TypeError):
                errors.append(RowError(index, "temporary_returns", f"{item!r}: use YYYY-MM-DD..YYYY-MM-DD"))
        row.values["temporary_returns"] = returns
        parsed.append(row)
    return parsed, errors


def apply(s: Session, rows: List[ParsedRow]) -> Dict[str, int]:
    created = updated = 0
    for row in rows:
        v = row.values
        trainee = s.execute(select(m.Trainee).where(m.Trainee.trainee_number == v["trainee_number"])
                            ).scalar_one_or_none()
        if trainee is None:
            trainee = m.Trainee(trainee_number=v["trainee_number"])
            s.add(trainee)
            created += 1
        else:
            updated += 1
        for key in ("name", "nationality", "date_of_birth", "preferred_language", "acceptance_type",
                    "supervising_organization_id", "implementing_organization_id", "operation_id", "entry_date",
                    "pre_entry_training"):
            setattr(trainee, key, v[key])
        trainee.used_iii_before = bool(v["used_iii_before"])
        trainee.stages = [m.StagePeriod(stage=a, start=b, expiry=c) for a, b, c in v["stages"]]
        trainee.exams = [m.ExamRecord(exam=e, part=p, sat_on=d, result=r, attempt=n) for e, p, d, r, n in v["exams"]]
        trainee.temporary_returns = [m.TemporaryReturn(left_on=a, returned_on=b) for a, b in v["temporary_returns"]]
    s.flush()
    return {"created": created, "updated": updated}


def import_trainees(s: Session, data: bytes):
    """Returns (counts, errors). Writes nothing if there is any error."""
    rows, errors = validate(s, data)
    if errors:
        return None, errors
    return apply(s, rows), []


def export_trainees(s: Session) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    yn = {True: "yes", False: "no", None: ""}
    for t in s.execute(select(m.Trainee).order_by(m.Trainee.trainee_number)).scalars():
        row = {
            "trainee_number": t.trainee_number, "name": t.name, "nationality": t.nationality,
            "date_of_birth": t.date_of_birth.isoformat(), "preferred_language": t.preferred_language,
            "acceptance_type": t.acceptance_type,
            "supervising_org_code": t.supervising_organization.code if t.supervising_organization else "",
            "implementing_org_code": t.implementing_organization.code,
            "operation": f"{t.operation.occupation.name_ja}/{t.operation.name_ja}" if t.operation else "",
            "entry_date": t.entry_date.isoformat() if t.entry_date else "",
            "pre_entry_training": yn[t.pre_entry_training], "used_iii_before": yn[bool(t.used_iii_before)],
            "exams": ";".join(f"{e.exam}/{e.part}/{e.sat_on.isoformat()}/{e.result}/{e.attempt}" for e in t.exams),
            "temporary_returns": ";".join(f"{r.left_on.isoformat()}..{r.returned_on.isoformat()}"
                                          for r in t.temporary_returns),
        }
        for stage in t.stages:
            row[f"stage_{stage.stage}_start"] = stage.start.isoformat()
            row[f"stage_{stage.stage}_expiry"] = stage.expiry.isoformat()
        writer.writerow(row)
    return out.getvalue()
