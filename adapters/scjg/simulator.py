"""The simulated 市场监管综合业务系统 SJJH service (sjjh §8), state and evidence.

    sim = ScjgSimulator(SimConfig(seed=7, size=400), clock=clock)     # clock: epoch seconds
    with SimServer(sim.app) as server:                                  # adapters.simserver, 127.0.0.1
        url = server.url + SERVICE_PATH                                 # ScjgSettings.service_url
    sim.final_versions()        # {(kind, ID): LAST_UPDATED} of every current row
    sim.bad_records()           # {(kind, ID): BadRecord(reason, field)} of live rows invalid under the standard
    sim.requests()              # every answered request (evidence)

Hooks for tests and the demo: :meth:`add_records`, :meth:`update_record`, :meth:`delete_record`,
:meth:`set_knobs`; over HTTP the same under ``/_sim/`` (see :mod:`adapters.scjg.simapp`).
"""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, replace
from datetime import datetime, timedelta, timezone
from typing import Any

from adapters.scjg.simapp import build_app
from adapters.scjg.simauth import AuthGuard, SlidingLimiter
from adapters.scjg.simbad import BadRecord, spoil
from adapters.scjg.simconfig import SimConfig
from adapters.scjg.simdata import SimData
from adapters.scjg.simstore import Row, Store
from adapters.scjg.wire import BEIJING, KINDS, format_time, parse_time

__all__ = ["RequestRecord", "ScjgSimulator"]

_MAX_LOG = 200_000


@dataclass(frozen=True)
class RequestRecord:
    """One request as the simulator saw and answered it."""

    at: str
    operation: str | None
    username: str | None
    nonce: str | None
    status: int
    code: str | None
    params: dict[str, str]
    served: tuple[tuple[str, str, str], ...]  # (kind, ID, LAST_UPDATED) in the body, stale copies included
    malformed: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


class ScjgSimulator:
    """Seeded data, the interface's rules, the §8 knobs and the evidence a test needs."""

    def __init__(self, config: SimConfig | None = None, *, clock: Callable[[], float] = time.time) -> None:
        self.config = config or SimConfig()
        self.clock = clock
        self.lock = threading.RLock()
        self.data = SimData(self.config)
        self.store = Store()
        self.auth = AuthGuard(self.config)
        self.limiter = SlidingLimiter(self.config.rate_limit_per_min)
        self._rng = random.Random(self.config.seed * 7919 + 3)
        self._log: list[RequestRecord] = []
        self._late_done: set[tuple[str, str, str]] = set()
        self._shifted: set[tuple[str, str, str]] = set()
        self.in_flight: dict[str, int] = {}
        self._seed()
        self.app = build_app(self)

    # -- clock and dice ------------------------------------------------------------------
    def now_s(self) -> float:
        return self.clock() + self.config.clock_offset_s

    def now(self) -> datetime:
        return datetime.fromtimestamp(self.now_s(), tz=timezone.utc).astimezone(BEIJING)

    def roll(self, rate: float) -> bool:
        return rate > 0 and self._rng.random() < rate

    def randint(self, low: int, high: int) -> int:
        return self._rng.randint(low, high)

    def malformed_now(self, mode: str) -> bool:
        return self.roll(float(self.config.malformed.get(mode, 0.0)))  # type: ignore[call-overload]

    def request_id(self) -> str:
        now = self.now()
        return f"{now:%Y%m%d%H%M%S}{now.microsecond // 1000:03d}{self.config.node:03d}"

    def busy_retry_after(self) -> int | None:
        """Seconds until the 归集 window ends (≤ 600), or ``None`` outside it."""
        if not self.config.busy_window:
            return None
        now = self.now()
        a, b = self.config.busy_window.split("-")
        start = now.replace(hour=int(a[:2]), minute=int(a[3:]), second=0, microsecond=0)
        end = now.replace(hour=int(b[:2]), minute=int(b[3:]), second=0, microsecond=0)
        if not start <= now < end:
            return None
        return max(1, min(600, int((end - now).total_seconds())))

    # -- data --------------------------------------------------------------------------
    def _seed(self) -> None:
        c = self.config
        kinds, weights = zip(*[(k, c.shares.get(k, 0.0)) for k in KINDS])
        for _ in range(c.size):
            kind = self._rng.choices(kinds, weights)[0]
            self._new_row(kind, self.data.moment(c.data_start, c.data_end), visible_at="")

    def _new_row(self, kind: str, last_updated: str, *, visible_at: str) -> Row:
        fields, migrated = self.data.record(kind, last_updated)
        bad: BadRecord | None = None
        if self.roll(self.config.bad_rate):
            bad = spoil(kind, fields, self._rng)
        elif self.roll(self.config.tombstone_rate):
            fields["SCBZ"] = "1"
            if "BZ" in fields:
                fields["BZ"] = "重复录入，作废"
        row = Row(kind, fields, migrated=migrated, visible_at=visible_at, bad=bad)
        if self.roll(self.config.duplicate_rate):  # quirk 11: an older copy kept by the 2023 migration
            older = dict(fields)
            older["LAST_UPDATED"] = format_time(parse_time(last_updated) - timedelta(days=self._rng.randint(1, 20)))
            if "JARQ" in older:
                older["JARQ"] = None
            row = replace(row, stale=Row(kind, older, migrated=migrated, visible_at=visible_at))
        return self.store.save(row)

    def query(self, kind: str, start: str, end: str, page_no: int, page_size: int) -> tuple[list[Row], int]:
        """Page ``page_no`` of the window as it is now (§3.3), with the overlap and late-arrival knobs.

        ``overlap_inserts`` / ``overlap_mode`` act once per window (kind, start, end), before its first
        page after page 1; ``late_arrival_h`` adds one 归集 row to a window once it has been read to the end.
        """
        c = self.config
        now = self.now()
        now_text = format_time(now)
        cutoff = format_time(now - timedelta(seconds=c.visibility_lag_s))
        offset = (page_no - 1) * page_size
        rows = self.store.window(kind, start, end, now_text, cutoff)
        key = (kind, start, end)
        if page_no > 1 and c.overlap_inserts and offset > 0 and rows and key not in self._shifted:
            self._shifted.add(key)  # once per window: a late commit lands between two of its pages
            if c.overlap_mode == "insert":
                before = rows[min(offset, len(rows)) - 1].last_updated
                for _ in range(c.overlap_inserts):  # committed late, ordered before the current offset
                    self._new_row(kind, self.data.moment(start, before) if before > start else start,
                                  visible_at=now_text)
            else:
                moved = rows[self._rng.randrange(min(offset, len(rows)))]
                current = self.store.get(kind, moved.id)
                if current is not None:
                    self.store.updated(current, self.data.edited(current.fields, now_text), now_text)
            rows = self.store.window(kind, start, end, now_text, cutoff)
        page = rows[offset:offset + page_size]
        if (c.late_arrival_h and offset + page_size >= len(rows) and key not in self._late_done
                and parse_time(end) > now - timedelta(hours=c.late_arrival_h)):
            self._late_done.add(key)  # a 归集 row of this window, committed after it was read
            self._new_row(kind, self.data.moment(start, end), visible_at=now_text)
        return page, len(rows)

    # -- evidence ----------------------------------------------------------------------
    def log(self, record: RequestRecord) -> None:
        with self.lock:
            if len(self._log) < _MAX_LOG:
                self._log.append(record)

    def requests(self) -> list[RequestRecord]:
        with self.lock:
            return list(self._log)

    def final_versions(self) -> dict[tuple[str, str], str]:
        """{(kind, ID): LAST_UPDATED} of every current row, tombstones included."""
        with self.lock:
            return {(r.kind, r.id): r.last_updated for r in self.store.rows()}

    def bad_records(self) -> dict[tuple[str, str], BadRecord]:
        """Live current rows invalid under the national standard, with the reason and the SJJH field."""
        with self.lock:
            return {(r.kind, r.id): r.bad for r in self.store.rows() if r.bad is not None and not r.deleted}

    def row(self, kind: str, record_id: str) -> Row | None:
        with self.lock:
            return self.store.get(kind, record_id)

    # -- changes -----------------------------------------------------------------------
    def add_records(self, n: int = 1, kind: str | None = None) -> list[tuple[str, str]]:
        """Save ``n`` new records now; returns their (kind, ID)."""
        with self.lock:
            now = format_time(self.now())
            out = []
            for _ in range(n):
                row = self._new_row(kind or self._rng.choice(KINDS), now, visible_at=now)
                out.append((row.kind, row.id))
            return out

    def update_record(self, kind: str, record_id: str) -> str:
        """Save a record again now; returns its new LAST_UPDATED.  KeyError if unknown."""
        with self.lock:
            row = self.store.get(kind, record_id)
            if row is None:
                raise KeyError(record_id)
            now = format_time(self.now())
            return self.store.updated(row, self.data.edited(row.fields, now), now).last_updated

    def delete_record(self, kind: str, record_id: str) -> str:
        """Soft-delete (SCBZ 1, quirk 14) now; returns the tombstone's LAST_UPDATED."""
        with self.lock:
            row = self.store.get(kind, record_id)
            if row is None:
                raise KeyError(record_id)
            now = format_time(self.now())
            fields = {**row.fields, "SCBZ": "1", "LAST_UPDATED": now}
            return self.store.updated(row, fields, now).last_updated

    def set_knobs(self, **changes: Any) -> SimConfig:
        """Change §8 knobs at run time (validated; unknown names raise)."""
        with self.lock:
            self.config = SimConfig.model_validate({**self.config.model_dump(), **changes})
            self.auth.config = self.config
            self.limiter.limit = self.config.rate_limit_per_min
            return self.config
