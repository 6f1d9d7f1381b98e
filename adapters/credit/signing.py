"""Request signing of the credit platform (``sources/credit.md`` §2.2), pure functions.

    sts = string_to_sign("GET", "/xyyz/api/v2/lists/changes", [("afterSeq", "0")], app_id, ts, nonce, b"")
    headers = signed_headers(app_id, secret, "GET", path, params, body=b"")   # all five X-XY-* headers

Client and simulator share this module; the §2.3 computed examples are its tests.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import time
from collections.abc import Iterable
from urllib.parse import quote

__all__ = ["SIGN_METHOD", "body_sha256", "canonical_query", "encode_query", "new_nonce", "signature",
           "signed_headers", "string_to_sign"]

SIGN_METHOD = "HMAC-SHA256"


def _enc(text: str) -> str:
    # RFC 3986 unreserved stay; quote() writes upper-case hex, so "," becomes "%2C"
    return quote(text, safe="-._~")


def canonical_query(params: Iterable[tuple[str, str]]) -> str:
    """Decoded (name, value) pairs → encoded, sorted by name then value, joined with ``&``."""
    pairs = sorted((_enc(k), _enc(v)) for k, v in params)
    return "&".join(f"{k}={v}" for k, v in pairs)


def encode_query(params: Iterable[tuple[str, str]]) -> str:
    """The query string to put on the wire (same encoding as the canonical form, original order)."""
    return "&".join(f"{_enc(k)}={_enc(v)}" for k, v in params)


def body_sha256(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()


def string_to_sign(method: str, path: str, params: Iterable[tuple[str, str]], app_id: str, timestamp: str,
                   nonce: str, body: bytes) -> str:
    """The seven LF-joined lines of §2.2 (no trailing LF)."""
    return "\n".join([method.upper(), path, canonical_query(params), app_id, timestamp, nonce, body_sha256(body)])


def signature(secret: str, sts: str) -> str:
    """base64 (standard, padded) of HMAC-SHA256(secret, stringToSign)."""
    digest = hmac.new(secret.encode("utf-8"), sts.encode("utf-8"), hashlib.sha256).digest()
    return base64.b64encode(digest).decode("ascii")


def new_nonce() -> str:
    """32 lowercase hex characters."""
    return secrets.token_hex(16)


def signed_headers(app_id: str, secret: str, method: str, path: str, params: Iterable[tuple[str, str]] = (),
                   body: bytes = b"", *, timestamp: int | None = None, nonce: str | None = None) -> dict[str, str]:
    """The five ``X-XY-*`` headers of a request (fresh nonce and current time unless given)."""
    ts = str(int(time.time()) if timestamp is None else timestamp)
    nonce = nonce or new_nonce()
    sts = string_to_sign(method, path, list(params), app_id, ts, nonce, body)
    return {"X-XY-AppId": app_id, "X-XY-Timestamp": ts, "X-XY-Nonce": nonce, "X-XY-SignMethod": SIGN_METHOD,
            "X-XY-Signature": signature(secret, sts)}
