"""The same conversation over REST, socket.io (the widget's channel) and Telegram (the bridge)
gets the same answers: same texts, same language handling, same verification steps."""
from __future__ import annotations

import html as htmllib
import re
import threading
import time
import uuid

import pytest
import socketio

from tests.conftest import MODEL
from tests.databases import seeded_engine
from tests.fake_telegram import FakeTelegram

pytestmark = [pytest.mark.model, pytest.mark.servers]

CONVERSATIONS = {
    "vietnamese question": ["Tôi muốn đổi công ty thì phải làm thế nào?"],
    "explicit switch, then English": ["/lang ja", "how long can I stay in japan in total"],
    "verification prompt": ["show my timeline", "T-1001", "not a date"],
    "button payload and follow-up": ["/ask_exam_basic", "what if I fail?"],
}


def normalize(text: str) -> str:
    """Channel formatting aside (Telegram HTML, bullets, paragraph splits), the words must match."""
    text = htmllib.unescape(re.sub(r"</?b>", "", text))
    text = re.sub(r"\*\*(.+?)\*\*", r"\1", text, flags=re.S).replace("• ", "- ")
    return re.sub(r"\s+", " ", text).strip()


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    if not MODEL.exists():
        pytest.fail(f"no trained model at {MODEL}; run 'make train'")
    from tests.stack import start_stack
    from tests.test_telegram_e2e import Bridge

    workdir = tmp_path_factory.mktemp("agree")
    url = f"sqlite:///{workdir / 'titp.db'}"
    engine = seeded_engine(url)
    stack = start_stack(MODEL, workdir, database_url=url)
    fake = FakeTelegram().start()
    bridge = Bridge(fake, stack.rest_url, f"sqlite:///{workdir / 'bridge.db'}", workdir).start()
    yield stack, fake
    bridge.stop()
    fake.stop()
    stack.stop()
    engine.dispose()


def via_rest(stack, turns):
    user = f"agree-{uuid.uuid4().hex[:8]}"
    return [normalize(" ".join(r.get("text") or "" for r in stack.send(user, turn))) for turn in turns]


def via_socketio(stack, turns):
    client = socketio.Client(reconnection=False)
    received = []
    confirmed = threading.Event()
    client.on("session_confirm", lambda *_: confirmed.set())
    client.on("bot_uttered", lambda data: received.append(data.get("text") or ""))
    session = uuid.uuid4().hex
    client.connect(f"http://127.0.0.1:{stack.ports['rasa']}", socketio_path="/socket.io", transports=["polling"])
    client.emit("session_request", {"session_id": session})
    assert confirmed.wait(10), "socket.io session was not confirmed"
    answers = []
    for turn in turns:
        before = len(received)
        client.emit("user_uttered", {"message": turn, "session_id": session, "metadata": {}})
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and len(received) == before:
            time.sleep(0.05)
        time.sleep(1.0)   # the rest of this turn's messages
        answers.append(normalize(" ".join(received[before:])))
    client.disconnect()
    return answers


def via_telegram(fake, turns, chat):
    answers = []
    for turn in turns:
        before = len(fake.messages_to(chat))
        fake.user_says(chat, turn, language_code=None)
        fake.wait_for(lambda: len(fake.messages_to(chat)) > before, 60, f"telegram answer to {turn!r}")
        time.sleep(1.0)
        answers.append(normalize(" ".join(m.text for m in fake.messages_to(chat)[before:])))
    return answers


@pytest.mark.parametrize("name", list(CONVERSATIONS))
def test_rest_socketio_and_telegram_agree(world, name):
    stack, fake = world
    turns = CONVERSATIONS[name]
    rest = via_rest(stack, turns)
    sio = via_socketio(stack, turns)
    tg = via_telegram(fake, turns, chat=8000 + list(CONVERSATIONS).index(name))
    assert all(rest), f"REST gave an empty answer: {rest}"
    assert sio == rest, f"socket.io differs from REST in {name!r}"
    assert tg == rest, f"Telegram differs from REST in {name!r}"
