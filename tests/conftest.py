"""Shared fixtures. The trained model and the servers are loaded once per run."""
from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
MODEL = ROOT / "models" / "titp.tar.gz"
LANGUAGES_WITH_NLU = tuple(sorted(p.stem for p in (Path(__file__).resolve().parent / "nlu").glob("*.yml")))


def nlu_examples(path: Path) -> dict:
    """intent -> list of example texts (entity annotations stripped)."""
    from tests.nlu_text import strip_annotations

    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    out: dict = {}
    for block in data.get("nlu", []):
        if "intent" not in block:
            continue
        lines = [l[2:].strip() for l in block["examples"].splitlines() if l.strip().startswith("- ")]
        out.setdefault(block["intent"], []).extend(strip_annotations(l) for l in lines)
    return out


@pytest.fixture(scope="session")
def kb():
    from bot.knowledge.loader import read

    return read()


@pytest.fixture(scope="session")
def agent():
    if not MODEL.exists():
        pytest.fail(f"no trained model at {MODEL}; run 'make train' (make test does this first)")
    from rasa.core.agent import Agent

    return Agent.load(str(MODEL))


@pytest.fixture(scope="session")
def parse(agent):
    loop = asyncio.new_event_loop()

    def _parse(text: str) -> dict:
        return loop.run_until_complete(agent.parse_message(text))

    yield _parse
    loop.close()
