"""Cleans a message's text before anything reads it.

- Unicode NFC, so the same letter typed two ways is one letter.
- Control characters dropped; zero-width spaces (used as word hints in Khmer,
  Thai and Burmese) become spaces; other zero-width marks are dropped unless
  they sit inside a word of a script that needs them.
- Burmese typed in the Zawgyi font encoding is converted to Unicode, since many
  phones in Myanmar still produce it and it is unreadable to everything else.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_ZERO_WIDTH_SPACE = "\u200b"
_DROP = re.compile(r"[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u2060-\u2064\ufeff\u00ad\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_JOINERS = re.compile(r"[\u200c\u200d]")
_NEEDS_JOINERS = re.compile(r"[\u0900-\u097F\u1000-\u109F\u1780-\u17FF\u0E00-\u0E7F]")
_BURMESE = re.compile(r"[\u1000-\u109F]")
_SPACES = re.compile(r"[ \t\r\n\u00a0\u3000]+")
ZAWGYI_THRESHOLD = 0.95


@lru_cache(maxsize=1)
def _zawgyi_detector():
    import myanmartools

    return myanmartools.ZawgyiDetector()


def is_zawgyi(text: str) -> bool:
    return bool(_BURMESE.search(text)) and _zawgyi_detector().get_zawgyi_probability(text) > ZAWGYI_THRESHOLD


def zawgyi_to_unicode(text: str) -> str:
    from myanmar import converter

    return converter.convert(text, "zawgyi", "unicode")


def normalize(text: str) -> str:
    if not text:
        return ""
    if is_zawgyi(text):
        text = zawgyi_to_unicode(text)
    text = unicodedata.normalize("NFC", text)
    text = _DROP.sub("", text).replace(_ZERO_WIDTH_SPACE, " ")
    if not _NEEDS_JOINERS.search(text):
        text = _JOINERS.sub("", text)
    return _SPACES.sub(" ", text).strip()
