"""Join codes, facilitator tokens and seat tokens: who holds what secret.

A join code is short enough to read off a projector (capital letters and digits without the
ones people confuse: 0/O, 1/I/L, Z, 5/S, 8/B); it admits to a session while the session
runs. A facilitator token and a seat token are long random secrets (128 bits and more) that
sit in a link; the database keeps a seat token only as its SHA-256 hash, so a copy of the
database does not hand out seats.
"""

from __future__ import annotations

import hashlib
import re
import secrets

CODE_ALPHABET = "ACDEFGHJKMNPQRTUVWXY234679"
CODE_LENGTH = 6
MIN_CODE, MAX_CODE = 4, 8
TOKEN_BYTES = 24  # 192 bits for the facilitator token
SEAT_BYTES = 16  # 128 bits for a seat token
MAX_TOKEN = 100  # longer text is not a token of ours: refused before hashing
_CODE = re.compile(rf"^[{CODE_ALPHABET}]{{{MIN_CODE},{MAX_CODE}}}$")
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{16,100}$")


def new_code(length: int = CODE_LENGTH) -> str:
    """A random join code of `length` characters from CODE_ALPHABET."""
    if not MIN_CODE <= length <= MAX_CODE:
        raise ValueError(f"a join code has {MIN_CODE} to {MAX_CODE} characters, not {length}")
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(length))


def normal_code(text: str) -> str:
    """What a person typed, as a code: upper case, spaces and dashes dropped (people copy
    'k7p-2qx' off a screen)."""
    return re.sub(r"[\s-]", "", text or "").upper()[: MAX_CODE + 10]


def is_code(text: str) -> bool:
    """Whether `text` has the form of a join code (not whether a session has it)."""
    return bool(_CODE.match(text))


def new_facilitator_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def new_seat_token() -> str:
    return secrets.token_urlsafe(SEAT_BYTES)


def looks_like_token(text: str) -> bool:
    """Whether `text` could be one of our tokens (URL-safe base64, of a sane length)."""
    return bool(_TOKEN.match(text or ""))


def seat_hash(token: str) -> str:
    """How the database keeps a seat token: its SHA-256, in hex."""
    return hashlib.sha256(token.encode("ascii")).hexdigest()


def same_secret(given: str, kept: str) -> bool:
    """A comparison of secrets in constant time."""
    return secrets.compare_digest(given.encode("utf-8"), kept.encode("utf-8"))
