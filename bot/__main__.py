"""Operator entry point: `python -m bot <command>`."""
from __future__ import annotations

import argparse
import sys

from bot import config


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot", description="TITP Assistant operator commands")
    sub = parser.add_subparsers(dest="command", required=True)
    nlg = sub.add_parser("nlg", help="serve the NLG endpoint that renders answers")
    nlg.add_argument("--host", default=config.NLG_HOST)
    nlg.add_argument("--port", type=int, default=config.NLG_PORT)
    sub.add_parser("check-knowledge", help="validate the knowledge files and report every problem")
    args = parser.parse_args(argv)

    if args.command == "nlg":
        from bot.nlg.server import serve
        serve(args.host, args.port)
        return 0
    if args.command == "check-knowledge":
        from bot.knowledge import KnowledgeError
        from bot.knowledge.loader import read
        try:
            kb = read()
        except KnowledgeError as e:
            print(e, file=sys.stderr)
            return 1
        for code, lang in sorted(kb.languages.items()):
            state = "complete" if lang.complete else f"{len(lang.topics)}/{len(kb.topics)} topics"
            print(f"{code}: {state}")
        print(f"OK: {len(kb.topics)} topics")
        return 0
    return 2


if __name__ == "__main__":
    sys.exit(main())
