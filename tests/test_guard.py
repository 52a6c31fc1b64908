"""The checks in front of the REST channel (no servers)."""
import pytest

from bot.channels.guard import MAX_MESSAGE_CHARS, RateLimiter, check_message, check_shape


@pytest.mark.parametrize("body,reason", [
    ([], "JSON object"),
    ("hello", "JSON object"),
    ({"message": "hi"}, "sender"),
    ({"sender": "", "message": "hi"}, "sender"),
    ({"sender": "x" * 129, "message": "hi"}, "sender"),
    ({"sender": "a\u0000b", "message": "hi"}, "control"),
    ({"sender": {"$ne": 1}, "message": "hi"}, "sender"),
    ({"sender": "u1"}, "message"),
    ({"sender": "u1", "message": ["hi"]}, "message"),
    ({"sender": "u1", "message": None}, "message"),
    ({"sender": "u1", "message": "hi", "metadata": "vi"}, "metadata"),
])
def test_malformed_requests_are_refused_with_the_reason(body, reason):
    verdict, parsed = check_shape(body)
    assert parsed is None and verdict.status == 400 and reason in verdict.error


def test_a_well_formed_request_passes():
    verdict, parsed = check_shape({"sender": 42, "message": "hi", "metadata": {"language": "vi"}})
    assert verdict is None and parsed == {"sender": "42", "message": "hi", "metadata": {"language": "vi"}}


@pytest.mark.parametrize("text,name", [
    ("x" * (MAX_MESSAGE_CHARS + 1), "message_too_long"),
    ("", "unreadable"),
    ("\u200b\u200d \n\t", "unreadable"),
])
def test_messages_that_cannot_be_answered_get_a_polite_reply(text, name):
    verdict = check_message(text)
    assert not verdict.ok and verdict.message_name == name


def test_a_normal_message_passes():
    assert check_message("what exam do I need for 2号?").ok


def test_rate_limiter_allows_a_burst_then_refills():
    now = [0.0]
    limiter = RateLimiter(burst=3, per_second=1, clock=lambda: now[0])
    assert [limiter.allow("a") for _ in range(4)] == [True, True, True, False]
    assert limiter.allow("b")                 # other senders are not affected
    now[0] += 1.0
    assert limiter.allow("a") and not limiter.allow("a")


def test_text_that_is_not_valid_utf8_is_refused():
    verdict, parsed = check_shape({"sender": "u1", "message": "ab\udcab\udcff"})
    assert parsed is None and verdict.status == 400 and "UTF-8" in verdict.error
