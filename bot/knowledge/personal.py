"""Words for a trainee's own timeline and eligibility, in the conversation's language.

Takes the rules engine's structured results (milestone ids, condition ids,
reason codes and dates) and the `personal:` section of lang/<code>.yml.
Anything missing in a language falls back to English.
"""
from __future__ import annotations

import datetime as dt
from typing import Dict, Iterable, List, Optional

from bot import config
from bot.knowledge.loader import Knowledge, Language
from bot.rules.model import Eligibility, Milestone, NOT_APPLICABLE


def _section(kb: Knowledge, code: Optional[str]) -> (Language, Dict):
    """The language (or English) and its personal section merged over English's."""
    english = kb.languages[config.DEFAULT_LANGUAGE]
    lang = kb.languages.get(code or "", english)
    base = english.personal
    own = lang.personal or {}
    merged = {k: ({**base[k], **(own.get(k) or {})} if isinstance(base[k], dict) else own.get(k, base[k]))
              for k in base}
    return lang, merged


def _fmt(lang: Language, text: str, params: Dict[str, str]) -> str:
    values = {}
    for key, value in (params or {}).items():
        try:
            values[key] = lang.format_date(dt.date.fromisoformat(value))
        except (TypeError, ValueError):
            values[key] = value
    return text.format(**values) if values else text.replace("{date}", "").strip()


def render_timeline(kb: Knowledge, code: Optional[str], milestones: Iterable[Milestone], today: dt.date,
                    include_not_applicable: bool = False, for_staff: bool = False) -> str:
    """for_staff: headed for the trainee's employer or supervising organization, not "your"."""
    lang, p = _section(kb, code)
    header = p["staff_header_timeline" if for_staff else "header_timeline"]
    lines: List[str] = [header.format(today=lang.format_date(today))]
    for m in milestones:
        if m.status == NOT_APPLICABLE and not include_not_applicable:
            continue
        when = lang.format_date(m.date) if m.end is None else p["window"].format(
            start=lang.format_date(m.date), end=lang.format_date(m.end))
        line = f"- {when}: {p['milestones'][m.id]} ({p['statuses'][m.status]})"
        if m.check_with_so:
            line += f" ⚠️ {p['check_with_so']}"
        if m.note and m.status == NOT_APPLICABLE:
            line += f": {p['reasons'][m.note]}"
        lines.append(line)
    return "\n".join(lines)


def render_eligibility(kb: Knowledge, code: Optional[str], result: Eligibility, today: dt.date,
                       for_staff: bool = False) -> str:
    lang, p = _section(kb, code)
    header = p["staff_header_eligibility" if for_staff else "header_eligibility"]
    lines = [header.format(today=lang.format_date(today)),
             f"**{p['targets'][result.target]}**: {p['eligibility'][result.status]}"]
    for c in result.conditions:
        lines.append(f"{p['condition_marks'][c.status]} {p['conditions'][c.id]}: {_fmt(lang, p['reasons'][c.reason], c.params)}")
    return "\n".join(lines)
