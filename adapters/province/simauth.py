"""§3.2 request-signature verification, as the platform does it (its own implementation).

    verifier = RequestVerifier({"jsjg-ak-321081-01": "q8Vn…"}, clock)
    failure = verifier.verify("GET", "/exchange/v1/inbox", query_pairs, headers, body)
    if failure: answer 401 with failure.code

Checks in the order of §3.2: headers present, AppKey known, timestamp within ±300 s of
the platform clock, body SM3, signature, nonce unused within 15 minutes.  A nonce is
remembered only once the signature verified, so a forged request cannot burn it.
"""

from __future__ import annotations

import hmac as std_hmac
import re
import threading
from collections import OrderedDict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from urllib.parse import quote

from adapters.province.simclock import SimClock
from adapters.province.simcrypto import hmac_b64, sm3_hex

__all__ = ["AuthFailure", "RequestVerifier", "canonical_query", "sign_request", "string_to_sign"]

_REQUIRED = ("x-jsjg-appkey", "x-jsjg-timestamp", "x-jsjg-nonce", "x-jsjg-content-sm3", "x-jsjg-signature")
_METHODS = ("HMAC-SM3", "HMAC-SHA256")
_NONCE = re.compile(r"^[0-9a-f]{32}$")
_TIMESTAMP = re.compile(r"^[0-9]{13}$")

_MESSAGES = {
    "AUTH_MISSING": "缺少认证请求头",
    "AUTH_APPKEY_UNKNOWN": "AppKey 未登记",
    "AUTH_TIMESTAMP_EXPIRED": "请求时间戳超出平台时钟 ±300 秒",
    "AUTH_CONTENT_DIGEST_MISMATCH": "请求体摘要不符",
    "AUTH_SIGNATURE_INVALID": "请求签名无效",
    "AUTH_NONCE_REUSED": "随机数 15 分钟内重复使用",
}


@dataclass(frozen=True)
class AuthFailure:
    """Why a request was refused (HTTP 401)."""

    code: str

    @property
    def message(self) -> str:
        return _MESSAGES[self.code]


def _enc(text: str) -> str:
    return quote(text, safe="-_.~")


def canonical_query(pairs: Iterable[tuple[str, str]]) -> str:
    """§3.2 CANONICAL_QUERY of decoded (name, value) pairs."""
    encoded = sorted((_enc(k), _enc(v)) for k, v in pairs)
    return "&".join(f"{k}={v}" for k, v in encoded)


def string_to_sign(method: str, path: str, query: str, app_key: str, timestamp: str, nonce: str, content_sm3: str) -> str:
    lines = (method.upper(), path, query, app_key, timestamp, nonce, content_sm3)
    return "\n".join(lines)  # seven lines, no trailing newline


def sign_request(
    secret: str, method: str, path: str, pairs: Iterable[tuple[str, str]], app_key: str,
    timestamp_ms: int, nonce: str, body: bytes, signature_method: str = "HMAC-SM3",
) -> dict[str, str]:
    """The §3.2 headers, signed the platform's way (used for callbacks and by tests)."""
    content = sm3_hex(body)
    sts = string_to_sign(method, path, canonical_query(pairs), app_key, str(timestamp_ms), nonce, content)
    return {
        "X-JSJG-AppKey": app_key,
        "X-JSJG-Timestamp": str(timestamp_ms),
        "X-JSJG-Nonce": nonce,
        "X-JSJG-Content-SM3": content,
        "X-JSJG-Signature-Method": signature_method,
        "X-JSJG-Signature": hmac_b64(signature_method, secret.encode("utf-8"), sts.encode("utf-8")),
    }


class RequestVerifier:
    """Verifies §3.2 headers against known AppKeys on the platform clock; remembers nonces."""

    def __init__(self, secrets_by_app_key: Mapping[str, str], clock: SimClock, *,
                 window_s: int = 300, nonce_memory_s: int = 900) -> None:
        self._secrets = dict(secrets_by_app_key)
        self._clock = clock
        self._window_ms = window_s * 1000
        self._nonce_memory_s = nonce_memory_s
        self._nonces: OrderedDict[tuple[str, str], float] = OrderedDict()
        self._lock = threading.Lock()

    def verify(self, method: str, path: str, query: Iterable[tuple[str, str]],
               headers: Mapping[str, str], body: bytes) -> AuthFailure | None:
        """``None`` when the request is authentic; else the first failing check's code."""
        h = {k.lower(): v for k, v in headers.items()}
        if any(not h.get(name) for name in _REQUIRED):
            return AuthFailure("AUTH_MISSING")
        app_key = h["x-jsjg-appkey"]
        secret = self._secrets.get(app_key)
        if secret is None:
            return AuthFailure("AUTH_APPKEY_UNKNOWN")
        ts = h["x-jsjg-timestamp"]
        if not _TIMESTAMP.match(ts) or abs(int(ts) - self._clock.now_ms()) > self._window_ms:
            return AuthFailure("AUTH_TIMESTAMP_EXPIRED")
        content = h["x-jsjg-content-sm3"]
        if content != sm3_hex(body):
            return AuthFailure("AUTH_CONTENT_DIGEST_MISMATCH")
        sig_method = h.get("x-jsjg-signature-method") or "HMAC-SM3"
        nonce = h["x-jsjg-nonce"]
        if sig_method not in _METHODS or not _NONCE.match(nonce):
            return AuthFailure("AUTH_SIGNATURE_INVALID")
        sts = string_to_sign(method, path, canonical_query(query), app_key, ts, nonce, content)
        expected = hmac_b64(sig_method, secret.encode("utf-8"), sts.encode("utf-8"))
        if not std_hmac.compare_digest(expected, h["x-jsjg-signature"]):
            return AuthFailure("AUTH_SIGNATURE_INVALID")
        if not self._remember_nonce(app_key, nonce):
            return AuthFailure("AUTH_NONCE_REUSED")
        return None

    def app_key_of(self, headers: Mapping[str, str]) -> str:
        return {k.lower(): v for k, v in headers.items()}.get("x-jsjg-appkey", "")

    def _remember_nonce(self, app_key: str, nonce: str) -> bool:
        now = self._clock.now_s()
        with self._lock:
            while self._nonces:
                oldest_key, seen = next(iter(self._nonces.items()))
                if now - seen <= self._nonce_memory_s:
                    break
                del self._nonces[oldest_key]
            if (app_key, nonce) in self._nonces:
                return False
            self._nonces[(app_key, nonce)] = now
            return True
