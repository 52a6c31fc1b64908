"""HTTP server for Rasa's NLG endpoint (endpoints.yml `nlg:`).

Rasa POSTs {"response", "arguments", "tracker", "channel"} for every bot
response; we answer {"text", "buttons", ...} in the language held in the
conversation's language (bot/language/choice.py). Answers are read from bot/knowledge at request time,
so correcting one needs no retraining or restart.
"""
from __future__ import annotations

import json
import logging
from typing import Any, Dict

from aiohttp import web

from bot import config
from bot.knowledge import KnowledgeError, load
from bot.knowledge.render import render_message, render_response
from bot.language.choice import conversation_language
from bot.language.names import supported_codes

logger = logging.getLogger(__name__)
MAX_BODY = 4 * 1024 * 1024  # trackers grow with the conversation


def language_of(tracker: Dict[str, Any], arguments: Dict[str, Any] = None) -> str:
    """An action may name the language (a switch confirms in the new one); else the conversation's."""
    asked = (arguments or {}).get("language")
    if isinstance(asked, str) and asked in supported_codes():
        return asked
    slots = tracker.get("slots") if isinstance(tracker.get("slots"), dict) else {}
    return conversation_language(slots)


async def handle_nlg(request: web.Request) -> web.Response:
    try:
        body = await request.json()
    except (json.JSONDecodeError, UnicodeDecodeError):
        return web.json_response({"error": "body must be JSON"}, status=400)
    if not isinstance(body, dict) or not isinstance(body.get("response"), str):
        return web.json_response({"error": "missing 'response'"}, status=400)
    tracker = body.get("tracker") if isinstance(body.get("tracker"), dict) else {}
    arguments = body.get("arguments") if isinstance(body.get("arguments"), dict) else {}
    language = language_of(tracker, arguments)
    kb = load()
    try:
        reply = render_response(kb, body["response"], language, arguments)
    except KeyError:
        logger.error("no knowledge entry for response %r", body["response"])
        reply = render_message(kb, "error", language)
    return web.json_response(reply.as_nlg())


async def handle_health(request: web.Request) -> web.Response:
    try:
        kb = load()
    except KnowledgeError as e:
        return web.json_response({"status": "error", "problems": e.problems}, status=500)
    return web.json_response({"status": "ok", "topics": len(kb.topics), "languages": sorted(kb.languages)})


def create_app() -> web.Application:
    load()  # fail at start-up, not on the first message, if the files are broken
    app = web.Application(client_max_size=MAX_BODY)
    app.router.add_post("/nlg", handle_nlg)
    app.router.add_get("/health", handle_health)
    return app


def serve(host: str = config.NLG_HOST, port: int = config.NLG_PORT) -> None:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    web.run_app(create_app(), host=host, port=port, access_log=None)
