"""Serves the web chat widget and a demo page that embeds it.

    /widget/titp-widget.js          the widget (plain JS, no dependencies)
    /widget/titp-widget.css         its styles
    /widget/vendor/socket.io.min.js the socket.io client, vendored by `cd web && npm ci && npm run build`
    /widget/i18n.json               native name and screen words of every live language
    /                               demo page: embeds the widget as any other site would
    /health                         {"status": "ok"}

Any site embeds the widget with one tag (the widget talks to Rasa's socket.io
channel itself; this server only hands out files):

    <script src="https://HOST:8080/widget/titp-widget.js"
            data-socket-url="https://HOST:5005" data-language="vi" defer></script>
"""
from __future__ import annotations

import html
import json
import os
from pathlib import Path
from typing import Dict, Optional

from aiohttp import web

STATIC = Path(__file__).resolve().parent / "static"
VENDOR_SOCKET_IO = STATIC / "vendor" / "socket.io.min.js"
DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8080
DEFAULT_SOCKET_URL = "http://127.0.0.1:5005"
BUILD_HINT = "run: cd web && npm ci && npm run build"

# Files a third-party page loads from here: scripts and styles need no CORS, but
# the widget fetches i18n.json, so every widget file says any origin may read it.
_CORS = {"Access-Control-Allow-Origin": "*"}
_NO_STORE = {"Cache-Control": "no-cache"}


class VendorMissing(RuntimeError):
    pass


def live_languages(kb=None) -> list:
    """Codes of the languages that have a file, in the designed order."""
    if kb is None:
        from bot.knowledge import load

        kb = load()
    return [code for code in kb.designed_languages if code in kb.languages]


def i18n_payload(kb=None) -> Dict:
    """{"default", "order": [codes], "languages": {code: {"native_name", "ui"}}}."""
    if kb is None:
        from bot.knowledge import load

        kb = load()
    order = live_languages(kb)
    from bot.config import DEFAULT_LANGUAGE

    return {
        "default": DEFAULT_LANGUAGE if DEFAULT_LANGUAGE in order else (order[0] if order else "en"),
        "order": order,
        "languages": {
            code: {"native_name": kb.languages[code].native_name, "ui": dict(kb.languages[code].ui)}
            for code in order
        },
    }


def _origin(request: web.Request) -> str:
    """Scheme and host as the browser sees this server (honours a proxy's X-Forwarded-*)."""
    scheme = request.headers.get("X-Forwarded-Proto", request.scheme).split(",")[0].strip()
    host = request.headers.get("X-Forwarded-Host", request.host).split(",")[0].strip()
    return f"{scheme}://{host}"


def embed_tag(widget_url: str, socket_url: str, language: Optional[str] = None) -> str:
    attrs = f'src="{html.escape(widget_url)}" data-socket-url="{html.escape(socket_url)}"'
    if language:
        attrs += f' data-language="{html.escape(language)}"'
    return f"<script {attrs} defer></script>"


def demo_page(origin: str, socket_url: str, languages: list) -> str:
    widget_url = f"{origin}/widget/titp-widget.js"
    template = (STATIC / "demo.html").read_text(encoding="utf-8")
    snippet = embed_tag(widget_url, socket_url, "vi")
    return (template
            .replace("{{EMBED_TAG}}", embed_tag(widget_url, socket_url))
            .replace("{{EMBED_SNIPPET}}", html.escape(snippet))
            .replace("{{LANGUAGES}}", html.escape(" ".join(languages)))
            .replace("{{SOCKET_URL}}", html.escape(socket_url)))


def create_app(socket_url: str = DEFAULT_SOCKET_URL, kb=None) -> web.Application:
    if not VENDOR_SOCKET_IO.is_file():
        raise VendorMissing(f"{VENDOR_SOCKET_IO} is missing; {BUILD_HINT}")
    i18n = json.dumps(i18n_payload(kb), ensure_ascii=False)

    def static_file(path: Path, content_type: str):
        async def handler(_: web.Request) -> web.Response:
            return web.Response(body=path.read_bytes(), content_type=content_type, charset="utf-8",
                                headers={**_CORS, **_NO_STORE})
        return handler

    async def i18n_handler(_: web.Request) -> web.Response:
        return web.Response(text=i18n, content_type="application/json", charset="utf-8",
                            headers={**_CORS, **_NO_STORE})

    async def health(_: web.Request) -> web.Response:
        return web.json_response({"status": "ok"})

    async def no_content(_: web.Request) -> web.Response:
        return web.Response(status=204)

    async def demo(request: web.Request) -> web.Response:
        page = demo_page(_origin(request), socket_url, json.loads(i18n)["order"])
        return web.Response(text=page, content_type="text/html", charset="utf-8", headers=_NO_STORE)

    app = web.Application()
    app.router.add_get("/", demo)
    app.router.add_get("/health", health)
    app.router.add_get("/favicon.ico", no_content)
    app.router.add_get("/widget/titp-widget.js", static_file(STATIC / "titp-widget.js", "application/javascript"))
    app.router.add_get("/widget/titp-widget.css", static_file(STATIC / "titp-widget.css", "text/css"))
    app.router.add_get("/widget/vendor/socket.io.min.js", static_file(VENDOR_SOCKET_IO, "application/javascript"))
    app.router.add_get("/widget/i18n.json", i18n_handler)
    return app


def settings(host: Optional[str] = None, port: Optional[int] = None, socket_url: Optional[str] = None):
    return (host or os.environ.get("WEB_HOST", DEFAULT_HOST),
            int(port or os.environ.get("WEB_PORT", DEFAULT_PORT)),
            socket_url or os.environ.get("RASA_SOCKET_URL", DEFAULT_SOCKET_URL))


def serve(host: Optional[str] = None, port: Optional[int] = None, socket_url: Optional[str] = None) -> None:
    host, port, socket_url = settings(host, port, socket_url)
    app = create_app(socket_url)
    print(f"TITP web widget on http://{host}:{port}/ (socket.io: {socket_url})", flush=True)
    web.run_app(app, host=host, port=port, print=None, access_log=None)
