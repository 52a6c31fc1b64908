"""The Telegram bridge process: python-telegram-bot against the Bot API, Rasa's REST channel behind.

Guarantees (tested in tests/test_telegram_e2e.py against a fake Bot API):
- An update is acknowledged (getUpdates offset moves past it) only when it is
  done: Rasa answered and every reply was sent. Until then it stays pending.
- A restart resumes from state.py: done updates are skipped, answered ones are
  finished without asking Rasa again. A reply whose sendMessage request was lost
  is sent again; Telegram has no idempotency key, so if Telegram accepted a
  request but its response never arrived, that one reply can repeat.
- Messages of one chat are handled in order; chats run concurrently.
- Telegram errors are retried with backoff (429 waits retry_after; 5xx, timeouts
  and network errors back off exponentially). If Rasa is unreachable the user is
  told to try again shortly and the bridge keeps running.
"""
from __future__ import annotations

import asyncio
import datetime as dt
import logging
import os
import signal
from urllib.parse import urlparse
from typing import Dict, List, Optional, Set

from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.constants import ChatAction, ParseMode
from telegram.error import BadRequest, Conflict, Forbidden, InvalidToken, RetryAfter, TelegramError
from telegram.request import HTTPXRequest

from bot.channels.telegram.relay import Incoming, RasaClient, RasaUnavailable, local_text, parse_update
from bot.channels.telegram.render import keyboard, plain, split_long, to_html
from bot.channels.telegram.state import ANSWERED, DONE, BridgeState

logger = logging.getLogger(__name__)
ALLOWED_UPDATES = ["message", "callback_query"]
TYPING_EVERY = 4.0   # Telegram shows "typing" for about 5 s


class GaveUp(Exception):
    """A Telegram call failed for good (blocked by the user, bad request, retries used up)."""


def _seconds(value) -> float:
    return value.total_seconds() if isinstance(value, dt.timedelta) else float(value)


class TelegramBridge:
    def __init__(self, token: str, rasa_url: str, api_base_url: Optional[str] = None,
                 state: Optional[BridgeState] = None, poll_timeout: int = 20, max_attempts: int = 8,
                 backoff: float = 0.5, max_backoff: float = 30.0, request_timeout: float = 10.0):
        base = (api_base_url or "https://api.telegram.org").rstrip("/")
        self.bot = Bot(token, base_url=f"{base}/bot", base_file_url=f"{base}/file/bot",
                       request=HTTPXRequest(connection_pool_size=64, read_timeout=request_timeout,
                                            write_timeout=request_timeout, connect_timeout=5.0, pool_timeout=5.0),
                       get_updates_request=HTTPXRequest(read_timeout=poll_timeout + 10.0, connect_timeout=5.0))
        self.rasa = RasaClient(rasa_url)
        self.state = state or BridgeState()
        self.poll_timeout = poll_timeout
        self.max_attempts = max_attempts
        self.backoff = backoff
        self.max_backoff = max_backoff
        self.pending: Set[int] = set()
        self.highest_fetched: Optional[int] = None
        self.queues: Dict[str, asyncio.Queue] = {}
        self.workers: Dict[str, asyncio.Task] = {}
        self.progress = asyncio.Event()
        self.stopping = asyncio.Event()
        self.chat_locks: Dict[str, asyncio.Lock] = {}

    # --- Telegram calls with retries -------------------------------------------------
    async def call(self, what: str, fn, *args, **kwargs):
        delay = self.backoff
        for attempt in range(1, self.max_attempts + 1):
            try:
                return await fn(*args, **kwargs)
            except RetryAfter as exc:
                wait = _seconds(exc.retry_after)
                logger.warning("%s: Telegram asks to wait %.1fs (attempt %d)", what, wait, attempt)
                await asyncio.sleep(wait)
            except (Forbidden, BadRequest, InvalidToken, Conflict):
                raise
            except TelegramError as exc:   # 5xx, timeouts, network errors
                if attempt == self.max_attempts:
                    raise GaveUp(f"{what}: {exc}") from exc
                logger.warning("%s failed (%s); retrying in %.1fs", what, exc, delay)
                await asyncio.sleep(delay)
                delay = min(delay * 2, self.max_backoff)
        raise GaveUp(f"{what}: retries used up")

    # --- one update ------------------------------------------------------------------
    async def _typing(self, chat_id: str) -> None:
        while True:
            try:
                await self.bot.send_chat_action(chat_id=chat_id, action=ChatAction.TYPING)
            except TelegramError:
                pass   # only a courtesy
            await asyncio.sleep(TYPING_EVERY)

    async def _ask_rasa(self, incoming: Incoming) -> List[dict]:
        if incoming.unreadable:
            return [{"text": local_text("unreadable", incoming.language_code, section="messages")}]
        metadata = {"channel": "telegram", "chat_id": incoming.chat_id, "language": incoming.language_code,
                    "start_payload": incoming.start_payload}
        replies: List[dict] = []
        typing = asyncio.create_task(self._typing(incoming.chat_id))
        try:
            for text in incoming.texts:
                replies += await self.rasa.send(incoming.chat_id, text, metadata)
        except RasaUnavailable as exc:
            logger.warning("Rasa unavailable for chat %s: %s", incoming.chat_id, exc)
            replies = [{"text": local_text("unavailable", incoming.language_code)}]
        finally:
            typing.cancel()
        return replies

    async def _acknowledge_button(self, incoming: Incoming) -> None:
        try:
            await self.call("answerCallbackQuery", self.bot.answer_callback_query, incoming.callback_query_id)
        except (TelegramError, GaveUp):
            pass   # the query may have expired; the press is still answered below
        try:   # one press per keyboard: remove it so it cannot be pressed twice
            await self.call("editMessageReplyMarkup", self.bot.edit_message_reply_markup,
                            chat_id=incoming.chat_id, message_id=incoming.callback_message_id, reply_markup=None)
        except (TelegramError, GaveUp):
            pass

    async def _send_reply(self, chat_id: str, reply: dict) -> None:
        markup = keyboard(reply.get("buttons"), self.state.shorten)
        parts = split_long(reply.get("text") or "")
        for i, part in enumerate(parts):
            last = i == len(parts) - 1
            reply_markup = None
            if last and markup:
                reply_markup = InlineKeyboardMarkup([[InlineKeyboardButton(b["text"], callback_data=b["callback_data"])
                                                      for b in row] for row in markup["inline_keyboard"]])
            if not part.strip() and reply_markup is None:
                continue
            try:
                await self.call("sendMessage", self.bot.send_message, chat_id=chat_id, text=to_html(part) or "…",
                                parse_mode=ParseMode.HTML, reply_markup=reply_markup)
            except BadRequest:   # markup Telegram would not parse: send it plain
                await self.call("sendMessage", self.bot.send_message, chat_id=chat_id, text=plain(part) or "…",
                                reply_markup=reply_markup)

    @staticmethod
    def _merge(replies: List[dict]) -> List[dict]:
        """Rasa's REST channel splits a text without buttons into paragraphs; join them again."""
        merged: List[dict] = []
        for reply in replies:
            if merged and not merged[-1].get("buttons") and reply.get("text") and merged[-1].get("text"):
                merged[-1] = {"text": merged[-1]["text"] + "\n\n" + reply["text"], "buttons": reply.get("buttons")}
            else:
                merged.append({"text": reply.get("text") or "", "buttons": reply.get("buttons")})
        return merged

    async def handle(self, update: Update) -> None:
        update_id = update.update_id
        progress = self.state.progress(update_id)
        if progress is not None and progress.status == DONE:
            return
        incoming = parse_update(update, self.state.expand)
        if incoming is None:
            self.state.received(update_id, "-")
            self.state.done(update_id)
            return
        self.state.received(update_id, incoming.chat_id)
        progress = self.state.progress(update_id)
        if progress.status == ANSWERED:
            replies, sent = progress.replies or [], progress.sent
        else:
            if incoming.callback_query_id:
                await self._acknowledge_button(incoming)
            replies = self._merge(await self._ask_rasa(incoming))
            self.state.answered(update_id, replies)
            sent = 0
        for index in range(sent, len(replies)):
            try:
                await self._send_reply(incoming.chat_id, replies[index])
            except (Forbidden, BadRequest) as exc:
                logger.warning("chat %s: reply dropped by Telegram: %s", incoming.chat_id, exc)
            self.state.sent_one(update_id, index + 1)
        self.state.done(update_id)

    # --- long polling ----------------------------------------------------------------
    def ack_offset(self) -> Optional[int]:
        if self.pending:
            return min(self.pending)
        return None if self.highest_fetched is None else self.highest_fetched + 1

    async def _chat_worker(self, chat_id: str) -> None:
        queue = self.queues[chat_id]
        try:
            while True:
                try:
                    update = await asyncio.wait_for(queue.get(), timeout=60)
                except asyncio.TimeoutError:
                    return
                while True:   # the same update until it is done: later ones in this chat wait (order)
                    try:
                        await self.handle(update)
                        break
                    except Exception as exc:
                        logger.error("update %s not finished (%s); retrying, it stays pending", update.update_id, exc)
                        await asyncio.sleep(min(5.0, self.max_backoff))
                self.pending.discard(update.update_id)
                self.progress.set()
        finally:
            if self.queues.get(chat_id) is queue and queue.empty():
                self.queues.pop(chat_id, None)
                self.workers.pop(chat_id, None)

    def _dispatch(self, update: Update) -> None:
        incoming_chat = _chat_of(update)
        queue = self.queues.get(incoming_chat)
        if queue is None:
            queue = self.queues[incoming_chat] = asyncio.Queue()
            self.workers[incoming_chat] = asyncio.create_task(self._chat_worker(incoming_chat))
        queue.put_nowait(update)

    async def poll(self) -> None:
        await self.call("getMe", self.bot.initialize)
        logger.info("Telegram bridge polling as @%s", self.bot.username)
        while not self.stopping.is_set():
            try:
                updates = await self.call("getUpdates", self.bot.get_updates, offset=self.ack_offset(),
                                          timeout=self.poll_timeout, allowed_updates=ALLOWED_UPDATES)
            except Conflict:
                logger.error("Telegram refuses getUpdates while a webhook is set; use --webhook or delete it")
                await asyncio.sleep(10)
                continue
            except GaveUp as exc:
                logger.error("getUpdates keeps failing (%s); still trying", exc)
                await asyncio.sleep(self.max_backoff)
                continue
            new = 0
            for update in updates:
                self.highest_fetched = max(self.highest_fetched or update.update_id, update.update_id)
                if update.update_id in self.pending:
                    continue
                progress = self.state.progress(update.update_id)
                if progress is not None and progress.status == DONE:
                    continue
                self.pending.add(update.update_id)
                self._dispatch(update)
                new += 1
            if updates and not new:
                # Only pending updates came back: wait for one to finish before asking again.
                self.progress.clear()
                try:
                    await asyncio.wait_for(self.progress.wait(), timeout=1.0)
                except asyncio.TimeoutError:
                    pass

    # --- webhook ---------------------------------------------------------------------
    async def handle_webhook_update(self, data: dict) -> None:
        """Webhook mode: Telegram retries until we answer 200, so answer only when done."""
        update = Update.de_json(data, self.bot)
        chat = _chat_of(update)
        lock = self.chat_locks.setdefault(chat, asyncio.Lock())
        async with lock:
            await self.handle(update)

    async def close(self) -> None:
        self.stopping.set()
        for task in list(self.workers.values()):
            task.cancel()
        await self.rasa.close()
        try:
            await self.bot.shutdown()
        except TelegramError:
            pass


def _chat_of(update: Update) -> str:
    if update.callback_query is not None and update.callback_query.message is not None:
        return str(update.callback_query.message.chat.id)
    if update.effective_chat is not None:
        return str(update.effective_chat.id)
    return "-"


async def run_polling(bridge: TelegramBridge) -> None:
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, bridge.stopping.set)
    poller = asyncio.create_task(bridge.poll())
    await bridge.stopping.wait()
    poller.cancel()
    # Let chats finish what they are doing (bounded), so a normal stop loses nothing in flight.
    workers = list(bridge.workers.values())
    if workers:
        await asyncio.wait(workers, timeout=10)
    await bridge.close()


def from_environment() -> TelegramBridge:
    token = os.environ.get("TELEGRAM_BOT_TOKEN")
    if not token:
        raise SystemExit("TELEGRAM_BOT_TOKEN is not set: create a bot with @BotFather and export its token")
    rasa_url = os.environ.get("RASA_REST_URL") or \
        f"http://127.0.0.1:{os.environ.get('RASA_PORT', '5005')}/webhooks/rest/webhook"
    return TelegramBridge(token, rasa_url, api_base_url=os.environ.get("TELEGRAM_API_BASE_URL"),
                          poll_timeout=int(os.environ.get("TELEGRAM_POLL_TIMEOUT", "20")),
                          request_timeout=float(os.environ.get("TELEGRAM_REQUEST_TIMEOUT", "10")),
                          backoff=float(os.environ.get("TELEGRAM_BACKOFF", "0.5")))


async def run_webhook(bridge: TelegramBridge, url: str, secret: str, host: str = "127.0.0.1", port: int = 8443) -> None:
    """Webhook mode (optional): Telegram POSTs updates to `url`; the secret token header must match."""
    from aiohttp import web

    if not secret:
        raise SystemExit("TELEGRAM_WEBHOOK_SECRET is required in webhook mode")

    async def receive(request: web.Request) -> web.Response:
        if request.headers.get("X-Telegram-Bot-Api-Secret-Token") != secret:
            return web.json_response({"error": "bad secret token"}, status=403)
        try:
            data = await request.json()
        except ValueError:
            return web.json_response({"error": "body must be JSON"}, status=400)
        if not isinstance(data, dict) or not isinstance(data.get("update_id"), int):
            return web.json_response({"error": "not a Telegram update"}, status=400)
        await bridge.handle_webhook_update(data)
        return web.json_response({"ok": True})

    await bridge.call("getMe", bridge.bot.initialize)
    await bridge.call("setWebhook", bridge.bot.set_webhook, url=url, secret_token=secret,
                      allowed_updates=ALLOWED_UPDATES)
    app = web.Application(client_max_size=1024 * 1024)
    app.router.add_post(urlparse(url).path or "/telegram", receive)
    runner = web.AppRunner(app)
    await runner.setup()
    await web.TCPSite(runner, host, port).start()
    logger.info("Telegram webhook listening on %s:%d", host, port)
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, bridge.stopping.set)
    await bridge.stopping.wait()
    await runner.cleanup()
    await bridge.close()
