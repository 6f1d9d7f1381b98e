"""The ``/_sim/`` control endpoints of the simulated hotline (§8).

    POST /_sim/clock {"now": "2025-11-04 09:30:00"} | {"advance_s": 3600}
    POST /_sim/reset {"seed": 7, "orders": 40, "knobs": {...}}
    POST /_sim/knobs {...}                        GET /_sim/journal     GET /_sim/bad
    POST /_sim/hotline/{orderNo}/{action} {...}   POST /_sim/webhooks/flush
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from fastapi import Body, FastAPI
from fastapi.responses import JSONResponse
from pydantic import ValidationError

from adapters.hotline12345.simactions import Refused

if TYPE_CHECKING:
    from adapters.hotline12345.simulator import HotlineSimulator

__all__ = ["add_controls"]


def add_controls(app: FastAPI, sim: HotlineSimulator) -> None:
    @app.post("/_sim/clock")
    def clock(body: dict[str, Any] = Body(default_factory=dict)) -> JSONResponse:
        if "now" in body:
            sim.set_clock(str(body["now"]))
        else:
            sim.advance(float(body.get("advance_s", 0)))
        due = sim.flush_webhooks()
        return JSONResponse({"now": sim.now.strftime("%Y-%m-%d %H:%M:%S"), "webhookAttempts": due})

    @app.post("/_sim/reset")
    def reset(body: dict[str, Any] = Body(default_factory=dict)) -> JSONResponse:
        try:
            sim.reset(body.get("seed"), body.get("orders"), body.get("knobs"))
        except ValidationError as exc:
            return JSONResponse({"error": str(exc)}, status_code=400)
        return JSONResponse({"orders": len(sim.store.orders)})

    @app.post("/_sim/knobs")
    def knobs(body: dict[str, Any] = Body(default_factory=dict)) -> JSONResponse:
        try:
            return JSONResponse(sim.set_knobs(**body).model_dump())
        except ValidationError as exc:
            return JSONResponse({"error": str(exc)}, status_code=400)

    @app.get("/_sim/journal")
    def journal(type: str | None = None) -> JSONResponse:  # noqa: A002 - the query parameter's name
        return JSONResponse(sim.journal(type))

    @app.get("/_sim/bad")
    def bad() -> JSONResponse:
        return JSONResponse({k: v.as_dict() for k, v in sim.bad_records().items()})

    @app.post("/_sim/hotline/{order_no}/{action}")
    def hotline(order_no: str, action: str, body: dict[str, Any] = Body(default_factory=dict)) -> JSONResponse:
        try:
            view = sim.hotline(order_no, action, body)
        except KeyError:
            return JSONResponse({"code": "40401"}, status_code=404)
        except Refused as refused:
            return JSONResponse({"code": refused.code, "message": refused.message}, status_code=409)
        return JSONResponse({"code": "0", "version": view["version"], "status": view["status"]})

    @app.post("/_sim/webhooks/flush")
    def flush() -> JSONResponse:
        return JSONResponse({"attempts": sim.flush_webhooks()})
