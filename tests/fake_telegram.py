"""A local stand-in for Telegram's Bot API, for the bridge's end-to-end tests.

HTTP on loopback, in a background thread. It implements what the bridge uses:
getMe, getUpdates (long polling, offsets confirm updates), sendMessage,
sendChatAction, answerCallbackQuery, editMessageReplyMarkup, setWebhook and
deleteWebhook. Tests queue user messages and button presses, read what the bot
sent, and inject faults per method: 429 with retry_after, 500, a request that
never gets an answer (timeout), or a hook (to kill the bridge mid-request).
A faulted request is not recorded, as when Telegram never received it.
"""
from __future__ import annotations

import asyncio
import json
import threading
import time
from dataclasses import dataclass, field
from typing import Callable, Dict, List, Optional

from aiohttp import web

BOT = {"id": 999, "is_bot": True, "first_name": "TITP Assistant", "username": "titp_test_bot"}


@dataclass
class Fault:
    method: str
    kind: str                  # "429", "500", "timeout", "hook"
    times: int = 1
    after: int = 0             # let this many calls of the method through first
    retry_after: int = 1
    hook: Optional[Callable[[], None]] = None
    seen: int = 0


@dataclass
class Sent:
    chat_id: str
    text: str
    reply_markup: Optional[dict]
    message_id: int
    parse_mode: Optional[str]


class FakeTelegram:
    def __init__(self):
        self.updates: List[dict] = []
        self.next_update_id = 1000
        self.next_message_id = 1
        self.sent: List[Sent] = []
        self.calls: Dict[str, int] = {}
        self.actions: List[tuple] = []
        self.faults: List[Fault] = []
        self.confirmed_below = 0
        self._lock = threading.Lock()
        self._loop: Optional[asyncio.AbstractEventLoop] = None
        self._runner = None
        self.port = 0
        self._ready = threading.Event()

    # --- test side ---------------------------------------------------------------------
    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def _user(self, chat_id: int, language_code: Optional[str]) -> dict:
        user = {"id": chat_id, "is_bot": False, "first_name": f"Trainee{chat_id}"}
        if language_code:
            user["language_code"] = language_code
        return user

    def user_says(self, chat_id: int, text: Optional[str], language_code: Optional[str] = "en",
                  sticker: bool = False) -> int:
        with self._lock:
            update_id = self.next_update_id
            self.next_update_id += 1
            message = {"message_id": self.next_message_id, "date": int(time.time()),
                       "chat": {"id": chat_id, "type": "private"}, "from": self._user(chat_id, language_code)}
            self.next_message_id += 1
            if sticker:
                message["sticker"] = {"file_id": "x", "file_unique_id": "x", "width": 1, "height": 1,
                                      "is_animated": False, "is_video": False, "type": "regular"}
            else:
                message["text"] = text
            self.updates.append({"update_id": update_id, "message": message})
            return update_id

    def user_presses(self, chat_id: int, sent: Sent, data: str, language_code: str = "en") -> int:
        with self._lock:
            update_id = self.next_update_id
            self.next_update_id += 1
            self.updates.append({"update_id": update_id, "callback_query": {
                "id": f"cb{update_id}", "from": self._user(chat_id, language_code), "chat_instance": "ci",
                "data": data, "message": {"message_id": sent.message_id, "date": int(time.time()),
                                          "chat": {"id": chat_id, "type": "private"}, "from": BOT,
                                          "text": sent.text}}})
            return update_id

    def messages_to(self, chat_id: int) -> List[Sent]:
        with self._lock:
            return [m for m in self.sent if m.chat_id == str(chat_id)]

    def inject(self, fault: Fault) -> None:
        with self._lock:
            self.faults.append(fault)

    def pending_updates(self) -> int:
        with self._lock:
            return sum(1 for u in self.updates if u["update_id"] >= self.confirmed_below)

    def wait_for(self, condition: Callable[[], bool], timeout: float = 60.0, what: str = "condition") -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if condition():
                return
            time.sleep(0.1)
        raise AssertionError(f"timed out waiting for {what}")

    # --- server side -------------------------------------------------------------------
    def _fault_for(self, method: str) -> Optional[Fault]:
        with self._lock:
            for fault in self.faults:
                if fault.method == method and fault.times > 0:
                    fault.seen += 1
                    if fault.seen > fault.after:
                        fault.times -= 1
                        return fault
        return None

    @staticmethod
    async def _params(request: web.Request) -> dict:
        if request.content_type == "application/json":
            return await request.json()
        data = dict(await request.post())
        for key, value in list(data.items()):
            if isinstance(value, str) and value[:1] in "{[":
                try:
                    data[key] = json.loads(value)
                except ValueError:
                    pass
        return data

    async def _handle(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        with self._lock:
            self.calls[method] = self.calls.get(method, 0) + 1
        fault = self._fault_for(method)
        if fault is not None:
            if fault.kind == "429":
                return web.json_response({"ok": False, "error_code": 429,
                                          "description": f"Too Many Requests: retry after {fault.retry_after}",
                                          "parameters": {"retry_after": fault.retry_after}}, status=429)
            if fault.kind == "500":
                return web.json_response({"ok": False, "error_code": 500, "description": "Internal Server Error"},
                                         status=500)
            if fault.kind in ("timeout", "hook"):
                if fault.hook:
                    threading.Thread(target=fault.hook, daemon=True).start()
                await asyncio.sleep(3600)   # never answered; the client gives up or dies
        params = await self._params(request)
        handler = getattr(self, f"_api_{method}", None)
        if handler is None:
            return web.json_response({"ok": False, "error_code": 404, "description": "Not Found"}, status=404)
        return web.json_response({"ok": True, "result": await handler(params)})

    async def _api_getMe(self, params):
        return BOT

    async def _api_deleteWebhook(self, params):
        return True

    async def _api_setWebhook(self, params):
        return True

    async def _api_getUpdates(self, params):
        offset = int(params.get("offset") or 0)
        timeout = float(params.get("timeout") or 0)
        limit = int(params.get("limit") or 100)
        deadline = time.monotonic() + timeout
        while True:
            with self._lock:
                if offset:
                    self.confirmed_below = max(self.confirmed_below, offset)
                ready = [u for u in self.updates if u["update_id"] >= self.confirmed_below][:limit]
            if ready or time.monotonic() >= deadline:
                return ready
            await asyncio.sleep(0.05)

    async def _api_sendMessage(self, params):
        with self._lock:
            message_id = self.next_message_id
            self.next_message_id += 1
            markup = params.get("reply_markup")
            self.sent.append(Sent(str(params["chat_id"]), params.get("text") or "", markup if markup else None,
                                  message_id, params.get("parse_mode")))
        return {"message_id": message_id, "date": int(time.time()), "from": BOT,
                "chat": {"id": int(params["chat_id"]), "type": "private"}, "text": params.get("text") or ""}

    async def _api_sendChatAction(self, params):
        with self._lock:
            self.actions.append(("chat_action", str(params.get("chat_id")), params.get("action")))
        return True

    async def _api_answerCallbackQuery(self, params):
        with self._lock:
            self.actions.append(("answer_callback", params.get("callback_query_id")))
        return True

    async def _api_editMessageReplyMarkup(self, params):
        with self._lock:
            self.actions.append(("edit_markup", str(params.get("chat_id")), int(params.get("message_id"))))
        return True

    def _serve(self) -> None:
        self._loop = asyncio.new_event_loop()
        asyncio.set_event_loop(self._loop)
        app = web.Application()
        app.router.add_route("*", "/bot{token}/{method}", self._handle)
        self._runner = web.AppRunner(app)
        self._loop.run_until_complete(self._runner.setup())
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        self._loop.run_until_complete(site.start())
        self.port = site._server.sockets[0].getsockname()[1]
        self._ready.set()
        self._loop.run_forever()

    def start(self) -> "FakeTelegram":
        threading.Thread(target=self._serve, daemon=True).start()
        self._ready.wait(10)
        return self

    def stop(self) -> None:
        if self._loop:
            asyncio.run_coroutine_threadsafe(self._runner.cleanup(), self._loop).result(10)
            self._loop.call_soon_threadsafe(self._loop.stop)
