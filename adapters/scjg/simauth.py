"""The simulator's limits and WS-Security check (sjjh §2.2–§2.4), on the simulator's clock.

    limiter.admit(user, now_s)          # None, or retryAfter seconds (sliding 60 s)
    code, retry = guard.check(security_element, operation, now_s)   # (None, None) when verified
"""

from __future__ import annotations

import base64
import binascii
import math
import re
from collections import deque
from datetime import datetime

from lxml import etree

from adapters.scjg.security import password_digest
from adapters.scjg.simconfig import SimAccount, SimConfig
from adapters.scjg.wire import WSSE_NS, WSU_NS

__all__ = ["AuthGuard", "SlidingLimiter"]

_CREATED_RE = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?(Z|\+00:00)$")


class SlidingLimiter:
    """``limit`` requests per sliding 60 s per key (0: unlimited)."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self._seen: dict[str, deque[float]] = {}

    def admit(self, key: str, now_s: float) -> int | None:
        if self.limit <= 0:
            return None
        seen = self._seen.setdefault(key, deque())
        while seen and seen[0] <= now_s - 60:
            seen.popleft()
        if len(seen) >= self.limit:
            return max(1, min(60, math.ceil(seen[0] + 60 - now_s)))
        seen.append(now_s)
        return None


class AuthGuard:
    """Rules 1–6 of §2.3 in order, with the nonce cache and the account lock."""

    def __init__(self, config: SimConfig) -> None:
        self.config = config
        self.accounts: dict[str, SimAccount] = {a.username: a for a in config.accounts}
        self._nonces: dict[str, dict[str, float]] = {}
        self._failures: dict[str, deque[float]] = {}
        self._locked_until: dict[str, float] = {}

    def username(self, security: etree._Element | None) -> str | None:
        el = None if security is None else security.find(f"{{{WSSE_NS}}}UsernameToken/{{{WSSE_NS}}}Username")
        return None if el is None or not el.text else el.text.strip()

    def check(self, security: etree._Element | None, operation: str, now_s: float) -> tuple[str | None, int | None]:
        token = None if security is None else security.findall(f"{{{WSSE_NS}}}UsernameToken")
        if not token or len(token) != 1:
            return "AUTH_FAILED", None
        parts = {name: token[0].find(f"{{{ns}}}{name}") for ns, name in
                 ((WSSE_NS, "Username"), (WSSE_NS, "Password"), (WSSE_NS, "Nonce"), (WSU_NS, "Created"))}
        if any(el is None or not (el.text or "").strip() for el in parts.values()):
            return "AUTH_FAILED", None
        user, password, nonce, created = (str(el.text) for el in parts.values())
        if not str(parts["Password"].get("Type", "")).endswith("#PasswordDigest"):
            return self._fail(user, now_s)
        if not _CREATED_RE.match(created):
            return self._fail(user, now_s)
        moment = datetime.fromisoformat(created.replace("Z", "+00:00")).timestamp()
        if abs(moment - now_s) > self.config.skew_s:
            return "AUTH_EXPIRED", None
        try:
            nonce_bytes = base64.b64decode(nonce.strip(), validate=True)
        except (binascii.Error, ValueError):
            return self._fail(user, now_s)
        if not 8 <= len(nonce_bytes) <= 64:
            return self._fail(user, now_s)
        cache = self._nonces.setdefault(user, {})
        for key in [k for k, at in cache.items() if at <= now_s - self.config.nonce_ttl_s]:
            del cache[key]
        if nonce.strip() in cache:
            return "NONCE_REPLAY", None
        cache[nonce.strip()] = now_s
        locked = self._locked_until.get(user, 0.0)
        if locked > now_s:
            return "ACCOUNT_LOCKED", max(1, min(1800, math.ceil(locked - now_s)))
        account = self.accounts.get(user)
        if account is None or all(password_digest(nonce_bytes, created, pw) != password.strip()
                                  for pw in account.passwords):
            return self._fail(user, now_s)
        self._failures.pop(user, None)
        if operation not in account.operations:
            return "PERMISSION_DENIED", None
        return None, None

    def failures(self, user: str) -> int:
        return len(self._failures.get(user, ()))

    def _fail(self, user: str, now_s: float) -> tuple[str | None, int | None]:
        seen = self._failures.setdefault(user, deque())
        while seen and seen[0] <= now_s - self.config.lock_window_s:
            seen.popleft()
        seen.append(now_s)
        if len(seen) >= self.config.lock_after:
            self._locked_until[user] = now_s + self.config.lock_s
            seen.clear()
        return "AUTH_FAILED", None
