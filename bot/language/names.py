"""Finds languages named in a message ("speak Vietnamese", "tiếng Việt", "/lang vi").

The names come from bot/knowledge/languages.yml, so a reviewer adds a name
there, not here. Latin-script names match on word boundaries and without
diacritics; names in other scripts match as substrings.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import Dict, List, Tuple

import yaml

LANGUAGES_FILE = Path(__file__).resolve().parent.parent / "knowledge" / "languages.yml"
_COMMAND = re.compile(r"^\s*/?\s*(?:lang|language|ngon ngu|bahasa|言語)\s+([a-z]{2})\s*$", re.IGNORECASE)
_ANY_COMMAND = re.compile(r"^\s*/lang(?:uage)?(?:\s+\S+)?\s*$", re.IGNORECASE)
_LATIN = re.compile(r"^[a-z .'-]+$")


def fold(text: str) -> str:
    """Lower case without diacritics (đ -> d), so 'Tiếng Việt' matches 'tieng viet'."""
    text = unicodedata.normalize("NFKD", text.casefold()).replace("đ", "d")
    return "".join(ch for ch in text if not unicodedata.combining(ch))


@lru_cache(maxsize=1)
def _table() -> Tuple[Tuple[str, re.Pattern], ...]:
    entries = []
    for code, meta in _languages().items():
        for name in (meta or {}).get("names") or ():
            key = fold(str(name))
            if _LATIN.match(key):
                pattern = re.compile(r"(?<![a-z])" + re.escape(key) + r"(?![a-z])")
            else:
                pattern = re.compile(re.escape(key))
            entries.append((code, pattern))
    return tuple(entries)


@lru_cache(maxsize=1)
def _languages() -> dict:
    return yaml.safe_load(LANGUAGES_FILE.read_text(encoding="utf-8"))["languages"]


def supported_codes() -> Tuple[str, ...]:
    return tuple(_languages())


def is_language_command(text: str) -> bool:
    """'/lang' or '/lang vi': the typed command (Telegram, web, REST) to switch language."""
    return bool(text) and bool(_ANY_COMMAND.match(text))


def named_languages(text: str) -> List[str]:
    """Language codes named in the text, in order of first mention, without repeats."""
    if not text:
        return []
    command = _COMMAND.match(text)
    if command:
        code = command.group(1).lower()
        return [code]
    folded = fold(text)
    hits: Dict[str, int] = {}
    for code, pattern in _table():
        for match in pattern.finditer(folded):
            hits[code] = min(hits.get(code, match.start()), match.start())
    return sorted(hits, key=hits.get)


def month_first_dates(code: str) -> bool:
    """Whether people writing this language type 04/12/2002 for 12 April (languages.yml date_order)."""
    return ((_languages().get(code) or {}).get("date_order") or "dmy") == "mdy"
