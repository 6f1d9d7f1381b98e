"""What the simulated platform remembers: batches, tickets, receipts, record versions, counters.

Every method takes the state lock itself; callers never hold it.  The record state table
(§4.3 / STANDARD.md §4.0) is applied by :meth:`SimState.apply_record`, one record at a time
in body order.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from adapters.province.simclock import BEIJING

__all__ = ["PostResult", "RecordState", "RecordVersion", "SimState", "StoredBatch"]


@dataclass
class StoredBatch:
    """One batch as stored at step 9 of §4.3, then its receipt once processed."""

    msg_id: str
    ticket: str
    digest: str
    received_at_s: float
    due_at_s: float
    payload: bytes
    envelope: dict[str, Any]
    post_count: int = 1
    receipt: dict[str, Any] | None = None
    receipt_bytes: bytes | None = None

    def summary(self) -> dict[str, Any]:
        return {
            "msgId": self.msg_id, "ticket": self.ticket, "batchDigest": self.digest,
            "receivedAt": self.received_at_s, "postCount": self.post_count,
            "state": "DONE" if self.receipt is not None else "PENDING", "receipt": self.receipt,
        }


@dataclass
class RecordVersion:
    """One version of a record as received, with what the platform answered."""

    msg_id: str
    digest: str
    operation: str
    cd_time: str
    status: str
    errors: list[dict[str, Any]]


@dataclass
class RecordState:
    """The platform's state of one (msgType, cd_id)."""

    msg_type: str
    cd_id: str
    live: bool = False
    digest: str | None = None
    cd_time: str | None = None
    history: list[RecordVersion] = field(default_factory=list)


@dataclass(frozen=True)
class PostResult:
    """Outcome of step 8–9: ``duplicate`` (same digest), ``replay`` (409) or newly ``stored``."""

    kind: str
    batch: StoredBatch | None


def _err(fieldname: str, code: str, message: str) -> dict[str, Any]:
    return {"field": fieldname, "code": code, "message": message}


class SimState:
    """Batches by msgId (arrival order), record versions, the receipt feed and the counters."""

    def __init__(self, *, first_seq: int = 5_001_200) -> None:
        self.lock = threading.RLock()
        self.batches: OrderedDict[str, StoredBatch] = OrderedDict()
        self.records: dict[tuple[str, str], RecordState] = {}
        self.accepted_versions: set[tuple[str, str, str]] = set()
        self.envelope_nonces: dict[str, tuple[str, float]] = {}
        self.feed: list[tuple[int, bytes, float]] = []  # seq, receipt bytes, produced at
        self.expired: set[str] = set()
        self._next_seq = first_seq
        self._ticket_seq = 0
        self.batch_reposts: dict[str, int] = {}
        self.replays: list[str] = []
        self.record_duplicates: list[dict[str, str]] = []
        self.record_carriers: dict[tuple[str, str], list[str]] = {}

    # -- steps 8 and 9 of §4.3 ------------------------------------------------------
    def post(self, msg_id: str, digest: str, payload: bytes, envelope: dict[str, Any],
             now_s: float, delay_s: float) -> PostResult:
        """Idempotency by msgId and batch digest, then store with a new ticket."""
        with self.lock:
            known = self.batches.get(msg_id)
            if known is not None:
                if known.digest != digest:
                    self.replays.append(msg_id)
                    return PostResult("replay", known)
                known.post_count += 1
                self.batch_reposts[msg_id] = known.post_count - 1
                return PostResult("duplicate", known)
            self._ticket_seq += 1
            stamp = datetime.fromtimestamp(now_s, BEIJING).strftime("%Y%m%d%H%M%S")
            batch = StoredBatch(msg_id, f"TK{stamp}{self._ticket_seq % 100_000:05d}", digest, now_s,
                                now_s + delay_s, payload, envelope)
            self.batches[msg_id] = batch
            body = envelope.get("body")
            for rec in body if isinstance(body, list) else []:
                if isinstance(rec, dict) and isinstance(rec.get("cd_id"), str) and isinstance(rec.get("digest"), str):
                    self.record_carriers.setdefault((rec["cd_id"], rec["digest"]), []).append(msg_id)
            return PostResult("stored", batch)

    def due(self, now_s: float) -> list[StoredBatch]:
        with self.lock:
            return [b for b in self.batches.values() if b.receipt is None and b.due_at_s <= now_s]

    def expire(self, now_s: float, retention_s: float) -> None:
        """Forget msgIds and receipts older than the retention (30 days)."""
        with self.lock:
            for msg_id in [m for m, b in self.batches.items() if now_s - b.received_at_s > retention_s]:
                del self.batches[msg_id]
                self.expired.add(msg_id)
            self.feed = [item for item in self.feed if now_s - item[2] <= retention_s]

    def is_expired(self, msg_id: str) -> bool:
        with self.lock:
            return msg_id in self.expired and msg_id not in self.batches

    # -- envelope nonce memory (24 h) -----------------------------------------------
    def nonce_replayed(self, nonce: str, digest: str, now_s: float, memory_s: float) -> bool:
        """True when ``nonce`` was used within ``memory_s`` by another envelope digest."""
        with self.lock:
            seen = self.envelope_nonces.get(nonce)
            return seen is not None and seen[0] != digest and now_s - seen[1] <= memory_s

    def remember_nonce(self, nonce: str, digest: str, now_s: float) -> None:
        with self.lock:
            self.envelope_nonces.setdefault(nonce, (digest, now_s))

    # -- V7: the state rules ---------------------------------------------------------
    def apply_record(self, msg_type: str, msg_id: str, record: dict[str, Any], earlier_in_batch: bool,
                     check_errors: list[dict[str, Any]] | None = None) -> tuple[str, list[dict[str, Any]]]:
        """Status and errors of one record (§4.3 table); ``check_errors`` (V6) reject it before the rules."""
        cd_id, digest = record.get("cd_id"), record.get("digest")
        op, cd_time = record.get("cd_operation"), record.get("cd_time")
        if check_errors:
            if isinstance(cd_id, str):  # kept for the test interface; no effect on the state
                with self.lock:
                    st = self.records.setdefault((msg_type, cd_id), RecordState(msg_type, cd_id))
                    st.history.append(RecordVersion(msg_id, str(digest), str(op), str(cd_time), "rejected", check_errors))
            return "rejected", check_errors
        assert isinstance(cd_id, str) and isinstance(digest, str) and isinstance(op, str) and isinstance(cd_time, str)
        with self.lock:
            state = self.records.setdefault((msg_type, cd_id), RecordState(msg_type, cd_id))
            status, errors = self._rule(state, msg_type, cd_id, digest, op, cd_time, earlier_in_batch)
            if status == "accepted":
                self.accepted_versions.add((msg_type, cd_id, digest))
                state.live, state.digest, state.cd_time = op != "d", digest, cd_time
            elif status == "duplicate":
                self.record_duplicates.append({"cd_id": cd_id, "digest": digest, "msgId": msg_id})
            state.history.append(RecordVersion(msg_id, digest, op, cd_time, status, errors))
            return status, errors

    def _rule(self, state: RecordState, msg_type: str, cd_id: str, digest: str, op: str, cd_time: str,
              earlier_in_batch: bool) -> tuple[str, list[dict[str, Any]]]:
        if earlier_in_batch:
            return "rejected", [_err("cd_id", "DUPLICATE", "同一批次内记录标识重复")]
        if (msg_type, cd_id, digest) in self.accepted_versions:
            return "duplicate", []
        if op == "i":
            if not state.live:
                return "accepted", []
            return "rejected", [_err("cd_id", "DUPLICATE", "记录已存在，请以 u 更新")]
        if not state.live:
            return "rejected", [_err("cd_id", "REFERENCE", "记录不存在或已删除，不能更新或删除")]
        if cd_time >= (state.cd_time or ""):
            return "accepted", []
        return "rejected", [_err("cd_time", "ORDER", f"版本早于平台已有版本（{state.cd_time}）")]

    # -- receipts ----------------------------------------------------------------------
    def store_receipt(self, batch: StoredBatch, receipt: dict[str, Any], receipt_bytes: bytes, now_s: float,
                      copies: int = 1) -> None:
        """Attach the receipt to its batch and append it to the feed (``copies`` > 1: quirk 2)."""
        with self.lock:
            if batch.receipt is not None:
                return
            batch.receipt, batch.receipt_bytes = receipt, receipt_bytes
            for _ in range(copies):
                self.feed.append((self._next_seq, receipt_bytes, now_s))
                self._next_seq += 1

    def feed_page(self, cursor: int | None, limit: int) -> tuple[list[tuple[int, bytes]], bool]:
        with self.lock:
            items = [(seq, rb) for seq, rb, _ in self.feed if cursor is None or seq > cursor]
            return items[:limit], len(items) > limit

    # -- what tests read -----------------------------------------------------------
    def counters(self) -> dict[str, Any]:
        with self.lock:
            twice_records = {f"{c}|{d}": list(m) for (c, d), m in self.record_carriers.items() if len(m) > 1}
            return {
                "batchReposts": dict(self.batch_reposts),
                "batchRepostCount": sum(self.batch_reposts.values()),
                "replays": list(self.replays),
                "recordDuplicates": list(self.record_duplicates),
                "recordDuplicateCount": len(self.record_duplicates),
                "receivedTwice": {
                    "msgIds": {m: b.post_count for m, b in self.batches.items() if b.post_count > 1},
                    "records": twice_records,
                },
            }

    def record_versions(self) -> dict[str, list[dict[str, Any]]]:
        with self.lock:
            out: dict[str, list[dict[str, Any]]] = {}
            for (msg_type, cd_id), st in self.records.items():
                out.setdefault(cd_id, []).extend(
                    {"msgType": msg_type, "msgId": v.msg_id, "digest": v.digest, "operation": v.operation,
                     "cd_time": v.cd_time, "status": v.status, "errors": v.errors}
                    for v in st.history
                )
            return out
