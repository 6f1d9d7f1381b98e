"""The simulated 扬州市公共信用信息平台 (``sources/credit.md`` §8), as a FastAPI app.

    sim = CreditSimulator(SimConfig(seed=7, events=300, process_delay_ms=0))
    with SimServer(sim.app) as server:              # adapters.simserver, 127.0.0.1 only
        ...                                         # CreditSettings(base_url=server.url + "/xyyz/api", …)
    sim.bad_records()                               # {eventId: BadEvent(field, reason, quirk)}
    sim.received()                                  # every stored 双公示 row with key and channel
    sim.repeats                                     # rows refused as 1006 (received twice)
    sim.requests()                                  # evidence: every request answered

Hooks (also under ``/_sim/``): :meth:`set_now`, :meth:`restart`, :meth:`set_faults`,
:meth:`inject_events`, :meth:`append_events`, :meth:`expire_events`.
"""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any

from adapters.credit.simbatches import BatchDesk
from adapters.credit.simconfig import SimConfig, SimFaults
from adapters.credit.simdata import BadEvent, SimData
from adapters.credit.simfeed import Feed
from adapters.credit.simguard import Guard

__all__ = ["CreditSimulator", "RequestRecord"]

BEIJING = timezone(timedelta(hours=8))


@dataclass(frozen=True)
class RequestRecord:
    """One answered request: what came in and what went out."""

    method: str
    path: str
    query: str
    app_id: str | None
    status: int
    code: str


class CreditSimulator:
    """Seeded feed, batch desk, query, organs; faults and evidence."""

    def __init__(self, config: SimConfig | None = None, *, clock: Callable[[], float] = time.time) -> None:
        from adapters.credit.simapp import build_app

        self.config = config or SimConfig()
        self._clock = clock
        self._offset_s = 0.0
        if self.config.now:
            self.set_now(self.config.now)
        self.lock = threading.RLock()
        self.rng = random.Random(self.config.seed * 7 + 3)
        self.faults: SimFaults = self.config.faults
        self.guard = Guard(self.config)
        self.data = SimData(self.config)
        self.feed = Feed(self.config.first_seq, random.Random(self.config.seed))
        self.desk = BatchDesk(self.config, self.rng)
        self.desk.organs = {o["name"]: o["uscc"] for o in self.data.organs}
        self.desk.fail_rate = self.faults.batch_fail_rate
        self._bad: dict[str, BadEvent] = {}
        self._open: list[dict[str, Any]] = []
        self._n = 0
        self._log: list[RequestRecord] = []
        self.commitments: dict[str, list[dict[str, Any]]] = {}
        self._seed()
        self.app = build_app(self)

    # -- time ------------------------------------------------------------------------------
    def now_s(self) -> float:
        return self._clock() + self._offset_s

    def now(self) -> datetime:
        return datetime.fromtimestamp(self.now_s(), BEIJING)

    def set_now(self, text: str) -> None:
        """Move the platform clock to Beijing time ``yyyy-MM-dd HH:mm:ss`` (it keeps running)."""
        target = datetime.strptime(text, "%Y-%m-%d %H:%M:%S").replace(tzinfo=BEIJING).timestamp()
        self._offset_s = target - self._clock()

    @staticmethod
    def text(ms: int | None) -> str | None:
        return None if ms is None else f"{datetime.fromtimestamp(ms / 1000, BEIJING):%Y-%m-%d %H:%M:%S}"

    # -- feed --------------------------------------------------------------------------------
    def _seed(self) -> None:
        start = self.now() - timedelta(days=30)
        step = timedelta(days=30) / max(1, self.config.events)
        orphans = set(self.rng.sample(range(self.config.events), min(self.config.orphan_yc, self.config.events)))
        for i in range(self.config.events):
            self._new_event(start + step * i, orphan=i in orphans)
        for event in self.feed.events[: len(self.feed.events) // 3]:
            uscc = event["subject"].get("uscc")
            if uscc and uscc not in self.commitments:
                self.commitments[uscc] = [{"CNBH": f"XYCN-321081-2025-{len(self.commitments) + 1:06d}", "CNLX": "审批替代型",
                                           "CNSX": "食品经营许可（告知承诺）", "CNRQ": event["inclusion"]["date"],
                                           "SLDW": "仪征市行政审批局", "SLDWDM": "11321081MB1C440570", "LYZT": "履约中",
                                           "YXQZ": None, "WNJL": None}]

    def _new_event(self, when: datetime, *, orphan: bool = False) -> int:
        self._n += 1
        if orphan:
            event, bad = self.data.orphan_yc(self._n, when), None
        else:
            event, bad = self.data.new_event(self._n, when, self._open)
        if bad is not None:
            self._bad[event["eventId"]] = bad
        return self.feed.append(event)

    def append_events(self, n: int) -> list[int]:
        """``n`` new seeded events now (the feed grows while a client pages)."""
        with self.lock:
            return [self._new_event(self.now()) for _ in range(n)]

    def inject_events(self, events: list[dict[str, Any]]) -> list[int]:
        """Append the given §4.6 events (``seq`` ignored); returns their seqs."""
        with self.lock:
            return [self.feed.append(e) for e in events]

    def restart(self) -> int:
        """Quirk 6: re-publish the last ``republish_max`` events with new seqs."""
        with self.lock:
            return self.feed.restart(self.config.republish_max)

    def expire_events(self, keep: int) -> int:
        """Retention: keep only the last ``keep`` events; returns the new oldestSeq."""
        with self.lock:
            self.feed.expire(keep)
            return self.feed.oldest_seq

    def set_faults(self, **changes: Any) -> SimFaults:
        with self.lock:
            # accept both field names and the camelCase names of POST /_sim/faults
            names = {f.alias or n: n for n, f in SimFaults.model_fields.items()}
            given = {names.get(k, k): v for k, v in changes.items()}
            self.faults = SimFaults.model_validate({**self.faults.model_dump(), **given}, by_name=True)
            self.desk.fail_rate = self.faults.batch_fail_rate
            return self.faults

    # -- evidence ----------------------------------------------------------------------------
    def bad_records(self) -> dict[str, BadEvent]:
        """Events STANDARD refuses, by eventId, with the field that must fail."""
        with self.lock:
            return dict(self._bad)

    def events(self) -> list[dict[str, Any]]:
        with self.lock:
            return list(self.feed.events)

    def received(self) -> list[dict[str, Any]]:
        """Every 双公示 row the platform stored (insert, update or withdrawal), with key and channel."""
        with self.lock:
            return list(self.desk.received)

    @property
    def repeats(self) -> int:
        """Rows refused as duplicates (1006): rows received twice."""
        return self.desk.repeats

    def requests(self) -> list[RequestRecord]:
        with self.lock:
            return list(self._log)

    def log(self, record: RequestRecord) -> None:
        if len(self._log) < 200_000:
            self._log.append(record)
