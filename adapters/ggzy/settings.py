"""Configuration of the ggzy source adapter, validated once at the edge.

    settings = GgzySettings.load({"base_url": "http://10.32.8.20:8080/ggzy/api/v2",
                                  "app_key": "YZGGZY321081ST01", "app_secret": "…32 characters…"})
    source = GgzySource(settings)

``load`` raises :class:`santong.errors.ConfigError` naming every wrong key; constructing the
model directly raises pydantic's ``ValidationError``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, SecretStr, ValidationError, field_validator

from adapters.ggzy.wire import DATA_TYPES, INITIAL_SINCE, DataType, SignMethod, d14_to_ms
from santong.errors import ConfigError

__all__ = ["GgzySettings"]


class GgzySettings(BaseModel):
    """Where the service is (``base_url`` ends in ``/ggzy/api/v2``), the node's key, and how it pages.

    ``data_types`` are polled in this order, one kind to its end before the next, so that the
    registry knows a project and its sections before their stage records arrive.
    ``initial_since`` is where a first run starts (§3.1: ``20150101000000`` is a full load).
    ``max_attempts`` / ``retry_backoff_ms`` apply only to connections never made; every other
    transient failure is raised as ``TransientError`` for the hub's retry policy.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    base_url: str = Field(pattern=r"^https?://[^/?#]+(/[^?#]*)?$")
    app_key: str = Field(pattern=r"^[0-9A-Za-z]{4,32}$")
    app_secret: SecretStr
    sign_method: SignMethod = "HMAC-SM3"
    region_code: str | None = Field(default="321081", pattern=r"^[0-9]{6}$")
    data_types: tuple[DataType, ...] = Field(default=DATA_TYPES, min_length=1)
    page_size: int = Field(default=100, ge=1, le=100)
    initial_since: str = Field(default=INITIAL_SINCE, pattern=r"^[0-9]{14}$")
    connect_timeout_s: float = Field(default=5.0, gt=0, le=120)
    read_timeout_s: float = Field(default=60.0, gt=0, le=600)
    max_attempts: int = Field(default=3, ge=1, le=10)
    retry_backoff_ms: int = Field(default=200, ge=0, le=10_000)
    user_agent: str = "santong-ggzy/1"

    @field_validator("app_secret")
    @classmethod
    def _secret_shape(cls, value: SecretStr) -> SecretStr:
        secret = value.get_secret_value()
        if len(secret) != 32 or not secret.isascii() or not secret.isprintable():
            raise ValueError("app_secret must be the 32 ASCII characters issued (§2.2)")
        return value

    @field_validator("data_types")
    @classmethod
    def _unique_types(cls, value: tuple[DataType, ...]) -> tuple[DataType, ...]:
        if len(set(value)) != len(value):
            raise ValueError("data_types must not repeat a kind")
        return value

    @field_validator("initial_since")
    @classmethod
    def _real_time(cls, value: str) -> str:
        d14_to_ms(value)  # ValueError for 20251331000000 and the like
        return value

    @classmethod
    def load(cls, data: Mapping[str, Any], *, prefix: str = "sources.ggzy") -> GgzySettings:
        """Validate ``data``; a ``ConfigError`` names each offending key as ``prefix.key``."""
        try:
            return cls.model_validate(dict(data))
        except ValidationError as exc:
            problems = "; ".join(
                f"{prefix}.{'.'.join(str(p) for p in err['loc'])}: {err['msg']}" for err in exc.errors()
            )
            raise ConfigError(f"ggzy 配置无效 / invalid ggzy settings: {problems}", source="ggzy") from exc
