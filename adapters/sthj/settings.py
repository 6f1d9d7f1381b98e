"""Configuration of the 生态环境局 source adapter, validated once at the edge.

    settings = SthjSettings.load({"base_url": "http://10.32.1.15:8090", "app_id": "yzhb_3f9a0c51d7e2",
                                  "app_secret": "…32 characters…"})
    source = SthjSource(settings)

``load`` raises :class:`santong.errors.ConfigError` naming every wrong key; constructing the
model directly raises pydantic's ``ValidationError``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    SecretStr,
    ValidationError,
    field_validator,
)

from adapters.sthj.wire import RECORD_TYPES, RecordType
from santong.errors import ConfigError

__all__ = ["SthjSettings"]


class SthjSettings(BaseModel):
    """Where the interface is, the app's credentials, and how the adapter pages and waits.

    ``max_attempts`` and ``retry_backoff_ms`` apply only to connections that could not be
    made at all (the request never reached the server); every other transient failure is
    raised as ``TransientError`` for the hub's retry policy.  ``since_ms`` is where a first
    run starts (``None``: from the beginning of the feed).
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    base_url: str = Field(pattern=r"^https?://[^/?#]+(/[^?#]*)?$")
    app_id: str = Field(pattern=r"^yzhb_[0-9a-f]{12}$")
    app_secret: SecretStr
    page_size: int = Field(default=200, ge=1, le=200)
    record_types: tuple[RecordType, ...] = Field(default=RECORD_TYPES, min_length=1)
    since_ms: int | None = Field(default=None, ge=0)
    connect_timeout_s: float = Field(default=5.0, gt=0, le=120)
    read_timeout_s: float = Field(default=60.0, gt=0, le=600)
    max_attempts: int = Field(default=3, ge=1, le=10)
    retry_backoff_ms: int = Field(default=200, ge=0, le=10_000)
    user_agent: str = "santong-sthj/1"

    @field_validator("app_secret")
    @classmethod
    def _secret_shape(cls, value: SecretStr) -> SecretStr:
        secret = value.get_secret_value()
        if len(secret) != 32 or not secret.isascii() or not secret.isalnum():
            raise ValueError("app_secret must be 32 characters [A-Za-z0-9], as issued")
        return value

    @field_validator("record_types")
    @classmethod
    def _unique_types(cls, value: tuple[RecordType, ...]) -> tuple[RecordType, ...]:
        if len(set(value)) != len(value):
            raise ValueError("record_types must not repeat a type")
        return value

    @classmethod
    def load(cls, data: Mapping[str, Any], *, prefix: str = "sources.sthj") -> SthjSettings:
        """Validate ``data``; a ``ConfigError`` names each offending key as ``prefix.key``."""
        try:
            return cls.model_validate(dict(data))
        except ValidationError as exc:
            problems = "; ".join(
                f"{prefix}.{'.'.join(str(p) for p in err['loc'])}: {err['msg']}" for err in exc.errors()
            )
            raise ConfigError(f"sthj 配置无效 / invalid sthj settings: {problems}", source="sthj") from exc
