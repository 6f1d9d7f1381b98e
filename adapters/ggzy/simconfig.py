"""Configuration of the ggzy simulator: keys, data, quirk shares, limits and faults.

    config = SimConfig(seed=7, projects=120, bad_rate=0.05, maintenance_enabled=False)
    sim = GgzySimulator(config, clock=clock)
    sim.set_faults(internal_error_rate=0.1, truncated_rate=0.05)     # swap FaultConfig at run time

Defaults follow ggzy.md: the §2.5 test key ``YZGGZY321081ST01`` (HMAC-SM3, scope 321081), §2.4's
300 s skew and 900 s nonce window, §3.6's 5 requests/s (burst 10), 50 000 a day and the 02:00:00–
02:04:59 resynchronisation, §3.1's 120 s watermark lag.  ``group_stamp`` is the nightly re-stamp
of ≥ 250 WIN_RESULT records sharing one DATA_TIMESTAMP (quirk 7; §6's example sits in it).
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from adapters.ggzy.wire import SignMethod

__all__ = ["DOC_APP_KEY", "DOC_APP_SECRET", "FaultConfig", "QuirkRates", "SimConfig", "SimKey"]

DOC_APP_KEY = "YZGGZY321081ST01"
DOC_APP_SECRET = "Yz9kQ2x7Lm4Rt8Vw3Np6Hs1Bc5Df0Gj2"


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class SimKey(_Frozen):
    """One node key: every secret in ``secrets`` verifies (7-day rotation, §2.2)."""

    app_key: str = DOC_APP_KEY
    secrets: tuple[str, ...] = (DOC_APP_SECRET,)
    sign_method: SignMethod = "HMAC-SM3"
    region_code: str = Field(default="321081", pattern=r"^[0-9]{6}$")
    ip_whitelist: tuple[str, ...] | None = ("127.0.0.1",)  # None: any address
    enabled: bool = True


class QuirkRates(_Frozen):
    """How often each §5 quirk occurs in generated records (the named fixtures always have theirs)."""

    thousands: float = Field(default=0.08, ge=0, le=1)  # quirk 1 (2017–2021 web form)
    json_number: float = Field(default=0.5, ge=0, le=1)  # quirk 2, share of 2016–2018 records
    exponent: float = Field(default=0.5, ge=0, le=1)  # quirk 2, of those numbers
    unit_missing: float = Field(default=0.1, ge=0, le=1)  # quirk 3, amounts only
    rate_spelling: float = Field(default=0.4, ge=0, le=1)  # quirk 5: "5%" or "0.05"
    legacy_97: float = Field(default=0.4, ge=0, le=1)  # quirk 6: org code under type 97
    hyphen: float = Field(default=0.4, ge=0, le=1)  # quirk 6: 72357098-X
    date_forms: float = Field(default=0.2, ge=0, le=1)  # quirk 11, share of DT fields not canonical
    no_value_forms: float = Field(default=0.3, ge=0, le=1)  # quirk 12: null / "" instead of absent
    spaces: float = Field(default=0.08, ge=0, le=1)  # quirk 13, per name
    brackets: float = Field(default=0.3, ge=0, le=1)  # quirk 13, names with （）
    reaward: float = Field(default=0.02, ge=0, le=1)  # quirk 14, per WIN_RESULT
    corrected: float = Field(default=0.05, ge=0, le=1)  # quirk 8: changed and re-published


class FaultConfig(_Frozen):
    """Seeded faults on every path but ``/ping`` and ``/_sim/``; rates are per request."""

    latency_ms: int = Field(default=0, ge=0)
    hang_rate: float = Field(default=0.0, ge=0, le=1)  # hold the answer hang_s (client timeouts)
    hang_s: float = Field(default=2.0, ge=0)
    internal_error_rate: float = Field(default=0.0, ge=0, le=1)  # 500 / 5000
    maintenance_rate: float = Field(default=0.0, ge=0, le=1)  # 503 / 5003 outside the window
    throttle_rate: float = Field(default=0.0, ge=0, le=1)  # 429 / 3001 regardless of the bucket
    truncated_rate: float = Field(default=0.0, ge=0, le=1)  # HTTP 200, body cut short
    restamp_per_page: int = Field(default=0, ge=0)  # re-stamp N records of the kind after each page
    restamp_changed: float = Field(default=0.5, ge=0, le=1)  # share of those with changed content
    tombstone_per_page: int = Field(default=0, ge=0)  # withdraw N records of the kind after each page


class SimConfig(_Frozen):
    """Everything the simulated 交易平台 holds; defaults per the module docstring."""

    seed: int = 1
    projects: int = Field(default=120, ge=0, le=20_000)  # 321081 projects besides the fixtures
    other_region_projects: int = Field(default=10, ge=0)  # 321000: invisible to the 321081 key
    group_size: int = Field(default=260, ge=0)  # quirk 7 nightly group of WIN_RESULT records
    group_stamp: str = Field(default="20251218020000", pattern=r"^[0-9]{14}$")
    data_end: str = Field(default="20251120000000", pattern=r"^[0-9]{14}$")  # generated deals end here
    bad_rate: float = Field(default=0.05, ge=0, le=1)  # share of stage records invalid under the standard
    quirks: QuirkRates = QuirkRates()
    keys: tuple[SimKey, ...] = (SimKey(),)
    version: str = "2.3.0"
    watermark_lag_s: int = Field(default=120, ge=0)
    skew_ms: int = Field(default=300_000, ge=0)
    nonce_ttl_s: int = Field(default=900, ge=0)
    rate_per_s: float = Field(default=5.0, gt=0)
    burst: float = Field(default=10.0, gt=0)
    daily_quota: int = Field(default=50_000, ge=0)
    maintenance_enabled: bool = True  # 02:00:00–02:04:59 Beijing time → 5003
    faults: FaultConfig = FaultConfig()
