"""Which language to answer in, from the conversation's slots.

An explicit choice (/lang, "speak Vietnamese", a language button, Telegram's
language_code for a new chat, the widget's setting) always wins. Otherwise the
language of the last message long enough to be sure of, otherwise the best
guess from short messages, otherwise the default.
"""
from __future__ import annotations

from typing import Any, Mapping, Optional

from bot import config
from bot.language.names import supported_codes

CHOICE_SLOT = "language_choice"
DETECTED_SLOT = "language"
HINT_SLOT = "language_hint"


def _valid(value: Any) -> Optional[str]:
    return value if isinstance(value, str) and value in supported_codes() else None


def conversation_language(slots: Mapping[str, Any]) -> str:
    for name in (CHOICE_SLOT, DETECTED_SLOT, HINT_SLOT):
        found = _valid((slots or {}).get(name))
        if found:
            return found
    return config.DEFAULT_LANGUAGE


def pick_switch_target(named, current: str) -> Optional[str]:
    """The language a switch request asks for: "not English, Vietnamese" -> vi."""
    named = list(dict.fromkeys(named))
    if not named:
        return None
    others = [code for code in named if code != current]
    return (others or named)[-1] if len(named) > 1 else named[0]
