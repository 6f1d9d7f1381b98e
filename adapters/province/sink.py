"""ProvinceSink — delivers sealed records to the provincial exchange and follows their receipts.

    sink = ProvinceSink(settings, SM2PrivateKey.from_pem(node_pem))
    batch = sink.prepare(draft)          # signed envelope as JCS bytes; journal it, then
    sink.post(batch)                     # TransientError: re-post the same bytes later
    outcome = sink.outcome(batch.batch_id)   # None while PENDING; verified BatchOutcome

After a restart, hand the journalled batches back with ``sink.remember(batch)`` so that their
receipts can be checked against what was sent.  A receipt that arrives some other way (the
feed, a callback) is opened with ``sink.open_receipt(receipt)``.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import Any

import httpx

from adapters.base import BatchDraft, BatchOutcome, PreparedBatch, Sink, SinkOutcome
from adapters.province.client import ProvinceClient
from adapters.province.settings import PlatformKey, ProvinceSettings
from santong.errors import ConfigError, PermanentError, SantongError, SignatureInvalid
from signatures.envelope import Signer, TrustStore, build_envelope, check_receipt
from signatures.formats import BEIJING, MAX_ENVELOPE_BYTES, MAX_RECORDS
from signatures.jcs import canonical, loads_strict
from signatures.sm2 import SM2PrivateKey, SM2PublicKey

__all__ = ["ProvinceSink", "trust_store_for"]


def _public_key(key: PlatformKey) -> SM2PublicKey:
    text = key.public_key.strip()
    return SM2PublicKey.from_pem(text) if text.startswith("-----BEGIN") else SM2PublicKey.from_hex(text)


def trust_store_for(settings: ProvinceSettings) -> TrustStore:
    """The trust store of the ``js-province`` keys in ``settings`` (quirk 17 early acceptance)."""
    trust = TrustStore()
    for i, key in enumerate(settings.platform_keys):
        try:
            public = _public_key(key)
        except ConfigError as exc:
            raise ConfigError(f"platform_keys[{i}]: {exc.message}", key=f"platform_keys[{i}].public_key") from exc
        trust.register(settings.platform_sender, public, valid_from=key.valid_from, valid_to=key.valid_to,
                       signer_id=settings.platform_signer_id, accept_early_s=settings.key_early_accept_s)
    return trust


class ProvinceSink(Sink):
    """The Sink of the provincial platform (``sources/province.md`` §4.3–§4.4).

    ``clock`` returns local Unix seconds (default ``time.time``); the tracked platform
    offset (quirk 5) is added to it for request timestamps and envelope ``timestamp``.
    ``transport`` replaces httpx's network transport (tests).  ``max_remembered`` bounds the
    in-memory map msgId → sent envelope; batches whose receipt was verified go first.
    """

    name = "province"

    def __init__(self, settings: ProvinceSettings, node_key: SM2PrivateKey, *,
                 clock: Callable[[], float] = time.time, transport: httpx.BaseTransport | None = None,
                 max_remembered: int = 10_000) -> None:
        self.settings = settings
        self._clock = clock
        self._client = ProvinceClient(settings, clock=clock, transport=transport)
        self._signer = Signer(node_key, settings.node_id, settings.signer_id, settings.sig_encoding)
        self._trust = trust_store_for(settings)
        self._sent: OrderedDict[str, dict[str, Any]] = OrderedDict()
        self._done: set[str] = set()
        self._max_remembered = max_remembered
        self._lock = threading.Lock()

    @property
    def clock_offset_s(self) -> float:
        """Platform clock minus local clock, as last measured."""
        return self._client.offset_s

    def sync_clock(self) -> float:
        """Measure the platform clock offset now (``GET /time``); returns it."""
        return self._client.sync_clock()

    # -- Sink ----------------------------------------------------------------------------
    def prepare(self, draft: BatchDraft) -> PreparedBatch:
        """The signed envelope of ``draft`` as JCS bytes; refuses 0 or >500 records and >5 MiB."""
        n = len(draft.records)
        if not 1 <= n <= MAX_RECORDS:
            raise PermanentError(f"批次须含 1 至 {MAX_RECORDS} 条记录，实为 {n} / a batch carries 1 to "
                                 f"{MAX_RECORDS} records, not {n}", batch_no=draft.batch_no, code="LENGTH")
        stamp = datetime.fromtimestamp(self._client.platform_now_s(), BEIJING)
        try:
            envelope = build_envelope(self._signer, msg_type=draft.msg_type, source=draft.source,
                                      batch_no=draft.batch_no, records=[r.record for r in draft.records],
                                      timestamp=stamp)
        except ConfigError as exc:  # over a limit or a malformed draft: the batcher's mistake
            raise PermanentError(f"批次无法封装 / batch cannot be built: {exc.message}", batch_no=draft.batch_no,
                                 code="RANGE") from exc
        payload = canonical(envelope)
        if len(payload) > MAX_ENVELOPE_BYTES:
            raise PermanentError(f"批次 {len(payload)} 字节，超过 {MAX_ENVELOPE_BYTES} / batch of {len(payload)} "
                                 f"bytes exceeds {MAX_ENVELOPE_BYTES}", batch_no=draft.batch_no, code="RANGE")
        batch = PreparedBatch(batch_id=envelope["header"]["msgId"], payload=payload)
        self._keep(batch.batch_id, envelope)
        return batch

    def remember(self, batch: PreparedBatch) -> None:
        """Register a journalled batch (after a restart) so its receipt can be verified."""
        with self._lock:
            if batch.batch_id in self._sent:
                return
        try:
            envelope = loads_strict(batch.payload)
        except SignatureInvalid as exc:
            raise PermanentError(f"已记录的批次无法读取 / journalled batch unreadable: {exc.message}",
                                 msg_id=batch.batch_id) from exc
        header = envelope.get("header") if isinstance(envelope, dict) else None
        if not isinstance(header, dict) or header.get("msgId") != batch.batch_id or not isinstance(envelope.get("body"), list):
            raise PermanentError("已记录的批次与其标识不符 / journalled batch does not match its id", msg_id=batch.batch_id)
        self._keep(batch.batch_id, envelope)

    def post(self, batch: PreparedBatch) -> None:
        """POST the exact bytes.  202 (also ``duplicate: true``) returns; otherwise raises:
        ``TransientError`` (429, 503, 5xx, 502/504 pages, timeouts: re-post the same bytes),
        ``AuthError`` (401, 403), ``PermanentError`` (400, 409 REPLAY, 413, 415)."""
        self.remember(batch)
        reply = self._client.call("POST", "/batches", body=batch.payload, msg_id=batch.batch_id)
        data = reply.data if isinstance(reply.data, dict) else {}
        if reply.status != 202 or data.get("msgId") != batch.batch_id:
            raise PermanentError(f"省平台应答与批次不符 / unexpected answer HTTP {reply.status}",
                                 msg_id=batch.batch_id, status=reply.status)

    def outcome(self, batch_id: str) -> BatchOutcome | None:
        """The verified receipt of ``batch_id``, or None while PENDING.

        Raises ``SignatureInvalid`` for a receipt that does not verify or does not match the
        batch sent, ``PermanentError`` for 404 MSG_NOT_FOUND (re-post) and 410, and
        ``TransientError`` when it cannot be fetched now.
        """
        envelope = self._envelope(batch_id)
        reply = self._client.call("GET", f"/receipts/{batch_id}", msg_id=batch_id)
        try:
            wrapper = loads_strict(reply.content)
        except SignatureInvalid as exc:
            raise SignatureInvalid(f"回执应答不是严格 JSON / receipt answer is not strict JSON: {exc.message}",
                                   code="FORMAT", field="", msg_id=batch_id) from exc
        data = wrapper.get("data") if isinstance(wrapper, dict) else None
        state = data.get("state") if isinstance(data, dict) else None
        if state == "PENDING":
            return None
        if state != "DONE" or not isinstance(data, dict) or not isinstance(data.get("receipt"), dict):
            raise SignatureInvalid("回执应答无回执 / DONE without a receipt object", code="FORMAT", field="", msg_id=batch_id)
        return self._open(data["receipt"], envelope, batch_id)

    def open_receipt(self, receipt: Mapping[str, Any] | bytes) -> BatchOutcome:
        """Verify a receipt from the feed or a callback; refuses one for a batch never sent (quirk 4)."""
        parsed = loads_strict(receipt) if isinstance(receipt, bytes) else dict(receipt)
        header = parsed.get("header") if isinstance(parsed, dict) else None
        ref = header.get("refMsgId") if isinstance(header, dict) else None
        with self._lock:
            envelope = self._sent.get(ref) if isinstance(ref, str) else None
        if envelope is None:
            raise SignatureInvalid(f"回执所指批次并非本节点发送 / receipt for a batch this node never sent: {ref}",
                                   code="REFERENCE", field="header.refMsgId", ref_msg_id=ref)
        return self._open(parsed, envelope, str(ref))

    def close(self) -> None:
        self._client.close()

    # -- internals -------------------------------------------------------------------------
    def _open(self, receipt: dict[str, Any], envelope: dict[str, Any], batch_id: str) -> BatchOutcome:
        try:
            check_receipt(receipt, self._trust, envelope, now=datetime.fromtimestamp(self._clock(), UTC),
                          skew_s=self._client.offset_s, province_sender=self.settings.platform_sender)
        except SignatureInvalid:
            raise
        except SantongError as exc:  # any other refusal still means: not verified
            raise SignatureInvalid(f"回执未通过验证 / receipt not verified: {exc.message}", msg_id=batch_id) from exc
        header, body = receipt["header"], receipt["body"]
        batch_errors = [dict(e) for e in header.get("errors", [])]
        if body:
            records = [SinkOutcome(e["cd_id"], e["digest"], e["status"], [dict(x) for x in e["errors"]]) for e in body]
        else:  # rejected whole (§5.5): every record sent is rejected with the batch's errors
            records = [SinkOutcome(r["cd_id"], r["digest"], "rejected", list(batch_errors)) for r in envelope["body"]]
        with self._lock:
            self._done.add(batch_id)
        return BatchOutcome(batch_id, records, evidence=canonical(receipt), batch_errors=batch_errors)

    def _envelope(self, batch_id: str) -> dict[str, Any]:
        with self._lock:
            envelope = self._sent.get(batch_id)
        if envelope is None:
            raise PermanentError("未登记的批次：请先 remember() / batch not registered with this sink; call remember()",
                                 msg_id=batch_id, code="NOT_REMEMBERED")
        return envelope

    def _keep(self, batch_id: str, envelope: dict[str, Any]) -> None:
        with self._lock:
            self._sent[batch_id] = envelope
            while len(self._sent) > self._max_remembered:
                victim = next((b for b in self._sent if b in self._done), None) or next(iter(self._sent))
                del self._sent[victim]
                self._done.discard(victim)
