"""The simulator's test-only interface under ``/_sim/`` (not part of the platform).

    GET  /_sim/batches      every batch: msgId, ticket, batchDigest, postCount, state, receipt
    GET  /_sim/records      every record version by cd_id, with its status and errors
    GET  /_sim/counters     duplicates (§9 item 9) and everything received twice
    POST /_sim/clock        {"offset_s": 400} or {"time_s": 1763567400}
    POST /_sim/knobs        {"receipt_delay_s": 5, "faults": {...}, "nightly_window": false, ...}
    POST /_sim/keys         {"node_id": "...", "public_key": "04…|PEM", "signer_id": "..."}
    POST /_sim/process      process every batch whose receipt delay has passed

The same operations exist as methods of :class:`ProvinceSimulator`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

from fastapi import FastAPI
from pydantic import BaseModel, ConfigDict

from adapters.province.simconfig import FaultRates
from adapters.province.testkeys import DEFAULT_SIGNER_ID

if TYPE_CHECKING:
    from adapters.province.simulator import ProvinceSimulator

__all__ = ["ClockSet", "KeyRegistration", "KnobsSet", "add_test_routes"]


class ClockSet(BaseModel):
    model_config = ConfigDict(extra="forbid")
    offset_s: float | None = None
    time_s: float | None = None


class KnobsSet(BaseModel):
    model_config = ConfigDict(extra="forbid")
    receipt_delay_s: float | None = None
    nightly_window: bool | None = None
    faults: FaultRates | None = None
    duplicate_receipts_in_feed: bool | None = None
    receipt_sig_encoding: Literal["DER", "RAW"] | None = None
    rate_per_s: float | None = None
    rate_burst: int | None = None
    max_concurrent_posts: int | None = None


class KeyRegistration(BaseModel):
    model_config = ConfigDict(extra="forbid")
    node_id: str
    public_key: str
    signer_id: str = DEFAULT_SIGNER_ID
    valid_from_s: float | None = None
    valid_to_s: float | None = None


def add_test_routes(app: FastAPI, sim: ProvinceSimulator) -> None:
    """Mount ``/_sim/…`` on ``app``."""

    @app.get("/_sim/batches")
    def batches() -> list[dict[str, Any]]:
        return sim.batches()

    @app.get("/_sim/records")
    def records() -> dict[str, list[dict[str, Any]]]:
        return sim.records()

    @app.get("/_sim/counters")
    def counters() -> dict[str, Any]:
        return sim.counters()

    @app.post("/_sim/clock")
    def clock(body: ClockSet) -> dict[str, float]:
        if body.time_s is not None:
            sim.set_time(body.time_s)
        elif body.offset_s is not None:
            sim.set_clock_offset(body.offset_s)
        return {"offset_s": sim.clock.offset_s, "now_s": sim.clock.now_s()}

    @app.post("/_sim/knobs")
    def knobs(body: KnobsSet) -> dict[str, Any]:
        sim.set_knobs(**body.model_dump(exclude_none=True, exclude={"faults"}))
        if body.faults is not None:
            sim.set_faults(body.faults)
        return {"ok": True}

    @app.post("/_sim/keys")
    def keys(body: KeyRegistration) -> dict[str, Any]:
        sim.register_node_key(body.node_id, body.public_key, signer_id=body.signer_id,
                              valid_from_s=body.valid_from_s, valid_to_s=body.valid_to_s)
        return {"ok": True}

    @app.post("/_sim/process")
    def process() -> dict[str, Any]:
        sim.process_due()
        return {"ok": True}
