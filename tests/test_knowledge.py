"""The knowledge files: complete, sourced, dated, within length, and rendered with fallbacks."""
from __future__ import annotations

import datetime as dt
import re
import shutil
import time

import pytest
import yaml

from bot.knowledge import KnowledgeError
from bot.knowledge.loader import MESSAGES, read
from tests.conftest import ROOT
from bot.knowledge.render import render_message, render_response, render_topic

MAX_EN_WORDS = 120
MAX_JA_CHARS = 360   # about 120 English words
FACT_SHEET_SECTION = re.compile(r"^§\d+(\.\d+)?( (Q\d+|item \d+))?$")


def answer_text(entry: dict) -> str:
    return entry.get("answer") or (entry.get("trainee", "") + "\n" + entry.get("employer", ""))


def test_there_are_at_least_45_topics(kb):
    assert len(kb.topics) >= 45


@pytest.mark.parametrize("code", ["en", "ja"])
def test_english_and_japanese_are_complete(kb, code):
    lang = kb.languages[code]
    assert lang.complete
    assert set(lang.topics) == set(kb.topics)
    assert all(lang.messages.get(m) for m in MESSAGES)


def test_every_topic_has_sources_confidence_and_a_valid_check_date(kb):
    for topic in kb.topics.values():
        assert topic.sources, topic.id
        assert all(isinstance(s, str) and len(s) > 5 for s in topic.sources), topic.id
        assert topic.confidence in {"seen-official", "seen", "inferred"}, topic.id
        assert dt.date(2025, 1, 1) <= topic.last_checked <= dt.date.today(), topic.id
        assert topic.confirm_with, topic.id
        assert topic.facts and all(FACT_SHEET_SECTION.match(f) for f in topic.facts), (topic.id, topic.facts)


def test_answers_are_short(kb):
    too_long = []
    for tid in kb.topics:
        en = answer_text(kb.languages["en"].topics[tid])
        ja = answer_text(kb.languages["ja"].topics[tid])
        if len(en.split()) > MAX_EN_WORDS:
            too_long.append(f"en:{tid}={len(en.split())} words")
        if len(ja) > MAX_JA_CHARS:
            too_long.append(f"ja:{tid}={len(ja)} chars")
    assert not too_long


def test_flagged_topics_say_so_in_every_language(kb):
    flagged = [t for t in kb.topics.values() if t.caveat != "none"]
    assert flagged, "the fact sheet flags conflicts and stale figures; some topics must carry them"
    for topic in flagged:
        for code in ("en", "ja"):
            reply = render_topic(kb, topic.id, code)
            assert "⚠️" in reply.text and kb.languages[code].topics[topic.id]["caveat"].strip() in reply.text


def test_japanese_answers_are_written_in_japanese(kb):
    kana = re.compile(r"[\u3040-\u30ff]")
    for tid, entry in kb.languages["ja"].topics.items():
        assert len(kana.findall(answer_text(entry))) > 20, tid


@pytest.mark.parametrize("code,confirm,checked", [
    ("en", "Confirm with: ", "Facts last checked: 2026"),
    ("ja", "確認先：", "情報の最終確認日：2026年"),
])
def test_every_answer_names_who_confirms_it_and_when_it_was_checked(kb, code, confirm, checked):
    for tid in kb.topics:
        text = render_topic(kb, tid, code).text
        assert confirm in text and checked in text, tid


def test_topic_reply_offers_related_topics_as_buttons(kb):
    reply = render_topic(kb, "exam_basic", "en")
    payloads = [b["payload"] for b in reply.buttons]
    assert payloads == [f"/ask_{t}" for t in kb.topics["exam_basic"].related] + ["/show_employer"]
    assert all(b["title"] for b in reply.buttons)


def test_japanese_answers_need_no_show_my_employer_button(kb):
    assert "/show_employer" not in [b["payload"] for b in render_topic(kb, "exam_basic", "ja").buttons]


def test_language_without_a_file_falls_back_to_english_with_a_notice(tmp_path):
    shutil.copytree(ROOT / "bot" / "knowledge", tmp_path / "knowledge")
    (tmp_path / "knowledge" / "lang" / "vi.yml").unlink()
    kb = read(tmp_path / "knowledge")
    reply = render_topic(kb, "stages", "vi")
    english = render_topic(kb, "stages", "en")
    assert reply.fell_back and reply.language == "en"
    assert reply.text.startswith("(") and "Tiếng Việt" in reply.text.splitlines()[0]
    assert reply.text.endswith(english.text)


def test_unknown_language_code_falls_back_to_english(kb):
    reply = render_message(kb, "greet", "xx")
    assert reply.fell_back and reply.language == "en"


def test_english_is_not_marked_as_fallback(kb):
    assert not render_topic(kb, "stages", "en").fell_back
    assert not render_topic(kb, "stages", None).fell_back


@pytest.fixture()
def kb_copy(tmp_path):
    from bot import config

    target = tmp_path / "knowledge"
    shutil.copytree(config.KNOWLEDGE_DIR, target)
    return target


def test_partial_language_falls_back_per_topic(kb_copy):
    (kb_copy / "lang" / "vi.yml").write_text(yaml.safe_dump({
        "language": "vi", "complete": False,
        "labels": {"fallback_notice": "(Chưa có bằng {language}, đây là bản tiếng Anh.)"},
        "topics": {"stages": {"title": "Các giai đoạn", "answer": "Ba giai đoạn: 1号, 2号, 3号."}},
    }, allow_unicode=True), encoding="utf-8")
    kb = read(kb_copy)
    translated = render_topic(kb, "stages", "vi")
    assert not translated.fell_back and "Ba giai đoạn" in translated.text
    missing = render_topic(kb, "exam_basic", "vi")
    assert missing.fell_back and missing.text.startswith("(Chưa có bằng Tiếng Việt")


def test_broken_knowledge_is_reported_with_every_problem(kb_copy):
    path = kb_copy / "lang" / "ja.yml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    del data["topics"]["stages"]
    data["topics"]["hotline"].pop("caveat")
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(KnowledgeError) as err:
        read(kb_copy)
    problems = "\n".join(err.value.problems)
    assert "missing topic 'stages'" in problems
    assert "hotline: topic is marked stale; the answer needs a caveat" in problems


def test_a_corrected_answer_is_served_without_restart(kb_copy):
    from bot.knowledge.loader import _Cache

    cache = _Cache(min_interval=0)
    before = render_response(cache.get(kb_copy), "utter_family", "en").text
    path = kb_copy / "lang" / "en.yml"
    text = path.read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    data["topics"]["family"]["answer"] = "Corrected answer about family."
    time.sleep(0.01)
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    after = render_response(cache.get(kb_copy), "utter_family", "en").text
    assert before != after and after.startswith("Corrected answer about family.")


def test_a_broken_edit_keeps_the_last_good_version(kb_copy):
    from bot.knowledge.loader import _Cache

    cache = _Cache(min_interval=0)
    good = cache.get(kb_copy)
    (kb_copy / "topics.yml").write_text("topics: {stages: {}}\n", encoding="utf-8")
    assert cache.get(kb_copy) is good


def test_messages_with_suggestions_render_buttons_and_a_way_back_to_the_menu(kb):
    reply = render_message(kb, "fallback", "ja", suggestions=["stages", "hotline"])
    assert [b["payload"] for b in reply.buttons] == ["/ask_stages", "/ask_hotline", "/help"]
    assert reply.buttons[0]["title"] == kb.languages["ja"].topics["stages"]["title"]


def test_help_offers_the_menu(kb):
    reply = render_message(kb, "help", "en")
    assert [b["payload"] for b in reply.buttons] == [f"/ask_{t}" for t in kb.menu]


def test_unknown_response_name_raises(kb):
    with pytest.raises(KeyError):
        render_response(kb, "utter_no_such_thing", "en")


def test_every_designed_language_ships_complete(kb):
    """Nothing ships half-translated: every language in languages.yml has a complete file,
    which the loader has checked for every topic, message, label and screen word."""
    missing = [code for code in kb.designed_languages if code not in kb.languages or not kb.languages[code].complete]
    assert not missing, f"languages without a complete file: {missing}"


def test_a_missing_translation_fails_the_check(tmp_path):
    """The loader refuses a 'complete' file that lacks a message (so the test above can fail)."""
    import shutil

    import yaml as _yaml

    from bot.knowledge.loader import KnowledgeError

    shutil.copytree(ROOT / "bot" / "knowledge", tmp_path / "knowledge")
    path = tmp_path / "knowledge" / "lang" / "ja.yml"
    data = _yaml.safe_load(path.read_text(encoding="utf-8"))
    del data["messages"]["busy"]
    path.write_text(_yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(KnowledgeError) as caught:
        read(tmp_path / "knowledge")
    assert any("busy" in p for p in caught.value.problems)


def test_a_translation_with_a_wrong_placeholder_fails_the_check(tmp_path):
    import shutil

    import yaml as _yaml

    from bot.knowledge.loader import KnowledgeError

    shutil.copytree(ROOT / "bot" / "knowledge", tmp_path / "knowledge")
    path = tmp_path / "knowledge" / "lang" / "ja.yml"
    data = _yaml.safe_load(path.read_text(encoding="utf-8"))
    data["messages"]["verify_locked"] = data["messages"]["verify_locked"].replace("{minutes}", "{minute}")
    path.write_text(_yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(KnowledgeError) as caught:
        read(tmp_path / "knowledge")
    assert any("verify_locked" in p for p in caught.value.problems)
