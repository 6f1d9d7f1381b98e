"""HTTP face of the ggzy simulator: ``/ggzy/api/v2/*`` per ggzy.md §3, and ``/_sim/*`` controls.

Controls (outside the API prefix, never authenticated, for tests and demos)::

    GET  /_sim/state                      counts, clock, watermark, faults
    POST /_sim/faults    {FaultConfig fields}
    POST /_sim/restamp   {"n": 10, "kind": "WIN_RESULT", "changed": false}
    POST /_sim/tombstone {"kind": "WIN_RESULT", "id": "…"}
    GET  /_sim/served                     [[kind, ID, DATA_TIMESTAMP], …]
    GET  /_sim/bad                        [{"kind", "id", "reason", "field", "code"}, …]
"""

from __future__ import annotations

import asyncio
import json
import re
import uuid
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from adapters.ggzy.signing import parse_query
from adapters.ggzy.simjson import dumps
from adapters.ggzy.simops import Answer, operate
from adapters.ggzy.wire import API_PREFIX, ERRORS, ms_to_d14

if TYPE_CHECKING:
    from adapters.ggzy.simulator import GgzySimulator

__all__ = ["build_app"]

_ROUTES = (re.compile(r"^/ping$"), re.compile(r"^/deals$"), re.compile(r"^/deals/count$"),
           re.compile(r"^/deals/[^/]+/[^/]+$"))


def build_app(sim: GgzySimulator) -> Starlette:
    """The ASGI app of ``sim``."""

    def envelope(code: str, data: Any, now_ms: int, request_id: str) -> dict[str, Any]:
        msg = "成功" if code == "0000" else ERRORS[code][1]
        return {"code": code, "msg": msg, "requestId": request_id, "serverTime": ms_to_d14(now_ms), "data": data}

    async def api(request: Request) -> Response:
        now_ms = sim.now_ms()
        request_id = uuid.uuid4().hex
        raw_path = request.scope.get("raw_path", request.url.path.encode()).decode("latin-1").split("?", 1)[0]
        raw_query = request.scope.get("query_string", b"")
        sub = raw_path[len(API_PREFIX):] if raw_path.startswith(API_PREFIX + "/") else None
        answer: Answer
        if sub is None or not any(r.match(sub) for r in _ROUTES):
            answer = Answer("4040")
        elif request.method != "GET":
            answer = Answer("4050")
        elif sub == "/ping":
            answer = Answer("0000", {"version": sim.config.version})
        else:
            answer = await _guarded(sim, request, raw_path, sub, parse_query(raw_query), now_ms)
        status = ERRORS[answer.code][0] if answer.code != "0000" else 200
        body = dumps(envelope(answer.code, answer.data, now_ms, request_id))
        headers = {"X-Request-Id": request_id, **answer.headers}
        if answer.truncate:  # fault: HTTP 200 with a cut-off body
            body = body[: max(1, len(body) // 2)]
        with sim.lock:
            sim.note_request(_record(now_ms, request, raw_path, raw_query, status, answer.code))
        return Response(body, status_code=status, headers=headers, media_type="application/json;charset=UTF-8")

    async def control(request: Request) -> Response:
        op = request.path_params["op"]
        try:
            payload = json.loads(await request.body() or b"{}") if request.method == "POST" else {}
            if op == "state" and request.method == "GET":
                now = sim.now_ms()
                with sim.lock:
                    versions = sim.current_versions()
                return JSONResponse({"now": ms_to_d14(now), "watermark": sim.watermark(now), "records": len(versions),
                                     "faults": sim.faults.model_dump()})
            if op == "faults" and request.method == "POST":
                return JSONResponse(sim.set_faults(**payload).model_dump())
            if op == "restamp" and request.method == "POST":
                done = sim.restamp(int(payload.get("n", 1)), kind=payload.get("kind"), changed=payload.get("changed"))
                return JSONResponse([list(t) for t in done])
            if op == "tombstone" and request.method == "POST":
                return JSONResponse(list(sim.tombstone(str(payload["kind"]), str(payload["id"]))))
            if op == "served" and request.method == "GET":
                return JSONResponse([list(t) for t in sim.served()])
            if op == "bad" and request.method == "GET":
                return JSONResponse([{"kind": k, "id": i, **vars(b)} for (k, i), b in sorted(sim.bad_records().items())])
        except (ValueError, KeyError, TypeError, ValidationError) as exc:
            return JSONResponse({"error": str(exc)}, status_code=400)
        return JSONResponse({"error": f"no control {request.method} {op}"}, status_code=404)

    methods = ["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"]
    return Starlette(routes=[Route("/_sim/{op}", control, methods=["GET", "POST"]),
                             Route("/{path:path}", api, methods=methods)])


async def _guarded(sim: GgzySimulator, request: Request, raw_path: str, sub: str,
                   params: list[tuple[str, str]], now_ms: int) -> Answer:
    """Maintenance, faults, then steps 1–9 of §2.4 and the operation."""
    wait = sim.maintenance_retry_after(now_ms)
    if wait is not None:
        return Answer("5003", headers={"Retry-After": str(wait)})
    with sim.lock:
        faults = sim.faults
        draw = [sim.rng.random() for _ in range(5)]
    if faults.latency_ms:
        await asyncio.sleep(faults.latency_ms / 1000)
    if draw[0] < faults.hang_rate:
        await asyncio.sleep(faults.hang_s)
    if draw[1] < faults.internal_error_rate:
        return Answer("5000")
    if draw[2] < faults.maintenance_rate:
        return Answer("5003", headers={"Retry-After": "1"})
    headers = {k.lower(): v for k, v in request.headers.items()}
    client_ip = request.client.host if request.client else ""
    with sim.lock:
        verdict = sim.gate.check(request.method, raw_path, params, headers, client_ip, now_ms)
        if verdict.code is not None:
            extra = {"Retry-After": str(verdict.retry_after_s)} if verdict.retry_after_s is not None else {}
            return Answer(verdict.code, headers=extra)
        if draw[3] < faults.throttle_rate:
            return Answer("3001", headers={"Retry-After": "1"})
        limits = {"X-RateLimit-Limit": f"{sim.config.rate_per_s:g}", "X-RateLimit-Remaining": str(verdict.remaining)}
        assert verdict.key is not None
        answer = operate(sim, verdict.key, sub, params, now_ms)
    answer.headers.update(limits)
    if answer.code == "0000" and draw[4] < faults.truncated_rate:
        answer.truncate = True
    elif answer.served is not None:  # evidence of what a client could read, then the page-time churn
        kind, records = answer.served
        with sim.lock:
            sim.note_served(kind, records)
            if faults.restamp_per_page:
                sim.restamp(faults.restamp_per_page, kind=kind)
            if faults.tombstone_per_page:
                sim.withdraw(faults.tombstone_per_page, kind=kind)
    return answer


def _record(now_ms: int, request: Request, path: str, query: bytes, status: int, code: str) -> Any:
    from adapters.ggzy.simulator import RequestRecord

    return RequestRecord(now_ms, request.method, path, query.decode("latin-1"), status, code)
