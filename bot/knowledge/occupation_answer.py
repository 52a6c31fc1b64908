"""Words for an occupation lookup: which operations of the named job allow 2号 and 3号."""
from __future__ import annotations

from typing import Dict, List, Optional

from bot import config
from bot.knowledge.loader import Knowledge
from bot.knowledge.occupations import Match, list_facts, occupations_of
from bot.knowledge.render import Reply


def _words(kb: Knowledge, code: Optional[str]) -> (object, Dict[str, str]):
    english = kb.languages[config.DEFAULT_LANGUAGE]
    lang = kb.languages.get(code or "", english)
    return lang, {**english.occupation_lookup, **lang.occupation_lookup}


def render_occupation_answer(kb: Knowledge, code: Optional[str], matches: List[Match]) -> Reply:
    lang, w = _words(kb, code)
    if not matches:
        return Reply(text=w["none"], language=lang.code)
    occupations = occupations_of(matches)
    if len(occupations) > 1:
        buttons = [{"title": occ, "payload": f'/ask_occupation_eligibility{{"occupation": "{occ}"}}'}
                   for occ in occupations[:6]]
        return Reply(text=w["which"], buttons=buttons, language=lang.code)
    ops = [m.operation for m in matches]
    parts: List[str] = [w["header"].format(occupation=ops[0].occupation_ja, occupation_en=ops[0].occupation_en)]
    parts += [w["line"].format(operation=op.ja, operation_en=op.en, ii=w["allowed"] if op.ii else w["not_allowed"],
                               iii=w["allowed"] if op.iii else w["not_allowed"]) for op in ops]
    text = "\n".join(parts)
    facts = list_facts()
    if not facts["complete"]:
        text += "\n\n⚠️ " + w["incomplete"].format(as_of=lang.format_date(facts["as_of"]))
    text += "\n\n" + w["confirm"]
    return Reply(text=text, language=lang.code)
