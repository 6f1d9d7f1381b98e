"""The simulator's database and its limits: records per kind ordered by GXSJ, token buckets, quotas.

    store = Store(generate(config))
    store.select("XMXX", (start_s, end_s), None, now_s, shuffle=True, rng=rng)   # visible rows, §3.2 order
    limits = Limits(config); limits.query(appkey, now_s)     # None, or (code, Retry-After)
"""

from __future__ import annotations

import bisect
import random
from datetime import datetime, timedelta

from adapters.elu_yangguang.simconfig import SimConfig
from adapters.elu_yangguang.simdata import SimRecord
from adapters.elu_yangguang.wire import BEIJING, KINDS

__all__ = ["Limits", "Store"]


class Store:
    """Latest state of every record; not thread-safe (the simulator holds its lock)."""

    def __init__(self, records: list[SimRecord]) -> None:
        self.by_key: dict[tuple[str, str], SimRecord] = {}
        self._order: dict[str, list[tuple[int, str]]] = {k: [] for k in KINDS}
        for rec in records:
            self.put(rec)

    def put(self, rec: SimRecord, old: tuple[int, str] | None = None) -> None:
        keys = self._order[rec.kind]
        if old is not None:
            del keys[bisect.bisect_left(keys, old)]
        bisect.insort(keys, (rec.gxsj, rec.key))
        self.by_key[(rec.kind, rec.key)] = rec

    def touch(self, rec: SimRecord, gxsj: int, visible_at: int) -> None:
        old = (rec.gxsj, rec.key)
        rec.gxsj, rec.visible_at = gxsj, visible_at
        self.put(rec, old)

    def select(self, kind: str, window: tuple[int, int] | None, xmdm: str | None, now_s: float, *,
               shuffle: bool, rng: random.Random) -> list[SimRecord]:
        keys = self._order[kind]
        if window is not None:
            lo, hi = bisect.bisect_left(keys, (window[0], "")), bisect.bisect_left(keys, (window[1], ""))
            keys = keys[lo:hi]
        out = [self.by_key[(kind, key)] for _, key in keys]
        out = [r for r in out if r.visible_at <= now_s and (xmdm is None or r.fields.get("XMDM") == xmdm)]
        if shuffle and not KINDS[kind].stable_order:  # quirk 13: order by GXSJ only
            ties = {id(r): rng.random() for r in out}
            out.sort(key=lambda r: (r.gxsj, ties[id(r)]))
        return out


class Limits:
    """§3.4 per APPKEY: query token bucket, daily quota (00:00 Beijing), auth calls per minute."""

    def __init__(self, config: SimConfig) -> None:
        self.c = config
        self.enabled = True
        self._bucket: dict[str, tuple[float, float]] = {}
        self._daily: dict[str, tuple[str, int]] = {}
        self._auth: dict[str, tuple[int, int]] = {}

    def query(self, appkey: str, now_s: float) -> tuple[str, int] | None:
        if not self.enabled:
            return None
        day = datetime.fromtimestamp(now_s, BEIJING)
        stamp, used = self._daily.get(appkey, (day.strftime("%Y%m%d"), 0))
        if stamp != day.strftime("%Y%m%d"):
            stamp, used = day.strftime("%Y%m%d"), 0
        if used >= self.c.daily_quota:
            midnight = (day + timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)
            return "3002", max(1, int(midnight.timestamp() - now_s))
        level, at = self._bucket.get(appkey, (self.c.query_burst, now_s))
        level = min(self.c.query_burst, level + (now_s - at) * self.c.query_rate_per_s)
        if level < 1:
            self._bucket[appkey] = (level, now_s)
            return "3001", 1
        self._bucket[appkey] = (level - 1, now_s)
        self._daily[appkey] = (stamp, used + 1)
        return None

    def auth(self, appkey: str, now_s: float) -> int | None:
        """None, or the seconds to the minute's end when the 10-per-minute budget is spent."""
        if not self.enabled:
            return None
        minute = int(now_s // 60)
        at, used = self._auth.get(appkey, (minute, 0))
        if at != minute:
            at, used = minute, 0
        if used >= self.c.auth_per_minute:
            return max(1, 60 - int(now_s % 60))
        self._auth[appkey] = (at, used + 1)
        return None
