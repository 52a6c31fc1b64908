"""`python -m bot.web [--host H] [--port P] [--socket-url URL]`: serve the chat widget and its demo page."""
from __future__ import annotations

import argparse
import sys

from bot.web.server import DEFAULT_HOST, DEFAULT_PORT, DEFAULT_SOCKET_URL, VendorMissing, serve


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot.web", description="serve the TITP web chat widget")
    parser.add_argument("--host", help=f"address to listen on (env WEB_HOST, default {DEFAULT_HOST})")
    parser.add_argument("--port", type=int, help=f"port (env WEB_PORT, default {DEFAULT_PORT})")
    parser.add_argument("--socket-url",
                        help=f"Rasa's socket.io URL as the browser reaches it (env RASA_SOCKET_URL, default {DEFAULT_SOCKET_URL})")
    args = parser.parse_args(argv)
    try:
        serve(args.host, args.port, args.socket_url)
    except VendorMissing as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
