"""The simulated 扬州市公共资源交易平台 数据交换服务 (ggzy.md §8), as an ASGI app.

    sim = GgzySimulator(SimConfig(seed=7, maintenance_enabled=False), clock=clock)
    with SimServer(sim.app) as server:                     # adapters.simserver, 127.0.0.1 only
        ...                                                # GgzySettings(base_url=server.url + "/ggzy/api/v2", …)
    sim.restamp(20, kind="WIN_RESULT", changed=False)      # quirk 8 while a node pages
    sim.current_versions()                                 # {(kind, ID): DATA_TIMESTAMP} the node must end with
    sim.served()                                           # every (kind, ID, DATA_TIMESTAMP) a page carried
    sim.bad_records()                                      # {(kind, ID): BadRecord(reason, field, code)}

``clock`` returns epoch seconds (default ``time.time``): signatures' skew, nonces, limits, the
watermark and the 02:00 window follow it.  Over HTTP the same knobs are under ``/_sim/``
(see :mod:`adapters.ggzy.simapp`).
"""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from adapters.ggzy.simauth import Gate
from adapters.ggzy.simconfig import FaultConfig, SimConfig
from adapters.ggzy.simdata import SimData
from adapters.ggzy.simdeals import BadRecord
from adapters.ggzy.simjson import plain
from adapters.ggzy.simstore import Store
from adapters.ggzy.simtext import strip_absent
from adapters.ggzy.wire import ms_to_d14

__all__ = ["GgzySimulator", "RequestRecord"]

_DAY_MS = 86_400_000
_TZ_MS = 8 * 3_600_000
_WINDOW = (2 * 3_600_000, 2 * 3_600_000 + 300_000)  # 02:00:00–02:04:59 Beijing


@dataclass(frozen=True)
class RequestRecord:
    """One answered request: what was asked and what the simulator said."""

    at_ms: int
    method: str
    path: str
    query: str
    status: int
    code: str


class GgzySimulator:
    """Seeded data, the interface's rules and faults, and the evidence a test needs."""

    def __init__(self, config: SimConfig | None = None, *, clock: Callable[[], float] = time.time) -> None:
        from adapters.ggzy.simapp import build_app  # the app needs this class; built last

        self.config = config or SimConfig()
        self.clock = clock
        self.lock = threading.RLock()
        self.data = SimData(self.config)
        self.store = Store()
        self.store.load([(kind, strip_absent(record)) for kind, record in self.data.records])
        self.gate = Gate(self.config)
        self.faults: FaultConfig = self.config.faults
        self.rng = random.Random(self.config.seed * 7919 + 1)
        self._bad = dict(self.data.bad)
        self._served: list[tuple[str, str, str]] = []
        self._log: list[RequestRecord] = []
        self._edits = 0
        self.app = build_app(self)

    # -- time ---------------------------------------------------------------------------------
    def now_ms(self) -> int:
        return int(self.clock() * 1000)

    def watermark(self, now_ms: int) -> str:
        return ms_to_d14(now_ms - self.config.watermark_lag_s * 1000)

    def maintenance_retry_after(self, now_ms: int) -> int | None:
        """Seconds until 02:05:00 while the nightly resynchronisation runs, else ``None``."""
        if not self.config.maintenance_enabled:
            return None
        into_day = (now_ms + _TZ_MS) % _DAY_MS
        if _WINDOW[0] <= into_day < _WINDOW[1]:
            return (_WINDOW[1] - into_day + 999) // 1000
        return None

    # -- knobs ----------------------------------------------------------------------------------
    def set_faults(self, **changes: Any) -> FaultConfig:
        """Replace fault settings (``FaultConfig`` fields); returns the new ones."""
        with self.lock:
            self.faults = FaultConfig.model_validate({**self.faults.model_dump(), **changes})
            return self.faults

    def restamp(self, n: int, *, kind: str | None = None, changed: bool | None = None,
                region: str = "321081") -> list[tuple[str, str, str]]:
        """Re-publish ``n`` live records (same ID, DATA_TIMESTAMP = now, after every watermark reported).

        ``changed``: content edited (a 更正) or not (the nightly re-stamp); ``None`` draws per record
        at ``faults.restamp_changed``.  Returns ``(kind, ID, new DATA_TIMESTAMP)``.
        """
        with self.lock:
            pool = sorted((k, r["ID"]) for k, r in self.store.items(kind)
                          if r["REGION_CODE"] == region and r.get("DATA_STATE") == "1")
            out = []
            for k, rid in self.rng.sample(pool, min(n, len(pool))):
                edit = changed if changed is not None else self.rng.random() < self.faults.restamp_changed
                out.append(self._republish(k, rid, edit=edit))
            return out

    def tombstone(self, kind: str, record_id: str) -> tuple[str, str, str]:
        """Withdraw a record: re-published with ``DATA_STATE = "2"`` and its last content."""
        with self.lock:
            return self._republish(kind, record_id, state="2")

    def withdraw(self, n: int, *, kind: str | None = None) -> list[tuple[str, str, str]]:
        """Withdraw ``n`` live 321081 records chosen by the simulator's seed."""
        with self.lock:
            pool = sorted((k, r["ID"]) for k, r in self.store.items(kind)
                          if r["REGION_CODE"] == "321081" and r.get("DATA_STATE") == "1")
            return [self.tombstone(k, rid) for k, rid in self.rng.sample(pool, min(n, len(pool)))]

    def _republish(self, kind: str, record_id: str, *, edit: bool = False, state: str | None = None) -> tuple[str, str, str]:
        old = self.store.get(kind, record_id)
        if old is None:
            raise KeyError((kind, record_id))
        new = dict(old)
        new["DATA_TIMESTAMP"] = max(ms_to_d14(self.now_ms()), old["DATA_TIMESTAMP"])
        if edit:
            self._edits += 1
            new["URL"] = f"https://ggzy.yangzhou.gov.cn/jyxx/{record_id}.html?rev={self._edits}"
        if state is not None:
            new["DATA_STATE"] = state
            bad = self._bad.get((kind, record_id))
            if bad is not None and bad.field != "data.unified_deal_code":  # a tombstone carries only the key
                del self._bad[(kind, record_id)]
        self.store.put(kind, new)
        return kind, record_id, new["DATA_TIMESTAMP"]

    # -- evidence -------------------------------------------------------------------------------
    def note_served(self, kind: str, records: list[dict[str, Any]]) -> None:
        self._served.extend((kind, r["ID"], r["DATA_TIMESTAMP"]) for r in records)

    def note_request(self, record: RequestRecord) -> None:
        self._log.append(record)

    def served(self) -> list[tuple[str, str, str]]:
        """Every ``(dataType, ID, DATA_TIMESTAMP)`` a ``/deals`` page carried, in order."""
        with self.lock:
            return list(self._served)

    def requests(self) -> list[RequestRecord]:
        with self.lock:
            return list(self._log)

    def current_versions(self, region: str = "321081") -> dict[tuple[str, str], str]:
        """``{(kind, ID): DATA_TIMESTAMP}`` of every current version the region's key can see."""
        with self.lock:
            return {(k, r["ID"]): r["DATA_TIMESTAMP"] for k, r in self.store.items() if r["REGION_CODE"] == region}

    def record(self, kind: str, record_id: str) -> dict[str, Any] | None:
        """The current version as a client parses it (numbers as ``Decimal``), or ``None``."""
        with self.lock:
            found = self.store.get(kind, record_id)
            return plain(found) if found is not None else None

    def bad_records(self, region: str = "321081") -> dict[tuple[str, str], BadRecord]:
        """``{(kind, ID): BadRecord}`` for the current versions the standard rejects, with the field it names."""
        with self.lock:
            return {key: bad for key, bad in self._bad.items()
                    if (found := self.store.get(*key)) is not None and found["REGION_CODE"] == region}
