"""Reads rules.yml and answers "which version of this rule applies on that date"."""
from __future__ import annotations

import datetime as dt
from functools import lru_cache
from pathlib import Path
from typing import Dict, Optional

import yaml

RULES_FILE = Path(__file__).with_name("rules.yml")


@lru_cache(maxsize=1)
def all_rules() -> Dict[str, dict]:
    with RULES_FILE.open(encoding="utf-8") as f:
        return yaml.safe_load(f)["rules"]


def rule(rule_id: str) -> dict:
    return all_rules()[rule_id]


def applies(rule_id: str, on: dt.date) -> bool:
    r = rule(rule_id)
    return r["effective"] <= on and (r.get("until") is None or on <= r["until"])


def first_applying(rule_ids, on: dt.date) -> Optional[str]:
    return next((r for r in rule_ids if applies(r, on)), None)
