"""Moving between topics: fallback suggestions and follow-up questions.

Pure functions over the knowledge base; the actions call these.
"""
from __future__ import annotations

from typing import Iterable, List, Mapping, Optional

from bot.knowledge.loader import Knowledge

MAX_SUGGESTIONS = 3
MIN_SUGGESTION_CONFIDENCE = 0.05


def suggest_topics(kb: Knowledge, intent_ranking: Iterable[Mapping], limit: int = MAX_SUGGESTIONS) -> List[str]:
    """The closest topics for a message the classifier was unsure about."""
    found: List[str] = []
    for entry in intent_ranking or ():
        topic = kb.topic_for_intent(str(entry.get("name") or ""))
        confidence = entry.get("confidence") or 0.0
        if topic and confidence >= MIN_SUGGESTION_CONFIDENCE and topic.id not in found:
            found.append(topic.id)
        if len(found) >= limit:
            break
    return found or list(kb.menu[:limit])


def followup_topic(kb: Knowledge, current: Optional[str], kind: str) -> Optional[str]:
    """Which topic answers a follow-up ("and for 3号?" -> kind 'stage_iii', "what if I fail?" -> 'fail')."""
    topic = kb.topics.get(current or "")
    if topic is None:
        return None
    return topic.followups.get(kind)


def followup_kind(intent: str, stage: Optional[str]) -> Optional[str]:
    if intent == "followup_fail":
        return "fail"
    if intent == "followup_stage" and stage in ("i", "ii", "iii"):
        return f"stage_{stage}"
    return None
