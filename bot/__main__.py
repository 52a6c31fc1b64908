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
    sub.add_parser("init-db", help="create or upgrade the database schema (DATABASE_URL, default SQLite in var/)")
    seed = sub.add_parser("seed-demo", help="load the fictional demo organizations and trainees (idempotent)")
    seed.add_argument("--if-empty", action="store_true", help="only when the database has no trainees yet")
    link = sub.add_parser("issue-link-code", help="one-time code a trainee uses to link a chat (valid 14 days)")
    link.add_argument("trainee_number")
    staff = sub.add_parser("issue-staff-code", help="create a staff user and print their access code")
    staff.add_argument("--name", required=True)
    org = staff.add_mutually_exclusive_group(required=True)
    org.add_argument("--so", help="supervising organization code, e.g. SO-SAKURA")
    org.add_argument("--io", help="implementing organization code, e.g. IO-KAWA")
    imp = sub.add_parser("import-trainees", help="import or update trainees from a CSV file (docs/import.md)")
    imp.add_argument("file")
    exp = sub.add_parser("export-trainees", help="write all trainees as CSV (same columns as the import)")
    exp.add_argument("--out", help="file to write (default: standard output)")
    tg = sub.add_parser("telegram", help="run the Telegram bridge (TELEGRAM_BOT_TOKEN; long polling by default)")
    tg.add_argument("--webhook", action="store_true",
                    help="webhook mode instead: TELEGRAM_WEBHOOK_URL, TELEGRAM_WEBHOOK_SECRET, TELEGRAM_WEBHOOK_PORT")
    args = parser.parse_args(argv)

    if args.command == "nlg":
        from bot.nlg.server import serve
        serve(args.host, args.port)
        return 0
    if args.command == "telegram":
        import asyncio
        import logging
        import os
        from bot.channels.telegram.bridge import from_environment, run_polling, run_webhook
        logging.basicConfig(level=os.environ.get("LOG_LEVEL", "INFO"),
                            format="%(asctime)s %(levelname)s %(name)s: %(message)s")
        logging.getLogger("httpx").setLevel(logging.WARNING)
        bridge = from_environment()
        if args.webhook:
            asyncio.run(run_webhook(bridge, os.environ.get("TELEGRAM_WEBHOOK_URL", ""),
                                    os.environ.get("TELEGRAM_WEBHOOK_SECRET", ""),
                                    port=int(os.environ.get("TELEGRAM_WEBHOOK_PORT", "8443"))))
        else:
            asyncio.run(run_polling(bridge))
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
    if args.command == "init-db":
        from bot.records.db import database_url
        from bot.records.migrate import upgrade
        upgrade()
        print(f"database schema is up to date ({_redact(database_url())})")
        return 0
    if args.command == "seed-demo":
        from bot.records.db import session
        from bot.records.migrate import upgrade
        from bot.records.seed import seed_demo
        from sqlalchemy import func, select
        from bot.records.models import Trainee
        upgrade()
        with session() as s:
            if args.if_empty and s.execute(select(func.count()).select_from(Trainee)).scalar_one():
                print("database already has trainees; demo data not loaded")
                return 0
            counts = seed_demo(s)
        print("demo data loaded: " + ", ".join(f"{v} {k.replace('_', ' ')}" for k, v in counts.items()))
        return 0
    if args.command in ("issue-link-code", "issue-staff-code"):
        from bot.identity import service
        from bot.records.db import session
        from bot.records.migrate import upgrade
        upgrade()
        try:
            with session() as s:
                if args.command == "issue-link-code":
                    code = service.issue_link_code(s, args.trainee_number)
                    print(f"link code for {args.trainee_number} (valid 14 days, works once): {code}")
                else:
                    code = service.issue_staff_code(s, args.name, so_code=args.so, io_code=args.io)
                    print(f"access code for {args.name}: {code}")
        except (LookupError, ValueError) as e:
            print(f"error: {e}", file=sys.stderr)
            return 1
        return 0
    if args.command in ("import-trainees", "export-trainees"):
        from bot.records import csv_io
        from bot.records.db import session
        from bot.records.migrate import upgrade
        upgrade()
        with session() as s:
            if args.command == "export-trainees":
                text = csv_io.export_trainees(s)
                if args.out:
                    with open(args.out, "w", encoding="utf-8", newline="") as f:
                        f.write(text)
                else:
                    sys.stdout.write(text)
                return 0
            try:
                with open(args.file, "rb") as f:
                    data = f.read()
            except OSError as e:
                print(f"error: cannot read {args.file}: {e.strerror}", file=sys.stderr)
                return 1
            counts, errors = csv_io.import_trainees(s, data)
            if errors:
                s.rollback()
                print(f"nothing imported: {len(errors)} problem(s)", file=sys.stderr)
                for err in errors:
                    print(f"  {err}", file=sys.stderr)
                return 1
            print(f"imported: {counts['created']} new, {counts['updated']} updated")
        return 0
    return 2


def _redact(url: str) -> str:
    """Hides a password in a database URL before printing it."""
    import re
    return re.sub(r"://([^:/@]+):[^@]*@", r"://\1:***@", url)


if __name__ == "__main__":
    sys.exit(main())
