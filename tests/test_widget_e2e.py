"""The web chat widget end to end: headless Chromium (Debian's, driven by Playwright)
on the demo page, talking over socket.io to the real NLG, action and Rasa servers.

Needs `apt-get install chromium` and `pip install playwright` (no browser download).
Screenshots go to var/test-artifacts/widget-*.png.
"""
from __future__ import annotations

import asyncio
import http.server
import inspect
import os
import re
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import requests
import yaml

from bot.knowledge.render import render_message, render_topic
from tests.conftest import MODEL, ROOT

pytestmark = [pytest.mark.model, pytest.mark.servers]

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = ROOT / "var" / "test-artifacts"
CREDENTIALS = ROOT / "credentials.yml"
REPLY_TIMEOUT = 45_000   # ms; the first reply after start-up is the slowest


# ---- fixtures -----------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def playwright_api():
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: these tests drive Debian's Chromium. "
                    "Install it with: apt-get install -y chromium chromium-driver")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail("Playwright for Python is missing: pip install playwright "
                    "(it uses /usr/bin/chromium; do not run 'playwright install')")
    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="module")
def browser(playwright_api):
    b = playwright_api.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox", "--disable-gpu"])
    yield b
    b.close()


@pytest.fixture(scope="module")
def stack(browser, tmp_path_factory):
    if not MODEL.exists():
        pytest.fail(f"no trained model at {MODEL}; run 'make train'")
    _check_socketio_channel()
    from tests.stack import start_stack

    s = start_stack(MODEL, tmp_path_factory.mktemp("stack"))
    yield s
    s.stop()


@pytest.fixture(scope="module")
def web(stack, tmp_path_factory):
    """`python -m bot.web` on a free port, pointing the widget at the stack's Rasa."""
    from tests.stack import free_port

    port = free_port()
    log_path = tmp_path_factory.mktemp("web") / "web.log"
    log = open(log_path, "wb")
    proc = subprocess.Popen(
        [sys.executable, "-m", "bot.web", "--port", str(port), "--socket-url", f"http://127.0.0.1:{stack.ports['rasa']}"],
        cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)}, stdout=log, stderr=subprocess.STDOUT,
        start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        if proc.poll() is not None:
            pytest.fail("bot.web exited:\n" + log_path.read_text(errors="replace"))
        try:
            if requests.get(url + "/health", timeout=2).ok:
                break
        except requests.RequestException:
            pass
        if time.monotonic() > deadline:
            proc.terminate()
            pytest.fail("bot.web not ready after 60s:\n" + log_path.read_text(errors="replace"))
        time.sleep(0.2)
    yield url
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()


@pytest.fixture()
def new_page(browser):
    contexts = []

    def make(**options):
        options.setdefault("viewport", {"width": 1280, "height": 800})
        options.setdefault("locale", "en-US")
        ctx = browser.new_context(**options)
        contexts.append(ctx)
        page = ctx.new_page()
        errors = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.js_errors = errors
        return page

    yield make
    for ctx in contexts:
        ctx.close()


# ---- helpers ------------------------------------------------------------------------------------

def _check_socketio_channel():
    """Rasa 3.6's built-in channel never awaits `enter_room`; with python-socketio >= 5.10 that is a
    coroutine, so with session persistence no reply ever reaches the browser (RasaHQ/rasa#13027)."""
    from socketio import AsyncServer

    creds = yaml.safe_load(CREDENTIALS.read_text(encoding="utf-8")) or {}
    builtin = creds.get("socketio")
    if isinstance(builtin, dict) and builtin.get("session_persistence") and inspect.iscoroutinefunction(AsyncServer.enter_room):
        pytest.fail(f"{CREDENTIALS}: Rasa's built-in 'socketio' channel drops every reply with this "
                    "python-socketio (enter_room is never awaited, RasaHQ/rasa#13027). "
                    "Use 'bot.web.channel.SocketIOInput:' with the same settings instead.")


def screenshot(page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"widget-{name}.png"))


def distinctive(text: str) -> str:
    """The longest plain line of a Markdown answer (no bold, no link), without its list marker."""
    lines = [re.sub(r"^\s*-\s+", "", line).strip() for line in text.splitlines()]
    return max((l for l in lines if "**" not in l and "http" not in l), key=len)


def ui(kb, code: str) -> dict:
    return kb.languages[code].ui


def topic_of(kb, payload: str) -> str:
    return next(t.id for t in kb.topics.values() if f"/{t.intent}" == payload)


def focused(page) -> str:
    """id or class of the focused element, looking into shadow roots."""
    return page.evaluate("""() => {
        let a = document.activeElement;
        while (a && a.shadowRoot && a.shadowRoot.activeElement) a = a.shadowRoot.activeElement;
        return a ? (a.id || a.className || a.tagName) : null;
    }""")


def stored_state(page) -> dict:
    return page.evaluate("""() => {
        const key = Object.keys(localStorage).find(k => k.startsWith('titp-widget:'));
        return key ? JSON.parse(localStorage.getItem(key)) : null;
    }""")


def bot_messages(page):
    return page.locator(".titp-msg--bot")


def wait_for_bot(page, expected: str, timeout: int = REPLY_TIMEOUT):
    from playwright.sync_api import expect

    expect(bot_messages(page).last).to_contain_text(expected, timeout=timeout)


def contrast(fg: str, bg: str) -> float:
    def lum(rgb: str) -> float:
        r, g, b = (int(v) / 255 for v in re.findall(r"[\d.]+", rgb)[:3])
        lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in (r, g, b)]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]

    hi, lo = sorted((lum(fg), lum(bg)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


COLORS_JS = """el => {
    const fg = getComputedStyle(el).color;
    let n = el, bg = null;
    while (n) {
        if (n.nodeType === 1) {
            const c = getComputedStyle(n).backgroundColor;
            if (c && c !== 'transparent' && !/rgba\\(.*,\\s*0\\)$/.test(c)) { bg = c; break; }
        }
        n = n.parentNode || n.host;
    }
    return [fg, bg || 'rgb(255, 255, 255)'];
}"""


# ---- tests --------------------------------------------------------------------------------------

def test_vietnamese_conversation_with_quick_replies_survives_a_reload(web, stack, kb, new_page):
    from playwright.sync_api import expect

    en, vi = ui(kb, "en"), ui(kb, "vi")
    page = new_page()
    page.goto(web + "/")

    # open: the assistant greets in English (browser language) and offers topics
    page.get_by_role("button", name=en["open_chat"]).click()
    expect(page.get_by_role("dialog", name=en["chat_title"])).to_be_visible()
    wait_for_bot(page, distinctive(render_message(kb, "greet", "en").text))
    screenshot(page, "desktop-greeting")

    # pick Vietnamese: the screen words change and the bot confirms in Vietnamese;
    # the switch payload is never shown as the user's message
    page.get_by_role("combobox", name=en["language_label"]).select_option("vi")
    expect(page.get_by_role("heading", name=vi["chat_title"])).to_be_visible()
    expect(page.get_by_role("textbox", name=vi["input_label"])).to_have_attribute("placeholder", vi["input_placeholder"])
    wait_for_bot(page, render_message(kb, "language_switched", "vi").text)
    expect(page.locator(".titp-msg--user")).to_have_count(0)
    expect(page.locator(".titp-msg--note")).to_contain_text(kb.languages["vi"].native_name)

    # a question in Vietnamese gets the Vietnamese answer of the right topic, Markdown rendered
    question = "Tôi muốn đổi công ty thì làm thế nào?"
    box = page.get_by_role("textbox", name=vi["input_label"])
    box.fill(question)
    box.press("Enter")
    expect(page.locator(".titp-msg--user").last).to_have_text(re.compile(re.escape(question)))
    expected = render_topic(kb, "change_employer", "vi")
    wait_for_bot(page, distinctive(expected.text))
    answer = bot_messages(page).nth(bot_messages(page).count() - 1)   # stays this message
    expect(answer.locator(".titp-bubble li").first).to_be_visible()          # "- " lines became a list
    expect(answer.locator(".titp-bubble strong").first).to_be_visible()      # **bold**
    expect(answer.locator(".titp-bubble")).not_to_contain_text("**")
    replies = answer.get_by_role("button")
    expect(replies).to_have_count(len(expected.buttons))
    for button, want in zip(replies.all(), expected.buttons):
        expect(button).to_have_text(want["title"])
    screenshot(page, "desktop-vietnamese-answer")

    # a quick reply sends its payload, shows its title as the user's message, disables older buttons
    choice = expected.buttons[0]
    answer.get_by_role("button", name=choice["title"]).click()
    expect(page.locator(".titp-msg--user").last).to_have_text(re.compile(re.escape(choice["title"])))
    follow = render_topic(kb, topic_of(kb, choice["payload"]), "vi")
    wait_for_bot(page, distinctive(follow.text))
    for button in answer.get_by_role("button").all():
        expect(button).to_be_disabled()
    for button in bot_messages(page).first.get_by_role("button").all():   # the greeting's topics too
        expect(button).to_be_disabled()
    expect(bot_messages(page).last.get_by_role("button").first).to_be_enabled()
    assert not [u for u in page.locator(".titp-msg--user").all_inner_texts() if "/" in u]

    before = page.locator(".titp-msg").all_inner_texts()
    session_id = stored_state(page)["sessionId"]
    assert session_id

    # reload: the history is back (same buttons active or not), the same session goes on
    page.reload()
    expect(page.get_by_role("log")).to_be_visible()
    expect(page.locator(".titp-msg")).to_have_count(len(before))
    assert page.locator(".titp-msg").all_inner_texts() == before
    expect(page.get_by_role("heading", name=vi["chat_title"])).to_be_visible()
    for button in answer.get_by_role("button").all():
        expect(button).to_be_disabled()
    screenshot(page, "after-reload")

    last_choice = follow.buttons[0]
    bot_messages(page).last.get_by_role("button", name=last_choice["title"]).click()
    wait_for_bot(page, distinctive(render_topic(kb, topic_of(kb, last_choice["payload"]), "vi").text))
    assert stored_state(page)["sessionId"] == session_id

    tracker = requests.get(f"http://127.0.0.1:{stack.ports['rasa']}/conversations/{session_id}/tracker", timeout=30).json()
    said = [e.get("text") for e in tracker["events"] if e.get("event") == "user"]
    assert question in said and choice["payload"] in said and last_choice["payload"] in said
    assert said.index(question) < said.index(last_choice["payload"])    # one conversation across the reload
    assert not page.js_errors


def test_keyboard_only_and_accessible_names(web, kb, new_page):
    from playwright.sync_api import expect

    en = ui(kb, "en")
    page = new_page()
    page.goto(web + "/")
    launcher = page.get_by_role("button", name=en["open_chat"])
    expect(launcher).to_have_attribute("aria-expanded", "false")

    for _ in range(10):                      # Tab reaches the launcher
        page.keyboard.press("Tab")
        if focused(page) == "titp-launcher":
            break
    assert focused(page) == "titp-launcher"
    outline = launcher.evaluate("el => [getComputedStyle(el).outlineStyle, parseFloat(getComputedStyle(el).outlineWidth)]")
    assert outline[0] != "none" and outline[1] >= 2, f"no visible focus: {outline}"
    screenshot(page, "keyboard-focus")

    page.keyboard.press("Enter")             # opens; focus goes to the input
    expect(page.get_by_role("dialog", name=en["chat_title"])).to_be_visible()
    assert focused(page) == "titp-input"
    expect(page.get_by_role("button", name=en["close_chat"], exact=True).first).to_be_visible()

    # every control has a name from the ui words; the log is a polite live region
    log = page.get_by_role("log")
    expect(log).to_have_count(1)
    expect(log).to_have_attribute("aria-live", "polite")
    expect(page.get_by_role("textbox", name=en["input_label"])).to_be_visible()
    expect(page.get_by_role("button", name=en["send"], exact=True)).to_be_visible()
    expect(page.get_by_role("combobox", name=en["language_label"])).to_be_visible()
    expect(page.get_by_role("button", name=en["close_chat"], exact=True)).to_have_count(2)    # header close + launcher
    wait_for_bot(page, distinctive(render_message(kb, "greet", "en").text))
    nameless = page.evaluate("""() => {
        const root = document.getElementById('titp-widget').shadowRoot;
        return [...root.querySelectorAll('button, input, select, [role=log]')].filter(el => {
            const name = (el.getAttribute('aria-label') || el.textContent || '').trim();
            return !name;
        }).map(el => el.className);
    }""")
    assert nameless == []

    # type + Enter sends
    question = "can my boss keep my passport and zairyu card?"
    page.keyboard.type(question)
    page.keyboard.press("Enter")
    expect(page.locator(".titp-msg--user").last).to_have_text(re.compile(re.escape(question)))
    wait_for_bot(page, distinctive(render_topic(kb, "passport_card", "en").text))
    assert focused(page) == "titp-input"

    # Tab order: input -> send; Shift+Tab from the input reaches the newest quick replies; Enter picks one
    page.keyboard.press("Tab")
    assert focused(page) == "titp-send"
    page.keyboard.press("Shift+Tab")
    for _ in range(3):
        page.keyboard.press("Shift+Tab")
        if "titp-reply" in (focused(page) or ""):
            break
    assert "titp-reply" in focused(page)
    title = page.evaluate("""() => document.getElementById('titp-widget').shadowRoot.activeElement.textContent""")
    page.keyboard.press("Enter")
    expect(page.locator(".titp-msg--user").last).to_have_text(re.compile(re.escape(title)))

    # contrast of text on its background
    for selector in (".titp-title", ".titp-msg--user .titp-bubble", ".titp-msg--bot .titp-bubble",
                     ".titp-reply", ".titp-reply:disabled", ".titp-input"):
        fg, bg = page.locator(selector).first.evaluate(COLORS_JS)
        assert contrast(fg, bg) >= 4.5, f"{selector}: {fg} on {bg}"

    # Escape closes and gives focus back to the launcher
    page.keyboard.press("Escape")
    expect(page.get_by_role("dialog")).to_be_hidden()
    assert focused(page) == "titp-launcher"
    expect(page.get_by_role("button", name=en["open_chat"])).to_have_attribute("aria-expanded", "false")
    assert not page.js_errors


def test_mobile_panel_fills_the_screen(web, kb, new_page):
    from playwright.sync_api import expect

    en = ui(kb, "en")
    page = new_page(viewport={"width": 375, "height": 740}, is_mobile=True, has_touch=True, device_scale_factor=2)
    page.goto(web + "/")
    page.get_by_role("button", name=en["open_chat"]).tap()
    dialog = page.get_by_role("dialog", name=en["chat_title"])
    expect(dialog).to_be_visible()
    wait_for_bot(page, distinctive(render_message(kb, "greet", "en").text))
    box = dialog.bounding_box()
    assert abs(box["width"] - 375) <= 2 and abs(box["height"] - 740) <= 2 and box["x"] <= 1 and box["y"] <= 1, box
    expect(page.locator(".titp-launcher")).to_be_hidden()      # the header's close button takes over
    form = page.locator(".titp-form").bounding_box()
    assert form["y"] + form["height"] <= 741                    # the input is on screen
    screenshot(page, "mobile")
    page.get_by_role("button", name=en["close_chat"]).tap()
    expect(page.get_by_role("button", name=en["open_chat"])).to_be_visible()
    assert not page.js_errors


def test_embedded_on_another_site_in_japanese_when_the_server_is_unreachable(web, kb, new_page):
    """A page of another origin embeds the widget with data-language; the words load cross-origin,
    and a socket URL nobody answers shows the 'unavailable' message."""
    from playwright.sync_api import expect

    from tests.stack import free_port

    ja = ui(kb, "ja")
    dead = f"http://127.0.0.1:{free_port()}"
    page_html = ("<!doctype html><html lang='ja'><head><meta charset='utf-8'><title>Shop</title></head>"
                 "<body><h1>Some other site</h1>"
                 f"<script src='{web}/widget/titp-widget.js' data-socket-url='{dead}' data-language='ja' defer></script>"
                 "</body></html>").encode("utf-8")

    class OtherSite(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(page_html)))
            self.end_headers()
            self.wfile.write(page_html)

        def log_message(self, *args):
            pass

    site = http.server.ThreadingHTTPServer(("127.0.0.1", 0), OtherSite)   # another origin (port)
    threading.Thread(target=site.serve_forever, daemon=True).start()
    try:
        page = new_page()
        page.goto(f"http://127.0.0.1:{site.server_address[1]}/shop.html")
        page.get_by_role("button", name=ja["open_chat"]).click()
        expect(page.get_by_role("dialog", name=ja["chat_title"])).to_be_visible()
        expect(page.get_by_role("status").filter(has_text=ja["unavailable"])).to_be_visible(timeout=20_000)
        expect(page.get_by_role("combobox", name=ja["language_label"])).to_have_value("ja")
        screenshot(page, "unavailable-ja")
        assert not page.js_errors
    finally:
        site.shutdown()
        site.server_close()


class StandInRasa:
    """A socket.io server that speaks Rasa's channel protocol (session_request -> session_confirm,
    user_uttered -> bot_uttered to the session's room) and can drop off the network and come back."""

    def __init__(self):
        from tests.stack import free_port

        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.received = []            # (event, data)
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()
        self._call(self._setup())

    def _call(self, coro, timeout=15):
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result(timeout)

    async def _setup(self):
        import socketio
        from aiohttp import web as aioweb

        sio = socketio.AsyncServer(async_mode="aiohttp", cors_allowed_origins="*")
        self.sio = sio

        @sio.on("session_request")
        async def session_request(sid, data):
            self.received.append(("session_request", data))
            session_id = (data or {}).get("session_id") or "stand-in-session"
            await sio.enter_room(sid, session_id)
            await sio.emit("session_confirm", session_id, room=sid)

        @sio.on("user_uttered")
        async def user_uttered(sid, data):
            self.received.append(("user_uttered", data))
            message = data.get("message", "")
            if message == "/greet":
                await sio.emit("bot_uttered", {"text": MARKDOWN_PART_1}, room=data["session_id"])
                await sio.emit("bot_uttered", {"text": MARKDOWN_PART_2, "quick_replies": [
                    {"content_type": "text", "title": "<b>Topic</b> one", "payload": "/ask_stages"}]},
                    room=data["session_id"])
            else:
                await sio.emit("bot_uttered", {"text": f"echo: {message}"}, room=data["session_id"])

        app = aioweb.Application()
        sio.attach(app)
        self.runner = aioweb.AppRunner(app, shutdown_timeout=2)
        await self.runner.setup()
        await self._listen()

    async def _listen(self):
        from aiohttp import web as aioweb

        self.site = aioweb.TCPSite(self.runner, "127.0.0.1", self.port)
        await self.site.start()

    async def _drop(self):
        await self.site.stop()                                   # no new connections...
        for sid in list(self.sio.manager.get_participants("/", None)):
            await self.sio.disconnect(sid[0] if isinstance(sid, tuple) else sid)   # ...and the open ones end

    def drop(self):
        self._call(self._drop())

    def come_back(self):
        self._call(self._listen())

    def close(self):
        try:
            self.drop()
        except Exception:
            pass
        self._call(self.runner.cleanup())
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(timeout=5)


MARKDOWN_PART_1 = "Hello <img src=x onerror=\"window.__xss=1\"> & welcome **to the test**!\nsecond line"
MARKDOWN_PART_2 = ("- first item with https://example.org/a?x=1&y=2.\n- second <script>window.__xss=2</script>\n"
                   "See (https://example.org/b) or **bold https://example.org/c** now.")


def test_rendering_protocol_and_reconnect_with_a_stand_in_server(web, kb, new_page):
    """Safe Markdown rendering, what the widget sends, and losing and regaining the connection,
    against a stand-in socket.io server (the real stack cannot be stopped mid-test)."""
    from playwright.sync_api import expect

    en = ui(kb, "en")
    server = StandInRasa()
    site = None
    try:
        page_html = ("<!doctype html><html><head><meta charset='utf-8'><title>x</title></head><body>"
                     f"<script src='{web}/widget/titp-widget.js' data-socket-url='{server.url}' defer></script>"
                     "</body></html>").encode("utf-8")

        class Page(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.end_headers()
                self.wfile.write(page_html)

            def log_message(self, *args):
                pass

        site = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Page)
        threading.Thread(target=site.serve_forever, daemon=True).start()
        page = new_page()
        page.goto(f"http://127.0.0.1:{site.server_address[1]}/")
        page.get_by_role("button", name=en["open_chat"]).click()

        # the two paragraphs arrive as two events and become one bubble; HTML stays text
        bubble = page.locator(".titp-msg--bot .titp-bubble")
        expect(bubble).to_have_count(1)
        expect(bubble).to_contain_text("second <script>window.__xss=2</script>")
        expect(bubble).to_contain_text('Hello <img src=x onerror="window.__xss=1"> & welcome to the test!')
        assert bubble.locator("img, script, b").count() == 0
        assert page.evaluate("() => window.__xss") is None
        expect(bubble.locator("strong")).to_have_count(2)
        expect(bubble.locator("strong").first).to_have_text("to the test")
        expect(bubble.locator("p").first.locator("br")).to_have_count(1)
        expect(bubble.locator("li")).to_have_count(2)
        links = bubble.locator("a")
        expect(links).to_have_count(3)
        hrefs = [links.nth(i).get_attribute("href") for i in range(3)]
        assert hrefs == ["https://example.org/a?x=1&y=2", "https://example.org/b", "https://example.org/c"]
        for i in range(3):
            expect(links.nth(i)).to_have_attribute("target", "_blank")
            assert "noopener" in links.nth(i).get_attribute("rel")
        expect(page.get_by_role("button", name="<b>Topic</b> one")).to_be_visible()   # a title is text too

        # what the widget sent: a session request, then every message with the session id and language
        first_request = [d for e, d in server.received if e == "session_request"][0]
        assert first_request == {"session_id": None}
        box = page.get_by_role("textbox", name=en["input_label"])
        box.fill("hello there")
        box.press("Enter")
        wait_for_bot(page, "echo: hello there")
        sent = [d for e, d in server.received if e == "user_uttered"]
        assert [d["message"] for d in sent] == ["/greet", "hello there"]
        assert all(d["session_id"] == "stand-in-session" and d["metadata"] == {"language": "en"} for d in sent)
        expect(page.locator(".titp-typing")).to_be_hidden()

        # the server goes away: "connection lost"; it comes back: "connected", same session, messages flow
        server.drop()
        expect(page.get_by_role("status").filter(has_text=en["connection_lost"])).to_be_visible(timeout=15_000)
        screenshot(page, "connection-lost")
        server.come_back()
        expect(page.get_by_role("status").filter(has_text=en["connected"])).to_be_visible(timeout=30_000)
        requests_seen = [d for e, d in server.received if e == "session_request"]
        assert requests_seen[-1] == {"session_id": "stand-in-session"}
        box.fill("still there?")
        box.press("Enter")
        wait_for_bot(page, "echo: still there?")
        assert not page.js_errors
    finally:
        if site:
            site.shutdown()
            site.server_close()
        server.close()
