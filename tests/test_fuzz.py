"""Hostile input at the REST entry point, against the real servers with production limits:
10,000 generated cases with a fixed seed, 15% of them reaching the dialogue (bench/fuzz runs
longer and dialogue-heavier ones). Every answer must be a
4xx or a normal reply: no 5xx, no dropped connection, no record shown without verification."""
from __future__ import annotations

import pytest
import requests

from bot.knowledge.render import render_message, render_topic
from tests.conftest import MODEL
from tests.databases import seeded_engine
from tests.fuzz_cases import generate
from tests.fuzz_run import run_cases

pytestmark = [pytest.mark.model, pytest.mark.servers]
SEED, CASES = 20261125, 10_000


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    if not MODEL.exists():
        pytest.fail(f"no trained model at {MODEL}; run 'make train'")
    from tests.stack import start_stack

    workdir = tmp_path_factory.mktemp("fuzz")
    url = f"sqlite:///{workdir / 'titp.db'}"
    engine = seeded_engine(url)
    s = start_stack(MODEL, workdir, database_url=url, rate_limited=True)
    yield s
    s.stop()
    engine.dispose()


def test_ten_thousand_hostile_cases(stack, kb):
    outcome = run_cases(stack.rest_url, generate(SEED, CASES))
    print(f"\nstatuses {dict(outcome.statuses)}; kinds {dict(outcome.kinds)}")
    assert not outcome.failures, f"{len(outcome.failures)} failures, e.g. {outcome.failures[:5]}"
    assert sum(outcome.kinds.values()) == CASES and len(outcome.kinds) == 13   # every kind was generated
    assert outcome.statuses[400] > 0 and outcome.statuses[200] > 0
    # still healthy afterwards
    assert stack.send("after-fuzz", "/ask_stages")[0]["text"] == render_topic(kb, "stages", "en").text


def test_bad_json_is_a_400_with_a_reason(stack):
    r = requests.post(stack.rest_url, data=b"{not json", headers={"Content-Type": "application/json"}, timeout=10)
    assert r.status_code == 400 and "JSON" in r.json()["error"]
    r = requests.post(stack.rest_url, json={"message": "hi"}, timeout=10)
    assert r.status_code == 400 and "sender" in r.json()["error"]


def test_a_too_long_message_gets_a_polite_reply_in_its_language(stack, kb):
    r = requests.post(stack.rest_url, json={"sender": "long-1", "message": "試験について " * 1000}, timeout=30)
    assert r.status_code == 200
    assert r.json()[0]["text"] == render_message(kb, "message_too_long", "ja").text.replace("{max}", "2000")


def test_a_sender_who_floods_is_slowed_down_politely(stack, kb):
    statuses = [requests.post(stack.rest_url, json={"sender": "flood-1", "message": "/greet"}, timeout=30)
                for _ in range(30)]
    limited = [r for r in statuses if r.status_code == 429]
    assert limited, "30 messages at once must hit the per-sender limit (burst 20)"
    assert limited[0].json()[0]["text"] == render_message(kb, "rate_limited", "en").text
    assert requests.post(stack.rest_url, json={"sender": "calm-1", "message": "/greet"}, timeout=30).status_code == 200
