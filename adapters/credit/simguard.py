"""Authentication, rate limits and windows of the simulated platform (§2.2, §3.0).

    guard = Guard(config)
    code = guard.verify(method, path, params, headers, body, now_s)   # None or "4011"… (§2.2)
    wait = guard.limit(app_id, "post", now_s)                        # None or Retry-After seconds
"""

from __future__ import annotations

import hmac
import re
from collections import deque
from collections.abc import Mapping, Sequence

from adapters.credit.signing import SIGN_METHOD, signature, string_to_sign
from adapters.credit.simconfig import SimApp, SimConfig

__all__ = ["Guard", "LIMITS"]

_NONCE = re.compile(r"^[0-9a-f]{32}$")
# group → (requests, window seconds); the query: 20/s with a burst of 40 (two one-second windows)
LIMITS = {"post": (10, 60.0), "result": (60, 60.0), "feed": (30, 60.0), "check": (40, 2.0), "organs": (10, 60.0)}


class Guard:
    def __init__(self, config: SimConfig) -> None:
        self.config = config
        self.apps: dict[str, SimApp] = {a.app_id: a for a in config.apps}
        self._nonces: dict[str, dict[str, float]] = {}
        self._windows: dict[tuple[str, str], deque[float]] = {}

    def verify(self, method: str, path: str, params: Sequence[tuple[str, str]], headers: Mapping[str, str],
               body: bytes, now_s: float) -> str | None:
        """The §2.2 refusal code of a request, or ``None`` when it verifies (the nonce is then spent)."""
        need = ("x-xy-appid", "x-xy-timestamp", "x-xy-nonce", "x-xy-signmethod", "x-xy-signature")
        if any(not headers.get(h) for h in need) or headers["x-xy-signmethod"] != SIGN_METHOD:
            return "4015"
        app = self.apps.get(headers["x-xy-appid"])
        if app is None or not app.enabled:
            return "4011"
        ts, nonce = headers["x-xy-timestamp"], headers["x-xy-nonce"]
        if not ts.isdigit() or abs(int(ts) - now_s) > self.config.clock_skew_s:
            return "4013"
        sts = string_to_sign(method, path, params, app.app_id, ts, nonce, body)
        given = headers["x-xy-signature"]
        if not any(hmac.compare_digest(signature(secret, sts), given) for secret in app.secrets):
            return "4012"
        seen = self._nonces.setdefault(app.app_id, {})
        for old in [n for n, t in seen.items() if now_s - t > self.config.nonce_ttl_s]:
            del seen[old]
        if not _NONCE.match(nonce) or nonce in seen:
            return "4014"
        seen[nonce] = now_s
        return None

    def limit(self, app_id: str, group: str, now_s: float) -> int | None:
        """Count one request of ``group``; the Retry-After (s) when over the §3.0 limit."""
        if not self.config.rate_limits:
            return None
        count, window = LIMITS[group]
        hits = self._windows.setdefault((app_id, group), deque())
        while hits and now_s - hits[0] >= window:
            hits.popleft()
        if len(hits) >= count:
            return max(1, int(window - (now_s - hits[0]) + 0.999))
        hits.append(now_s)
        return None

    @staticmethod
    def night_wait(hour: int, minute: int, second: int) -> int | None:
        """Seconds until 01:00 inside the 00:30–01:00 归集窗口, else None."""
        if hour == 0 and minute >= 30:
            return (60 - minute) * 60 - second
        return None
