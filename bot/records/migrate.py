"""Runs the Alembic migrations in migrations/ against a database URL."""
from __future__ import annotations

from alembic import command
from alembic.config import Config

from bot.config import ROOT
from bot.records.db import database_url


def alembic_config(url: str = None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(ROOT / "migrations"))
    cfg.set_main_option("sqlalchemy.url", url or database_url())
    return cfg


def upgrade(url: str = None) -> None:
    command.upgrade(alembic_config(url), "head")


def revision(message: str, url: str = None) -> None:
    command.revision(alembic_config(url), message=message, autogenerate=True, rev_id=None)
