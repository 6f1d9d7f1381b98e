"""Time-based rules of the simulator (§2.2 nonces, §3.4 bucket and quota, §3.5 backup), on the sim clock.

    bucket = TokenBucket(capacity=20, refill_per_s=10)
    ok, retry_after_s, remaining = bucket.take(now_s)
    window = backup_window(now_ms, "02:00:00", 1800, overrun_s=600)   # None outside the window

All times are passed in, so tests drive them with a fake clock.
"""

from __future__ import annotations

import math
from collections import deque
from dataclasses import dataclass
from datetime import datetime, timedelta

from adapters.sthj.simrecords import BEIJING

__all__ = ["DailyQuota", "Maintenance", "NonceCache", "TokenBucket", "backup_window", "seconds_to_midnight"]


class TokenBucket:
    """Capacity ``capacity``, refilled continuously at ``refill_per_s``; starts full."""

    def __init__(self, capacity: float, refill_per_s: float) -> None:
        self.capacity = capacity
        self.refill_per_s = refill_per_s
        self._tokens = capacity
        self._at_s: float | None = None

    def _refill(self, now_s: float) -> None:
        if self._at_s is not None and now_s > self._at_s:
            self._tokens = min(self.capacity, self._tokens + (now_s - self._at_s) * self.refill_per_s)
        self._at_s = now_s if self._at_s is None else max(self._at_s, now_s)

    def take(self, now_s: float) -> tuple[bool, int, int]:
        """``(granted, retry_after_s, remaining)``; Retry-After is the wait for one token, rounded up."""
        self._refill(now_s)
        if self._tokens >= 1:
            self._tokens -= 1
            return True, 0, math.floor(self._tokens)
        wait = (1 - self._tokens) / self.refill_per_s
        return False, max(1, math.ceil(wait)), 0


class DailyQuota:
    """Signed requests per calendar day (+08:00)."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self._day: str | None = None
        self._used = 0

    def take(self, now_ms: int) -> bool:
        day = datetime.fromtimestamp(now_ms / 1000, BEIJING).strftime("%Y-%m-%d")
        if day != self._day:
            self._day, self._used = day, 0
        self._used += 1
        return self._used <= self.limit


def seconds_to_midnight(now_ms: int) -> int:
    """Seconds until the next 00:00:00 +08:00, rounded up, at least 1."""
    now = datetime.fromtimestamp(now_ms / 1000, BEIJING)
    midnight = (now + timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)
    return max(1, math.ceil((midnight.timestamp() * 1000 - now_ms) / 1000))


class NonceCache:
    """Nonces of one app, remembered ``ttl_s`` after their signature verified."""

    def __init__(self, ttl_s: float) -> None:
        self.ttl_ms = int(ttl_s * 1000)
        self._seen: dict[str, int] = {}
        self._order: deque[tuple[int, str]] = deque()

    def replayed(self, nonce: str, now_ms: int) -> bool:
        """True for a nonce seen within the window; otherwise remember it and answer False."""
        while self._order and self._order[0][0] <= now_ms:
            expiry, old = self._order.popleft()
            if self._seen.get(old) == expiry:
                del self._seen[old]
        known = self._seen.get(nonce)
        if known is not None and known > now_ms:
            return True
        expiry = now_ms + self.ttl_ms
        self._seen[nonce] = expiry
        self._order.append((expiry, nonce))
        return False


@dataclass(frozen=True)
class Maintenance:
    """Inside the backup window: ``retry_after_s`` to answer, ``until_ms`` the planned end."""

    retry_after_s: int
    until_ms: int


def backup_window(now_ms: int, start: str, duration_s: int, overrun_s: int = 0) -> Maintenance | None:
    """The nightly backup at ``start`` (``HH:MM:SS`` +08:00) for ``duration_s``, then ``overrun_s`` more.

    Planned part: Retry-After = seconds to the planned end, rounded up; overrun: 60.
    """
    hh, mm, ss = (int(x) for x in start.split(":"))
    today = datetime.fromtimestamp(now_ms / 1000, BEIJING).replace(hour=hh, minute=mm, second=ss, microsecond=0)
    for begin in (today, today - timedelta(days=1)):  # a window may cross midnight
        begin_ms = int(begin.timestamp() * 1000)
        end_ms = begin_ms + duration_s * 1000
        if begin_ms <= now_ms < end_ms:
            return Maintenance(max(1, math.ceil((end_ms - now_ms) / 1000)), end_ms)
        if end_ms <= now_ms < end_ms + overrun_s * 1000:
            return Maintenance(60, end_ms)
    return None
