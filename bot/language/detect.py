"""Detects a message's language from its script, conservatively.

Returns None when unsure (a short Latin-script message, a kanji-only term that
could be Chinese or Japanese, a button payload): the caller then keeps the
conversation's current language, so a greeting or a program term inside a
sentence never flips it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

# Script ranges that identify one of our languages on their own.
_SCRIPTS = (
    ("my", re.compile(r"[\u1000-\u109F\uAA60-\uAA7F]"), 0.99),
    ("km", re.compile(r"[\u1780-\u17FF\u19E0-\u19FF]"), 0.99),
    ("th", re.compile(r"[\u0E00-\u0E7F]"), 0.99),
    ("ne", re.compile(r"[\u0900-\u097F]"), 0.95),
    ("mn", re.compile(r"[\u0400-\u04FF]"), 0.95),
    ("ja", re.compile(r"[\u3040-\u30FF\u31F0-\u31FF\uFF66-\uFF9F]"), 0.99),  # kana
)
_HAN = re.compile(r"[\u4E00-\u9FFF\u3400-\u4DBF]")
# Characters written differently in Japanese and Simplified Chinese.
_JA_ONLY = set("実検験労働県転籍払届済続経営営収円図歳観戻駅")
_ZH_ONLY = set("们这吗么没还过说会个习实试验请问怎样呢吧啊为劳动县转续经营收图岁观")
_VI_LETTERS = re.compile(r"[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹĂÂĐÊÔƠƯ]")
_LATIN_WORD = re.compile(r"[A-Za-z\u00C0-\u024F\u1E00-\u1EFF]{2,}")
MIN_LATIN_WORDS = 3


@dataclass(frozen=True)
class Detection:
    language: str
    confidence: float
    reason: str


def detect(text: str) -> Optional[Detection]:
    if not text or text.lstrip().startswith("/"):
        return None
    for code, pattern, confidence in _SCRIPTS[:-1]:
        if pattern.search(text):
            return Detection(code, confidence, "script")
    kana = _SCRIPTS[-1][1].findall(text)
    han = _HAN.findall(text)
    latin_words = _LATIN_WORD.findall(text)
    latin_letters = sum(len(w) for w in latin_words)
    # A Japanese program term (2号, 技能実習) inside a Latin-script sentence keeps it Latin.
    embedded_terms = len(latin_words) >= MIN_LATIN_WORDS and 2 * (len(kana) + len(han)) < latin_letters
    if (kana or han) and not embedded_terms:
        if kana:
            return Detection("ja", 0.99, "kana")
        ja = sum(ch in _JA_ONLY for ch in han)
        zh = sum(ch in _ZH_ONLY for ch in han)
        if ja > zh:
            return Detection("ja", 0.9, "kanji forms")
        if zh > ja:
            return Detection("zh", 0.9, "simplified forms")
        return None
    if _VI_LETTERS.search(text):
        return Detection("vi", 0.95, "vietnamese letters")
    if len(latin_words) >= MIN_LATIN_WORDS:
        return Detection("en", 0.6, "latin words")
    return None
