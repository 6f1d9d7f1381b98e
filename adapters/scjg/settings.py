"""Configuration of the 市场监管 SJJH source adapter, validated once at the edge.

    settings = ScjgSettings.load({"service_url": "http://10.32.8.21:8080/scjg-ws/services/SjjhService",
                                  "username": "santong_yz", "password": "…"})
    source = ScjgSource(settings)

``load`` raises :class:`santong.errors.ConfigError` naming every wrong key; constructing the
model directly raises pydantic's ``ValidationError``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, SecretStr, ValidationError, field_validator

from adapters.scjg.wire import KINDS, TIME_RE, Kind
from santong.errors import ConfigError

__all__ = ["ScjgSettings"]


class ScjgSettings(BaseModel):
    """Where SJJH is, the account, and how windows are read.

    ``service_url`` is always used as the endpoint (never the WSDL's ``soap:address``, quirk 13);
    the WSDL is read from ``service_url + "?wsdl"``.  ``since`` is where a first run starts
    (Beijing time).  A window is at most ``window_s`` long and ends ``visibility_lag_s`` before
    now (§3.3 visibility); each window is read a second time once ``rescan_delay_s`` have passed
    after its end (归集 records arrive up to 48 h late; ``None`` switches that off).  A window
    is only read once ``min_window_s`` of it can be (``has_more`` is false until then).
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    service_url: str = Field(pattern=r"^https?://[^/?#]+/[^?#]*$")
    username: str = Field(min_length=1, max_length=64)
    password: SecretStr
    kinds: tuple[Kind, ...] = Field(default=KINDS, min_length=1)
    since: str = "2016-01-01 00:00:00"
    page_size: int = Field(default=100, ge=1, le=100)
    window_s: int = Field(default=86_400, ge=60, le=604_800)
    visibility_lag_s: int = Field(default=600, ge=0)
    min_window_s: int = Field(default=300, ge=1)  # a window shorter than this waits for the next poll
    rescan_delay_s: int | None = Field(default=49 * 3600, ge=0)
    max_restarts: int = Field(default=3, ge=0, le=10)
    ca_bundle: str | None = None  # PEM file of the 江苏省电子政务 CA, for the HTTPS gateway
    connect_timeout_s: float = Field(default=10.0, gt=0, le=120)
    read_timeout_s: float = Field(default=60.0, gt=0, le=600)

    @field_validator("since")
    @classmethod
    def _since_shape(cls, value: str) -> str:
        if not TIME_RE.match(value):
            raise ValueError("since must be 'yyyy-MM-dd HH:mm:ss' (Beijing time, no offset)")
        return value

    @field_validator("kinds")
    @classmethod
    def _unique_kinds(cls, value: tuple[Kind, ...]) -> tuple[Kind, ...]:
        if len(set(value)) != len(value):
            raise ValueError("kinds must not repeat a kind")
        return value

    @classmethod
    def load(cls, data: Mapping[str, Any], *, prefix: str = "sources.scjg") -> ScjgSettings:
        """Validate ``data``; a ``ConfigError`` names each offending key as ``prefix.key``."""
        try:
            return cls.model_validate(dict(data))
        except ValidationError as exc:
            problems = "; ".join(
                f"{prefix}.{'.'.join(str(p) for p in err['loc'])}: {err['msg']}" for err in exc.errors()
            )
            raise ConfigError(f"scjg 配置无效 / invalid scjg settings: {problems}", source="scjg") from exc
