"""Checks on every incoming chat message before Rasa sees it: shape, length, rate.

Pure and channel-neutral: the REST channel (guarded_rest.py) uses it; the
limits come from the environment with defaults sized for people typing.
"""
from __future__ import annotations

import os
import re
import threading
import time
import unicodedata
from dataclasses import dataclass
from typing import Any, Dict, Optional, Tuple

MAX_MESSAGE_CHARS = int(os.environ.get("MAX_MESSAGE_CHARS", "2000"))
MAX_SENDER_CHARS = 128
RATE_BURST = float(os.environ.get("RATE_LIMIT_BURST", "20"))          # messages at once
RATE_PER_SECOND = float(os.environ.get("RATE_LIMIT_PER_SECOND", "2"))  # sustained, per sender


_SURROGATE = re.compile("[\ud800-\udfff]")


@dataclass(frozen=True)
class Verdict:
    ok: bool
    status: int = 200
    error: Optional[str] = None          # for a 4xx: what is wrong with the request
    message_name: Optional[str] = None   # for a polite reply instead of Rasa's: a messages.* key


def check_shape(body: Any) -> Tuple[Optional[Verdict], Optional[Dict[str, Any]]]:
    """(a 400 verdict, None) or (None, {"sender", "message", "metadata"})."""
    if not isinstance(body, dict):
        return Verdict(False, 400, "body must be a JSON object"), None
    sender, message, metadata = body.get("sender"), body.get("message"), body.get("metadata")
    if isinstance(sender, int) and not isinstance(sender, bool):
        sender = str(sender)
    if not isinstance(sender, str) or not sender.strip() or len(sender) > MAX_SENDER_CHARS:
        return Verdict(False, 400, f"'sender' must be a non-empty string of at most {MAX_SENDER_CHARS} characters"), None
    if any(unicodedata.category(ch) in ("Cc", "Cf", "Cs") for ch in sender):
        return Verdict(False, 400, "'sender' must not contain control characters"), None
    if not isinstance(message, str):
        return Verdict(False, 400, "'message' must be a string"), None
    if _SURROGATE.search(message):   # what a JSON parser makes of invalid UTF-8 or lone \ud800 escapes
        return Verdict(False, 400, "'message' must be valid UTF-8 text"), None
    if metadata is not None and not isinstance(metadata, dict):
        return Verdict(False, 400, "'metadata' must be an object"), None
    return None, {"sender": sender, "message": message, "metadata": metadata or {}}


def check_message(message: str) -> Verdict:
    if len(message) > MAX_MESSAGE_CHARS:
        return Verdict(False, 200, message_name="message_too_long")
    visible = "".join(ch for ch in message if unicodedata.category(ch)[0] not in ("C", "Z"))
    if not visible:
        return Verdict(False, 200, message_name="unreadable")
    return Verdict(True)


class RateLimiter:
    """A token bucket per sender; forgets senders idle long enough to be full again."""

    def __init__(self, burst: float = RATE_BURST, per_second: float = RATE_PER_SECOND, clock=time.monotonic):
        self.burst, self.per_second, self.clock = burst, per_second, clock
        self._buckets: Dict[str, Tuple[float, float]] = {}
        self._lock = threading.Lock()

    def allow(self, sender: str) -> bool:
        now = self.clock()
        with self._lock:
            tokens, last = self._buckets.get(sender, (self.burst, now))
            tokens = min(self.burst, tokens + (now - last) * self.per_second)
            if tokens < 1:
                self._buckets[sender] = (tokens, now)
                return False
            self._buckets[sender] = (tokens - 1, now)
            if len(self._buckets) > 100_000:
                self._forget_idle(now)
            return True

    def _forget_idle(self, now: float) -> None:
        full_after = self.burst / self.per_second
        for sender, (_, last) in list(self._buckets.items()):
            if now - last > full_after:
                del self._buckets[sender]
