"""ProvinceSimulator — a faithful stand-in for the 江苏省“互联网+监管” exchange (upward path).

    sim = ProvinceSimulator(ProvinceSimConfig(nightly_window=False))
    with SimServer(sim.app) as server:
        settings = ProvinceSettings(base_url=server.url + "/exchange/v1", ...)
        ...
    sim.batches(); sim.records(); sim.counters()     # what it received and answered

It authenticates requests (§3.2), runs the synchronous steps 1–9 of §4.3 on ``POST
/batches``, processes each stored batch into exactly one ``js-province``-signed receipt
(V4–V7), and serves receipts by msgId and as a feed.  Its cryptography is its own
(:mod:`adapters.province.simcrypto`), so it judges santong's signing code independently.
Record data is validated with ``mappings.standard.validate_record`` unless another
``validator`` is given.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from fastapi import FastAPI

from adapters.province.simapp import build_app
from adapters.province.simauth import RequestVerifier
from adapters.province.simchecks import NodeKey, RecordValidator
from adapters.province.simclock import BEIJING, SimClock
from adapters.province.simconfig import FaultRates, ProvinceSimConfig, SimKnobs
from adapters.province.simcrypto import SimPrivateKey, SimPublicKey
from adapters.province.simgate import Gateway
from adapters.province.simprocess import (
    BatchProcessor,
    NodeRegistry,
    ReceiptSigner,
    sign_receipt,
)
from adapters.province.simstate import SimState
from adapters.province.testkeys import DEFAULT_SIGNER_ID

__all__ = ["ProvinceSimulator", "standard_validator"]


def standard_validator() -> RecordValidator:
    """``mappings.standard.validate_record`` as the simulator's data check (errors as receipt dicts)."""
    from mappings.standard import (
        validate_record,  # imported late: only when no other validator is given
    )

    def validate(record: dict[str, Any], receive_s: float) -> list[dict[str, Any]]:
        now = datetime.fromtimestamp(receive_s, BEIJING)
        return [{"field": e.field, "code": e.code, "message": e.message} for e in validate_record(record, now=now)]

    return validate


class ProvinceSimulator:
    """The simulated platform: ``.app`` (FastAPI) plus Python accessors and knobs for tests.

    ``validator``: a function from a body record to its data errors (receipt dicts); ``None``
    uses :func:`standard_validator`.
    """

    def __init__(self, config: ProvinceSimConfig | None = None, *,
                 validator: RecordValidator | None = None) -> None:
        self.config = config or ProvinceSimConfig()
        self.knobs = SimKnobs.from_config(self.config)
        self.clock = SimClock(self.config.clock_offset_s)
        self.state = SimState()
        self.registry = NodeRegistry(sources=tuple(self.config.sources), upward_types=tuple(self.config.upward_types))
        for k in self.config.node_keys:
            self.register_node_key(self.config.node_id, k.public_key, signer_id=self.config.node_signer_id,
                                   valid_from_s=k.valid_from_s, valid_to_s=k.valid_to_s)
        self.signer = ReceiptSigner(SimPrivateKey.from_hex(self.config.platform_private_key_hex),
                                    self.config.platform_signer_id, self.config.receipt_sig_encoding)
        self.verifier = RequestVerifier({self.config.app_key: self.config.secret_key}, self.clock,
                                        window_s=self.config.time_window_s,
                                        nonce_memory_s=self.config.request_nonce_memory_s)
        self.gateway = Gateway(self.clock, self.knobs, seed=self.config.seed)
        self.processor = BatchProcessor(
            self.state, self.registry, self.signer, validator=validator or standard_validator(),
            window_s=self.config.time_window_s, nonce_memory_s=self.config.envelope_nonce_memory_s,
            feed_copies=lambda: 2 if self.knobs.duplicate_receipts_in_feed else 1,
        )
        self.app: FastAPI = build_app(self)

    # -- registration and knobs --------------------------------------------------------
    def register_node_key(self, node_id: str, public_key: str, *, signer_id: str = DEFAULT_SIGNER_ID,
                          valid_from_s: float | None = None, valid_to_s: float | None = None) -> None:
        """Register a node SM2 public key (``04‖x‖y`` hex or PEM) and the node's signer ID."""
        self.registry.register(node_id, NodeKey(SimPublicKey.parse(public_key), valid_from_s, valid_to_s), signer_id)

    def set_clock_offset(self, offset_s: float) -> None:
        """Platform clock = real time + ``offset_s`` (quirk 5: e.g. 400)."""
        self.clock.offset_s = offset_s

    def set_time(self, epoch_s: float) -> None:
        """Make the platform clock read ``epoch_s`` now (e.g. inside the nightly window)."""
        self.clock.set_time(epoch_s)

    def set_receipt_delay(self, delay_s: float) -> None:
        self.knobs.receipt_delay_s = delay_s

    def set_faults(self, faults: FaultRates) -> None:
        self.knobs.faults = faults

    def set_knobs(self, **knobs: Any) -> None:
        """Set any :class:`SimKnobs` field by name (``nightly_window=False``, ``rate_burst=5`` …)."""
        for name, value in knobs.items():
            if not hasattr(self.knobs, name):
                raise AttributeError(f"unknown simulator knob {name!r}")
            setattr(self.knobs, name, value)
        self.signer.encoding = self.knobs.receipt_sig_encoding

    # -- processing ----------------------------------------------------------------------
    def process_due(self) -> None:
        """Produce the receipts of every batch whose delay has passed (arrival order)."""
        now = self.clock.now_s()
        self.state.expire(now, self.config.retention_s)
        self.processor.process_due(now)

    def misrouted_receipt(self, ref_msg_id: str, entries: Iterable[Mapping[str, Any]] = ()) -> dict[str, Any]:
        """A correctly signed receipt for a batch this node never sent (quirk 4)."""
        return sign_receipt(self.signer, ref_msg_id, [dict(e) for e in entries], self.clock.now_s())

    # -- what it received ----------------------------------------------------------------
    def batches(self) -> list[dict[str, Any]]:
        """Every batch (arrival order) with digest, ticket, post count and receipt."""
        self.process_due()
        with self.state.lock:
            return [b.summary() for b in self.state.batches.values()]

    def batch(self, msg_id: str) -> dict[str, Any] | None:
        return next((b for b in self.batches() if b["msgId"] == msg_id), None)

    def receipt_bytes(self, msg_id: str) -> bytes | None:
        self.process_due()
        b = self.state.batches.get(msg_id)
        return b.receipt_bytes if b else None

    def records(self) -> dict[str, list[dict[str, Any]]]:
        """Every record version received, by cd_id, with the status answered."""
        self.process_due()
        return self.state.record_versions()

    def counters(self) -> dict[str, Any]:
        """§9 item 9: batch re-posts and record duplicates with their ids, and all received twice."""
        return self.state.counters()


