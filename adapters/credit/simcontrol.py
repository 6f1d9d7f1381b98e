"""Simulator-only control endpoints under ``/_sim/`` (§8; unauthenticated, 127.0.0.1 only).

``POST /_sim/clock {"now": "2025-11-13 16:27:11"}`` · ``POST /_sim/restart`` (quirk 6) ·
``POST /_sim/faults {...SimFaults...}`` · ``POST /_sim/lists/events`` ([events] or
``{"append": n}``) · ``POST /_sim/lists/expire {"keep": n}`` · ``GET /_sim/received`` ·
``GET /_sim/bad`` · ``GET /_sim/requests``.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Any

from fastapi import Body, FastAPI, HTTPException
from pydantic import ValidationError

if TYPE_CHECKING:
    from adapters.credit.simulator import CreditSimulator

__all__ = ["add_control_routes"]


def add_control_routes(app: FastAPI, sim: CreditSimulator) -> None:
    @app.post("/_sim/clock")
    def clock(doc: dict[str, Any] = Body(...)) -> dict[str, Any]:
        try:
            sim.set_now(str(doc["now"]))
        except (KeyError, ValueError) as exc:
            raise HTTPException(400, "now: yyyy-MM-dd HH:mm:ss") from exc
        return {"now": f"{sim.now():%Y-%m-%d %H:%M:%S}"}

    @app.post("/_sim/restart")
    def restart() -> dict[str, Any]:
        return {"republished": sim.restart()}

    @app.post("/_sim/faults")
    def faults(doc: dict[str, Any] = Body(...)) -> dict[str, Any]:
        try:
            return sim.set_faults(**doc).model_dump(by_alias=True)
        except ValidationError as exc:
            raise HTTPException(400, str(exc)) from exc

    @app.post("/_sim/lists/events")
    def events(doc: Any = Body(...)) -> dict[str, Any]:
        if isinstance(doc, dict) and isinstance(doc.get("append"), int):
            return {"seqs": sim.append_events(doc["append"])}
        if not isinstance(doc, list):
            raise HTTPException(400, "a list of events, or {\"append\": n}")
        return {"seqs": sim.inject_events(doc)}

    @app.post("/_sim/lists/expire")
    def expire(doc: dict[str, Any] = Body(...)) -> dict[str, Any]:
        return {"oldestSeq": sim.expire_events(int(doc.get("keep", 0)))}

    @app.get("/_sim/received")
    def received() -> dict[str, Any]:
        return {"rows": sim.received(), "repeats": sim.repeats}

    @app.get("/_sim/bad")
    def bad() -> dict[str, Any]:
        return {k: dataclasses.asdict(v) for k, v in sim.bad_records().items()}

    @app.get("/_sim/requests")
    def requests() -> list[dict[str, Any]]:
        return [dataclasses.asdict(r) for r in sim.requests()]
