"""Runs generated hostile cases (tests/fuzz_cases.py) against a REST URL and checks each answer."""
from __future__ import annotations

import json
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import List

import requests

from bot.knowledge import load
from tests.fuzz_cases import Case


def leak_markers() -> List[str]:
    """Text that appears only when a verified person is shown a record."""
    kb = load()
    markers = []
    for lang in kb.languages.values():
        p = lang.personal
        for key in ("header_timeline", "header_eligibility", "staff_header_timeline", "staff_header_eligibility"):
            head = str(p.get(key, "")).split("{today}")[0].strip()
            if len(head) >= 4:
                markers.append(head)
        markers.append(lang.messages["verify_ok"].strip()[:40])
        markers.append(lang.messages["staff_ok"].strip()[:40])
    return markers


@dataclass
class Outcome:
    statuses: Counter = field(default_factory=Counter)
    kinds: Counter = field(default_factory=Counter)
    failures: List[str] = field(default_factory=list)


def run_cases(url: str, cases: List[Case], workers: int = 8, timeout: float = 60) -> Outcome:
    markers = leak_markers()
    outcome = Outcome()

    def one(case: Case) -> List[str]:
        problems = []
        for body in case.bodies:
            try:
                r = requests.post(url, data=body, headers={"Content-Type": "application/json"}, timeout=timeout)
            except requests.RequestException as exc:
                return [f"{case.kind}: no answer ({exc.__class__.__name__})"]
            outcome.statuses[r.status_code] += 1
            if r.status_code >= 500 or r.status_code not in (200, 400, 413, 429):
                problems.append(f"{case.kind}: HTTP {r.status_code} for {body[:120]!r}")
                continue
            try:
                reply = r.json()
            except ValueError:
                problems.append(f"{case.kind}: non-JSON answer {r.text[:120]!r}")
                continue
            if r.status_code in (200, 429):
                if not isinstance(reply, list):
                    problems.append(f"{case.kind}: reply is not a list: {str(reply)[:120]}")
                    continue
                text = json.dumps(reply, ensure_ascii=False)
                leaked = [m for m in markers if m in text]
                if leaked:
                    problems.append(f"{case.kind}: personal data shown without verification: {leaked[0]!r}")
        return problems

    with ThreadPoolExecutor(workers) as pool:
        for case, problems in zip(cases, pool.map(one, cases)):
            outcome.kinds[case.kind] += 1
            outcome.failures.extend(problems)
    return outcome
