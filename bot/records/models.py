"""Database tables (SQLAlchemy 1.4, written 2.0-style). Migrations: migrations/ (Alembic)."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    Boolean, CheckConstraint, Column, Date, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint,
)
from sqlalchemy.orm import declarative_base, relationship

Base = declarative_base()


class SupervisingOrganization(Base):
    __tablename__ = "supervising_organizations"
    id = Column(Integer, primary_key=True)
    code = Column(String(32), unique=True, nullable=False)
    name = Column(String(200), nullable=False)
    # 一般監理事業 ("general", excellent: may handle 3号) or 特定監理事業 ("specific")
    licence = Column(String(16), nullable=False)
    __table_args__ = (CheckConstraint("licence in ('general', 'specific')", name="ck_so_licence"),)

    @property
    def excellent(self) -> bool:
        return self.licence == "general"


class ImplementingOrganization(Base):
    __tablename__ = "implementing_organizations"
    id = Column(Integer, primary_key=True)
    code = Column(String(32), unique=True, nullable=False)
    name = Column(String(200), nullable=False)
    excellent = Column(Boolean)          # None: not known
    supervising_organization_id = Column(ForeignKey("supervising_organizations.id"))
    supervising_organization = relationship(SupervisingOrganization)


class Occupation(Base):
    __tablename__ = "occupations"
    id = Column(Integer, primary_key=True)
    field = Column(String(64), nullable=False)
    name_ja = Column(String(100), nullable=False)
    name_en = Column(String(200), nullable=False)
    operations = relationship("Operation", back_populates="occupation", order_by="Operation.id")


class Operation(Base):
    __tablename__ = "operations"
    id = Column(Integer, primary_key=True)
    occupation_id = Column(ForeignKey("occupations.id"), nullable=False)
    name_ja = Column(String(100), nullable=False)
    name_en = Column(String(200), nullable=False)
    allows_ii = Column(Boolean, nullable=False)
    allows_iii = Column(Boolean, nullable=False)
    aliases = Column(Text, nullable=False, default="")   # one alias per line
    occupation = relationship(Occupation, back_populates="operations")


class Trainee(Base):
    __tablename__ = "trainees"
    id = Column(Integer, primary_key=True)
    trainee_number = Column(String(32), unique=True, nullable=False)
    name = Column(String(200), nullable=False)
    nationality = Column(String(2), nullable=False)          # ISO 3166-1 alpha-2
    date_of_birth = Column(Date, nullable=False)
    preferred_language = Column(String(8), nullable=False, default="en")
    acceptance_type = Column(String(16), nullable=False)     # individual (イ) | supervising (ロ)
    supervising_organization_id = Column(ForeignKey("supervising_organizations.id"))
    implementing_organization_id = Column(ForeignKey("implementing_organizations.id"), nullable=False)
    operation_id = Column(ForeignKey("operations.id"))       # None: occupation not on the transition list
    entry_date = Column(Date)
    pre_entry_training = Column(Boolean)
    used_iii_before = Column(Boolean, nullable=False, default=False)

    supervising_organization = relationship(SupervisingOrganization)
    implementing_organization = relationship(ImplementingOrganization)
    operation = relationship(Operation)
    stages = relationship("StagePeriod", order_by="StagePeriod.start", cascade="all, delete-orphan")
    exams = relationship("ExamRecord", order_by="ExamRecord.sat_on", cascade="all, delete-orphan")
    temporary_returns = relationship("TemporaryReturn", order_by="TemporaryReturn.left_on",
                                     cascade="all, delete-orphan")
    __table_args__ = (CheckConstraint("acceptance_type in ('individual', 'supervising')", name="ck_acceptance"),)


class StagePeriod(Base):
    __tablename__ = "stage_periods"
    id = Column(Integer, primary_key=True)
    trainee_id = Column(ForeignKey("trainees.id", ondelete="CASCADE"), nullable=False, index=True)
    stage = Column(String(3), nullable=False)    # i | ii | iii
    start = Column(Date, nullable=False)
    expiry = Column(Date, nullable=False)
    __table_args__ = (CheckConstraint("stage in ('i', 'ii', 'iii')", name="ck_stage"),
                      CheckConstraint("expiry >= start", name="ck_stage_dates"))


class ExamRecord(Base):
    __tablename__ = "exam_records"
    id = Column(Integer, primary_key=True)
    trainee_id = Column(ForeignKey("trainees.id", ondelete="CASCADE"), nullable=False, index=True)
    exam = Column(String(8), nullable=False)     # basic | grade3 | grade2
    part = Column(String(10), nullable=False)    # written | practical
    sat_on = Column(Date, nullable=False)
    result = Column(String(8), nullable=False)   # pass | fail | pending
    attempt = Column(Integer, nullable=False, default=1)
    __table_args__ = (CheckConstraint("exam in ('basic', 'grade3', 'grade2')", name="ck_exam"),
                      CheckConstraint("part in ('written', 'practical')", name="ck_part"),
                      CheckConstraint("result in ('pass', 'fail', 'pending')", name="ck_result"))


class TemporaryReturn(Base):
    __tablename__ = "temporary_returns"
    id = Column(Integer, primary_key=True)
    trainee_id = Column(ForeignKey("trainees.id", ondelete="CASCADE"), nullable=False, index=True)
    left_on = Column(Date, nullable=False)
    returned_on = Column(Date, nullable=False)


class StaffUser(Base):
    """Staff of a supervising or implementing organization; sees only its own trainees."""
    __tablename__ = "staff_users"
    id = Column(Integer, primary_key=True)
    name = Column(String(200), nullable=False)
    supervising_organization_id = Column(ForeignKey("supervising_organizations.id"))
    implementing_organization_id = Column(ForeignKey("implementing_organizations.id"))
    access_code_hash = Column(String(128))
    __table_args__ = (CheckConstraint(
        "(supervising_organization_id is null) <> (implementing_organization_id is null)", name="ck_staff_org"),)


class AuditLog(Base):
    """Every disclosure of personal data: who, what and when."""
    __tablename__ = "audit_log"
    id = Column(Integer, primary_key=True)
    at = Column(DateTime, nullable=False, default=dt.datetime.utcnow)
    actor = Column(String(200), nullable=False)     # e.g. "conversation:<sender id>" or "staff:<id>"
    action = Column(String(64), nullable=False)
    trainee_id = Column(ForeignKey("trainees.id"))
    detail = Column(Text, nullable=False, default="")


class LinkCode(Base):
    """One-time code the supervising organization gives a trainee to bind a chat."""
    __tablename__ = "link_codes"
    id = Column(Integer, primary_key=True)
    trainee_id = Column(ForeignKey("trainees.id", ondelete="CASCADE"), nullable=False)
    code_hash = Column(String(128), nullable=False)
    expires_at = Column(DateTime, nullable=False)
    used_at = Column(DateTime)


class ChatBinding(Base):
    __tablename__ = "chat_bindings"
    id = Column(Integer, primary_key=True)
    channel = Column(String(32), nullable=False)
    chat_id = Column(String(200), nullable=False)
    trainee_id = Column(ForeignKey("trainees.id", ondelete="CASCADE"), nullable=False)
    bound_at = Column(DateTime, nullable=False, default=dt.datetime.utcnow)
    __table_args__ = (UniqueConstraint("channel", "chat_id", name="uq_binding_chat"),)


class VerificationAttempt(Base):
    """Failed verification attempts, for the lockout (per conversation and per trainee number)."""
    __tablename__ = "verification_attempts"
    id = Column(Integer, primary_key=True)
    at = Column(DateTime, nullable=False, default=dt.datetime.utcnow, index=True)
    conversation = Column(String(200), nullable=False, index=True)
    trainee_number = Column(String(32), index=True)
    succeeded = Column(Boolean, nullable=False)
