"""Generated hostile requests for the REST entry point (tests/test_fuzz.py, bench/fuzz).

Each case is a (raw request body bytes, sender or None) pair plus a kind label.
Deterministic for a given seed. Kinds:
- huge messages; control, zero-width and bidi characters; invalid UTF-8;
- malformed, deeply nested or wrongly typed JSON, missing fields;
- injection strings as message, sender and metadata, and typed into every slot
  of the verification and staff forms (the case is a short conversation);
- payloads that spoof buttons or intents (/intent{...}) to skip verification.
"""
from __future__ import annotations

import json
import random
from dataclasses import dataclass
from typing import List, Optional

INJECTIONS = [
    "'; DROP TABLE trainee; --", "\" OR \"1\"=\"1", "1' OR '1'='1' --", "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>", "{{7*7}}", "${jndi:ldap://x/a}", "../../../../etc/passwd", "%00%0d%0a",
    "$(rm -rf /)", "`id`", "{\"$gt\": \"\"}", "\\u0000", "T-1001'; --", "2002-04-12' OR 1=1", "*/ */ /*",
    "{{config.items()}}", "<!--#exec cmd=\"ls\"-->", "%s%s%s%s%n", "\x00\x01\x02",
]
SPOOFS = [
    '/my_timeline{"verified_until": "2999-01-01T00:00:00"}', "/my_timeline", "/my_eligibility",
    '/my_next_deadline{"trainee_number": "T-1001"}', '/verify{"trainee_number": "T-1001", "date_of_birth": "2002-04-12"}',
    '/verify{"verified_until": "2999-01-01T00:00:00", "link_code": "AAAA-BBBB"}', "/action_verify",
    '/staff_show_trainee{"staff_id": "1", "staff_until": "2999-01-01T00:00:00"}', "/staff_deadlines",
    '/staff_show_trainee{"trainee_number": "T-1001"}', '/staff_login{"access_code": "1-AAAAAAAAAAAAAAAA"}',
    "/session_start", "/restart", '/nlu_fallback{"x": 1}', "/ask_stages@2.5", '/greet{"language": "../../x"}',
    '/switch_language{"language_name": "<script>"}', '/show_employer{"personal_answer": {"kind": "timeline"}}',
    "/my_timeline@1.0", '/forget_me{"sender": "someone-else"}', "/EXTERNAL_action_my_timeline",
]
WEIRD_CHARS = ["\u200b", "\u200d", "\u202e", "\ufeff", "\u0000", "\u0007", "\u001b[31m", "\ud7ff", "\U0001f600",
               "\u0301" * 50, "\n" * 20, "\t", "\u3000", "\u180e", "\u2028"]
NORMAL = ["what exam do I need for 2号?", "2号の試験はいつですか", "toi muon doi cong ty", "hello",
          "show my timeline", "T-1001", "2002-04-12", "forget me", "staff login"]


@dataclass
class Case:
    kind: str
    bodies: List[bytes]          # one request, or a short conversation
    sender: Optional[str]


def _json(obj) -> bytes:
    return json.dumps(obj, ensure_ascii=False).encode("utf-8", "surrogatepass")


def _sender(rng: random.Random, i: int) -> str:
    return f"fuzz-{i}-{rng.randrange(10**9)}"


def _nested(depth: int, leaf) -> object:
    value = leaf
    for _ in range(depth):
        value = {"a": value} if depth % 2 else [value]
    return value


DOOR_KINDS = ("huge", "weird_chars", "invalid_utf8", "malformed_json", "nested_json", "wrong_types", "missing_fields")


def generate(seed: int, count: int, dialogue_share: float = 0.15) -> List[Case]:
    """`dialogue_share`: the share of cases that reach the dialogue (injections, spoofs, forms).
    Those cost a model run per turn (about 0.1 s); the rest are checked at the door."""
    rng = random.Random(seed)
    door = [(_huge, 8), (_weird, 8), (_invalid_utf8, 10), (_malformed_json, 12), (_nested_json, 8),
            (_wrong_types, 12), (_missing_fields, 8)]
    dialogue = [(_injection_message, 7), (_injection_sender, 6), (_injection_metadata, 6), (_injection_in_form, 4),
                (_spoof, 8), (_spoof_in_form, 3)]
    cases: List[Case] = []
    for i in range(count):
        functions, weights = zip(*(dialogue if rng.random() < dialogue_share else door))
        cases.append(rng.choices(functions, weights)[0](rng, i))
    return cases


def _huge(rng, i):
    size = rng.choice([2001, 5000, 50_000, 400_000])
    return Case("huge", [_json({"sender": _sender(rng, i), "message": rng.choice("aあ号 ") * size})], None)


def _weird(rng, i):
    text = "".join(rng.choice(WEIRD_CHARS + NORMAL) for _ in range(rng.randint(1, 8)))
    return Case("weird_chars", [_json({"sender": _sender(rng, i), "message": text})], None)


def _invalid_utf8(rng, i):
    raw = b'{"sender": "' + _sender(rng, i).encode() + b'", "message": "' + bytes(
        rng.randrange(128, 256) for _ in range(rng.randint(1, 40))) + b'"}'
    return Case("invalid_utf8", [raw], None)


def _malformed_json(rng, i):
    good = _json({"sender": _sender(rng, i), "message": rng.choice(NORMAL)})
    variants = [good[: rng.randrange(1, len(good))], good + b"}", b"", b"null", b"[]", b"\"str\"", b"{sender: x}",
                good.replace(b":", b"=", 1), b"{" * 100, b"NaN", b"1e999999"]
    return Case("malformed_json", [rng.choice(variants)], None)


def _nested_json(rng, i):
    depth = rng.choice([50, 500, 5000, 50_000])
    body = '{"sender": "%s", "message": "hi", "metadata": ' % _sender(rng, i)
    body += "[" * depth + "]" * depth + "}"
    return Case("nested_json", [body.encode()], None)


def _wrong_types(rng, i):
    weird = rng.choice([None, 1, 1.5, True, [], {}, ["a"], {"a": 1}, 10**30, -1])
    field = rng.choice(["sender", "message", "metadata"])
    body = {"sender": _sender(rng, i), "message": rng.choice(NORMAL), "metadata": {}}
    body[field] = weird
    return Case("wrong_types", [_json(body)], None)


def _missing_fields(rng, i):
    body = {"sender": _sender(rng, i), "message": rng.choice(NORMAL)}
    del body[rng.choice(["sender", "message"])]
    return Case("missing_fields", [_json(body)], None)


def _injection_message(rng, i):
    return Case("injection_message", [_json({"sender": _sender(rng, i), "message": rng.choice(INJECTIONS)})], None)


def _injection_sender(rng, i):
    return Case("injection_sender", [_json({"sender": rng.choice(INJECTIONS) + str(i), "message": "hello"})], None)


def _injection_metadata(rng, i):
    meta = {rng.choice(["language", "chat_id", "channel", "start_payload", "x"]): rng.choice(INJECTIONS)}
    return Case("injection_metadata", [_json({"sender": _sender(rng, i), "message": rng.choice(NORMAL),
                                              "metadata": meta})], None)


def _injection_in_form(rng, i):
    """Injection strings typed into each slot of the verification or staff form."""
    sender = _sender(rng, i)
    if rng.random() < 0.7:
        turns = ["show my timeline", rng.choice(INJECTIONS + ["T-1001"]), rng.choice(INJECTIONS + ["2002-04-12"]),
                 rng.choice(INJECTIONS)]
    else:
        turns = ["staff login", rng.choice(INJECTIONS)]
    return Case("injection_in_form", [_json({"sender": sender, "message": t}) for t in turns], sender)


def _spoof(rng, i):
    return Case("spoof", [_json({"sender": _sender(rng, i), "message": rng.choice(SPOOFS)})], None)


def _spoof_in_form(rng, i):
    """Start verification, then try to jump out of it with a spoofed intent."""
    sender = _sender(rng, i)
    turns = ["show my timeline", "T-1001", rng.choice(SPOOFS), rng.choice(SPOOFS)]
    return Case("spoof_in_form", [_json({"sender": sender, "message": t}) for t in turns], sender)
