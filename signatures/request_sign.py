"""The province's HTTP request signature (sources/province.md §3.2, also used for callbacks, §3.3).

Client side::

    headers = province_headers(app_key, secret, "GET", "/exchange/v1/inbox",
                               [("limit", "50"), ("cursor", "1000122")], b"",
                               timestamp_ms=now_ms, nonce=secrets.token_hex(16))

Server side (the simulator, or the hub checking a callback)::

    nonces = NonceMemory()
    code = verify_province_request(method, path, query, body, request_headers,
                                   secrets={app_key: secret}, now_ms=now_ms, nonces=nonces)
    if code is not None: answer 401 with it
"""

from __future__ import annotations

import base64
import hmac
import re
import threading
from collections import deque
from collections.abc import Mapping, Sequence
from urllib.parse import quote

from signatures.sm3 import hmac_sha256, hmac_sm3, sm3_hex

__all__ = [
    "H_APPKEY",
    "H_CONTENT_SM3",
    "H_METHOD",
    "H_NONCE",
    "H_SIGNATURE",
    "H_TIMESTAMP",
    "SIGNATURE_METHODS",
    "NonceMemory",
    "canonical_query",
    "province_headers",
    "sign_string",
    "string_to_sign",
    "verify_province_request",
]

H_APPKEY = "X-JSJG-AppKey"
H_TIMESTAMP = "X-JSJG-Timestamp"
H_NONCE = "X-JSJG-Nonce"
H_CONTENT_SM3 = "X-JSJG-Content-SM3"
H_METHOD = "X-JSJG-Signature-Method"
H_SIGNATURE = "X-JSJG-Signature"
SIGNATURE_METHODS = ("HMAC-SM3", "HMAC-SHA256")
WINDOW_MS = 300_000
NONCE_TTL_S = 900

_TIMESTAMP = re.compile(r"[0-9]{13}")
_NONCE = re.compile(r"[0-9a-f]{32}")


def _encode(text: str) -> str:
    # RFC 3986: only A-Z a-z 0-9 - _ . ~ stay; quote() keeps exactly those with safe="".
    return quote(text, safe="", encoding="utf-8", errors="strict")


def canonical_query(params: Sequence[tuple[str, str]]) -> str:
    """CANONICAL_QUERY: decoded pairs percent-encoded, sorted by name then value, joined with ``&``."""
    pairs = sorted((_encode(name), _encode(value)) for name, value in params)
    return "&".join(f"{name}={value}" for name, value in pairs)


def string_to_sign(
    method: str, path: str, query: str, app_key: str, timestamp: str, nonce: str, content_sm3: str
) -> str:
    """The seven lines joined by LF, no trailing newline."""
    return f"{method.upper()}\n{path}\n{query}\n{app_key}\n{timestamp}\n{nonce}\n{content_sm3}"


def sign_string(secret: str, text: str, method_name: str = "HMAC-SM3") -> str:
    """Base64 HMAC (SM3 or SHA-256) of ``text`` under ``secret``, both as UTF-8."""
    mac = hmac_sm3 if method_name == "HMAC-SM3" else hmac_sha256 if method_name == "HMAC-SHA256" else None
    if mac is None:
        raise ValueError(f"unknown signature method {method_name!r}")
    return base64.b64encode(mac(secret.encode("utf-8"), text.encode("utf-8"))).decode("ascii")


def province_headers(
    app_key: str,
    secret: str,
    method: str,
    path: str,
    query_params: Sequence[tuple[str, str]],
    body: bytes,
    *,
    timestamp_ms: int,
    nonce: str,
    method_name: str = "HMAC-SM3",
) -> dict[str, str]:
    """The six ``X-JSJG-*`` headers of a signed request.  ``path`` is as sent, without the query."""
    timestamp = str(timestamp_ms)
    content = sm3_hex(body)
    text = string_to_sign(method, path, canonical_query(query_params), app_key, timestamp, nonce, content)
    return {
        H_APPKEY: app_key,
        H_TIMESTAMP: timestamp,
        H_NONCE: nonce,
        H_CONTENT_SM3: content,
        H_METHOD: method_name,
        H_SIGNATURE: sign_string(secret, text, method_name),
    }


class NonceMemory:
    """Nonces seen per AppKey for ``ttl_s`` seconds (15 minutes by default); thread-safe."""

    def __init__(self, ttl_s: float = NONCE_TTL_S) -> None:
        self._ttl_ms = int(ttl_s * 1000)
        self._seen: dict[tuple[str, str], int] = {}
        self._expiry: deque[tuple[int, tuple[str, str]]] = deque()
        self._lock = threading.Lock()

    def check_and_store(self, app_key: str, nonce: str, now_ms: int) -> bool:
        """Remember the nonce; False when it was already seen within the TTL (a replay)."""
        key = (app_key, nonce)
        with self._lock:
            while self._expiry and self._expiry[0][0] <= now_ms:
                expires, old = self._expiry.popleft()
                if self._seen.get(old) == expires:
                    del self._seen[old]
            if key in self._seen:
                return False
            expires = now_ms + self._ttl_ms
            self._seen[key] = expires
            self._expiry.append((expires, key))
            return True

    def __len__(self) -> int:
        return len(self._seen)


def verify_province_request(
    method: str,
    path: str,
    query_params: Sequence[tuple[str, str]],
    body: bytes,
    headers: Mapping[str, str],
    *,
    secrets: Mapping[str, str],
    now_ms: int,
    nonces: NonceMemory,
    window_ms: int = WINDOW_MS,
) -> str | None:
    """The province's checks in their order; the ``AUTH_*`` code of the first failure, or None.

    ``headers`` are matched case-insensitively; ``secrets`` maps AppKey → SecretKey.  A
    malformed timestamp counts as expired and a malformed nonce or unknown method as
    missing/invalid; the nonce is remembered only once the signature is valid, so
    forged requests cannot burn nonces.
    """
    h = {name.lower(): value for name, value in headers.items()}
    app_key, timestamp = h.get(H_APPKEY.lower()), h.get(H_TIMESTAMP.lower())
    nonce, content, signature = h.get(H_NONCE.lower()), h.get(H_CONTENT_SM3.lower()), h.get(H_SIGNATURE.lower())
    method_name = h.get(H_METHOD.lower(), "HMAC-SM3")
    if not (app_key and timestamp and nonce and content and signature) or not _NONCE.fullmatch(nonce):
        return "AUTH_MISSING"
    secret = secrets.get(app_key)
    if secret is None:
        return "AUTH_APPKEY_UNKNOWN"
    if not _TIMESTAMP.fullmatch(timestamp) or abs(now_ms - int(timestamp)) > window_ms:
        return "AUTH_TIMESTAMP_EXPIRED"
    if content != sm3_hex(body):
        return "AUTH_CONTENT_DIGEST_MISMATCH"
    if method_name not in SIGNATURE_METHODS:
        return "AUTH_SIGNATURE_INVALID"
    text = string_to_sign(method, path, canonical_query(query_params), app_key, timestamp, nonce, content)
    if not hmac.compare_digest(sign_string(secret, text, method_name).encode(), signature.encode("utf-8", "replace")):
        return "AUTH_SIGNATURE_INVALID"
    if not nonces.check_and_store(app_key, nonce, now_ms):
        return "AUTH_NONCE_REUSED"
    return None
