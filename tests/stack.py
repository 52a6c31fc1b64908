"""Starts the real NLG, action and Rasa servers on free loopback ports.

Used by the end-to-end tests and the latency benchmark, so both exercise the
same processes `make run` starts.
"""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Optional

import requests

from bot.config import ROOT

VENV_BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Stack:
    model: Path
    workdir: Path
    ports: Dict[str, int] = field(default_factory=dict)
    procs: Dict[str, subprocess.Popen] = field(default_factory=dict)
    started_at: float = 0.0
    ready_after: Dict[str, float] = field(default_factory=dict)

    @property
    def rest_url(self) -> str:
        return f"http://127.0.0.1:{self.ports['rasa']}/webhooks/rest/webhook"

    extra_env: Dict[str, str] = field(default_factory=dict)

    def _spawn(self, name: str, cmd: List[str], health: str, timeout: float) -> None:
        log = open(self.workdir / f"{name}.log", "wb")
        env = {**os.environ, "PYTHONPATH": str(ROOT), "TF_CPP_MIN_LOG_LEVEL": "2",
               "RASA_TELEMETRY_ENABLED": "false", "SQLALCHEMY_SILENCE_UBER_WARNING": "1", **self.extra_env}
        proc = subprocess.Popen(cmd, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, env=env,
                                start_new_session=True)
        self.procs[name] = proc
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                raise RuntimeError(f"{name} exited; see {self.workdir / (name + '.log')}:\n" + self.log_tail(name))
            try:
                if requests.get(health, timeout=2).status_code == 200:
                    self.ready_after[name] = time.monotonic() - self.started_at
                    return
            except requests.RequestException:
                pass
            time.sleep(0.3)
        raise RuntimeError(f"{name} not ready after {timeout}s:\n" + self.log_tail(name))

    def log_tail(self, name: str, lines: int = 30) -> str:
        path = self.workdir / f"{name}.log"
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:]) if path.exists() else ""

    def start(self, tracker_store: Optional[str] = None) -> "Stack":
        self.started_at = time.monotonic()
        self.ports = {"nlg": free_port(), "actions": free_port(), "rasa": free_port()}
        endpoints = self.workdir / "endpoints.yml"
        endpoints.write_text(
            f'action_endpoint:\n  url: "http://127.0.0.1:{self.ports["actions"]}/webhook"\n'
            f'nlg:\n  url: "http://127.0.0.1:{self.ports["nlg"]}/nlg"\n'
            + (tracker_store or f"tracker_store:\n  type: SQL\n  dialect: sqlite\n  db: {self.workdir / 'tracker.db'}\n"),
            encoding="utf-8",
        )
        py, rasa = str(VENV_BIN / "python"), str(VENV_BIN / "rasa")
        self._spawn("nlg", [py, "-m", "bot", "nlg", "--port", str(self.ports["nlg"])],
                    f"http://127.0.0.1:{self.ports['nlg']}/health", 60)
        self._spawn("actions", [rasa, "run", "actions", "--port", str(self.ports["actions"]), "--actions", "actions"],
                    f"http://127.0.0.1:{self.ports['actions']}/health", 120)
        self._spawn("rasa", [rasa, "run", "-m", str(self.model), "--enable-api", "-i", "127.0.0.1",
                             "-p", str(self.ports["rasa"]), "--endpoints", str(endpoints),
                             "--credentials", str(ROOT / "credentials.yml")],
                    f"http://127.0.0.1:{self.ports['rasa']}/status", 240)
        return self

    def set_slot(self, sender: str, name: str, value) -> None:
        resp = requests.post(f"http://127.0.0.1:{self.ports['rasa']}/conversations/{sender}/tracker/events",
                             json={"event": "slot", "name": name, "value": value}, timeout=30)
        resp.raise_for_status()

    def send(self, sender: str, message: str, timeout: float = 30, metadata: Optional[dict] = None) -> List[dict]:
        body = {"sender": sender, "message": message}
        if metadata is not None:
            body["metadata"] = metadata
        resp = requests.post(self.rest_url, json=body, timeout=timeout)
        resp.raise_for_status()
        return resp.json()

    def rss_mb(self) -> Dict[str, float]:
        """Resident memory of each service including its child processes."""
        out = {}
        for name, proc in self.procs.items():
            pids = [proc.pid] + _children(proc.pid)
            total = 0
            for pid in pids:
                try:
                    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                        if line.startswith("VmRSS:"):
                            total += int(line.split()[1])
                except OSError:
                    pass
            out[name] = total / 1024
        return out

    def stop(self) -> None:
        for proc in self.procs.values():
            try:
                os.killpg(proc.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
        for proc in self.procs.values():
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)


def _children(pid: int) -> List[int]:
    try:
        kids = [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []
    return kids + [g for k in kids for g in _children(k)]


def start_stack(model: Path = ROOT / "models" / "titp.tar.gz", workdir: Optional[Path] = None,
                database_url: Optional[str] = None, rate_limited: bool = False,
                env: Optional[Dict[str, str]] = None) -> Stack:
    """rate_limited=False lifts the per-sender rate limit: tests and benchmarks send far
    faster than a person types; the limit itself is tested with rate_limited=True."""
    workdir = Path(workdir or tempfile.mkdtemp(prefix="titp-stack-"))
    # The services never touch the developer's var/titp.db during tests.
    extra = {"DATABASE_URL": database_url or f"sqlite:///{workdir / 'titp.db'}"}
    if not rate_limited:
        extra["RATE_LIMIT_PER_SECOND"] = "1000"
        extra["RATE_LIMIT_BURST"] = "1000"
    stack = Stack(model=model, workdir=workdir, extra_env={**extra, **(env or {})})
    try:
        return stack.start()
    except Exception:
        stack.stop()
        raise
