"""Real databases for tests: a temporary SQLite file, and a throwaway PostgreSQL database.

PostgreSQL runs on 127.0.0.1:5432 on development and CI machines. If it is not
running, we try to start Debian's cluster; if that fails the PostgreSQL tests
are skipped with the reason printed, never silently.
"""
from __future__ import annotations

import atexit
import os
import subprocess
import uuid
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

PG_ADMIN_URL = os.environ.get("TEST_PG_ADMIN_URL", "postgresql+psycopg2://postgres@127.0.0.1:5432/postgres")


def _pg_reachable() -> str:
    try:
        engine = create_engine(PG_ADMIN_URL, future=True)
        with engine.connect() as c:
            c.execute(text("select 1"))
        engine.dispose()
        return ""
    except Exception as e:  # noqa: BLE001 - any failure means "not reachable"
        return str(e).splitlines()[0]


def _try_start_pg() -> str:
    versions = sorted(Path("/etc/postgresql").glob("*")) if Path("/etc/postgresql").exists() else []
    if not versions:
        return "PostgreSQL is not installed (no /etc/postgresql); install Debian's postgresql package"
    cmd = ["pg_ctlcluster", "--skip-systemctl-redirect", versions[-1].name, "main", "start"]
    result = subprocess.run(cmd, capture_output=True, text=True)
    if result.returncode != 0:
        return f"{' '.join(cmd)} failed: {result.stderr.strip()}"
    # We started it, so we stop it when the test run ends.
    atexit.register(subprocess.run, cmd[:-1] + ["stop"], capture_output=True)
    return ""


def postgres_url():
    """Yields the URL of a fresh database, dropped afterwards; skips with the reason if impossible."""
    problem = _pg_reachable()
    if problem:
        start_problem = _try_start_pg()
        problem = _pg_reachable() if not start_problem else start_problem
    if problem:
        pytest.skip(f"PostgreSQL tests skipped: {problem}")
    name = f"titp_test_{uuid.uuid4().hex[:10]}"
    admin = create_engine(PG_ADMIN_URL, future=True, isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.execute(text(f'create database "{name}"'))
    try:
        yield PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    finally:
        with admin.connect() as c:
            c.execute(text(f"select pg_terminate_backend(pid) from pg_stat_activity where datname = '{name}'"))
            c.execute(text(f'drop database if exists "{name}"'))
        admin.dispose()


def seeded_engine(url: str):
    """Migrates the database at `url` and loads the demo data; returns an engine."""
    from sqlalchemy.orm import Session

    from bot.records.db import make_engine
    from bot.records.migrate import upgrade
    from bot.records.seed import seed_demo

    upgrade(url)
    engine = make_engine(url)
    with Session(engine, future=True) as s:
        seed_demo(s)
        s.commit()
    return engine
