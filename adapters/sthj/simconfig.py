"""Configuration of the 生态环境局 simulator: data, interface limits, churn and faults.

    config = SimConfig(seed=7, size=2000, settle_ms=0, backup_enabled=False)
    sim = SthjSimulator(config)
    sim.set_faults(busy_rate=0.2)                   # 20 % of requests answer 503 / 50302
    sim.set_churn(updates=5, unit="request")        # 5 version bumps per answered list request

Defaults follow sthj-rest.md (§2.2 skew and nonce windows, §3.4 bucket 20 / 10 per s and
quota 100000, §3.5 backup 02:00–02:30 +08:00, §3.2.1 settle 5000 ms and 7-day cursors,
§4.6 365-day tombstones) and its test app ``yzhb_3f9a0c51d7e2`` (§2.3).  The config is
frozen; :class:`ChurnConfig` and :class:`FaultConfig` can be swapped at run time.

Seeded data ends at ``data_end_ms`` (fixed, so that a seed gives the same records on any day);
keep the clock after it.  Seeded tombstones are at most a few weeks older than ``data_end_ms``:
with the real clock more than a year later they are already purged (§4.6) — set
``data_end_ms`` near today for a demo that shows them.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from adapters.sthj.wire import RECORD_TYPES, RecordType

__all__ = ["RECORD_TYPES", "ChurnConfig", "FaultConfig", "QuirkRates", "RecordType", "SimApp", "SimConfig"]

DOC_APP_ID = "yzhb_3f9a0c51d7e2"
DOC_APP_SECRET = "Yz8fT2kQ7mLx4Rc9Wv3Nb6Hs1Jd5Pg0A"


DateForm = Literal["slash", "iso", "compact", "cn"]
NoValueForm = Literal["null", "empty", "absent"]


def _date_forms() -> dict[DateForm, float]:
    return {"slash": 0.45, "iso": 0.25, "compact": 0.12, "cn": 0.18}


def _no_value_forms() -> dict[NoValueForm, float]:
    return {"null": 0.7, "empty": 0.15, "absent": 0.15}


def _shares() -> dict[RecordType, float]:
    return {"INSPECTION": 0.6, "PENALTY": 0.3, "COERCIVE": 0.1}


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class SimApp(_Frozen):
    """One consumer registered with the 局信息中心 (all its ``secrets`` verify: rotation)."""

    app_id: str = Field(default=DOC_APP_ID, pattern=r"^yzhb_[0-9a-f]{12}$")
    secrets: tuple[str, ...] = (DOC_APP_SECRET,)
    enabled: bool = True
    grants: tuple[RecordType, ...] = RECORD_TYPES
    endpoints: tuple[Literal["list", "single"], ...] = ("list", "single")
    ip_whitelist: tuple[str, ...] | None = None  # None: any address
    read_restricted: bool = False  # may read records marked restricted (short pages otherwise)


class QuirkRates(_Frozen):
    """How often each §5 quirk (and the other data variations) occurs, each a probability."""

    date_forms: dict[DateForm, float] = Field(default_factory=_date_forms)  # quirk 1
    cn_zero_pad: float = Field(default=0.3, ge=0, le=1)  # 2024年03月07日 instead of 2024年3月7日
    padding: float = Field(default=0.08, ge=0, le=1)  # quirk 3, per text member
    legacy_id15: float = Field(default=0.3, ge=0, le=1)  # quirk 4, share of 个人 ID numbers
    lower_x: float = Field(default=0.7, ge=0, le=1)  # quirk 4, when the check character is X
    big_amount: float = Field(default=0.06, ge=0, le=1)  # fines of 10 000 000 元 or more (exponent form)
    fraction_amount: float = Field(default=0.1, ge=0, le=1)  # fines like 3650.5
    batch_full_amount: float = Field(default=0.3, ge=0, le=1)  # quirk 5, large amounts written in full
    wan_yuan: float = Field(default=0.6, ge=0, le=1)  # quirk 6, share of migrated penalties in 万元
    synonym: float = Field(default=0.25, ge=0, le=1)  # quirk 7
    no_value_forms: dict[NoValueForm, float] = Field(default_factory=_no_value_forms)  # quirk 8 (V1 omits)
    ext_members: float = Field(default=0.35, ge=0, le=1)  # quirk 8, ext members present
    migrated: float = Field(default=0.08, ge=0, le=1)  # V1 records (2016–2018)
    tombstone: float = Field(default=0.03, ge=0, le=1)  # quirk 9
    restored: float = Field(default=0.01, ge=0, le=1)  # deleted, then restored
    multi_version: float = Field(default=0.5, ge=0, le=1)  # quirk 10: saved more than once
    same_ms: float = Field(default=0.05, ge=0, le=1)  # quirk 11b: shares updated_at with its predecessor
    bracket_variant: float = Field(default=0.12, ge=0, le=1)  # case_no typed with [ ] 【】 （）
    restricted: float = Field(default=0.02, ge=0, le=1)  # records ordinary apps may not read


class ChurnConfig(_Frozen):
    """Changes while a consumer pages: events per ``unit`` (sim-clock minute or answered list request)."""

    inserts: float = Field(default=0.0, ge=0)
    updates: float = Field(default=0.0, ge=0)
    deletes: float = Field(default=0.0, ge=0)
    restores: float = Field(default=0.0, ge=0)
    unit: Literal["minute", "request"] = "minute"
    boundary_repeat_rate: float = Field(default=0.0, ge=0, le=1)  # forced quirk 11b, per page with a cursor


class FaultConfig(_Frozen):
    """Seeded fault injection on ``/api/v2/records*`` (health is never faulted); rates per request."""

    latency_ms: int = Field(default=0, ge=0)
    jitter_ms: int = Field(default=0, ge=0)
    busy_rate: float = Field(default=0.0, ge=0, le=1)  # 503 / 50302
    busy_retry_after_s: int = Field(default=5, ge=1)
    throttle_rate: float = Field(default=0.0, ge=0, le=1)  # 429 / 42901 regardless of the bucket
    internal_error_rate: float = Field(default=0.0, ge=0, le=1)  # 500 / 50001
    html_502_rate: float = Field(default=0.0, ge=0, le=1)  # quirk 16
    html_504_rate: float = Field(default=0.0, ge=0, le=1)  # quirk 16
    hang_rate: float = Field(default=0.0, ge=0, le=1)  # hold the request hang_s, then 504 HTML
    hang_s: float = Field(default=65.0, ge=0)
    malformed_rate: float | None = Field(default=None, ge=0, le=1)  # bad share of records saved while running


class SimConfig(_Frozen):
    """Everything the simulated 执法系统 holds; see the module docstring for the defaults' sources."""

    seed: int = 1
    size: int = Field(default=1000, ge=0, le=200_000)
    shares: dict[RecordType, float] = Field(default_factory=_shares)
    bad_rate: float = Field(default=0.05, ge=0, le=1)  # share of live records invalid under the standard
    quirks: QuirkRates = QuirkRates()
    data_start_ms: int = 1546272000000  # 2019-01-01 00:00 +08:00: first V2 record
    data_end_ms: int = 1763568000000  # 2025-11-20 00:00 +08:00: seeded data ends here
    apps: tuple[SimApp, ...] = (SimApp(),)
    server_version: str = "2.3.1"
    settle_ms: int = Field(default=5000, ge=0)
    cursor_ttl_s: float = Field(default=7 * 86400, gt=0)
    cursor_key: str | None = None  # None: random per instance
    tombstone_retention_s: float = Field(default=365 * 86400, gt=0)
    skew_ms: int = Field(default=300_000, ge=0)
    nonce_ttl_s: float = Field(default=600, ge=0)
    bucket_capacity: float = Field(default=20, gt=0)
    bucket_refill_per_s: float = Field(default=10, gt=0)
    daily_quota: int = Field(default=100_000, ge=0)
    health_per_s: float = Field(default=1.0, ge=0)  # per source IP; 0 = unlimited
    backup_enabled: bool = True
    backup_start: str = Field(default="02:00:00", pattern=r"^([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]$")
    backup_duration_s: int = Field(default=1800, ge=1, le=86400)
    backup_overrun_s: int = Field(default=0, ge=0)
    boundary_repeat_defect: bool = True  # quirk 11b as in V2.3
    churn: ChurnConfig = ChurnConfig()
    faults: FaultConfig = FaultConfig()

    @field_validator("apps")
    @classmethod
    def _unique_apps(cls, apps: tuple[SimApp, ...]) -> tuple[SimApp, ...]:
        ids = [a.app_id for a in apps]
        if len(set(ids)) != len(ids):
            raise ValueError("apps: app_id must be unique")
        return apps

    @field_validator("shares")
    @classmethod
    def _positive_shares(cls, shares: dict[RecordType, float]) -> dict[RecordType, float]:
        if not shares or any(v < 0 for v in shares.values()) or sum(shares.values()) <= 0:
            raise ValueError("shares: non-negative weights, at least one positive")
        return shares
