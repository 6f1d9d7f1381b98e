"""Request signing of the 生态环境局 REST interface (sthj-rest.md §2.2), pure functions.

    params = [("page_size", "200"), ("record_type", "INSPECTION,PENALTY")]
    query = encode_query(params)                      # what goes after "?" on the wire
    sts, sig = sign(secret, "GET", "/api/v2/records", params, 1763602212345, new_nonce())

The client and the simulator share this module, so both sides compute the string to sign
exactly as the document's reference implementation does (the §2.3 vectors are the test).
"""

from __future__ import annotations

import hashlib
import hmac
import re
import uuid
from collections.abc import Iterable
from urllib.parse import quote, unquote

__all__ = [
    "NONCE_RE",
    "TIMESTAMP_RE",
    "canonical_query",
    "encode_query",
    "new_nonce",
    "parse_query",
    "sign",
    "signature",
    "string_to_sign",
]

NONCE_RE = re.compile(r"^[0-9A-Za-z]{16,64}$")
TIMESTAMP_RE = re.compile(r"^[0-9]{13}$")
_UNRESERVED = "-_.~"


def _enc(text: str) -> str:
    # RFC 3986: only A-Z a-z 0-9 - _ . ~ stay; quote() upper-cases the hex digits.
    return quote(text, safe=_UNRESERVED)


def canonical_query(params: Iterable[tuple[str, str]]) -> str:
    """``name=value`` pairs, each RFC 3986 encoded, sorted by encoded name then value, joined by ``&``.

    ``params`` are already percent-decoded; no parameters give the empty string.
    """
    pairs = sorted((_enc(str(k)), _enc(str(v))) for k, v in params)
    return "&".join(f"{k}={v}" for k, v in pairs)


def string_to_sign(method: str, path: str, params: Iterable[tuple[str, str]], timestamp_ms: int | str, nonce: str) -> str:
    """The five LF-joined lines of §2.2 (no trailing LF)."""
    return "\n".join([method.upper(), path, canonical_query(params), str(timestamp_ms), nonce])


def signature(secret: str, sts: str) -> str:
    """Lowercase hex HMAC-SHA256 of ``sts`` keyed with the UTF-8 bytes of the secret as issued."""
    return hmac.new(secret.encode("utf-8"), sts.encode("utf-8"), hashlib.sha256).hexdigest()


def sign(
    secret: str, method: str, path: str, params: Iterable[tuple[str, str]], timestamp_ms: int | str, nonce: str
) -> tuple[str, str]:
    """``(string_to_sign, signature)``, as the reference ``sign()`` of §2.2 returns them."""
    sts = string_to_sign(method, path, params, timestamp_ms, nonce)
    return sts, signature(secret, sts)


def encode_query(params: Iterable[tuple[str, str]]) -> str:
    """The query string to send: the same RFC 3986 encoding, in the given order."""
    return "&".join(f"{_enc(k)}={_enc(v)}" for k, v in params)


def parse_query(raw: str) -> list[tuple[str, str]]:
    """Decode a raw query string as the server does: ``+`` stays ``+``, ``name`` alone means ``name=``."""
    out: list[tuple[str, str]] = []
    for part in raw.split("&"):
        if not part:
            continue
        name, _, value = part.partition("=")
        out.append((unquote(name, errors="replace"), unquote(value, errors="replace")))
    return out


def new_nonce() -> str:
    """32 lowercase hex characters (a UUID4 without hyphens), the document's recommendation."""
    return uuid.uuid4().hex
