"""Turns a Rasa reply ({"text", "buttons"}) into what Telegram's sendMessage takes.

The bot's texts use a small Markdown subset (**bold**, "- " lists, blank-line
paragraphs, bare links). Telegram's HTML parse mode is the safest target:
everything is escaped first, then only <b> is added; Telegram links bare URLs
itself. Button payloads become callback_data, which Telegram caps at 64 bytes;
longer payloads are stored and replaced by a short key (state.py).
"""
from __future__ import annotations

import html
import re
from typing import Callable, Dict, List, Optional

MAX_CALLBACK_BYTES = 64
MAX_MESSAGE_CHARS = 4096
_BOLD = re.compile(r"\*\*(.+?)\*\*", re.DOTALL)
_LIST_ITEM = re.compile(r"^- ", re.MULTILINE)


def to_html(text: str) -> str:
    escaped = html.escape(text or "", quote=False)
    escaped = _BOLD.sub(r"<b>\1</b>", escaped)
    return _LIST_ITEM.sub("• ", escaped)


def plain(text: str) -> str:
    """The same text without markup, for a retry when Telegram rejects the HTML."""
    return _LIST_ITEM.sub("• ", _BOLD.sub(r"\1", text or ""))


def split_long(text: str, limit: int = MAX_MESSAGE_CHARS) -> List[str]:
    """Telegram refuses messages over 4096 characters: split at paragraph, then line breaks."""
    parts, current = [], ""
    for paragraph in text.split("\n\n"):
        candidate = f"{current}\n\n{paragraph}" if current else paragraph
        if len(candidate) <= limit:
            current = candidate
            continue
        if current:
            parts.append(current)
        while len(paragraph) > limit:
            cut = paragraph.rfind("\n", 0, limit)
            cut = cut if cut > 0 else limit
            parts.append(paragraph[:cut])
            paragraph = paragraph[cut:].lstrip("\n")
        current = paragraph
    if current:
        parts.append(current)
    return parts or [""]


def keyboard(buttons: Optional[List[Dict[str, str]]], shorten: Callable[[str], str]) -> Optional[dict]:
    """Inline keyboard JSON, one button per row (titles are long in some languages)."""
    rows = []
    for button in buttons or []:
        title, payload = str(button.get("title") or "")[:64], str(button.get("payload") or "")
        if not title or not payload:
            continue
        data = payload if len(payload.encode()) <= MAX_CALLBACK_BYTES else shorten(payload)
        rows.append([{"text": title, "callback_data": data}])
    return {"inline_keyboard": rows} if rows else None
