"""The NLG endpoint Rasa calls for every utter_* response."""
from __future__ import annotations

import asyncio

import pytest
from aiohttp.test_utils import TestClient, TestServer

from bot.knowledge.render import render_topic
from bot.nlg.server import create_app


def post(body, raw: bytes = None):
    async def go():
        async with TestClient(TestServer(create_app())) as client:
            if raw is not None:
                resp = await client.post("/nlg", data=raw, headers={"Content-Type": "application/json"})
            else:
                resp = await client.post("/nlg", json=body)
            return resp.status, await resp.json()
    return asyncio.run(go())


def rasa_body(response: str, language=None, **arguments):
    slots = {"language": language} if language else {}
    return {"response": response, "arguments": arguments, "tracker": {"sender_id": "t", "slots": slots},
            "channel": {"name": "rest"}}


def test_topic_in_the_conversation_language(kb):
    status, body = post(rasa_body("utter_exam_basic", "ja"))
    assert status == 200
    assert body["text"] == render_topic(kb, "exam_basic", "ja").text
    assert body["buttons"] and body["buttons"][0]["payload"].startswith("/ask_")


def test_no_language_slot_means_english(kb):
    status, body = post(rasa_body("utter_stages"))
    assert body["text"] == render_topic(kb, "stages", "en").text


def test_arguments_become_suggestion_buttons():
    status, body = post(rasa_body("utter_fallback", "en", suggestions=["hotline", "stages"]))
    assert [b["payload"] for b in body["buttons"]] == ["/ask_hotline", "/ask_stages", "/help"]


def test_response_matches_rasa_schema():
    from jsonschema import validate
    from rasa.core.nlg.callback import nlg_response_format_spec

    for response in ("utter_greet", "utter_hotline", "utter_fallback"):
        validate(post(rasa_body(response, "ja"))[1], nlg_response_format_spec())


def test_unknown_response_gets_a_polite_error_not_a_crash(kb):
    status, body = post(rasa_body("utter_does_not_exist", "ja"))
    assert status == 200 and body["text"] == kb.languages["ja"].messages["error"].strip()


@pytest.mark.parametrize("raw", [b"not json", b"[1,2]", b'{"arguments": {}}', "\udcff".encode("utf-8", "surrogatepass")])
def test_malformed_requests_get_400(raw):
    status, body = post(None, raw=raw)
    assert status == 400 and "error" in body


def test_health_reports_topics_and_languages(kb):
    async def go():
        async with TestClient(TestServer(create_app())) as client:
            resp = await client.get("/health")
            return resp.status, await resp.json()
    status, body = asyncio.run(go())
    assert status == 200 and body["topics"] == len(kb.topics) and "ja" in body["languages"]
