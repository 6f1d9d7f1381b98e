"""The simulated 仪征市生态环境局 REST system (sthj-rest.md §8), as a FastAPI app.

    sim = SthjSimulator(SimConfig(seed=7, size=2000, settle_ms=0, backup_enabled=False))
    with SimServer(sim.app) as server:                       # adapters.simserver, 127.0.0.1
        ...                                                  # point SthjSettings.base_url at server.url
    sim.final_versions("yzhb_3f9a0c51d7e2")                  # {record_id: latest version} the app may read
    sim.bad_records()                                        # {record_id: BadRecord(reason, field, quirk)}
    sim.requests()                                           # every answered request (evidence)

Test and demo hooks: :meth:`add_records`, :meth:`update_record`, :meth:`delete_record`,
:meth:`restore_record`, :meth:`set_faults`, :meth:`set_churn`; over HTTP the same under
``/_sim/`` (outside ``/api/v2``; see :mod:`adapters.sthj.simapp`).  ``clock`` returns epoch
seconds (default ``time.time``); the backup window, buckets, settle window, cursor ages and
tombstone retention all follow it.
"""

from __future__ import annotations

import random
import secrets
import threading
import time
from collections.abc import Callable
from typing import Any

from adapters.sthj.simapp import build_app
from adapters.sthj.simbad import BadRecord
from adapters.sthj.simconfig import ChurnConfig, FaultConfig, RecordType, SimConfig
from adapters.sthj.simcursor import CursorCodec
from adapters.sthj.simdata import SimData
from adapters.sthj.simlimits import (
    DailyQuota,
    Maintenance,
    NonceCache,
    TokenBucket,
    backup_window,
)
from adapters.sthj.simservice import RequestRecord
from adapters.sthj.simstore import Store

__all__ = ["RequestRecord", "SthjSimulator"]

_MAX_LOG = 200_000


class SthjSimulator:
    """Seeded data, the interface's rules and faults, and the evidence a test needs."""

    def __init__(self, config: SimConfig | None = None, *, clock: Callable[[], float] = time.time) -> None:
        self.config = config or SimConfig()
        self.clock = clock
        self.lock = threading.RLock()
        self.data = SimData(self.config)
        self.store = Store(retention_ms=int(self.config.tombstone_retention_s * 1000))
        self.store.load(self.data.seed_records())
        self._ids = [e.record_id for e in self.store.entries()]
        self.apps = {a.app_id: a for a in self.config.apps}
        key = self.config.cursor_key.encode() if self.config.cursor_key else secrets.token_bytes(32)
        self.cursors = CursorCodec(key, int(self.config.cursor_ttl_s * 1000))
        self.faults: FaultConfig = self.config.faults
        self.churn: ChurnConfig = self.config.churn
        self.health_seen: dict[str, int] = {}
        self._rng = random.Random(self.config.seed * 31 + 5)
        self._nonces: dict[str, NonceCache] = {}
        self._buckets: dict[str, TokenBucket] = {}
        self._quotas: dict[str, DailyQuota] = {}
        self._log: list[RequestRecord] = []
        self._churn_at_ms = self.now_ms()
        self._carry = {"inserts": 0.0, "updates": 0.0, "deletes": 0.0, "restores": 0.0}
        self.app = build_app(self)

    # -- state the service uses (call with the lock held) ------------------------------
    def now_ms(self) -> int:
        return int(self.clock() * 1000)

    def maintenance(self, now_ms: int) -> Maintenance | None:
        c = self.config
        if not c.backup_enabled:
            return None
        return backup_window(now_ms, c.backup_start, c.backup_duration_s, c.backup_overrun_s)

    def nonces(self, app_id: str) -> NonceCache:
        return self._nonces.setdefault(app_id, NonceCache(self.config.nonce_ttl_s))

    def bucket(self, app_id: str) -> TokenBucket:
        return self._buckets.setdefault(app_id, TokenBucket(self.config.bucket_capacity, self.config.bucket_refill_per_s))

    def quota(self, app_id: str) -> DailyQuota:
        return self._quotas.setdefault(app_id, DailyQuota(self.config.daily_quota))

    def roll(self, rate: float) -> bool:
        """A seeded coin with probability ``rate`` (no draw at 0, so knobs at 0 change nothing)."""
        return rate > 0 and self._rng.random() < rate

    def uniform(self, upper: float) -> float:
        return self._rng.uniform(0, upper) if upper > 0 else 0.0

    def log(self, record: RequestRecord) -> None:
        if len(self._log) < _MAX_LOG:
            self._log.append(record)

    def apply_churn(self, now_ms: int, *, list_request: bool) -> None:
        """Apply the inserts/updates/deletes/restores due (per sim-clock minute, or per list request)."""
        c = self.churn
        if c.unit == "request":
            if not list_request:
                return
            amount = 1.0
        else:
            amount = max(0, now_ms - self._churn_at_ms) / 60_000
        self._churn_at_ms = max(self._churn_at_ms, now_ms)
        for name, rate in (("inserts", c.inserts), ("updates", c.updates), ("deletes", c.deletes),
                           ("restores", c.restores)):
            self._carry[name] += rate * amount
            due = int(self._carry[name])
            self._carry[name] -= due
            for _ in range(due):
                self._churn_one(name, now_ms)

    def _churn_one(self, what: str, now_ms: int) -> None:
        if what == "inserts":
            self._insert(now_ms)
            return
        want_deleted = what == "restores"
        for _ in range(50):
            record_id = self.data.choose(self._ids)
            entry = self.store.get(record_id, now_ms)
            if entry is not None and entry.deleted == want_deleted:
                break
        else:
            return  # nothing suitable found quickly: skip this event
        if what == "updates":
            self.store.update(record_id, self.data.edited(entry.live), now_ms)
        elif what == "deletes":
            self.store.delete(record_id, now_ms, self.data.delete_reason())
        else:
            self.store.restore(record_id, now_ms)

    def _insert(self, now_ms: int, kind: RecordType | None = None) -> str:
        entry = self.store.insert(self.data.new_record(now_ms, kind, self.faults.malformed_rate), now_ms)
        self._ids.append(entry.record_id)
        return entry.record_id

    # -- evidence --------------------------------------------------------------------------
    def requests(self) -> list[RequestRecord]:
        """Every request answered so far, in order."""
        with self.lock:
            return list(self._log)

    def final_versions(self, app_id: str | None = None) -> dict[str, int]:
        """Latest version of every retained record (live or tombstone); with ``app_id``, those it may read.

        Saves still inside the settle window are included: compare after the window has passed.
        """
        with self.lock:
            now = self.now_ms()
            app = self.apps[app_id] if app_id else None
            return {
                e.record_id: e.version
                for e in self.store.entries()
                if not self.store.purged(e, now)
                and (app is None or (e.kind in app.grants and (app.read_restricted or not e.restricted)))
            }

    def bad_records(self) -> dict[str, BadRecord]:
        """Live records invalid under the national standard, with the reason and the sthj field."""
        with self.lock:
            return {e.record_id: e.bad for e in self.store.entries() if e.bad is not None and not e.deleted}

    def record(self, record_id: str) -> dict[str, Any] | None:
        """The latest state of a record as §3.3 serves it (``None``: unknown or purged)."""
        with self.lock:
            entry = self.store.get(record_id, self.now_ms())
            return None if entry is None else entry.payload

    # -- changes for tests and the demo ---------------------------------------------------
    def add_records(self, n: int = 1, kind: RecordType | None = None) -> list[str]:
        """Save ``n`` new records now; returns their ids."""
        with self.lock:
            now = self.now_ms()
            return [self._insert(now, kind) for _ in range(n)]

    def update_record(self, record_id: str) -> int:
        """Save a live record again (text amended); returns the new version.  KeyError if not live."""
        with self.lock:
            now = self.now_ms()
            entry = self.store.get(record_id, now)
            if entry is None:
                raise KeyError(record_id)
            return self.store.update(record_id, self.data.edited(entry.live), now).version

    def delete_record(self, record_id: str, reason: str | None = "录入错误") -> int:
        """Delete a live record (tombstone); returns the tombstone's version."""
        with self.lock:
            return self.store.delete(record_id, self.now_ms(), reason).version

    def restore_record(self, record_id: str) -> int:
        """撤销删除 of a retained tombstone; returns the restored record's version."""
        with self.lock:
            return self.store.restore(record_id, self.now_ms()).version

    def set_faults(self, **changes: Any) -> FaultConfig:
        """Change fault knobs at run time (validated; unknown names raise)."""
        with self.lock:
            self.faults = FaultConfig.model_validate({**self.faults.model_dump(), **changes})
            return self.faults

    def set_churn(self, **changes: Any) -> ChurnConfig:
        """Change churn knobs at run time; the minute clock restarts now."""
        with self.lock:
            self.churn = ChurnConfig.model_validate({**self.churn.model_dump(), **changes})
            self._churn_at_ms = self.now_ms()
            return self.churn
