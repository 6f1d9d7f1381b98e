"""Configuration of the SJJH simulator: data, accounts, limits and every knob of sjjh §8.

    config = SimConfig(seed=7, size=400, busy_window=None)
    sim = ScjgSimulator(config, clock=clock)
    sim.set_knobs(fault_rate={"SYSTEM_BUSY": 0.2}, overlap_inserts=2)     # at run time

Defaults follow the document: limits of §2.4 (30 per 60 s, 2 concurrent, busy 01:00–03:00),
±300 s and 600 s nonce cache (§2.3), GBK for ``QueryAbnormalList`` and the null spellings of
quirk 5.  Every fault knob is off unless the document gives a default.  Seeded data lies in
``[data_start, data_end)`` (Beijing time), fixed so that a seed gives the same records any day.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

__all__ = ["DOC_PASSWORD", "DOC_USERNAME", "SimAccount", "SimConfig"]

DOC_USERNAME = "santong_yz"
DOC_PASSWORD = "Sj#2025@yzscjg"
ALL_OPERATIONS = ("Ping", "QueryLicenses", "QueryInspections", "QueryPenalties", "QueryAbnormalList", "GetRecord")

NilStyle = Literal["empty", "nil", "absent"]
FaultCode = Literal["SYSTEM_BUSY", "INTERNAL_ERROR", "TOO_MANY_REQUESTS", "AUTH_EXPIRED"]
Malformed = Literal["truncate", "html_502", "bad_entity", "charset_lie"]


def _nil_styles() -> dict[str, NilStyle]:
    return {op: ("nil" if op == "GetRecord" else "empty") for op in ALL_OPERATIONS}


def _shares() -> dict[str, float]:
    return {"XZXK": 0.35, "XZJC": 0.35, "XZCF": 0.15, "JYYC": 0.15}


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class SimAccount(_Frozen):
    """An SJJH account; every password in ``passwords`` verifies (rotation, §2.2)."""

    username: str = DOC_USERNAME
    passwords: tuple[str, ...] = (DOC_PASSWORD,)
    operations: tuple[str, ...] = ALL_OPERATIONS


class SimConfig(_Frozen):
    """Everything the simulated SJJH holds and does; see the module docstring."""

    seed: int = 1
    size: int = Field(default=400, ge=0, le=100_000)
    shares: dict[str, float] = Field(default_factory=_shares)
    bad_rate: float = Field(default=0.05, ge=0, le=1)  # share of live records invalid under the standard
    data_start: str = "2025-11-01 00:00:00"
    data_end: str = "2025-11-20 00:00:00"
    accounts: tuple[SimAccount, ...] = (SimAccount(),)
    version: str = "3.2.7"
    node: int = Field(default=1, ge=0, le=999)  # last 3 digits of requestId
    skew_s: int = 300
    nonce_ttl_s: int = 600
    lock_after: int = 5
    lock_window_s: int = 600
    lock_s: int = 1800
    # §8 knobs
    latency_ms: int = Field(default=0, ge=0)
    latency_jitter_ms: int = Field(default=0, ge=0)
    hang_rate: float = Field(default=0.0, ge=0, le=1)
    hang_s: float = Field(default=90.0, ge=0)
    fault_rate: dict[FaultCode, float] = Field(default_factory=dict)
    busy_window: str | None = Field(default="01:00-03:00", pattern=r"^\d{2}:\d{2}-\d{2}:\d{2}$")
    rate_limit_per_min: int = Field(default=30, ge=0)  # 0: unlimited
    max_concurrency: int = Field(default=2, ge=0)  # 0: unlimited
    clock_offset_s: float = 0.0
    overlap_inserts: int = Field(default=0, ge=0)
    overlap_mode: Literal["insert", "update"] = "insert"
    duplicate_rate: float = Field(default=0.002, ge=0, le=1)  # quirk 11: about 1 in 500
    visibility_lag_s: int = Field(default=0, ge=0)
    late_arrival_h: float = Field(default=0.0, ge=0)
    gbk_operations: tuple[str, ...] = ("QueryAbnormalList",)
    malformed: dict[Malformed, float] = Field(default_factory=dict)
    nil_style: dict[str, NilStyle] = Field(default_factory=_nil_styles)
    legacy_share: float = Field(default=0.15, ge=0, le=1)
    tombstone_rate: float = Field(default=0.02, ge=0, le=1)

    @field_validator("fault_rate", "malformed")
    @classmethod
    def _probabilities(cls, value: dict[str, float]) -> dict[str, float]:
        if any(not 0 <= p <= 1 for p in value.values()):
            raise ValueError("rates are probabilities in [0, 1]")
        return value
