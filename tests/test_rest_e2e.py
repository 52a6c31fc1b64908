"""End to end over Rasa's REST webhook, with the real NLG, action and Rasa servers."""
from __future__ import annotations

import uuid

import pytest

from bot.knowledge.render import render_message, render_topic
from tests.conftest import MODEL

pytestmark = [pytest.mark.model, pytest.mark.servers]


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    if not MODEL.exists():
        pytest.fail(f"no trained model at {MODEL}; run 'make train'")
    from tests.stack import start_stack

    s = start_stack(MODEL, tmp_path_factory.mktemp("stack"))
    yield s
    s.stop()


def sender() -> str:
    return f"e2e-{uuid.uuid4().hex[:8]}"


def texts(replies):
    return [r.get("text") for r in replies]


def test_every_topic_in_english_via_its_button(stack, kb):
    user = sender()
    for topic in kb.topics.values():
        replies = stack.send(user, f"/{topic.intent}")
        assert texts(replies) == [render_topic(kb, topic.id, "en").text], topic.id
        assert [b["payload"] for b in replies[0]["buttons"]] == [f"/ask_{t}" for t in topic.related] + ["/show_employer"]


def test_every_topic_in_japanese_once_the_user_writes_japanese(stack, kb):
    user = sender()
    assert texts(stack.send(user, "こんにちは")) == [render_message(kb, "greet", "ja").text]
    for topic in kb.topics.values():
        assert texts(stack.send(user, f"/{topic.intent}")) == [render_topic(kb, topic.id, "ja").text], topic.id


@pytest.mark.parametrize("lang,question,topic", [
    ("en", "can my boss keep my passport and zairyu card?", "passport_card"),
    ("en", "how many trainees can a company with 25 workers accept each year", "intake_quotas"),
    ("ja", "会社にパスポートを預けるように言われました。大丈夫ですか？", "passport_card"),
    ("ja", "育成就労が始まったら、今の実習生はどうなりますか", "esd_transition"),
])
def test_natural_questions_get_the_right_answer_in_their_language(stack, kb, lang, question, topic):
    assert texts(stack.send(sender(), question)) == [render_topic(kb, topic, lang).text]


def test_follow_up_after_an_exam_answer(stack, kb):
    user = sender()
    stack.send(user, "/ask_exam_basic")
    assert texts(stack.send(user, "what if I fail?")) == [render_topic(kb, "exam_fail_basic", "en").text]


def test_stage_follow_up_in_japanese(stack, kb):
    user = sender()
    stack.send(user, "2号の計画はいつ申請しますか")
    assert texts(stack.send(user, "3号の場合は？")) == [render_topic(kb, "plan_filing_iii", "ja").text]


def test_language_is_sticky_on_short_latin_messages(stack, kb):
    user = sender()
    stack.send(user, "特定技能に移れますか")
    assert texts(stack.send(user, "/thanks")) == [render_message(kb, "thanks", "ja").text]
    assert texts(stack.send(user, "ok thanks")) == [render_message(kb, "thanks", "ja").text]


def test_gibberish_never_gets_a_topic_answer(stack, kb):
    replies = stack.send(sender(), "qwxz plorb vrrk zzzt")
    allowed = {render_message(kb, "fallback", "en", suggestions=[]).text, render_message(kb, "out_of_scope", "en").text}
    assert len(replies) == 1 and replies[0]["text"] in allowed


def test_low_confidence_offers_topics_and_the_menu(stack, kb):
    replies = stack.send(sender(), "/nlu_fallback")
    assert replies[0]["text"] == render_message(kb, "fallback", "en", suggestions=[]).text
    assert replies[0]["buttons"] and replies[0]["buttons"][-1]["payload"] == "/help"


def test_out_of_scope_is_refused_politely(stack, kb):
    assert texts(stack.send(sender(), "what's the weather in osaka tomorrow")) == \
        [render_message(kb, "out_of_scope", "en").text]


@pytest.mark.parametrize("message", ["", " ", "x" * 20000, "\u200b\u200b", "/ask_nonexistent_topic"])
def test_odd_input_gets_an_answer_not_a_crash(stack, message):
    replies = stack.send(sender(), message)
    assert isinstance(replies, list)


@pytest.mark.parametrize("question,start", [
    ("溶接の実習生は3号に行けますか", "**溶接**："),
    ("can our futon making trainees go to 2号", "**寝具製作** (Bedding making):"),
])
def test_named_job_is_looked_up(stack, question, start):
    # Rasa's channels send text without buttons as one bubble per paragraph.
    text = "\n\n".join(texts(stack.send(sender(), question)))
    assert text.startswith(start) and "⚠️" in text and ("Confirm with:" in text or "確認先：" in text)


# --- language: explicit switching, channel language, show my employer ------------------

def test_typed_lang_command_switches_and_the_choice_sticks(stack, kb):
    user = sender()
    assert texts(stack.send(user, "/lang ja")) == [render_message(kb, "language_switched", "ja").text]
    # An explicit choice wins over detection: an English question is answered in Japanese.
    assert texts(stack.send(user, "how long can I stay in japan in total")) == [render_topic(kb, "stages", "ja").text]


def test_asking_in_words_switches_back(stack, kb):
    user = sender()
    stack.send(user, "/lang ja")
    assert texts(stack.send(user, "英語で話してください")) == [render_message(kb, "language_switched", "en").text]
    assert texts(stack.send(user, "/ask_stages")) == [render_topic(kb, "stages", "en").text]


def test_language_button_payload_switches(stack, kb):
    user = sender()
    replies = stack.send(user, '/switch_language{"language_name":"ja"}')
    assert texts(replies) == [render_message(kb, "language_switched", "ja").text]


def test_lang_without_a_code_offers_every_live_language_as_a_button(stack, kb):
    replies = stack.send(sender(), "/lang")
    assert texts(replies) == [render_message(kb, "choose_language", "en").text]
    payloads = [b["payload"] for b in replies[0]["buttons"]]
    assert payloads == [f'/switch_language{{"language_name":"{c}"}}' for c in kb.designed_languages if c in kb.languages]


def test_unknown_language_is_said_clearly(stack, kb):
    replies = stack.send(sender(), "/lang fr")
    assert texts(replies) == [render_message(kb, "language_unknown", "en").text]
    assert "日本語" in replies[0]["text"] and replies[0]["buttons"]


def test_channel_language_of_a_new_conversation_is_used(stack, kb):
    user = sender()
    replies = stack.send(user, "/ask_stages", metadata={"language": "ja-JP"})
    assert texts(replies) == [render_topic(kb, "stages", "ja").text]


def test_short_message_or_greeting_does_not_flip_the_language(stack, kb):
    user = sender()
    stack.send(user, "3号の条件を教えてください")
    assert texts(stack.send(user, "hello")) == [render_message(kb, "greet", "ja").text]
    assert texts(stack.send(user, "/ask_stages")) == [render_topic(kb, "stages", "ja").text]


def test_show_my_employer_puts_the_last_answer_next_to_japanese(stack, kb):
    user = sender()
    stack.send(user, "/ask_minimum_wage")
    text = "\n\n".join(texts(stack.send(user, "/show_employer")))   # REST sends one message per paragraph
    english, japanese = render_topic(kb, "minimum_wage", "en").text, render_topic(kb, "minimum_wage", "ja").text
    assert english in text and japanese in text and text.index(english) < text.index(japanese)
    assert render_message(kb, "show_employer_intro", "ja").text in text


def test_show_my_employer_before_any_answer_says_so(stack, kb):
    assert texts(stack.send(sender(), "/show_employer")) == [render_message(kb, "show_employer_nothing", "en").text]
