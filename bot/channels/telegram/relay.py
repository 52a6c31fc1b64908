"""From a Telegram update to a message for Rasa's REST channel, and back.

Commands: /start [payload] greets and offers the languages, /help, /lang [code],
/forget. A button press sends its payload. Every message carries metadata:
the chat id, Telegram's language_code (used by Rasa only to start a new
conversation) and the /start payload.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import List, Optional

import httpx

from bot.knowledge import load

SENDER_PREFIX = "telegram-"
_COMMAND = re.compile(r"^/([A-Za-z_]+)(?:@\w+)?(?:\s+(.*))?$", re.DOTALL)


@dataclass
class Incoming:
    """What one update asks of Rasa: zero or more texts, in order."""
    chat_id: str
    texts: List[str] = field(default_factory=list)
    language_code: Optional[str] = None
    start_payload: Optional[str] = None
    callback_query_id: Optional[str] = None
    callback_message_id: Optional[int] = None
    unreadable: bool = False


def sender_id(chat_id: str) -> str:
    return f"{SENDER_PREFIX}{chat_id}"


def _texts_for(text: str) -> (List[str], Optional[str]):
    match = _COMMAND.match(text.strip())
    if not match:
        return [text], None
    command, rest = match.group(1).lower(), (match.group(2) or "").strip()
    if command == "start":
        return ["/greet", "/lang"], rest or None
    if command == "help":
        return ["/help"], None
    if command in ("lang", "language"):
        return [f"/lang {rest}".strip()], None
    if command == "forget":
        return ["/forget_me"], None
    return [text], None   # Rasa decides what an unknown /command means


def parse_update(update, expand_payload) -> Optional[Incoming]:
    """None for updates the bridge does not answer (edits, channel posts, joins)."""
    if update.callback_query is not None:
        query = update.callback_query
        if query.message is None:
            return None
        payload = expand_payload(query.data or "")
        incoming = Incoming(chat_id=str(query.message.chat.id),
                            language_code=getattr(query.from_user, "language_code", None),
                            callback_query_id=query.id, callback_message_id=query.message.message_id)
        if payload:
            incoming.texts.append(payload)
        return incoming
    message = update.message
    if message is None or message.chat is None:
        return None
    incoming = Incoming(chat_id=str(message.chat.id),
                        language_code=getattr(message.from_user, "language_code", None))
    if not message.text:
        incoming.unreadable = True   # photo, sticker, voice...
        return incoming
    incoming.texts, incoming.start_payload = _texts_for(message.text)
    return incoming


def local_text(name: str, language_code: Optional[str], section: str = "ui") -> str:
    """A channel-level message (Rasa unreachable, unreadable input) in the user's phone language."""
    kb = load()
    code = (language_code or "").split("-")[0].lower()
    code = {"fil": "tl"}.get(code, code)
    lang = kb.languages.get(code) or kb.languages["en"]
    table = lang.ui if section == "ui" else lang.messages
    return str(table.get(name) or "").strip()


class RasaUnavailable(Exception):
    pass


class RasaClient:
    def __init__(self, url: str, timeout: float = 30.0):
        self.url = url
        self.client = httpx.AsyncClient(timeout=timeout)

    async def send(self, chat_id: str, text: str, metadata: dict) -> List[dict]:
        try:
            response = await self.client.post(self.url, json={"sender": sender_id(chat_id), "message": text,
                                                              "metadata": metadata})
        except httpx.HTTPError as exc:
            raise RasaUnavailable(str(exc)) from exc
        if response.status_code >= 500:
            raise RasaUnavailable(f"HTTP {response.status_code}")
        if response.status_code >= 400 and response.status_code != 429:   # 429 carries a polite reply
            return []
        try:
            replies = response.json()
        except ValueError as exc:
            raise RasaUnavailable("reply is not JSON") from exc
        return [r for r in replies if isinstance(r, dict)] if isinstance(replies, list) else []

    async def close(self) -> None:
        await self.client.aclose()
