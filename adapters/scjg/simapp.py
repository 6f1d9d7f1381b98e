"""HTTP face of the SJJH simulator: the WSDL, the SOAP endpoint behind a gateway, and ``/_sim/`` controls.

Control endpoints (for tests and the demo; not part of the interface):

    GET  /_sim/requests                       every answered request (evidence)
    GET  /_sim/final                          {"KIND:ID": LAST_UPDATED} of every current row
    GET  /_sim/bad                            {"KIND:ID": {reason, field}}
    POST /_sim/knobs    {"fault_rate": {"SYSTEM_BUSY": 0.2}, …}   change §8 knobs (SimConfig names)
    POST /_sim/records?n=10&kind=XZCF         add records now
    POST /_sim/records/{kind}/{id}/update | /delete

Everything else: ``GET …/SjjhService?wsdl``, ``POST …/SjjhService`` (§3.5 statuses: 404 HTML for
other paths, 405 for other methods), with latency, hangs and the ``malformed`` modes applied.
"""

from __future__ import annotations

import asyncio
import re
from typing import TYPE_CHECKING, Annotated, Any

from fastapi import Body, FastAPI, HTTPException, Request, Response
from pydantic import ValidationError
from starlette.types import Receive, Scope, Send

from adapters.scjg.simservice import SoapAnswer, SoapRequest, serve
from adapters.scjg.wire import SERVICE_PATH
from adapters.scjg.wsdl import wsdl_for

if TYPE_CHECKING:
    from adapters.scjg.simulator import ScjgSimulator

__all__ = ["build_app"]

_METHODS = ["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"]
_USER_RE = re.compile(rb"Username>\s*([^<\s]+)\s*<")


def _html(status: int, title: str) -> Response:
    page = f"<html><head><title>{status} {title}</title></head><body><h1>{status} {title}</h1></body></html>"
    return Response(page.encode(), status_code=status, headers={"Content-Type": "text/html"})


class _Truncated(Response):
    """Announces the whole body, sends half, then drops the connection (``malformed: truncate``)."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await send({"type": "http.response.start", "status": self.status_code, "headers": self.raw_headers})
        await send({"type": "http.response.body", "body": self.body[: len(self.body) // 2], "more_body": True})
        # returning with the body unfinished makes the server drop the connection


def build_app(sim: ScjgSimulator) -> FastAPI:
    """The ASGI app of ``sim`` (``sim.app``)."""
    app = FastAPI(title="scjg simulator", openapi_url=None, docs_url=None, redoc_url=None)

    @app.get("/_sim/requests")
    def sim_requests() -> list[dict[str, Any]]:
        return [r.as_dict() for r in sim.requests()]

    @app.get("/_sim/final")
    def sim_final() -> dict[str, str]:
        return {f"{k}:{i}": v for (k, i), v in sim.final_versions().items()}

    @app.get("/_sim/bad")
    def sim_bad() -> dict[str, dict[str, Any]]:
        return {f"{k}:{i}": bad.as_dict() for (k, i), bad in sim.bad_records().items()}

    @app.post("/_sim/knobs")
    def sim_knobs(changes: Annotated[dict[str, Any] | None, Body()] = None) -> dict[str, Any]:
        try:
            return sim.set_knobs(**(changes or {})).model_dump()
        except ValidationError as exc:
            raise HTTPException(422, str(exc)) from exc

    @app.post("/_sim/records")
    def sim_add(n: int = 1, kind: str | None = None) -> dict[str, list[str]]:
        return {"records": [f"{k}:{i}" for k, i in sim.add_records(n, kind)]}

    @app.post("/_sim/records/{kind}/{record_id}/{action}")
    def sim_change(kind: str, record_id: str, action: str) -> dict[str, str]:
        actions = {"update": sim.update_record, "delete": sim.delete_record}
        if action not in actions:
            raise HTTPException(404, f"unknown action {action}")
        try:
            return {"LAST_UPDATED": actions[action](kind, record_id)}
        except KeyError as exc:
            raise HTTPException(409, str(exc)) from exc

    async def endpoint(request: Request) -> Response:
        return await _endpoint(sim, request)

    app.add_api_route("/{path:path}", endpoint, methods=_METHODS, include_in_schema=False)
    return app


async def _endpoint(sim: ScjgSimulator, request: Request) -> Response:
    if request.url.path != SERVICE_PATH:
        return _html(404, "Not Found")
    if request.method == "GET" and "wsdl" in request.query_params:
        location = f"{request.url.scheme}://{request.url.netloc}{SERVICE_PATH}"
        return Response(wsdl_for(location), headers={"Content-Type": "text/xml;charset=UTF-8"})
    if request.method != "POST":
        return _html(405, "Method Not Allowed")
    body = await request.body()
    match = _USER_RE.search(body)
    key = match.group(1).decode("utf-8", "replace") if match else (request.client.host if request.client else "")
    with sim.lock:
        c = sim.config
        delay_s = (c.latency_ms + sim.randint(0, c.latency_jitter_ms)) / 1000 if c.latency_jitter_ms else c.latency_ms / 1000
        hang, gateway = sim.roll(c.hang_rate), sim.malformed_now("html_502")
        sim.in_flight[key] = sim.in_flight.get(key, 0) + 1
    try:
        if delay_s:
            await asyncio.sleep(delay_s)
        if hang:  # the socket stays open with no answer, past any sane client timeout
            await asyncio.sleep(c.hang_s)
            return _html(504, "Gateway Time-out")
        if gateway:
            _log(sim, SoapAnswer(502, ""), "html_502")
            return _html(502, "Bad Gateway")
        with sim.lock:
            answer = serve(sim, SoapRequest(body, request.headers.get("soapaction"),
                                            request.client.host if request.client else "", sim.in_flight[key]))
            truncate, lie = sim.malformed_now("truncate"), sim.malformed_now("charset_lie")
    finally:
        with sim.lock:
            sim.in_flight[key] -= 1
    return _respond(sim, answer, truncate=truncate, lie=lie)


def _respond(sim: ScjgSimulator, answer: SoapAnswer, *, truncate: bool, lie: bool) -> Response:
    encoding = answer.encoding
    payload = answer.text.encode("gbk" if encoding == "GBK" else "utf-8")
    mode = None
    if lie and answer.served:  # GBK bytes, declared UTF-8 twice
        payload = answer.text.replace('encoding="UTF-8"', 'encoding="GBK"', 1).encode("gbk")
        payload = payload.replace(b'encoding="GBK"', b'encoding="UTF-8"', 1)
        encoding, mode = "UTF-8", "charset_lie"
    headers = {**answer.headers, "Content-Type": f"text/xml;charset={encoding}"}
    if truncate:
        mode = "truncate"
    _log(sim, answer, mode)
    cls = _Truncated if truncate else Response
    return cls(payload, status_code=answer.status, headers=headers)


def _log(sim: ScjgSimulator, answer: SoapAnswer, malformed: str | None) -> None:
    from adapters.scjg.simulator import RequestRecord

    sim.log(RequestRecord(
        at=sim.request_id()[:17], operation=answer.operation, username=answer.username, nonce=answer.nonce,
        status=answer.status, code=answer.code, params=answer.params, served=tuple(answer.served),
        malformed=malformed,
    ))
