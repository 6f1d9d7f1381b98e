"""Configuration of the 12345 adapter, validated once at the edge.

    settings = HotlineSettings.load({"base_url": "http://10.32.8.4:8080", "client_id": "santong-yz321081",
                                     "client_secret": "…20–40 letters and digits…",
                                     "webhook_secrets": {"k1": "whsec_…"}})
    source = HotlineSource(settings)

``base_url`` is scheme, host and port only: the interface's paths (``/yz12345/oauth/token``,
``/yz12345/openapi/v1/…``) are appended as the document fixes them.  ``load`` raises
:class:`santong.errors.ConfigError` naming every wrong key.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, SecretStr, ValidationError, field_validator

from santong.errors import ConfigError

__all__ = ["HotlineSettings", "Scope"]

Scope = Literal["order.read", "order.write", "pii.read", "dict.read"]


class HotlineSettings(BaseModel):
    """Where the hotline is, the client's credentials, paging, and the webhook secrets.

    ``scopes``: ``None`` asks for every granted scope (§2.2).  ``unit_codes``: a subset of the
    bound units to read (``None``: all).  ``since``: where a first run starts
    (``yyyy-MM-dd HH:mm:ss``; ``None``: the 90-day retention window).  ``webhook_secrets`` maps
    ``X-12345-Key-Id`` to its secret; during a rotation both are listed.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    base_url: str = Field(pattern=r"^https?://[^/?#]+/?$")
    client_id: str = Field(min_length=1, max_length=64)
    client_secret: SecretStr
    scopes: tuple[Scope, ...] | None = None
    page_size: int = Field(default=50, ge=1, le=100)
    unit_codes: tuple[str, ...] | None = None
    since: str | None = Field(default=None, pattern=r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$")
    refresh_margin_s: int = Field(default=300, ge=0, le=3600)
    connect_timeout_s: float = Field(default=5.0, gt=0, le=120)
    read_timeout_s: float = Field(default=30.0, gt=0, le=600)
    webhook_secrets: dict[str, SecretStr] = Field(default_factory=dict)
    webhook_window_s: int = Field(default=300, ge=1, le=3600)
    webhook_dedup_s: int = Field(default=86400, ge=86400)
    user_agent: str = "santong-hotline12345/1"

    @field_validator("client_secret")
    @classmethod
    def _secret_shape(cls, value: SecretStr) -> SecretStr:
        secret = value.get_secret_value()
        if not 20 <= len(secret) <= 40 or not secret.isascii() or not secret.isalnum():
            raise ValueError("client_secret must be 20–40 ASCII letters and digits, as issued (§2.2)")
        return value

    @field_validator("unit_codes")
    @classmethod
    def _units(cls, value: tuple[str, ...] | None) -> tuple[str, ...] | None:
        if value is not None and (not value or any(len(u) != 10 or not u.isdigit() for u in value)):
            raise ValueError("unit_codes: 10-digit 承办单位编码, at least one")
        return value

    @classmethod
    def load(cls, data: Mapping[str, Any], *, prefix: str = "sources.hotline12345") -> HotlineSettings:
        """Validate ``data``; a ``ConfigError`` names each offending key as ``prefix.key``."""
        try:
            return cls.model_validate(dict(data))
        except ValidationError as exc:
            problems = "; ".join(
                f"{prefix}.{'.'.join(str(p) for p in err['loc'])}: {err['msg']}" for err in exc.errors()
            )
            raise ConfigError(f"12345 配置无效 / invalid hotline12345 settings: {problems}",
                              source="hotline12345") from exc
