"""Configuration of the province simulator, and its runtime knobs.

    config = ProvinceSimConfig(receipt_delay_s=0, nightly_window=False, seed=7)
    sim = ProvinceSimulator(config)
    sim.set_faults(FaultRates(gateway_after_store=1.0))   # quirk 7 on every batch POST

Defaults are the test environment of ``sources/province.md`` (§2, §3.5): AppKey, SecretKey,
the ``santong-321081`` test key, the registered sources, the ``js-province`` test key.
The config is frozen; what tests switch at run time lives in :class:`SimKnobs`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from adapters.province import testkeys

__all__ = ["FaultRates", "NodeKeyConfig", "ProvinceSimConfig", "SimKnobs"]


class NodeKeyConfig(BaseModel):
    """One registered node public key (hex ``04‖x‖y`` or PEM); validity in platform Unix seconds."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    public_key: str
    valid_from_s: float | None = None
    valid_to_s: float | None = None


class FaultRates(BaseModel):
    """Seeded fault injection, each a probability per request (0 = never, 1 = always).

    ``gateway_after_store`` answers 502/504 HTML *after* the batch was stored (quirk 7);
    ``error_500`` / ``busy_503`` / ``rate_429`` answer before storing.  ``latency_s`` is
    added to a request with probability ``latency``.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    latency: float = Field(default=0.0, ge=0, le=1)
    latency_s: float = Field(default=0.0, ge=0, le=60)
    error_500: float = Field(default=0.0, ge=0, le=1)
    gateway_after_store: float = Field(default=0.0, ge=0, le=1)
    busy_503: float = Field(default=0.0, ge=0, le=1)
    busy_retry_after_s: int = Field(default=5, ge=0)
    rate_429: float = Field(default=0.0, ge=0, le=1)


class ProvinceSimConfig(BaseModel):
    """Everything the simulated platform holds about the one node it serves."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    node_id: str = testkeys.NODE_ID
    app_key: str = testkeys.TEST_APP_KEY
    secret_key: str = testkeys.TEST_SECRET_KEY
    node_keys: tuple[NodeKeyConfig, ...] = (NodeKeyConfig(public_key=testkeys.NODE_PUBLIC_KEY_HEX),)
    node_signer_id: str = testkeys.DEFAULT_SIGNER_ID
    sources: tuple[str, ...] = testkeys.REGISTERED_SOURCES
    upward_types: tuple[str, ...] = testkeys.UPWARD_TYPES
    platform_private_key_hex: str = testkeys.PLATFORM_PRIVATE_KEY_HEX
    platform_signer_id: str = testkeys.DEFAULT_SIGNER_ID
    receipt_sig_encoding: Literal["DER", "RAW"] = "DER"
    clock_offset_s: float = 0.0
    receipt_delay_s: float = Field(default=0.0, ge=0)
    nightly_window: bool = True
    rate_per_s: float = Field(default=20.0, gt=0)
    rate_burst: int = Field(default=40, ge=1)
    max_concurrent_posts: int = Field(default=4, ge=1)
    max_body_bytes: int = 5_242_880
    time_window_s: int = 300
    request_nonce_memory_s: int = 900
    envelope_nonce_memory_s: int = 86_400
    retention_s: int = 30 * 86_400
    faults: FaultRates = FaultRates()
    duplicate_receipts_in_feed: bool = False  # quirk 2
    seed: int = 0


@dataclass
class SimKnobs:
    """What tests switch while the simulator runs (``ProvinceSimulator.set_*``, ``POST /_sim/knobs``).

    The clock offset lives on the simulator's :class:`~adapters.province.simclock.SimClock`.
    """

    receipt_delay_s: float
    nightly_window: bool
    faults: FaultRates
    duplicate_receipts_in_feed: bool
    receipt_sig_encoding: str
    rate_per_s: float
    rate_burst: int
    max_concurrent_posts: int

    @classmethod
    def from_config(cls, config: ProvinceSimConfig) -> SimKnobs:
        return cls(
            receipt_delay_s=config.receipt_delay_s,
            nightly_window=config.nightly_window,
            faults=config.faults,
            duplicate_receipts_in_feed=config.duplicate_receipts_in_feed,
            receipt_sig_encoding=config.receipt_sig_encoding,
            rate_per_s=config.rate_per_s,
            rate_burst=config.rate_burst,
            max_concurrent_posts=config.max_concurrent_posts,
        )
