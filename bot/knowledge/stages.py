"""Normalises how users name a stage ("2号", "stage 3", "4年目") to i / ii / iii.

The patterns are data: bot/knowledge/stage_terms.yml.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Dict, List, Optional

import yaml

from bot import config

ORDER = ("iii", "ii", "i")


@lru_cache(maxsize=1)
def _patterns() -> Dict[str, List[re.Pattern]]:
    with (config.KNOWLEDGE_DIR / "stage_terms.yml").open(encoding="utf-8") as f:
        raw = yaml.safe_load(f)
    return {stage: [re.compile(p, re.IGNORECASE) for p in raw[stage]] for stage in ORDER}


def normalize_stage(text: Optional[str]) -> Optional[str]:
    if not text:
        return None
    if text in ORDER:
        return text
    for stage in ORDER:
        if any(p.search(text) for p in _patterns()[stage]):
            return stage
    return None
