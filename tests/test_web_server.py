"""The widget's web server (bot/web): health, i18n words, demo page, static files. No browser, no Rasa."""
from __future__ import annotations

import asyncio
import html
import os
import re
import subprocess
import sys
import time

import pytest
import requests
from aiohttp.test_utils import TestClient, TestServer

from bot.knowledge.loader import UI_KEYS
from bot.web import server
from tests.conftest import ROOT

SOCKET_URL = "http://rasa.example:5005"


def fetch(path: str, **headers):
    """GET `path` from a fresh app; returns (status, headers, body bytes)."""
    async def run():
        client = TestClient(TestServer(server.create_app(SOCKET_URL)))
        await client.start_server()
        try:
            resp = await client.get(path, headers=headers)
            return resp.status, resp.headers, await resp.read()
        finally:
            await client.close()

    return asyncio.run(run())


def live(kb):
    return [c for c in kb.designed_languages if c in kb.languages]


def test_health():
    status, headers, body = fetch("/health")
    assert status == 200 and headers["Content-Type"].startswith("application/json")
    assert body == b'{"status": "ok"}'


def test_i18n_has_every_live_language_and_every_ui_word(kb):
    import json

    status, headers, body = fetch("/widget/i18n.json")
    assert status == 200 and headers["Access-Control-Allow-Origin"] == "*"   # read by pages of any site
    data = json.loads(body)
    assert data["order"] == live(kb) and set(data["languages"]) == set(live(kb))
    assert data["default"] == "en"
    for code in live(kb):
        entry = data["languages"][code]
        assert entry["native_name"] == kb.languages[code].native_name
        for key in UI_KEYS:
            assert isinstance(entry["ui"].get(key), str) and entry["ui"][key].strip(), f"{code}: ui.{key}"
        assert entry["ui"] == kb.languages[code].ui


def test_demo_page_embeds_the_widget_like_a_third_party_site(kb):
    status, headers, body = fetch("/", Host="chat.example.org:8080")
    page = body.decode("utf-8")
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    tag = f'<script src="http://chat.example.org:8080/widget/titp-widget.js" data-socket-url="{SOCKET_URL}" defer></script>'
    assert page.count(tag) == 1
    assert len(re.findall(r"<script\b", page)) == 1            # nothing else: the one tag is the whole embed
    # the how-to-embed snippet is shown as text, not executed
    snippet = html.escape(f'<script src="http://chat.example.org:8080/widget/titp-widget.js" '
                          f'data-socket-url="{SOCKET_URL}" data-language="vi" defer></script>')
    assert snippet in page
    assert " ".join(live(kb)) in page
    assert "{{" not in page


def test_demo_page_uses_the_forwarded_origin_behind_a_proxy():
    _, _, body = fetch("/", Host="127.0.0.1:8080", **{"X-Forwarded-Proto": "https", "X-Forwarded-Host": "bot.example.org"})
    assert 'src="https://bot.example.org/widget/titp-widget.js"' in body.decode("utf-8")


@pytest.mark.parametrize("path,kind,needle", [
    ("/widget/titp-widget.js", "application/javascript", b"session_request"),
    ("/widget/titp-widget.css", "text/css", b".titp-panel"),
    ("/widget/vendor/socket.io.min.js", "application/javascript", b"Socket.IO v4."),
])
def test_static_files(path, kind, needle):
    status, headers, body = fetch(path)
    assert status == 200 and headers["Content-Type"].startswith(kind) and needle in body


def test_widget_loads_nothing_from_elsewhere():
    js = (server.STATIC / "titp-widget.js").read_text(encoding="utf-8")
    css = (server.STATIC / "titp-widget.css").read_text(encoding="utf-8")
    # every URL the widget loads is relative to its own location (BASE)
    assert re.findall(r'BASE \+ "([^"]+)"', js) == ["i18n.json", "vendor/socket.io.min.js", "titp-widget.css"]
    assert "http" not in re.sub(r"/\*[\s\S]*?\*/|//[^\n]*|https\?", "", js)
    assert "url(" not in css and "@import" not in css


def test_missing_vendored_socket_io_is_a_clear_error(monkeypatch, tmp_path):
    monkeypatch.setattr(server, "VENDOR_SOCKET_IO", tmp_path / "socket.io.min.js")
    with pytest.raises(server.VendorMissing, match=r"cd web && npm ci && npm run build"):
        server.create_app(SOCKET_URL)


def test_settings_from_the_environment(monkeypatch):
    monkeypatch.setenv("WEB_PORT", "9191")
    monkeypatch.setenv("RASA_SOCKET_URL", "https://bot.example.org:5005")
    monkeypatch.delenv("WEB_HOST", raising=False)
    assert server.settings() == ("127.0.0.1", 9191, "https://bot.example.org:5005")
    assert server.settings(port=8081, socket_url="http://x:1") == ("127.0.0.1", 8081, "http://x:1")
    monkeypatch.delenv("WEB_PORT")
    monkeypatch.delenv("RASA_SOCKET_URL")
    assert server.settings() == ("127.0.0.1", 8080, "http://127.0.0.1:5005")


def test_python_m_bot_web_serves():
    from tests.stack import free_port

    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([sys.executable, "-m", "bot.web", "--port", str(port), "--socket-url", SOCKET_URL],
                            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if requests.get(f"http://127.0.0.1:{port}/health", timeout=2).ok:
                    break
            except requests.RequestException:
                pass
            assert proc.poll() is None, proc.stdout.read().decode()
            assert time.monotonic() < deadline, "bot.web did not start"
            time.sleep(0.2)
        page = requests.get(f"http://127.0.0.1:{port}/", timeout=5).text
        assert f'src="http://127.0.0.1:{port}/widget/titp-widget.js" data-socket-url="{SOCKET_URL}"' in page
    finally:
        proc.terminate()
        proc.wait(timeout=10)
