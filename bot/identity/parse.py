"""Reads identity details typed in chat: trainee numbers, dates of birth and codes."""
from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import Optional

from bot.identity.secrets import ALPHABET, CODE_LENGTH, normalize_code

_NUMBER = re.compile(r"(?<![A-Za-z0-9])([A-Za-z]{1,4}-?\d{3,10})(?![0-9])")
_YMD = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?")
_DMY = re.compile(r"\b(\d{1,2})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{4})\b")


def _clean(text: str) -> str:
    return unicodedata.normalize("NFKC", text or "").strip()


def trainee_number(text: str) -> Optional[str]:
    match = _NUMBER.search(_clean(text))
    if not match:
        return None
    value = match.group(1).upper()
    if "-" not in value:   # "t1001" -> "T-1001"
        value = re.sub(r"^([A-Z]+)(\d+)$", r"\1-\2", value)
    return value


BUDDHIST_ERA_OFFSET = 543   # Thai years: 2545 = 2002


def date_of_birth(text: str, today: dt.date = None, month_first: bool = False) -> Optional[dt.date]:
    """Accepts 2002-04-12, 2002/4/12, 2002年4月12日 and 12/04/2002 (day first, or month
    first where the user's language writes dates that way: 04/12/2002). A Thai
    Buddhist-era year (2545) is read as its Gregorian year."""
    text = _clean(text)
    today = today or dt.date.today()
    for pattern, order in ((_YMD, (0, 1, 2)), (_DMY, (2, 0, 1) if month_first else (2, 1, 0))):
        match = pattern.search(text)
        if match:
            parts = [int(g) for g in match.groups()]
            year_at = order[0]
            if parts[year_at] >= 2400:
                parts[year_at] -= BUDDHIST_ERA_OFFSET
            try:
                day = dt.date(parts[order[0]], parts[order[1]], parts[order[2]])
            except ValueError:
                return None
            return day if dt.date(1900, 1, 1) < day < today else None
    return None


def link_code(text: str) -> Optional[str]:
    code = normalize_code(_clean(text))
    if len(code) == CODE_LENGTH and all(ch in ALPHABET for ch in code):
        return code
    return None
