"""Configuration of the 信用扬州 adapter (source, sink and query), validated once at the edge.

    settings = CreditSettings.load({"base_url": "http://10.32.8.21:8443/xyyz/api",
                                    "app_id": "yz-santong-321081", "app_secret": "…32 characters…"})

``load`` raises :class:`santong.errors.ConfigError` naming every wrong key.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, SecretStr, ValidationError, field_validator

from santong.errors import ConfigError

__all__ = ["CreditSettings", "ListType"]

ListType = Literal["SXBZXR", "YZWFSX", "JYYC", "ZDSSWF"]


class CreditSettings(BaseModel):
    """Where the platform is, the node's credentials, paging and timeouts.

    ``base_url`` ends with ``/xyyz/api``.  ``list_types`` empty means "all authorised".
    ``start_seq`` is where a first run of the list feed starts (``afterSeq``).  ``query_*``
    timeouts are those §3.7 prescribes (1 s connect, 4 s total).
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    base_url: str = Field(pattern=r"^https?://[^/?#]+/([^?#]*/)?xyyz/api/?$")
    app_id: str = Field(pattern=r"^[A-Za-z0-9_-]{1,64}$")
    app_secret: SecretStr
    area_code: str = Field(default="321081", pattern=r"^[0-9]{6}$")
    list_types: tuple[ListType, ...] = ()
    page_size: int = Field(default=200, ge=1, le=500)
    start_seq: int = Field(default=0, ge=0)
    connect_timeout_s: float = Field(default=5.0, gt=0, le=120)
    read_timeout_s: float = Field(default=60.0, gt=0, le=600)
    query_connect_timeout_s: float = Field(default=1.0, gt=0, le=10)
    query_total_timeout_s: float = Field(default=4.0, gt=0, le=30)
    query_retry_delay_ms: int = Field(default=500, ge=0, le=5_000)
    user_agent: str = "santong-credit/1"

    @field_validator("app_secret")
    @classmethod
    def _secret_shape(cls, value: SecretStr) -> SecretStr:
        secret = value.get_secret_value()
        if len(secret) != 32 or not secret.isascii() or not secret.isprintable():
            raise ValueError("app_secret must be 32 printable ASCII characters, as issued (§2.2)")
        return value

    @field_validator("list_types")
    @classmethod
    def _unique(cls, value: tuple[ListType, ...]) -> tuple[ListType, ...]:
        if len(set(value)) != len(value):
            raise ValueError("list_types must not repeat a type")
        return value

    @classmethod
    def load(cls, data: Mapping[str, Any], *, prefix: str = "adapters.credit") -> CreditSettings:
        """Validate ``data``; a ``ConfigError`` names each offending key as ``prefix.key``."""
        try:
            return cls.model_validate(dict(data))
        except ValidationError as exc:
            problems = "; ".join(
                f"{prefix}.{'.'.join(str(p) for p in err['loc'])}: {err['msg']}" for err in exc.errors())
            raise ConfigError(f"credit 配置无效 / invalid credit settings: {problems}", source="credit") from exc
