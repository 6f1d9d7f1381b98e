"""Asynchronous processing of a stored batch into exactly one signed receipt (§4.3, §5.5).

    processor = BatchProcessor(state, registry, platform_key, validator=...)
    processor.process_due(now_s)        # every stored batch whose receipt delay has passed

Batches are processed in arrival order, lazily (on a receipt poll, a feed read, a test
accessor), so that tests are deterministic.
"""

from __future__ import annotations

import secrets
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from adapters.province.simchecks import (
    HeaderContext,
    NodeKey,
    RecordValidator,
    check_header,
    check_record,
    check_signature,
)
from adapters.province.simclock import iso_beijing
from adapters.province.simcrypto import SimPrivateKey, encode_signature, jcs, sm2_sign
from adapters.province.simstate import SimState, StoredBatch

__all__ = ["BatchProcessor", "NodeRegistry", "ReceiptSigner", "sign_receipt"]


@dataclass
class NodeRegistry:
    """What the platform holds about nodes: keys and signer ID per node id, sources, types."""

    signer_ids: dict[str, str] = field(default_factory=dict)
    keys: dict[str, list[NodeKey]] = field(default_factory=dict)
    sources: tuple[str, ...] = ()
    upward_types: tuple[str, ...] = ()

    def register(self, node_id: str, key: NodeKey, signer_id: str) -> None:
        self.keys.setdefault(node_id, []).append(key)
        self.signer_ids[node_id] = signer_id


@dataclass
class ReceiptSigner:
    """The ``js-province`` receipt signer (``encoding`` is switchable at run time)."""

    key: SimPrivateKey
    signer_id: str
    encoding: str = "DER"
    sender: str = "js-province"


def sign_receipt(signer: ReceiptSigner, ref_msg_id: str, entries: list[dict[str, Any]], now_s: float, *,
                 batch_errors: list[dict[str, Any]] | None = None, rejected_whole: int = 0) -> dict[str, Any]:
    """A signed RECEIPT/1.0; ``batch_errors`` makes it a whole-batch rejection with an empty body."""
    if batch_errors:
        accepted, rejected, status = 0, rejected_whole, "REJECTED"
    else:
        rejected = sum(1 for e in entries if e["status"] == "rejected")
        accepted = len(entries) - rejected
        status = "ACCEPTED" if rejected == 0 else "REJECTED" if accepted == 0 else "PARTIAL"
    header: dict[str, Any] = {
        "msgId": str(uuid.uuid4()), "refMsgId": ref_msg_id, "msgType": "RECEIPT", "specVersion": "RECEIPT/1.0",
        "sender": signer.sender, "timestamp": iso_beijing(now_s), "nonce": secrets.token_hex(16),
        "digestAlg": "SM3", "signAlg": "SM2withSM3", "signerId": signer.signer_id,
        "sigEncoding": signer.encoding, "status": status, "accepted": accepted, "rejected": rejected,
    }
    if batch_errors:
        header["errors"] = batch_errors
    body = [] if batch_errors else entries
    r, s = sm2_sign(signer.key, signer.signer_id, jcs({"header": header, "body": body}))
    return {"header": header, "body": body, "signature": encode_signature(r, s, signer.encoding)}


class BatchProcessor:
    """Runs V4–V7 on stored batches and stores one receipt per msgId."""

    def __init__(self, state: SimState, registry: NodeRegistry, signer: ReceiptSigner, *,
                 validator: RecordValidator | None, window_s: int = 300, nonce_memory_s: int = 86_400,
                 feed_copies: Callable[[], int] = lambda: 1) -> None:
        self.state = state
        self.registry = registry
        self.signer = signer
        self.validator = validator
        self.window_s = window_s
        self.nonce_memory_s = nonce_memory_s
        self.feed_copies = feed_copies
        self._lock = threading.Lock()  # one processing pass at a time keeps arrival order

    def process_due(self, now_s: float) -> None:
        with self._lock:
            for batch in self.state.due(now_s):
                self._process(batch, now_s)

    def _process(self, batch: StoredBatch, now_s: float) -> None:
        env = batch.envelope
        header: dict[str, Any] = env["header"]
        body = env.get("body")
        received = len(body) if isinstance(body, list) else 0
        sender = str(header.get("sender"))
        errors = check_signature(env, self.registry.keys.get(sender, []),
                                 self.registry.signer_ids.get(sender, ""), batch.received_at_s)
        if not errors:
            errors = check_header(env, HeaderContext(
                self.registry.upward_types, self.registry.sources, batch.received_at_s, self.window_s,
                lambda nonce: self.state.nonce_replayed(nonce, batch.digest, batch.received_at_s, self.nonce_memory_s),
            ))
            if isinstance(header.get("nonce"), str):
                self.state.remember_nonce(header["nonce"], batch.digest, batch.received_at_s)
        if errors:
            receipt = sign_receipt(self.signer, batch.msg_id, [], now_s, batch_errors=errors, rejected_whole=received)
        else:
            assert isinstance(body, list)
            receipt = sign_receipt(self.signer, batch.msg_id, self._entries(batch, header, body), now_s)
        self.state.store_receipt(batch, receipt, jcs(receipt), now_s, max(1, self.feed_copies()))

    def _entries(self, batch: StoredBatch, header: dict[str, Any], body: list[Any]) -> list[dict[str, Any]]:
        entries = []
        seen: set[str] = set()
        for record in body:
            rec = record if isinstance(record, dict) else {}
            errors = check_record(record, header, batch.received_at_s, self.window_s, self.validator)
            cd_id = rec.get("cd_id")
            status, errors = self.state.apply_record(header["msgType"], batch.msg_id, rec, cd_id in seen, errors)
            if isinstance(cd_id, str):
                seen.add(cd_id)
            entries.append({"cd_id": cd_id, "digest": rec.get("digest"), "status": status, "errors": errors})
        return entries
