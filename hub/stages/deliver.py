"""Deliver: batch standard records for one destination, seal, post, follow the outcome.

Per fetch: decide each record's fate against what the destination already holds
(``replay.deliver_store``): same content already delivered → ``unchanged``; an older
version than the one held → ``superseded``; a version of a ``cd_id`` still in flight, or a
second version in the same fetch → parked for a second (order per record is kept); else
sealed (``i`` first, ``u`` afterwards, ``d`` for tombstones) into batches of one msgType
and one source.  A batch is journalled before it is posted, so that a re-post sends the
same bytes.  A failed post sends ONE control message for the whole batch through the
delay tiers; after the last attempt the records go to dead letters with the reason.
"""

from __future__ import annotations

import json
import time
from collections import defaultdict
from datetime import datetime, timedelta, timezone
from typing import Any

from adapters.base import BatchDraft, PreparedBatch, SealedRecord, Sink
from hub.retry import decide
from hub.stages.base import TRACE_HEADER, Stage, StageContext, dead_letter, retry_later
from hub.stages.normalize import REPLAY_HEADER
from queues.base import ATTEMPT_HEADER, Delivery, OutgoingMessage
from replay.deliver_store import DeliveryItem
from santong.errors import ConfigError, DataError, PermanentError, SignatureInvalid, TransientError
from signatures.envelope import seal_record
from signatures.jcs import canonical

__all__ = ["DeliverStage", "BATCH_HEADER", "PARK_HEADER"]

BATCH_HEADER = "x-santong-batch"
PARK_HEADER = "x-santong-parked"
_CST = timezone(timedelta(hours=8))
_ENVELOPE_OVERHEAD = 4096


class DeliverStage(Stage):
    name = "deliver"

    def __init__(
        self,
        ctx: StageContext,
        destination: str,
        sink: Sink,
        *,
        max_attempts: int,
        batch_max_records: int = 500,
        batch_max_bytes: int = 5_000_000,
        batch_window_ms: int = 500,
        receipt_poll_s: float = 5.0,
    ) -> None:
        super().__init__(ctx)
        self.destination = destination
        self.sink = sink
        self.max_attempts = max_attempts
        self.batch_max_records = batch_max_records
        self.batch_max_bytes = batch_max_bytes
        self.batch_window_s = batch_window_ms / 1000
        self.receipt_poll_s = receipt_poll_s
        self.queue = ctx.names.deliver(destination)
        self._next_receipts = 0.0

    # ---- loop -------------------------------------------------------------------------
    def start(self) -> None:
        sync = getattr(self.sink, "sync_clock", None)
        if callable(sync):
            try:
                sync()
            except TransientError as exc:
                self.log.warning("clock_sync_failed", destination=self.destination, error=str(exc))
        for batch_id, payload, _ in self.ctx.journal.batches_in_status(self.destination, "posted", 10_000):
            self._remember(PreparedBatch(batch_id, payload))
        # Batches journalled before a crash, perhaps posted: ask before posting again, so
        # that the destination never receives the same batch twice.
        for batch_id, payload, attempts in self.ctx.journal.batches_in_status(self.destination, "prepared", 1000):
            prepared = PreparedBatch(batch_id, payload)
            self._remember(prepared)
            try:
                outcome = self.sink.outcome(batch_id)
            except PermanentError:
                self._post(prepared, attempt=attempts)  # the destination never got it
                continue
            except (TransientError, SignatureInvalid) as exc:
                self.log.warning("recovery_outcome_unknown", batch_id=batch_id, error=str(exc))
                self._post(prepared, attempt=attempts)
                continue
            self.ctx.journal.batch_posted(batch_id)
            if outcome is not None:
                self.ctx.journal.apply_outcome(self.destination, outcome)

    def run_once(self) -> int:
        deliveries = self._gather()
        if deliveries:
            controls = [d for d in deliveries if d.headers.get(BATCH_HEADER)]
            records = [d for d in deliveries if not d.headers.get(BATCH_HEADER)]
            for d in controls:
                self._retry_batch(d)
            if records:
                self._deliver(records)
            self.broker.ack(deliveries)
        if time.monotonic() >= self._next_receipts:
            self.follow_receipts()
            self._next_receipts = time.monotonic() + self.receipt_poll_s
        return len(deliveries)

    def _gather(self) -> list[Delivery]:
        """Fill a batch: fetch until it is full or the batch window has passed."""
        got = self.broker.fetch(self.queue, self.batch_max_records, timeout_s=0.2)
        if not got or self.batch_window_s <= 0:
            return got
        deadline = time.monotonic() + self.batch_window_s
        while len(got) < self.batch_max_records and time.monotonic() < deadline:
            more = self.broker.fetch(self.queue, self.batch_max_records - len(got),
                                     timeout_s=max(0.0, deadline - time.monotonic()))
            if not more:
                break
            got.extend(more)
        return got

    # ---- records ----------------------------------------------------------------------
    def _deliver(self, deliveries: list[Delivery]) -> None:
        parsed: list[tuple[Delivery, dict[str, Any]]] = [(d, json.loads(d.body)) for d in deliveries]
        items = [DeliveryItem(d.message_id, r["msg_type"], r["cd_id"], r["cd_time"], r["content_digest"])
                 for d, r in parsed]
        views, states = self.ctx.journal.begin_deliveries(self.destination, items)
        updates: list[tuple[str, str, Any]] = []
        park: list[Delivery] = []
        ready: list[tuple[Delivery, dict[str, Any], str, dict[str, Any] | None]] = []
        claimed: set[tuple[str, str]] = set()
        # Oldest version first, so that when two versions of one cd_id meet, the older goes.
        for d, r in sorted(parsed, key=lambda p: p[1]["cd_time"]):
            view = views.get(d.message_id)
            replay = bool(d.headers.get(REPLAY_HEADER))
            if view is not None and view.status != "queued" and not (replay and view.status in ("dead", "rejected")):
                continue  # already handled (a redelivered message, or a replay of what arrived)
            key = (r["msg_type"], r["cd_id"])
            held = states.get(key)
            if key in claimed or (held is not None and held.in_flight_batch):
                park.append(d)
                continue
            if held is not None and held.live and held.content_digest == r["content_digest"]:
                updates.append((d.message_id, "unchanged", None))
                continue
            if held is not None and held.cd_time and held.cd_time > r["cd_time"]:
                updates.append((d.message_id, "superseded", None))
                continue
            live = bool(held and held.live)
            if r["operation"] == "delete" and not live:
                updates.append((d.message_id, "skipped", None))
                continue
            op = "d" if r["operation"] == "delete" else ("u" if live else "i")
            sealed = view.sealed if view is not None and view.sealed and view.sealed.get("cd_operation") == op else None
            claimed.add(key)
            ready.append((d, r, op, sealed))
        self.ctx.journal.set_delivery_status(self.destination, updates)
        if park:
            # Waiting is not failing: the attempt counter stays; the second tier spares the
            # queue from spinning while a receipt is late (province quirk 1: up to hours).
            tier = self.ctx.delay_tiers_ms[min(1, len(self.ctx.delay_tiers_ms) - 1)]
            for d in park:
                retry_later(self.broker, self.ctx.names, self.queue, [d], attempt=d.attempt, delay_ms=tier,
                            reason="waiting for an earlier version of the record")
        groups: dict[tuple[str, str], list[tuple[Delivery, dict[str, Any], str, dict[str, Any] | None]]] = defaultdict(list)
        for entry in ready:
            groups[(entry[1]["msg_type"], entry[1]["cd_source"])].append(entry)
        for (msg_type, source), entries in groups.items():
            for chunk in self._chunks(entries):
                self._send_chunk(msg_type, source, chunk)

    def _chunks(self, entries: list[Any]) -> list[list[Any]]:
        out: list[list[Any]] = []
        cur: list[Any] = []
        size = _ENVELOPE_OVERHEAD
        for e in entries:
            est = len(canonical(e[1]["data"])) + 600
            if cur and (len(cur) >= self.batch_max_records or size + est > self.batch_max_bytes):
                out.append(cur)
                cur, size = [], _ENVELOPE_OVERHEAD
            cur.append(e)
            size += est
        if cur:
            out.append(cur)
        return out

    def _send_chunk(self, msg_type: str, source: str, chunk: list[Any]) -> None:
        batch_no = self.ctx.journal.next_batch_no(datetime.now(_CST).strftime("%Y%m%d"))
        sealed_records: list[SealedRecord] = []
        for d, r, op, sealed in chunk:
            if sealed is None:
                unsealed = {"cd_id": r["cd_id"], "cd_operation": op, "cd_source": r["cd_source"],
                            "cd_time": r["cd_time"], "specVersion": f"{r['msg_type']}/1.0", "data": r["data"]}
                sealed = seal_record(unsealed, batch_no)
            sealed_records.append(SealedRecord(d.message_id, msg_type, sealed))
        try:
            prepared = self.sink.prepare(BatchDraft(msg_type, source, batch_no, sealed_records))
        except (PermanentError, DataError, ConfigError) as exc:
            failed = [{"code": "DELIVERY_FAILED", "message": str(exc)}]
            self.ctx.journal.set_delivery_status(self.destination, [(s.msg_id, "dead", failed) for s in sealed_records])
            dead_letter(self.broker, self.queue, [c[0] for c in chunk], reason=str(exc))
            return
        self.ctx.journal.store_batch(
            batch_id=prepared.batch_id, destination=self.destination, msg_type=msg_type, source=source,
            batch_no=batch_no, payload=prepared.payload,
            records=[(s.msg_id, s.cd_id, s.digest, s.record) for s in sealed_records],
        )
        self._post(prepared, attempt=0, trace=chunk[0][0].headers.get(TRACE_HEADER))

    # ---- batches ----------------------------------------------------------------------
    def _post(self, prepared: PreparedBatch, *, attempt: int, trace: Any = None) -> None:
        self._remember(prepared)
        try:
            self.sink.post(prepared)
        except TransientError as exc:
            self._post_failed(prepared.batch_id, attempt + 1, str(exc), exc.retry_after_s, trace)
            return
        except PermanentError as exc:
            self._batch_dead(prepared.batch_id, str(exc))
            return
        self.ctx.journal.batch_posted(prepared.batch_id)
        self.log.info("batch_posted", destination=self.destination, batch_id=prepared.batch_id)

    def _post_failed(self, batch_id: str, attempt: int, error: str, retry_after_s: float | None, trace: Any) -> None:
        decision = decide(attempt, self.max_attempts, self.ctx.delay_tiers_ms, retry_after_s)
        if decision.dead:
            self._batch_dead(batch_id, f"attempts exhausted ({attempt}): {error}")
            return
        self.ctx.journal.batch_post_failed(batch_id, error, final=False)
        self.broker.publish(self.ctx.names.delay(decision.delay_ms or self.ctx.delay_tiers_ms[0]), [
            OutgoingMessage(self.queue, b"{}", f"batch-{batch_id}-{attempt}",
                            {BATCH_HEADER: batch_id, ATTEMPT_HEADER: attempt, TRACE_HEADER: trace,
                             "x-santong-last-error": error[:500]})
        ])
        self.log.info("batch_retry_scheduled", batch_id=batch_id, attempt=attempt, delay_ms=decision.delay_ms,
                      error=error)

    def _batch_dead(self, batch_id: str, reason: str) -> None:
        self.ctx.journal.batch_post_failed(batch_id, reason, final=True)
        self.broker.publish("", [OutgoingMessage(f"{self.queue}.dead", b"{}", f"batch-{batch_id}",
                                                 {BATCH_HEADER: batch_id, "x-santong-dead-reason": reason[:1000]})])
        self.log.error("batch_dead", destination=self.destination, batch_id=batch_id, reason=reason)

    def _retry_batch(self, d: Delivery) -> None:
        batch_id = str(d.headers[BATCH_HEADER])
        found = self.ctx.journal.load_batch(batch_id)
        if found is not None and found[0] == "prepared":
            self._post(PreparedBatch(batch_id, found[1]), attempt=d.attempt, trace=d.headers.get(TRACE_HEADER))
        # Otherwise posted, dead or done meanwhile: nothing to do.

    def _remember(self, prepared: PreparedBatch) -> None:
        remember = getattr(self.sink, "remember", None)
        if callable(remember):
            remember(prepared)

    # ---- receipts ---------------------------------------------------------------------
    def follow_receipts(self) -> int:
        """Ask for the outcome of every posted batch; apply those that arrived.  Returns how many."""
        done = 0
        for batch_id, payload, _ in self.ctx.journal.batches_in_status(self.destination, "posted", 200):
            self._remember(PreparedBatch(batch_id, payload))
            try:
                outcome = self.sink.outcome(batch_id)
            except SignatureInvalid as exc:
                self.ctx.journal.batch_receipt_invalid(self.destination, batch_id, str(exc), exc.code, b"")
                self.log.error("receipt_invalid", batch_id=batch_id, code=exc.code, reason=str(exc))
                continue
            except TransientError as exc:
                self.log.info("receipt_not_available", batch_id=batch_id, error=str(exc))
                break
            except PermanentError as exc:
                # The destination does not know the batch (never stored): post the same bytes again.
                self.log.warning("receipt_unknown_batch", batch_id=batch_id, error=str(exc))
                self._post(PreparedBatch(batch_id, payload), attempt=1)
                continue
            if outcome is None:
                continue
            if self.ctx.journal.apply_outcome(self.destination, outcome):
                done += 1
                self.log.info("receipt_applied", batch_id=batch_id,
                              accepted=sum(1 for o in outcome.records if o.status in ("accepted", "duplicate")),
                              rejected=sum(1 for o in outcome.records if o.status == "rejected"))
        return done

    def close(self) -> None:
        super().close()
        self.sink.close()
