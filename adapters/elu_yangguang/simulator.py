"""The simulated e路阳光 interface (elu-yangguang.md §8) as a FastAPI app, with its evidence.

    sim = EluSimulator(SimConfig(projects=30), clock=clock)      # clock: epoch seconds
    with SimServer(sim.app) as server:                            # adapters.simserver, 127.0.0.1
        base_url = server.url + "/elyg/api/v2"
    sim.final_versions()          # {(kind, key): GXSJ} of every record visible now
    sim.bad_records()             # {(kind, key): BadRecord(reason, element)} of live bad records
    sim.served()                  # every row served, in order: (kind, key, GXSJ)

Control endpoints (outside the interface): ``GET /_sim/served``, ``GET /_sim/requests``,
``GET /_sim/bad``, ``GET /_sim/final``, ``POST /_sim/faults`` (Faults names),
``POST /_sim/records/{kind}/{key}/update``.
"""

from __future__ import annotations

import asyncio
import random
import threading
import time
from datetime import datetime
from collections.abc import Callable
from typing import Annotated, Any

from fastapi import Body, FastAPI, HTTPException, Request as HttpRequest, Response
from pydantic import ValidationError

from adapters.elu_yangguang.simconfig import Faults, SimConfig, SimKey
from adapters.elu_yangguang.simdata import BadRecord, SimRecord, generate
from adapters.elu_yangguang.simservice import Answer, Request, fail, serve
from adapters.elu_yangguang.simstore import Limits, Store
from adapters.elu_yangguang.wire import API_PREFIX, BEIJING, KINDS, format_dt

__all__ = ["EluSimulator"]

CONTENT_TYPE = "text/xml;charset=UTF-8"  # always, whatever the body's encoding (quirk 1)
_PATHS = {"/auth/token", "/auth/refresh", *(k.path for k in KINDS.values())}


def _html(status: int, title: str) -> Response:
    body = f"<html><head><title>{status} {title}</title></head><body><h1>{status} {title}</h1></body></html>"
    return Response(body.encode(), status_code=status, headers={"Content-Type": "text/html"})


class EluSimulator:
    """Seeded data, the interface's rules, faults, and what was served."""

    def __init__(self, config: SimConfig | None = None, *, clock: Callable[[], float] = time.time) -> None:
        self.config = config or SimConfig()
        self.clock = clock
        self.lock = threading.RLock()
        self.rng = random.Random(self.config.seed * 31 + 7)
        self.store = Store(generate(self.config))
        self.keys: dict[str, SimKey] = {k.appkey: k for k in self.config.keys}
        self.tokens: dict[str, tuple[str, float]] = {}
        self.refresh_tokens: dict[str, tuple[str, float]] = {}
        self.live_tokens: dict[str, list[str]] = {}
        self.nonces: dict[str, dict[str, float]] = {}
        self.limits = Limits(self.config)
        self.faults: Faults = self.config.faults
        self.limits.enabled = self.faults.rate_limit
        self._in_flight = 0
        self._served: list[tuple[str, str, str]] = []
        self._requests: list[dict[str, Any]] = []
        self.app = self._build()

    # -- used by the service (lock held) ---------------------------------------------------
    def now(self) -> float:
        return self.clock()

    def quirk(self, number: int) -> bool:
        return self.config.quirks.on(number)

    def roll(self, rate: float) -> bool:
        return rate > 0 and self.rng.random() < rate

    def maybe_shift(self, kind: str, window: tuple[int, int]) -> None:
        """Quirk 14: a record in the window is saved again now (its GXSJ leaves the window)."""
        if not (self.quirk(14) and self.roll(self.faults.page_shift_rate)):
            return
        rows = self.store.select(kind, window, None, self.now(), shuffle=False, rng=self.rng)
        if rows:
            self._save(self.rng.choice(rows))

    def malform(self, data: bytes) -> bytes:
        """Quirk 15: cut short, or an unescaped ``&`` in a text field."""
        if self.rng.random() < 0.5 and b"</WTMS>" not in data and b"<ROWS>" in data:
            return data[: max(40, len(data) * 2 // 3)]
        if b"</" in data[200:]:
            at = data.index(b"</", 200)
            return data[:at] + b"&" + data[at:]
        return data[: len(data) // 2]

    def _save(self, rec: SimRecord) -> None:
        now = int(self.now())
        stamp = max(now, rec.gxsj + 1)
        for item in rec.fields.get("SPSXLIST") or []:
            item["GXSJ"] = format_dt(stamp)
            break
        self.store.touch(rec, stamp, stamp + self.rng.randint(0, self.config.commit_lag_s))

    # -- evidence and control --------------------------------------------------------------
    def served(self) -> list[tuple[str, str, str]]:
        with self.lock:
            return list(self._served)

    def requests(self) -> list[dict[str, Any]]:
        with self.lock:
            return list(self._requests)

    def final_versions(self) -> dict[tuple[str, str], str]:
        """(kind, key) → GXSJ of every record visible now (tombstones included)."""
        with self.lock:
            now = self.now()
            return {k: format_dt(r.gxsj) for k, r in self.store.by_key.items() if r.visible_at <= now}

    def bad_records(self) -> dict[tuple[str, str], BadRecord]:
        with self.lock:
            return {k: r.bad for k, r in self.store.by_key.items() if r.bad is not None and r.live}

    def record(self, kind: str, key: str) -> SimRecord:
        return self.store.by_key[(kind, key)]

    def update_record(self, kind: str, key: str) -> str:
        """Save a record again now; returns its new GXSJ."""
        with self.lock:
            rec = self.store.by_key[(kind, key)]
            self._save(rec)
            return format_dt(rec.gxsj)

    def set_faults(self, **changes: Any) -> Faults:
        with self.lock:
            self.faults = Faults.model_validate({**self.faults.model_dump(), **changes})
            self.limits.enabled = self.faults.rate_limit
            return self.faults

    # -- HTTP --------------------------------------------------------------------------------
    def _build(self) -> FastAPI:
        app = FastAPI(title="e路阳光 simulator", openapi_url=None, docs_url=None, redoc_url=None)

        @app.get("/_sim/served")
        def sim_served() -> list[list[str]]:
            return [list(r) for r in self.served()]

        @app.get("/_sim/requests")
        def sim_requests() -> list[dict[str, Any]]:
            return self.requests()

        @app.get("/_sim/bad")
        def sim_bad() -> dict[str, dict[str, str]]:
            return {f"{k}:{key}": b.as_dict() for (k, key), b in self.bad_records().items()}

        @app.get("/_sim/final")
        def sim_final() -> dict[str, str]:
            return {f"{k}:{key}": v for (k, key), v in self.final_versions().items()}

        @app.post("/_sim/faults")
        def sim_faults(changes: Annotated[dict[str, Any] | None, Body()] = None) -> dict[str, Any]:
            try:
                return self.set_faults(**(changes or {})).model_dump()
            except ValidationError as exc:
                raise HTTPException(422, str(exc)) from exc

        @app.post("/_sim/records/{kind}/{key}/update")
        def sim_update(kind: str, key: str) -> dict[str, str]:
            try:
                return {"GXSJ": self.update_record(kind, key)}
            except KeyError as exc:
                raise HTTPException(404, str(exc)) from exc

        async def api(request: HttpRequest, path: str) -> Response:
            return await self._gateway(request, "/" + path)

        app.add_api_route("/{path:path}", api, methods=["GET", "POST", "PUT", "DELETE", "PATCH"], include_in_schema=False)
        return app

    async def _gateway(self, request: HttpRequest, path: str) -> Response:
        if not path.startswith(API_PREFIX + "/") or path[len(API_PREFIX):] not in _PATHS:
            return _html(404, "Not Found")
        if request.method != "POST":
            return _html(405, "Not Allowed")
        with self.lock:
            low, high = self.faults.latency_ms
            delay = self.rng.randint(low, max(low, high)) / 1000 if high or low else 0.0
            busy = self._in_flight >= self.config.max_in_flight and self.faults.rate_limit
            self._in_flight += 1
        try:
            if delay:
                await asyncio.sleep(delay)
            body = await request.body()
            with self.lock:
                answer = _plain(self, "3003", 1) if busy else self._answer(
                    Request(path, {k.lower(): v for k, v in request.headers.items()}, body))
                self._log(path, answer)
        finally:
            with self.lock:
                self._in_flight -= 1
        return Response(answer.body, status_code=answer.status, headers={**answer.headers, "Content-Type": CONTENT_TYPE})

    def _answer(self, req: Request) -> Answer:
        if self.faults.maintenance or (self.faults.maintenance_daily and _in_daily_window(self.now())):
            return _plain(self, "9001", self.faults.maintenance_retry_after_s)
        if self.roll(self.faults.error_rate):
            return _plain(self, "9999", None)
        return serve(self, req)

    def _log(self, path: str, answer: Answer) -> None:
        self._served.extend(answer.rows)
        self._requests.append({"at": self.now(), "path": path, "status": answer.status, "code": answer.code,
                               "appkey": answer.appkey, "rows": len(answer.rows)})


def _plain(sim: EluSimulator, code: str, retry_after: int | None) -> Answer:
    return fail(sim, code, retry_after=retry_after)


def _in_daily_window(now_s: float) -> bool:
    moment = datetime.fromtimestamp(now_s, BEIJING)
    return moment.hour == 2 and moment.minute < 30
