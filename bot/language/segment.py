"""Splits text written without spaces into words, so word features work for it.

Japanese goes through spaCy's blank "ja" pipeline (SudachiPy, dictionary form of
each word); Simplified Chinese through jieba (its dictionary ships in the
package); Thai through PyThaiNLP's newmm (bundled dictionary); Burmese into
syllables by the sylbreak rules; Khmer relies on character n-grams; other text, including a Latin-script sentence with a Japanese term in
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


@lru_cache(maxsize=1)
def _thai():
    from pythainlp.tokenize import word_tokenize   # newmm with its bundled dictionary

    return word_tokenize


# Burmese syllables start at a consonant that is neither stacked (after ္) nor
# killed (before ် or ္), or at a digit, letter or independent vowel (sylbreak rules).
_MY_BREAK = re.compile(r"((?<!္)[က-အ](?![်္])|[a-zA-Z0-9ဣ-ဧဩဪဿ၌-၏၀-၉])")
_THAI = re.compile(r"[฀-๿]")
_BURMESE = re.compile(r"[က-႟]")


def segment(text: str) -> str:
    if not text:
        return text
    if _THAI.search(text):
        with _lock:
            return " ".join(w for w in _thai()(text, engine="newmm", keep_whitespace=False) if w.strip())
    if _BURMESE.search(text):
        return re.sub(r"\s+", " ", _MY_BREAK.sub(r" \1", text)).strip()
    if not _CJK.search(text):
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
