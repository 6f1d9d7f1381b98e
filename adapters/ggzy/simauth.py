"""The simulator's request checks, steps 1–7 of ggzy.md §2.4 in the document's order.

    gate = Gate(config)
    verdict = gate.check("GET", "/ggzy/api/v2/deals", params, headers, "127.0.0.1", now_ms)
    verdict.code            # None when the request may proceed, else "2006", "2000", … "3002"
    verdict.retry_after_s   # for 3001 / 3002

Steps 8 (parameters) and 9 (region scope) belong to the operation and are checked by the app.
"""

from __future__ import annotations

import hmac
import re
from collections.abc import Mapping
from dataclasses import dataclass

from adapters.ggzy.signing import signature, string_to_sign
from adapters.ggzy.simconfig import SimConfig, SimKey
from adapters.ggzy.wire import SIGN_METHODS

__all__ = ["Gate", "Verdict"]

_DAY_MS = 86_400_000
_TZ_MS = 8 * 3_600_000
_FORMATS = {
    "x-app-key": re.compile(r"^[0-9A-Za-z]{1,64}$"),
    "x-timestamp": re.compile(r"^[0-9]{13}$"),
    "x-nonce": re.compile(r"^[0-9a-f]{32}$"),
    "x-sign-method": re.compile("^(" + "|".join(SIGN_METHODS) + ")$"),
    "x-signature": re.compile(r"^[0-9a-f]{64}$"),
}


@dataclass(frozen=True)
class Verdict:
    """The key that called (when known), the refusal code (``None``: go on) and rate-limit state."""

    key: SimKey | None
    code: str | None = None
    retry_after_s: int | None = None
    remaining: int | None = None


class _Bucket:
    def __init__(self, capacity: float, rate: float, now_ms: int) -> None:
        self.capacity, self.rate, self.tokens, self.at_ms = capacity, rate, capacity, now_ms

    def take(self, now_ms: int) -> bool:
        self.tokens = min(self.capacity, self.tokens + max(0, now_ms - self.at_ms) / 1000 * self.rate)
        self.at_ms = max(self.at_ms, now_ms)
        if self.tokens < 1:
            return False
        self.tokens -= 1
        return True


class Gate:
    """Authentication, nonces and limits for every key of the config (state per key)."""

    def __init__(self, config: SimConfig) -> None:
        self.config = config
        self.keys = {k.app_key: k for k in config.keys}
        self._nonces: dict[str, dict[str, int]] = {}
        self._buckets: dict[str, _Bucket] = {}
        self._quota: dict[str, tuple[int, int]] = {}  # app_key → (Beijing day number, calls)

    def check(self, method: str, path: str, params: list[tuple[str, str]], headers: Mapping[str, str],
              client_ip: str, now_ms: int) -> Verdict:
        c = self.config
        key = self.keys.get(headers.get("x-app-key", ""))
        if key is not None and key.ip_whitelist is not None and client_ip not in key.ip_whitelist:
            return Verdict(key, "2006")
        if any(not fmt.match(headers.get(name, "")) for name, fmt in _FORMATS.items()):
            return Verdict(key, "2000")
        if key is None or not key.enabled or headers["x-sign-method"] != key.sign_method:
            return Verdict(key, "2001")
        timestamp = int(headers["x-timestamp"])
        if abs(now_ms - timestamp) > c.skew_ms:
            return Verdict(key, "2003")
        sts = string_to_sign(method, path, params, key.app_key, headers["x-timestamp"], headers["x-nonce"],
                             key.sign_method)
        given = headers["x-signature"].encode("ascii")
        if not any(hmac.compare_digest(signature(s, sts, key.sign_method).encode("ascii"), given) for s in key.secrets):
            return Verdict(key, "2002")
        seen = self._nonces.setdefault(key.app_key, {})
        horizon = now_ms - c.nonce_ttl_s * 1000
        for nonce in [n for n, at in seen.items() if at < horizon]:
            del seen[nonce]
        if headers["x-nonce"] in seen:
            return Verdict(key, "2004")
        seen[headers["x-nonce"]] = now_ms  # recorded only once the signature passed
        return self._limits(key, now_ms)

    def _limits(self, key: SimKey, now_ms: int) -> Verdict:
        c = self.config
        day = (now_ms + _TZ_MS) // _DAY_MS
        current, calls = self._quota.get(key.app_key, (day, 0))
        calls = calls if current == day else 0
        if calls >= c.daily_quota:
            until_midnight = ((day + 1) * _DAY_MS - _TZ_MS - now_ms + 999) // 1000
            return Verdict(key, "3002", retry_after_s=int(until_midnight), remaining=0)
        bucket = self._buckets.setdefault(key.app_key, _Bucket(c.burst, c.rate_per_s, now_ms))
        if not bucket.take(now_ms):
            return Verdict(key, "3001", retry_after_s=1, remaining=0)
        self._quota[key.app_key] = (day, calls + 1)
        return Verdict(key, remaining=int(min(bucket.tokens, c.rate_per_s)))
