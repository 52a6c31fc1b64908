"""Settings read from the environment, with working defaults for one machine."""
from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
KNOWLEDGE_DIR = Path(os.environ.get("TITP_KNOWLEDGE_DIR", ROOT / "bot" / "knowledge"))
NLG_HOST = os.environ.get("NLG_HOST", "127.0.0.1")
NLG_PORT = int(os.environ.get("NLG_PORT", "5056"))
DEFAULT_LANGUAGE = "en"
