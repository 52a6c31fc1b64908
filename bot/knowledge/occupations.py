"""Finds the transition occupations/operations a message names, across languages.

Matches the Japanese and English names and the aliases in occupations.yml:
exact (substring) matches first, then close spellings of English words
("weldng" -> welding). Pure and cached; the data file is the only input.
"""
from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Dict, List, Tuple

import yaml

from bot import config

MIN_FUZZY = 0.85
MIN_ALIAS_LEN = 2


@dataclass(frozen=True)
class Operation:
    field_en: str
    occupation_ja: str
    occupation_en: str
    ja: str
    en: str
    ii: bool
    iii: bool


@dataclass(frozen=True)
class Match:
    operation: Operation
    term: str        # what matched in the message
    exact: bool


def _norm(text: str) -> str:
    return unicodedata.normalize("NFKC", text or "").casefold().strip()


@lru_cache(maxsize=1)
def _index() -> Tuple[Dict[str, List[Operation]], dict]:
    with (config.KNOWLEDGE_DIR / "occupations.yml").open(encoding="utf-8") as f:
        data = yaml.safe_load(f)
    terms: Dict[str, List[Operation]] = {}
    for field in data["fields"]:
        for occ in field["occupations"]:
            ops = [Operation(field["en"], occ["ja"], occ["en"], op["ja"], op["en"], op["ii"], op["iii"])
                   for op in occ["operations"]]
            for term in [occ["ja"], occ["en"], *(occ.get("aliases") or [])]:
                terms.setdefault(_norm(term), []).extend(ops)
            for op, raw in zip(ops, occ["operations"]):
                for term in [raw["ja"], raw["en"], *(raw.get("aliases") or [])]:
                    terms.setdefault(_norm(term), []).append(op)
    meta = {k: data[k] for k in ("as_of", "complete", "counts_listed")}
    return {t: list(dict.fromkeys(ops)) for t, ops in terms.items() if len(t) >= MIN_ALIAS_LEN}, meta


def list_facts() -> dict:
    """as_of, complete and counts of the list, so answers can say how current it is."""
    return _index()[1]


def find(text: str) -> List[Match]:
    """Operations named in the text, longest matching term first, without duplicates."""
    terms, _ = _index()
    message = _norm(text)
    found: List[Match] = []
    covered: List[Tuple[int, int]] = []
    for term in sorted(terms, key=len, reverse=True):
        start = message.find(term)
        if start < 0:
            continue
        end = start + len(term)
        ascii_term = term.isascii()
        if ascii_term and not re.search(rf"(?<![a-z]){re.escape(term)}(?![a-z])", message):
            continue   # "cast" inside "forecast" is not a match
        if any(a <= start and end <= b for a, b in covered):
            continue   # part of a longer term already matched
        covered.append((start, end))
        found += [Match(op, term, True) for op in terms[term]]
    if not found:
        words = re.findall(r"[a-z]{6,}", message)   # short words ("bring" ~ "boring") match too loosely
        english = [t for t in terms if t.isascii()]
        for word in words:
            for close in difflib.get_close_matches(word, english, n=2, cutoff=MIN_FUZZY):
                found += [Match(op, close, False) for op in terms[close]]
    seen, unique = set(), []
    for m in found:
        if m.operation not in seen:
            seen.add(m.operation)
            unique.append(m)
    return unique


def occupations_of(matches: List[Match]) -> List[str]:
    """Distinct occupations (Japanese names) among the matches, to ask back when there are several."""
    return list(dict.fromkeys(m.operation.occupation_ja for m in matches))


def occupations_named(text: str) -> List[str]:
    return occupations_of(find(text))
