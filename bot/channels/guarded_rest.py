"""Rasa's REST channel with the checks of guard.py in front (credentials.yml).

Same URL and JSON as Rasa's own (`/webhooks/rest/webhook`). A malformed request
gets a 400 with the reason; a message too long, empty, or too fast gets a
polite reply in the message's language instead of reaching Rasa.
"""
from __future__ import annotations

import logging
from typing import Awaitable, Callable, Text

from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.channels.rest import RestInput
from sanic import Blueprint, response
from sanic.request import Request

from bot import rasa_patches
from bot.channels.guard import MAX_MESSAGE_CHARS, RateLimiter, check_message, check_shape
from bot.knowledge import load
from bot.knowledge.render import render_message
from bot.language.detect import detect

logger = logging.getLogger(__name__)
rasa_patches.apply()   # loaded by the Rasa server through credentials.yml


def polite_reply(sender: str, name: str, text: str) -> list:
    found = detect(text[:500]) if text else None
    reply = render_message(load(), name, found.language if found else None)
    return [{"recipient_id": sender, "text": reply.text.replace("{max}", str(MAX_MESSAGE_CHARS))}]


class GuardedRestInput(RestInput):
    @classmethod
    def name(cls) -> Text:
        return "rest"

    def __init__(self) -> None:
        self.limiter = RateLimiter()

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[None]]) -> Blueprint:
        webhook = Blueprint("guarded_rest_webhook", __name__)

        @webhook.route("/", methods=["GET"])
        async def health(request: Request):
            return response.json({"status": "ok"})

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request):
            try:
                request.body.decode("utf-8")   # strict: the JSON parser would let invalid bytes through
                body = request.json
            except Exception:   # UnicodeDecodeError, or sanic's InvalidUsage for broken JSON
                return response.json({"error": "body must be JSON (UTF-8)"}, status=400)
            verdict, parsed = check_shape(body)
            if verdict is not None:
                return response.json({"error": verdict.error}, status=verdict.status)
            sender, text = parsed["sender"], parsed["message"]
            if not self.limiter.allow(sender):
                return response.json(polite_reply(sender, "rate_limited", text), status=429)
            verdict = check_message(text)
            if not verdict.ok:
                return response.json(polite_reply(sender, verdict.message_name, text))
            collector = CollectingOutputChannel()
            try:
                await on_new_message(UserMessage(text, collector, sender, input_channel=self.name(),
                                                 metadata=parsed["metadata"]))
            except Exception:
                logger.exception("message from %s failed", sender)
                return response.json(polite_reply(sender, "error", text), status=500)
            return response.json(collector.messages)

        return webhook
