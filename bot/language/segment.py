"""Splits text written without spaces into words, so word features work for it.

Japanese goes through spaCy's blank "ja" pipeline (SudachiPy, dictionary form of
each word); Simplified Chinese through jieba (its dictionary ships in the
package); Thai, Khmer and Burmese rely on character n-grams; other text, including a Latin-script sentence with a Japanese term in
it ("what exam for 2号"), is returned unchanged. The pipeline loads on first use.
"""
from __future__ import annotations

import re
import threading
from functools import lru_cache

from bot.language.detect import detect

_CJK = re.compile(r"[\u3040-\u30FF\u4E00-\u9FFF\u3400-\u4DBF]")
_lock = threading.Lock()


@lru_cache(maxsize=1)
def _japanese():
    import spacy

    return spacy.blank("ja")


@lru_cache(maxsize=1)
def _chinese():
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()   # its dictionary ships in the package
    return jieba


def segment(text: str) -> str:
    if not text or not _CJK.search(text):
        return text
    found = detect(text)
    if found is not None and found.language == "zh":
        with _lock:
            return " ".join(w for w in _chinese().lcut(text) if not w.isspace())
    if found is not None and found.language != "ja":
        return text
    with _lock:  # Sudachi's tokenizer is not thread-safe
        doc = _japanese()(text)
    return " ".join(token.lemma_ or token.text for token in doc if not token.is_space)
