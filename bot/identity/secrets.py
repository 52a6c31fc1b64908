"""One-time codes: generated from an unambiguous alphabet, stored only as salted hashes."""
from __future__ import annotations

import hashlib
import hmac
import secrets

ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"   # no 0/O, 1/I
CODE_LENGTH = 8
_ITERATIONS = 100_000


def new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


def normalize_code(code: str) -> str:
    """Users type codes with spaces, dashes and lower case."""
    return "".join(ch for ch in (code or "").upper() if ch.isalnum())


def hash_code(code: str) -> str:
    salt = secrets.token_hex(16)
    digest = hashlib.pbkdf2_hmac("sha256", normalize_code(code).encode(), bytes.fromhex(salt), _ITERATIONS)
    return f"{salt}${digest.hex()}"


def code_matches(code: str, stored: str) -> bool:
    try:
        salt, expected = stored.split("$", 1)
        digest = hashlib.pbkdf2_hmac("sha256", normalize_code(code).encode(), bytes.fromhex(salt), _ITERATIONS)
    except (ValueError, AttributeError):
        return False
    return hmac.compare_digest(digest.hex(), expected)
