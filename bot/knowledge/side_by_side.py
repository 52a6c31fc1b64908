"""'Show my employer': the last answer next to the same answer in Japanese.

A trainee hands the phone to someone at the company or the supervising
organization; the Japanese half uses the plain, polite wording of lang/ja.yml.
"""
from __future__ import annotations

from typing import Optional

from bot.knowledge.loader import Knowledge
from bot.knowledge.render import Reply, render_message, render_topic

EMPLOYER_LANGUAGE = "ja"
DIVIDER = "――――――――――"


def side_by_side(kb: Knowledge, language: str, own_text: Optional[str], japanese_text: str) -> Reply:
    """Own-language text (if any and not Japanese already), then the Japanese text under a heading."""
    intro = render_message(kb, "show_employer_intro", EMPLOYER_LANGUAGE).text
    parts = []
    if own_text and language != EMPLOYER_LANGUAGE:
        parts += [own_text.strip(), DIVIDER]
    parts += [intro, japanese_text.strip()]
    return Reply(text="\n\n".join(parts), buttons=[], language=language)


def topic_side_by_side(kb: Knowledge, topic_id: str, language: str) -> Reply:
    own = render_topic(kb, topic_id, language).text
    japanese = render_topic(kb, topic_id, EMPLOYER_LANGUAGE).text
    return side_by_side(kb, language, own, japanese)
