"""Configuration of the e路阳光 source adapter, validated once at the edge.

    settings = EluSettings.load({"base_url": "http://10.32.8.21:8085/elyg/api/v2", "appkey": "elyg321081santong",
                                 "appsecret": "…", "since": "2025-11-01 00:00:00"})
    source = EluSource(settings)

``load`` raises :class:`santong.errors.ConfigError` naming every wrong key as ``sources.elu-yangguang.<key>``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, SecretStr, ValidationError, field_validator

from adapters.elu_yangguang.wire import KIND_NAMES, KindName, parse_dt
from santong.errors import ConfigError

__all__ = ["EluSettings"]


class EluSettings(BaseModel):
    """Where the interface is (base URL ending ``/elyg/api/v2``), the APPKEY's credentials, and the window rules.

    ``since`` (``yyyy-MM-dd HH:mm:ss``, Beijing time) is where a first run starts for every kind.
    ``window_s`` is the widest 更新时间 window asked for (≤ 7 days, §3.1); a window holding more than
    ``max_window_rows`` rows is halved before it is read.  ``safety_lag_s`` keeps ``GXSJZ`` that far
    behind SERVERTIME (≥ 180 s, §3.2 rule 3).  ``max_attempts`` bounds in-call repeats of a malformed
    answer (quirk 15) and of a connection that could not be made; every other transient failure is
    raised as ``TransientError`` (with ``Retry-After``) for the hub's retry policy.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    base_url: str = Field(pattern=r"^https?://[^/?#]+/elyg/api/v2/?$")
    appkey: str = Field(pattern=r"^[A-Za-z0-9]{8,32}$")
    appsecret: SecretStr
    area: str = Field(default="321081", pattern=r"^\d{6}$")
    kinds: tuple[KindName, ...] = Field(default=KIND_NAMES, min_length=1)
    since: str = "2025-01-01 00:00:00"
    page_size: int = Field(default=50, ge=1, le=50)
    window_s: int = Field(default=604_800, ge=60, le=604_800)
    max_window_rows: int = Field(default=5000, ge=50)
    safety_lag_s: int = Field(default=180, ge=180, le=86_400)
    refresh_margin_s: int = Field(default=300, ge=0, le=3600)
    max_rereads: int = Field(default=6, ge=1, le=50)
    max_attempts: int = Field(default=3, ge=1, le=10)
    connect_timeout_s: float = Field(default=5.0, gt=0, le=120)
    read_timeout_s: float = Field(default=60.0, gt=0, le=600)

    @field_validator("since")
    @classmethod
    def _since_is_dt(cls, value: str) -> str:
        parse_dt(value)
        return value

    @field_validator("kinds")
    @classmethod
    def _unique_kinds(cls, value: tuple[KindName, ...]) -> tuple[KindName, ...]:
        if len(set(value)) != len(value):
            raise ValueError("kinds must not repeat a kind")
        return value

    @classmethod
    def load(cls, data: Mapping[str, Any], *, prefix: str = "sources.elu-yangguang") -> EluSettings:
        """Validate ``data``; a ``ConfigError`` names each offending key as ``prefix.key``."""
        try:
            return cls.model_validate(dict(data))
        except ValidationError as exc:
            problems = "; ".join(
                f"{prefix}.{'.'.join(str(p) for p in err['loc'])}: {err['msg']}" for err in exc.errors()
            )
            raise ConfigError(f"e路阳光 配置无效 / invalid elu-yangguang settings: {problems}",
                              source="elu-yangguang") from exc
