"""The real python-telegram-bot bridge (`python -m bot telegram`, a subprocess) against a
fake Bot API (tests/fake_telegram.py) and the real Rasa, NLG and action servers."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from bot.channels.telegram.render import to_html
from bot.identity import service as identity
from bot.knowledge.render import render_message, render_topic
from tests.conftest import MODEL, ROOT
from tests.databases import seeded_engine
from tests.fake_telegram import Fault, FakeTelegram

pytestmark = [pytest.mark.model, pytest.mark.servers]


class Bridge:
    """The bridge as its own process, so a test can kill it like a crash would."""

    def __init__(self, fake: FakeTelegram, rasa_url: str, state_url: str, workdir: Path):
        self.env = {**os.environ, "PYTHONPATH": str(ROOT), "TELEGRAM_BOT_TOKEN": "123456:TEST-TOKEN",
                    "TELEGRAM_API_BASE_URL": fake.base_url, "RASA_REST_URL": rasa_url,
                    "TELEGRAM_STATE_URL": state_url, "TELEGRAM_POLL_TIMEOUT": "1",
                    "TELEGRAM_REQUEST_TIMEOUT": "2", "TELEGRAM_BACKOFF": "0.2", "TF_CPP_MIN_LOG_LEVEL": "3"}
        self.log = workdir / "bridge.log"
        self.proc = None

    def start(self) -> "Bridge":
        self.proc = subprocess.Popen([sys.executable, "-m", "bot", "telegram"], cwd=ROOT, env=self.env,
                                     stdout=open(self.log, "ab"), stderr=subprocess.STDOUT, start_new_session=True)
        return self

    def kill(self) -> None:
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(10)

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                self.kill()

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    if not MODEL.exists():
        pytest.fail(f"no trained model at {MODEL}; run 'make train'")
    from tests.stack import start_stack

    workdir = tmp_path_factory.mktemp("telegram")
    url = f"sqlite:///{workdir / 'titp.db'}"
    engine = seeded_engine(url)
    stack = start_stack(MODEL, workdir, database_url=url)
    yield stack, engine, workdir
    stack.stop()
    engine.dispose()


@pytest.fixture
def fake():
    server = FakeTelegram().start()
    yield server
    server.stop()


@pytest.fixture
def bridge(world, fake, tmp_path):
    stack, _, _ = world
    b = Bridge(fake, stack.rest_url, f"sqlite:///{tmp_path / 'bridge.db'}", tmp_path).start()
    yield b
    b.stop()


def html(text: str) -> str:
    return to_html(text)


def wait_messages(fake, chat, n, timeout=60):
    fake.wait_for(lambda: len(fake.messages_to(chat)) >= n, timeout, f"{n} messages to chat {chat}")
    time.sleep(0.5)   # a late duplicate would show up here
    return fake.messages_to(chat)


def test_full_conversation_in_vietnamese(fake, bridge, kb):
    chat = 7001
    fake.user_says(chat, "/start", language_code="vi")
    sent = wait_messages(fake, chat, 2)
    assert sent[0].text == html(render_message(kb, "greet", "vi").text)
    assert sent[0].reply_markup["inline_keyboard"]          # topic menu as inline buttons
    assert sent[1].text == html(render_message(kb, "choose_language", "vi").text)
    assert {"text": "Tiếng Việt", "callback_data": '/switch_language{"language_name":"vi"}'} in \
        [row[0] for row in sent[1].reply_markup["inline_keyboard"]]
    fake.user_says(chat, "Tôi muốn đổi công ty thì phải làm thế nào?", language_code="vi")
    sent = wait_messages(fake, chat, 3)
    assert sent[2].text == html(render_topic(kb, "change_employer", "vi").text)
    assert sent[2].parse_mode == "HTML" and "<b>" in sent[2].text
    fake.user_says(chat, "cam on nhieu", language_code="vi")
    sent = wait_messages(fake, chat, 4)
    assert sent[3].text == html(render_message(kb, "thanks", "vi").text)
    assert ("chat_action", str(chat), "typing") in fake.actions


def test_button_press_is_answered_and_its_keyboard_removed(fake, bridge, kb):
    chat = 7002
    fake.user_says(chat, "/ask_stages")
    first = wait_messages(fake, chat, 1)[0]
    button = first.reply_markup["inline_keyboard"][0][0]
    target = kb.topics[kb.topics["stages"].related[0]]
    assert button["callback_data"] == f"/{target.intent}"
    fake.user_presses(chat, first, button["callback_data"])
    sent = wait_messages(fake, chat, 2)
    assert sent[1].text == html(render_topic(kb, target.id, "en").text)
    assert any(a[0] == "answer_callback" for a in fake.actions)
    assert ("edit_markup", str(chat), first.message_id) in fake.actions


def test_language_command_switches(fake, bridge, kb):
    chat = 7003
    fake.user_says(chat, "/lang th")
    assert wait_messages(fake, chat, 1)[0].text == html(render_message(kb, "language_switched", "th").text)


def test_a_sticker_gets_a_clear_answer(fake, bridge, kb):
    chat = 7004
    fake.user_says(chat, None, language_code="id", sticker=True)
    assert wait_messages(fake, chat, 1)[0].text == html(render_message(kb, "unreadable", "id").text)


def test_verification_binds_the_chat_to_the_trainee(world, fake, bridge, kb):
    _, engine, _ = world
    with Session(engine, future=True) as s:
        code = identity.issue_link_code(s, "T-1001")
        s.commit()
    chat = 7005
    said = [say(fake, chat, text) for text in ["show my timeline", "T-1001", "2002-04-12", code]]
    assert said[0][-1].text.endswith(html(render_message(kb, "ask_trainee_number", "en").text))   # merged with need_verification
    assert said[1][-1].text == html(render_message(kb, "ask_date_of_birth", "en").text)
    assert said[2][-1].text == html(render_message(kb, "ask_link_code", "en").text)
    final = "\n\n".join(m.text for m in said[3])
    assert html(render_message(kb, "verify_ok", "en").text) in final and "Your timeline as of" in final
    with Session(engine, future=True) as s:
        assert identity.bound_trainee_id(s, "rest", "telegram-7005") is not None


def say(fake, chat, text, timeout=60):
    """Sends one message and returns the bot's messages in answer to it."""
    before = len(fake.messages_to(chat))
    fake.user_says(chat, text)
    fake.wait_for(lambda: len(fake.messages_to(chat)) > before, timeout, f"an answer to {text!r}")
    time.sleep(1.0)
    return fake.messages_to(chat)[before:]


def expected_topics(kb, topics):
    return [html(render_topic(kb, t, "en").text) for t in topics]


def test_telegram_faults_lose_and_duplicate_nothing(fake, bridge, kb):
    fake.inject(Fault("sendMessage", "429", times=1, retry_after=1))
    fake.inject(Fault("sendMessage", "500", times=2, after=1))
    fake.inject(Fault("sendMessage", "timeout", times=1, after=3))
    fake.inject(Fault("getUpdates", "500", times=2, after=2))
    plan = {7101: ["stages", "otit", "jitco"], 7102: ["hotline", "minimum_wage", "side_jobs"]}
    for step in range(3):
        for chat, topics in plan.items():
            fake.user_says(chat, f"/ask_{topics[step]}")
    for chat, topics in plan.items():
        sent = wait_messages(fake, chat, 3, timeout=90)
        assert [m.text for m in sent] == expected_topics(kb, topics), f"chat {chat}: order, loss or duplicate"
    fake.wait_for(lambda: fake.pending_updates() == 0, 30, "all updates acknowledged")
    assert all(f.times == 0 for f in fake.faults), "every injected fault was hit"
    assert bridge.alive()


def test_bridge_killed_mid_stream_resumes_without_loss_or_duplicates(world, fake, tmp_path, kb):
    stack, _, _ = world
    bridge = Bridge(fake, stack.rest_url, f"sqlite:///{tmp_path / 'bridge.db'}", tmp_path)
    # The bridge dies while its 4th sendMessage is in flight (Telegram never got it).
    fake.inject(Fault("sendMessage", "hook", times=1, after=3, hook=bridge.kill))
    plan = {7201: ["stages", "otit", "jitco", "family"], 7202: ["hotline", "minimum_wage", "side_jobs", "pregnancy"]}
    for step in range(4):
        for chat, topics in plan.items():
            fake.user_says(chat, f"/ask_{topics[step]}")
    bridge.start()
    fake.wait_for(lambda: not bridge.alive(), 60, "the bridge to be killed")
    assert fake.pending_updates() > 0          # unanswered updates were not acknowledged
    bridge.start()                             # a restart, as a supervisor would do
    try:
        for chat, topics in plan.items():
            sent = wait_messages(fake, chat, 4, timeout=90)
            assert [m.text for m in sent] == expected_topics(kb, topics), f"chat {chat}"
        fake.wait_for(lambda: fake.pending_updates() == 0, 30, "all updates acknowledged")
    finally:
        bridge.stop()


def test_rasa_down_is_told_to_the_user_and_the_bridge_keeps_running(fake, tmp_path, kb):
    from tests.stack import free_port

    dead = f"http://127.0.0.1:{free_port()}/webhooks/rest/webhook"
    bridge = Bridge(fake, dead, f"sqlite:///{tmp_path / 'bridge.db'}", tmp_path).start()
    try:
        fake.user_says(7301, "hello there", language_code="ja")
        assert wait_messages(fake, 7301, 1)[0].text == html(kb.languages["ja"].ui["unavailable"])
        fake.user_says(7301, "still there?", language_code="ja")
        assert len(wait_messages(fake, 7301, 2)) == 2
        assert bridge.alive()
    finally:
        bridge.stop()


def test_webhook_mode_checks_the_secret_token(fake, tmp_path, kb):
    import requests

    from tests.stack import free_port

    port = free_port()
    dead_rasa = f"http://127.0.0.1:{free_port()}/webhooks/rest/webhook"
    bridge = Bridge(fake, dead_rasa, f"sqlite:///{tmp_path / 'bridge.db'}", tmp_path)
    bridge.env.update({"TELEGRAM_WEBHOOK_URL": f"http://127.0.0.1:{port}/tg-hook",
                       "TELEGRAM_WEBHOOK_SECRET": "s3cret-token", "TELEGRAM_WEBHOOK_PORT": str(port)})
    bridge.proc = subprocess.Popen([sys.executable, "-m", "bot", "telegram", "--webhook"], cwd=ROOT, env=bridge.env,
                                   stdout=open(bridge.log, "ab"), stderr=subprocess.STDOUT, start_new_session=True)
    try:
        fake.wait_for(lambda: fake.calls.get("setWebhook", 0) > 0, 30, "setWebhook")
        update = {"update_id": 5, "message": {"message_id": 1, "date": 0, "chat": {"id": 7401, "type": "private"},
                                              "from": {"id": 7401, "is_bot": False, "first_name": "T",
                                                       "language_code": "vi"}, "text": "xin chao"}}
        url = f"http://127.0.0.1:{port}/tg-hook"
        deadline = time.monotonic() + 20
        while True:
            try:
                refused = requests.post(url, json=update, timeout=10)
                break
            except requests.ConnectionError:
                assert time.monotonic() < deadline, "webhook server did not start"
                time.sleep(0.3)
        assert refused.status_code == 403 and not fake.messages_to(7401)
        wrong = requests.post(url, json=update, headers={"X-Telegram-Bot-Api-Secret-Token": "guess"}, timeout=10)
        assert wrong.status_code == 403
        ok = requests.post(url, json=update, headers={"X-Telegram-Bot-Api-Secret-Token": "s3cret-token"}, timeout=30)
        assert ok.status_code == 200
        # Rasa is down here, so the answer is the localized notice, sent once.
        assert [m.text for m in wait_messages(fake, 7401, 1)] == [html(kb.languages["vi"].ui["unavailable"])]
        again = requests.post(url, json=update, headers={"X-Telegram-Bot-Api-Secret-Token": "s3cret-token"}, timeout=30)
        assert again.status_code == 200 and len(wait_messages(fake, 7401, 1)) == 1   # a redelivery is not answered twice
    finally:
        bridge.stop()
