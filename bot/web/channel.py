"""Rasa's socket.io channel with session persistence that actually delivers replies.

Rasa 3.6's `SocketIOInput` calls `sio.enter_room(...)` without `await` in its
`session_request` handler. Since python-socketio 5.10 `AsyncServer.enter_room`
is a coroutine, so the client never joins the room named after its session id,
and every bot reply (emitted to that room) is lost (RasaHQ/rasa#13027).

This subclass re-registers `session_request` with the awaited call. Use it in
credentials.yml instead of the built-in `socketio:` key, with the same settings:

    bot.web.channel.SocketIOInput:
      user_message_evt: user_uttered
      bot_message_evt: bot_uttered
      session_persistence: true
      metadata_key: metadata
"""
from __future__ import annotations

import inspect
import logging
import uuid
from typing import Any, Awaitable, Callable, Dict, Optional, Text

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.socketio import SocketIOInput as RasaSocketIOInput
from sanic import Blueprint

logger = logging.getLogger(__name__)


class SocketIOInput(RasaSocketIOInput):
    """Same channel (name "socketio"), with `enter_room` awaited."""

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        socketio_webhook = super().blueprint(on_new_message)
        sio = self.sio

        async def session_request(sid: Text, data: Optional[Dict]) -> None:
            data = dict(data) if isinstance(data, dict) else {}
            if not data.get("session_id"):
                data["session_id"] = uuid.uuid4().hex
            if self.session_persistence:
                entered = sio.enter_room(sid, data["session_id"], namespace=self.namespace)
                if inspect.isawaitable(entered):   # a coroutine from python-socketio 5.10 on
                    await entered
            await sio.emit("session_confirm", data["session_id"], room=sid, namespace=self.namespace)
            logger.debug(f"User {sid} joined session {data['session_id']}.")

        sio.on("session_request", session_request, namespace=self.namespace)
        return socketio_webhook
