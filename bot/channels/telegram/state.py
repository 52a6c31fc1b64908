"""What the bridge has done with each Telegram update, kept across restarts.

An update is acknowledged to Telegram (getUpdates offset) only once it is
`done`. If the bridge stops in between, the update comes back on restart and
this table says where to resume: replies Rasa already gave are sent from here
(Rasa is not asked twice), and replies already sent are not sent again.
SQLite by default (var/telegram-bridge.db); TELEGRAM_STATE_URL for another database.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from dataclasses import dataclass
from typing import List, Optional

from sqlalchemy import Column, DateTime, Integer, String, Text, create_engine
from sqlalchemy.orm import Session, declarative_base

from bot.config import ROOT

Base = declarative_base()
RECEIVED, ANSWERED, DONE = "received", "answered", "done"


class UpdateRow(Base):
    __tablename__ = "tg_update"
    update_id = Column(Integer, primary_key=True, autoincrement=False)
    chat_id = Column(String(32), nullable=False)
    status = Column(String(16), nullable=False, default=RECEIVED)
    replies = Column(Text)            # JSON list of Rasa replies, once Rasa has answered
    sent = Column(Integer, nullable=False, default=0)   # how many of them Telegram has accepted
    updated_at = Column(DateTime, nullable=False, default=dt.datetime.utcnow)


class PayloadRow(Base):
    __tablename__ = "tg_payload"
    key = Column(String(24), primary_key=True)
    payload = Column(Text, nullable=False)


@dataclass
class Progress:
    status: str
    replies: Optional[List[dict]]
    sent: int


def default_url() -> str:
    return os.environ.get("TELEGRAM_STATE_URL") or f"sqlite:///{ROOT / 'var' / 'telegram-bridge.db'}"


class BridgeState:
    def __init__(self, url: Optional[str] = None):
        url = url or default_url()
        if url.startswith("sqlite:///"):
            os.makedirs(os.path.dirname(url[len("sqlite:///"):]) or ".", exist_ok=True)
        self.engine = create_engine(url, future=True)
        Base.metadata.create_all(self.engine)

    def progress(self, update_id: int) -> Optional[Progress]:
        with Session(self.engine) as s:
            row = s.get(UpdateRow, update_id)
            if row is None:
                return None
            return Progress(row.status, json.loads(row.replies) if row.replies else None, row.sent)

    def received(self, update_id: int, chat_id: str) -> None:
        with Session(self.engine) as s, s.begin():
            if s.get(UpdateRow, update_id) is None:
                s.add(UpdateRow(update_id=update_id, chat_id=chat_id, status=RECEIVED))

    def answered(self, update_id: int, replies: List[dict]) -> None:
        with Session(self.engine) as s, s.begin():
            row = s.get(UpdateRow, update_id)
            row.status, row.replies, row.updated_at = ANSWERED, json.dumps(replies), dt.datetime.utcnow()

    def sent_one(self, update_id: int, count: int) -> None:
        with Session(self.engine) as s, s.begin():
            row = s.get(UpdateRow, update_id)
            row.sent, row.updated_at = count, dt.datetime.utcnow()

    def done(self, update_id: int) -> None:
        with Session(self.engine) as s, s.begin():
            row = s.get(UpdateRow, update_id)
            row.status, row.updated_at = DONE, dt.datetime.utcnow()

    def shorten(self, payload: str) -> str:
        key = "p:" + hashlib.sha256(payload.encode()).hexdigest()[:20]
        with Session(self.engine) as s, s.begin():
            if s.get(PayloadRow, key) is None:
                s.add(PayloadRow(key=key, payload=payload))
        return key

    def expand(self, data: str) -> Optional[str]:
        if not data.startswith("p:"):
            return data
        with Session(self.engine) as s:
            row = s.get(PayloadRow, data)
            return row.payload if row else None
