"""Configuration of the province sink, validated once at the edge (frozen, unknown keys refused).

    settings = ProvinceSettings(
        base_url="http://10.32.1.8:8080/exchange/v1",          # the Base URL the province issued
        app_key="jsjg-ak-321081-01",
        secret_key="…",                                       # out of band, never logged
        platform_keys=[PlatformKey(public_key=pem, valid_from=…, valid_to=…)],
    )
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal
from urllib.parse import urlsplit

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    SecretStr,
    field_validator,
    model_validator,
)

__all__ = ["PlatformKey", "ProvinceSettings"]


class PlatformKey(BaseModel):
    """A ``js-province`` public key received out of band (§3.5): hex ``04‖x‖y`` or PEM.

    ``valid_from`` / ``valid_to`` are timezone-aware; ``None`` leaves that end open.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    public_key: str = Field(min_length=1)
    valid_from: datetime | None = None
    valid_to: datetime | None = None

    @field_validator("valid_from", "valid_to")
    @classmethod
    def _aware(cls, value: datetime | None) -> datetime | None:
        if value is not None and value.tzinfo is None:
            raise ValueError("must carry a UTC offset, e.g. 2026-01-01T00:00:00+08:00")
        return value


class ProvinceSettings(BaseModel):
    """How santong reaches the provincial exchange, and whom it trusts there.

    ``base_url`` is the Base URL as §3.1 writes it, ending in ``/exchange/v1``.
    ``platform_keys`` must hold at least one key: receipts are never accepted unverified.
    ``key_early_accept_s`` accepts a held key that long before its ``valid_from`` (quirk 17).
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    base_url: str
    app_key: str = Field(min_length=1)
    secret_key: SecretStr
    node_id: str = "santong-321081"
    signature_method: Literal["HMAC-SM3", "HMAC-SHA256"] = "HMAC-SM3"
    sig_encoding: Literal["DER", "RAW"] = "DER"
    signer_id: str = Field(default="1234567812345678", min_length=1)
    platform_sender: str = "js-province"
    platform_signer_id: str = Field(default="1234567812345678", min_length=1)
    platform_keys: tuple[PlatformKey, ...] = Field(min_length=1)
    key_early_accept_s: int = Field(default=86_400, ge=0)
    receipt_future_skew_s: int = Field(default=300, ge=0)
    connect_timeout_s: float = Field(default=5.0, gt=0)
    read_timeout_s: float = Field(default=30.0, gt=0)

    @field_validator("base_url")
    @classmethod
    def _url(cls, value: str) -> str:
        parts = urlsplit(value)
        if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
            raise ValueError("must be http(s)://host:port/exchange/v1, without query or fragment")
        return value.rstrip("/")

    @model_validator(mode="after")
    def _secret_present(self) -> ProvinceSettings:
        if not self.secret_key.get_secret_value():
            raise ValueError("secret_key must not be empty")
        return self
