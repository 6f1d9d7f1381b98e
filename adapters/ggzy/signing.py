"""Request signing of the ggzy 数据交换服务 (ggzy.md §2.4), pure functions.

    params = [("dataType", "WIN_RESULT"), ("since", "20251218020000"), ("pageSize", "100")]
    sts = string_to_sign("GET", "/ggzy/api/v2/deals", params, "YZGGZY321081ST01", "1766107815000", nonce, "HMAC-SM3")
    sig = signature(secret, sts, "HMAC-SM3")       # 64 lowercase hex characters

The client and the simulator share this module; the §2.5 vectors are its test.  SM3 comes from
OpenSSL through :mod:`hashlib` (``hashlib.new("sm3")``).
"""

from __future__ import annotations

import hashlib
import hmac
import uuid
from collections.abc import Iterable
from urllib.parse import quote, unquote_to_bytes

from adapters.ggzy.wire import SignMethod

__all__ = ["body_hash", "canonical_query", "encode_query", "new_nonce", "parse_query", "signature", "string_to_sign"]

_HASH = {"HMAC-SM3": "sm3", "HMAC-SHA256": "sha256"}


def _enc(text: str) -> str:
    # RFC 3986: A-Z a-z 0-9 - . _ ~ kept, every other UTF-8 byte %XX with upper-case hex (quote() does both).
    return quote(text.encode("utf-8"), safe="-._~")


def body_hash(method: SignMethod, body: bytes = b"") -> str:
    """Lowercase hex H(body): SM3 for HMAC-SM3, SHA-256 for HMAC-SHA256 (requests have no body)."""
    return hashlib.new(_HASH[method], body).hexdigest()


def canonical_query(params: Iterable[tuple[str, str]]) -> str:
    """Decoded ``(name, value)`` pairs re-encoded, sorted by encoded name (byte order), joined by ``&``."""
    pairs = sorted((_enc(k), _enc(v)) for k, v in params)
    return "&".join(f"{k}={v}" for k, v in pairs)


def string_to_sign(
    method: str,
    path: str,
    params: Iterable[tuple[str, str]],
    app_key: str,
    timestamp_ms: int | str,
    nonce: str,
    sign_method: SignMethod,
    body: bytes = b"",
) -> str:
    """The seven LF-joined lines of §2.4, no trailing LF; ``path`` exactly as sent."""
    lines = [method.upper(), path, canonical_query(params), app_key, str(timestamp_ms), nonce, body_hash(sign_method, body)]
    return "\n".join(lines)


def signature(secret: str, sts: str, sign_method: SignMethod) -> str:
    """``X-Signature``: lowercase hex HMAC-H keyed with the UTF-8 bytes of the AppSecret (RFC 2104)."""
    return hmac.new(secret.encode("utf-8"), sts.encode("utf-8"), _HASH[sign_method]).hexdigest()


def encode_query(params: Iterable[tuple[str, str]]) -> str:
    """The query string to send, RFC 3986 encoded, in the given order."""
    return "&".join(f"{_enc(k)}={_enc(v)}" for k, v in params)


def parse_query(raw: bytes | str) -> list[tuple[str, str]]:
    """Decode a raw query as the server does: ``name`` alone is ``name=``; ``+`` stays ``+``."""
    text = raw.decode("latin-1") if isinstance(raw, bytes) else raw
    out: list[tuple[str, str]] = []
    for part in text.split("&"):
        if not part:
            continue
        name, _, value = part.partition("=")
        out.append((unquote_to_bytes(name).decode("utf-8", "replace"), unquote_to_bytes(value).decode("utf-8", "replace")))
    return out


def new_nonce() -> str:
    """32 lowercase hex characters, fresh for every request."""
    return uuid.uuid4().hex
