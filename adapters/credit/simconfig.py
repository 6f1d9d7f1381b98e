"""Configuration of the simulated 信用扬州 platform (``sources/credit.md`` §8).

    sim = CreditSimulator(SimConfig(seed=7, events=300, bad_share=0.1, process_delay_ms=0))

Every knob has the document's value as default; ``SimFaults`` can also be changed at run time
(``sim.set_faults(...)`` or ``POST /_sim/faults``).
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from adapters.credit.wire import DOC_APP_ID, DOC_APP_SECRET

__all__ = ["SimApp", "SimConfig", "SimFaults"]


class SimApp(BaseModel):
    """A registered appId: its secrets (old one valid during rotation), areas, list types."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    app_id: str = DOC_APP_ID
    secrets: tuple[str, ...] = (DOC_APP_SECRET,)
    areas: tuple[str, ...] = ("321081",)
    list_types: tuple[str, ...] = ("SXBZXR", "YZWFSX", "JYYC", "ZDSSWF")
    enabled: bool = True


class SimFaults(BaseModel):
    """Run-time faults.  Names follow ``POST /_sim/faults`` (camelCase aliases accepted)."""

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)

    query_down: bool = Field(default=False, alias="queryDown")
    query_timeout: bool = Field(default=False, alias="queryTimeout")
    unavailable_lists: tuple[str, ...] = Field(default=(), alias="unavailableLists")
    latency_ms: int = Field(default=0, ge=0, le=10_000, alias="latencyMs")
    error_rate: float = Field(default=0.0, ge=0, le=1, alias="errorRate")          # 5001 / 5032 at random
    maintenance: bool = False                                                      # every endpoint 503 / 5031
    batch_fail_rate: float = Field(default=0.0, ge=0, le=1, alias="batchFailRate")  # batch FAILED 5001
    append_per_request: int = Field(default=0, ge=0, le=100, alias="appendPerRequest")  # feed grows while paging


class SimConfig(BaseModel):
    """Seeded data, timing and limits.

    ``events``: list-change events seeded in the feed; ``bad_share``: share of them that STANDARD
    refuses (``bad_records()`` names why); ``orphan_yc``: YC events whose LR is not in the feed
    (quirk 13); ``process_delay_ms``: QUEUED → DONE per batch (FIFO); ``now``: a fixed Beijing
    time ``yyyy-MM-dd HH:mm:ss`` (``None``: the clock); ``rate_limits``: enforce §3.0 limits;
    ``night_window``: the 00:30–01:00 归集窗口; ``query_timeout_s``: how long a timed-out query takes.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    seed: int = 1
    apps: tuple[SimApp, ...] = (SimApp(),)
    area: str = "321081"
    events: int = Field(default=200, ge=0, le=100_000)
    bad_share: float = Field(default=0.1, ge=0, le=1)
    orphan_yc: int = Field(default=3, ge=0)
    first_seq: int = Field(default=1_000_001, ge=1)
    retention_days: int = Field(default=180, ge=1)
    process_delay_ms: int = Field(default=1000, ge=0)
    poll_after_ms: int = Field(default=2000, ge=0)
    max_open_tickets: int = Field(default=20, ge=1)
    max_body_bytes: int = Field(default=10 * 1024 * 1024, ge=1)
    result_days: int = Field(default=7, ge=1)
    clock_skew_s: int = Field(default=300, ge=0)
    nonce_ttl_s: int = Field(default=600, ge=0)
    rate_limits: bool = True
    night_window: bool = True
    query_timeout_s: float = Field(default=3.0, ge=0)
    republish_max: int = Field(default=1000, ge=0)
    now: str | None = Field(default=None, pattern=r"^[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}$")
    faults: SimFaults = SimFaults()
