"""The simulated 扬州市12345 work-order system (hotline12345.md §8), in memory, as a FastAPI app.

    sim = HotlineSimulator(SimConfig(seed=7, orders=40))
    with SimServer(sim.app) as server:                  # adapters.simserver, 127.0.0.1 only
        ...                                             # HotlineSettings(base_url=server.url, …)
    sim.advance(3600)                                   # the simulated clock (also POST /_sim/clock)
    sim.hotline("YZ12345-20251103-000123", "supervise", {"reason": "02"})
    sim.flush_webhooks()                                # deliver what is due to knobs.callback_url
    sim.bad_records()                                   # {orderNo: BadRecord(reason, field, target)}
    sim.journal()                                       # the evidence (requests, transitions, webhooks, tokens)

The clock is simulated: it starts at ``clock_start`` and moves only when told; deadlines,
token expiry, webhook retries and rate-limit windows follow it.
"""

from __future__ import annotations

import json
import random
import threading
import time
from datetime import datetime, timedelta
from typing import Any

import httpx

from adapters.hotline12345.simactions import Actions
from adapters.hotline12345.simcalendar import Calendar
from adapters.hotline12345.simconfig import Knobs, SimClient, SimConfig
from adapters.hotline12345.simdata import BadRecord
from adapters.hotline12345.simrender import omit_nulls
from adapters.hotline12345.simseed import seed_orders
from adapters.hotline12345.simstore import Store
from adapters.hotline12345.simtokens import Tokens
from adapters.hotline12345.webhook import sign_webhook
from adapters.hotline12345.wire import BEIJING, parse_time

__all__ = ["HotlineSimulator"]

#: §3.8: retries after the first attempt, in seconds
RETRY_SCHEDULE_S = (30, 120, 600, 1800, 3600, 7200, 21600)


class HotlineSimulator:
    """State, rules, faults and evidence of the simulated hotline; ``app`` serves it."""

    def __init__(self, config: SimConfig | None = None) -> None:
        from adapters.hotline12345.simapp import build_app

        self.lock = threading.RLock()
        self._load(config or SimConfig())
        self.app = build_app(self)

    def _load(self, config: SimConfig) -> None:
        self.config = config
        self.knobs: Knobs = config.knobs
        self.clients: dict[str, SimClient] = {c.client_id: c for c in config.clients}
        self._now = parse_time(config.clock_start).replace(tzinfo=None)
        self._journal: list[dict[str, Any]] = []
        self.outbox: list[dict[str, Any]] = []
        self.idempotency: dict[tuple[str, str], dict[str, Any]] = {}
        self.windows: dict[tuple[str, str, int], int] = {}
        self.cursor_epoch = 0
        self.shifts_left = 10
        self.rng = random.Random(config.seed * 7 + 1)
        self.tokens = Tokens(self.log)
        self.store = Store(Calendar(config.holidays, config.workdays), on_transition=self._transition,
                           on_event=self._enqueue)
        self.actions = Actions(self.store)
        self._seeding = True
        self._bad = seed_orders(self.store, self.actions, config, random.Random(config.seed))
        self._seeding = False
        self.store.dispatch_hold_s = self.knobs.webhook_reorder

    # -- clock ---------------------------------------------------------------------------
    @property
    def now(self) -> datetime:
        """Simulated Beijing time (naive)."""
        return self._now

    def now_s(self) -> float:
        """Simulated time as Unix seconds (for token expiry and the webhook timestamp)."""
        return self._now.replace(tzinfo=BEIJING).timestamp()

    def advance(self, seconds: float) -> datetime:
        with self.lock:
            self._now += timedelta(seconds=seconds)
            return self._now

    def set_clock(self, text: str) -> datetime:
        with self.lock:
            self._now = parse_time(text).replace(tzinfo=None)
            return self._now

    # -- control -------------------------------------------------------------------------
    def reset(self, seed: int | None = None, orders: int | None = None, knobs: dict[str, Any] | None = None) -> None:
        """Clear the evidence and regenerate the data (``POST /_sim/reset``)."""
        with self.lock:
            update: dict[str, Any] = {}
            if seed is not None:
                update["seed"] = seed
            if orders is not None:
                update["orders"] = orders
            if knobs is not None:
                update["knobs"] = Knobs.model_validate(knobs)
            self._load(SimConfig.model_validate({**self.config.model_dump(), **update}))

    def set_knobs(self, **changes: Any) -> Knobs:
        """Change fault knobs at run time (validated; unknown names raise)."""
        with self.lock:
            self.knobs = Knobs.model_validate({**self.knobs.model_dump(), **changes})
            self.store.dispatch_hold_s = self.knobs.webhook_reorder
            return self.knobs

    def hotline(self, order_no: str, action: str, body: dict[str, Any] | None = None) -> dict[str, Any]:
        """Apply a hotline action now (§8) and deliver the webhooks due; ``Refused``/``KeyError`` otherwise."""
        with self.lock:
            view = self.actions.hotline(order_no, action, self._now, body or {})
        self.flush_webhooks()
        return view

    # -- evidence ------------------------------------------------------------------------
    def log(self, entry: dict[str, Any]) -> None:
        self._journal.append({"at": self._now.strftime("%Y-%m-%d %H:%M:%S"), **entry})

    def journal(self, kind: str | None = None) -> list[dict[str, Any]]:
        """Evidence entries, oldest first (``kind``: request, replay, transition, webhook, token)."""
        with self.lock:
            return [dict(e) for e in self._journal if kind is None or e["type"] == kind]

    def bad_records(self) -> dict[str, BadRecord]:
        """Orders bound for TSJB that are invalid under the standard, with the field the hub must name."""
        return dict(self._bad)

    def tsjb_orders(self) -> dict[str, list[dict[str, Any]]]:
        """Every unit view, by orderNo, of the orders §7 sends up as TSJB (投诉/举报 about a market subject)."""
        with self.lock:
            return {no: [dict(v) for v in o.views.values()] for no, o in self.store.orders.items()
                    if o.views and o.base["marketSubjectFlag"] == "1"
                    and o.base["appealType"] in ("03", "04", "投诉", "举报")}

    def _transition(self, entry: dict[str, Any]) -> None:
        if not getattr(self, "_seeding", False):
            self.log({"type": "transition", **entry})

    # -- webhooks ------------------------------------------------------------------------
    def _enqueue(self, event: dict[str, Any], hold_s: int) -> None:
        if getattr(self, "_seeding", True):
            return  # seeded history happened before the client was connected
        due = self.now_s() + hold_s
        self.outbox.append({"event": event, "attempt": 0, "first": due, "due": due, "done": False})

    def flush_webhooks(self) -> int:
        """Deliver every webhook attempt due now to ``callback_url``; returns the attempts made."""
        url = self.knobs.callback_url
        if url is None:
            return 0
        with self.lock:
            now = self.now_s()
            due = [w for w in self.outbox if not w["done"] and w["due"] <= now]
        made = 0
        with httpx.Client(timeout=5.0) as http:
            for item in due:
                copies = 2 if self.rng.random() < self.knobs.webhook_dup_rate else 1
                for _ in range(copies):
                    made += 1
                    if self._attempt(http, url, item):
                        item["done"] = True
        return made

    def _attempt(self, http: httpx.Client, url: str, item: dict[str, Any]) -> bool:
        event = item["event"]
        payload = dict(event, data=omit_nulls(event["data"]))
        body = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        item["attempt"] += 1
        ts = str(int(self.now_s()) + item["attempt"] - 1)
        signature = sign_webhook(self.knobs.webhook_secret, ts, body)
        headers = {"Content-Type": "application/json; charset=UTF-8", "X-12345-Event-Id": event["eventId"],
                   "X-12345-Event-Type": event["eventType"], "X-12345-Timestamp": ts,
                   "X-12345-Signature": signature, "X-12345-Key-Id": self.knobs.webhook_key_id,
                   "X-12345-Delivery-Attempt": str(item["attempt"])}
        started = time.monotonic()
        try:
            status = http.post(url, content=body, headers=headers).status_code
        except httpx.HTTPError:
            status = 0
        ok = 200 <= status < 300
        with self.lock:
            self.log({"type": "webhook", "eventId": event["eventId"], "eventType": event["eventType"],
                      "attempt": item["attempt"], "timestamp": ts, "signature": signature, "status": status,
                      "latency_ms": round((time.monotonic() - started) * 1000, 1)})
            if not ok:
                n = item["attempt"]
                if n > len(RETRY_SCHEDULE_S):
                    item["done"] = True  # marked failed in the console; the feed still has the change
                else:
                    item["due"] = item["first"] + RETRY_SCHEDULE_S[n - 1]
        return ok
