"""Configuration of the e路阳光 simulator (elu-yangguang.md §8): data, quirks and fault knobs.

    config = SimConfig(seed=20251119, projects=50, faults=Faults(error_rate=0.05, page_shift_rate=0.2))
    sim = EluSimulator(config, clock=fixed_clock)
    sim.set_faults(maintenance=True)          # faults can be swapped at run time; the rest is frozen

Defaults are the document's: seed 20251119, 200 projects, legacy share 0.05, bad share 0.02, every
quirk on with share 0.1, token TTL 7200 s, refresh TTL 86400 s, commit lag 120 s, §3.4 rate limits.
Seeded data ends at ``data_end`` (fixed, so a seed gives the same records on any day); keep the
clock after it.  The document's test APPKEY (§2.1) is registered for area 321081.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

__all__ = ["DOC_APPKEY", "DOC_APPSECRET", "Faults", "Quirks", "SimConfig", "SimKey"]

DOC_APPKEY = "elyg321081santong"
DOC_APPSECRET = "Yx7qP2vK9mZc4RtW8nLs3HdF6jGb1aEu"
QuirkNo = Literal[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16]
ALL_QUIRKS: tuple[int, ...] = tuple(range(1, 17))


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class SimKey(_Frozen):
    """One APPKEY issued by 市工改办: its secret, the areas granted, and whether it is enabled."""

    appkey: str = Field(default=DOC_APPKEY, pattern=r"^[A-Za-z0-9]{8,32}$")
    appsecret: str = DOC_APPSECRET
    areas: tuple[str, ...] = ("321081",)
    enabled: bool = True


class Quirks(_Frozen):
    """Which §5 quirks are on (``enabled``; default all sixteen) and the shares of quirks 3, 4, 5, 8, 9, 16."""

    enabled: frozenset[int] = frozenset(ALL_QUIRKS)
    yuan_share: float = Field(default=0.1, ge=0, le=1)  # 3: CJDW rows from the 施工许可子系统 (元)
    exponent_share: float = Field(default=0.1, ge=0, le=1)  # 4: of those, amounts ≥ 10 000 000 元
    date_form_share: float = Field(default=0.1, ge=0, le=1)  # 5: hand-entered dates as 2025.3.5 / 2025年03月05日
    uscc_spelling_share: float = Field(default=0.1, ge=0, le=1)  # 8: lower case, spaces, 组织机构代码
    fullwidth_share: float = Field(default=0.1, ge=0, le=1)  # 9: ０–９ in 文号
    label_variant_share: float = Field(default=0.1, ge=0, le=1)  # 16: DWLX variants, stray spaces
    stage_before_project_share: float = Field(default=0.1, ge=0, le=1)  # 10: of projects
    tombstone_share: float = Field(default=0.03, ge=0, le=1)  # 11: records deleted (SFYX=0)
    same_second_share: float = Field(default=0.15, ge=0, le=1)  # 13: xm/jd rows stamped in a re-index second

    def on(self, number: int) -> bool:
        return number in self.enabled


class Faults(_Frozen):
    """Run-time fault knobs (§8); rates are per request, seeded."""

    latency_ms: tuple[int, int] = (0, 0)  # fixed (a, a) or a range
    error_rate: float = Field(default=0.0, ge=0, le=1)  # 500 / 9999
    malformed_rate: float = Field(default=0.0, ge=0, le=1)  # quirk 15
    gbk_mislabel_rate: float = Field(default=0.0, ge=0, le=1)  # quirk 2 (xm answers)
    duplicate_rate: float = Field(default=0.0, ge=0, le=1)  # previous page's last row repeated
    same_second_shuffle: bool = True  # quirk 13
    page_shift_rate: float = Field(default=0.0, ge=0, le=1)  # quirk 14, per page ≥ 2
    maintenance: bool = False  # 503 / 9001 now (an announced window)
    maintenance_daily: bool = True  # 02:00–02:30 Beijing time
    maintenance_retry_after_s: int = Field(default=600, ge=1, le=3600)
    rate_limit: bool = True  # §3.4
    token_ttl_s: int = Field(default=7200, ge=1)
    refresh_ttl_s: int = Field(default=86_400, ge=1)
    encoding: dict[str, Literal["GBK", "UTF-8"]] = Field(default_factory=dict)  # per module, over §2's


class SimConfig(_Frozen):
    """Everything the simulated system holds; see the module docstring for the defaults' sources."""

    seed: int = 20251119
    projects: int = Field(default=200, ge=0, le=20_000)
    legacy_share: float = Field(default=0.05, ge=0, le=1)
    bad_share: float = Field(default=0.02, ge=0, le=1)
    quirks: Quirks = Quirks()
    faults: Faults = Faults()
    keys: tuple[SimKey, ...] = (SimKey(),)
    data_end: str = "2025-11-19 09:00:00"  # Beijing time; seeded GXSJ lie in the span_days before it
    span_days: int = Field(default=30, ge=1, le=3650)
    stage_before_project_h: int = Field(default=24, ge=0, le=24)
    commit_lag_s: int = Field(default=120, ge=0, le=600)
    clock_skew_s: int = 300
    nonce_ttl_s: int = 900
    max_tokens: int = 5
    query_rate_per_s: float = 5.0
    query_burst: float = 10.0
    auth_per_minute: int = 10
    max_in_flight: int = 2
    daily_quota: int = 20_000
