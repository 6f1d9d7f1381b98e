"""HTTP face of the simulator: the gateway (latency, HTML 502/504, hangs), the API, and ``/_sim/`` controls.

Control endpoints (for tests and the demo; not part of the interface):

    GET  /_sim/requests                  every answered request (evidence)
    GET  /_sim/final?app_id=…            {record_id: latest version}
    GET  /_sim/bad                       {record_id: {reason, field, quirk}}
    POST /_sim/faults   {"busy_rate": 0.2, …}       change fault knobs (FaultConfig names)
    POST /_sim/churn    {"updates": 5, "unit": "request"}   change churn knobs (ChurnConfig names)
    POST /_sim/records?n=10              add records now
    POST /_sim/records/{id}/update | /delete | /restore

Everything else goes through the interface logic of :mod:`adapters.sthj.simservice`.
"""

from __future__ import annotations

import asyncio
import uuid
from typing import TYPE_CHECKING, Annotated, Any

from fastapi import Body, FastAPI, HTTPException, Request, Response
from fastapi.middleware.gzip import GZipMiddleware
from pydantic import ValidationError

from adapters.sthj.signing import parse_query
from adapters.sthj.simservice import ApiAnswer, ApiRequest, RequestRecord, serve

if TYPE_CHECKING:
    from adapters.sthj.simulator import SthjSimulator

__all__ = ["JSON_TYPE", "build_app"]

JSON_TYPE = "application/json;charset=UTF-8"
_METHODS = ["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"]
_NGINX = {502: "502 Bad Gateway", 504: "504 Gateway Time-out"}


def _html(status: int) -> str:
    title = _NGINX[status]
    return (f"<html>\r\n<head><title>{title}</title></head>\r\n<body>\r\n<center><h1>{title}</h1></center>\r\n"
            "<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n")


def build_app(sim: SthjSimulator) -> FastAPI:
    """The ASGI app of ``sim`` (``sim.app``)."""
    app = FastAPI(title="sthj simulator", openapi_url=None, docs_url=None, redoc_url=None)
    app.add_middleware(GZipMiddleware, minimum_size=1024)  # Accept-Encoding: gzip is honoured (§2.1)

    @app.get("/_sim/requests")
    def sim_requests() -> list[dict[str, Any]]:
        return [r.as_dict() for r in sim.requests()]

    @app.get("/_sim/final")
    def sim_final(app_id: str | None = None) -> dict[str, int]:
        return sim.final_versions(app_id)

    @app.get("/_sim/bad")
    def sim_bad() -> dict[str, dict[str, Any]]:
        return {rid: bad.as_dict() for rid, bad in sim.bad_records().items()}

    @app.post("/_sim/faults")
    def sim_faults(changes: Annotated[dict[str, Any] | None, Body()] = None) -> dict[str, Any]:
        try:
            return sim.set_faults(**(changes or {})).model_dump()
        except ValidationError as exc:
            raise HTTPException(422, str(exc)) from exc

    @app.post("/_sim/churn")
    def sim_churn(changes: Annotated[dict[str, Any] | None, Body()] = None) -> dict[str, Any]:
        try:
            return sim.set_churn(**(changes or {})).model_dump()
        except ValidationError as exc:
            raise HTTPException(422, str(exc)) from exc

    @app.post("/_sim/records")
    def sim_add(n: int = 1) -> dict[str, list[str]]:
        return {"record_ids": sim.add_records(n)}

    @app.post("/_sim/records/{record_id}/{action}")
    def sim_change(record_id: str, action: str) -> dict[str, int]:
        actions = {"update": sim.update_record, "delete": sim.delete_record, "restore": sim.restore_record}
        if action not in actions:
            raise HTTPException(404, f"unknown action {action}")
        try:
            return {"version": actions[action](record_id)}
        except KeyError as exc:
            raise HTTPException(409, str(exc)) from exc

    async def api(request: Request) -> Response:
        return await _gateway(sim, request)

    app.add_api_route("/{path:path}", api, methods=_METHODS, include_in_schema=False)
    return app


async def _gateway(sim: SthjSimulator, request: Request) -> Response:
    raw_path = request.scope.get("raw_path")
    path = raw_path.decode("latin-1") if isinstance(raw_path, bytes) else request.url.path
    query = request.scope.get("query_string", b"").decode("latin-1")
    req = ApiRequest(request.method, path, query, {k.lower(): v for k, v in request.headers.items()},
                     request.client.host if request.client else "")
    request_id = uuid.uuid4().hex
    if path.startswith("/api/v2/records"):
        with sim.lock:
            f = sim.faults
            delay_s = (f.latency_ms + sim.uniform(f.jitter_ms)) / 1000
            hang, html = sim.roll(f.hang_rate), 502 if sim.roll(f.html_502_rate) else 504 if sim.roll(f.html_504_rate) else 0
        if delay_s:
            await asyncio.sleep(delay_s)
        if hang:  # held past the client's read timeout, then the gateway gives up (quirk 16)
            await asyncio.sleep(f.hang_s)
            html = 504
        if html:
            _log(sim, req, request_id, ApiAnswer(html, 0, ""), code=None)
            return Response(_html(html).encode(), status_code=html, headers={"Content-Type": "text/html"})
    with sim.lock:
        answer = serve(sim, req)
        _log(sim, req, request_id, answer, code=answer.code)
    headers = {**answer.headers, "X-Request-Id": request_id, "Content-Type": JSON_TYPE}
    return Response(answer.body.encode("utf-8"), status_code=answer.status, headers=headers)


def _log(sim: SthjSimulator, req: ApiRequest, request_id: str, answer: ApiAnswer, *, code: int | None) -> None:
    params = answer.params or parse_query(req.query)
    with sim.lock:
        sim.log(RequestRecord(
            at_ms=sim.now_ms(), request_id=request_id, method=req.method, path=req.path,
            app_id=answer.app_id or req.headers.get("x-app-id") or None,
            nonce=answer.nonce or req.headers.get("x-nonce") or None,
            params=tuple(params), status=answer.status, code=code,
            records=tuple(answer.records), client=req.client_ip,
        ))
