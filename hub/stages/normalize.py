"""Normalize: map raw records onto the standard; what cannot be mapped goes to quarantine.

Order of effects for a fetch: journal (one transaction) → publish standard records and
quarantine notices with confirms → ack.  A redelivered raw message whose outcome is
already journalled is re-published, not re-mapped (downstream is idempotent by id).
"""

from __future__ import annotations

from typing import Any

import structlog

from hub.retry import decide
from hub.stages.base import TRACE_HEADER, Stage, StageContext, dead_letter, retry_later
from hub.stages.payload import decode_payload
from mappings.base import Mapper, MappedRecord
from queues.base import ATTEMPT_HEADER, Delivery, OutgoingMessage
from replay import codec
from replay.normalize_store import StdRow
from santong.errors import DataError, PublishRejected
from signatures.jcs import canonical
from signatures.sm3 import sm3_hex

__all__ = ["NormalizeStage", "content_digest", "map_raw", "standard_body", "std_row", "REPLAY_HEADER"]

REPLAY_HEADER = "x-santong-replay"


def content_digest(m: MappedRecord) -> str:
    """SM3 over what the record says (not how it is batched): equal content, equal digest."""
    return sm3_hex(canonical({"msgType": m.msg_type, "cd_id": m.cd_id, "operation": m.operation,
                              "cd_source": m.cd_source, "cd_time": m.cd_time, "data": m.data}))


def std_row(raw_msg_id: str, m: MappedRecord) -> StdRow:
    record = {"msg_type": m.msg_type, "cd_id": m.cd_id, "operation": m.operation, "cd_source": m.cd_source,
              "cd_time": m.cd_time, "data": m.data, "spec": m.spec, "tables": list(m.tables)}
    digest = content_digest(m)
    return StdRow(codec.derived_id(raw_msg_id, m.msg_type, digest), raw_msg_id, m.msg_type, m.area, record, digest)


def standard_body(r: StdRow) -> bytes:
    """The body of a message on the standard exchange (and of a re-delivery)."""
    return codec.dumps({**r.record, "content_digest": r.content_digest}).encode("utf-8")


def map_raw(mapper: Mapper, source: str, kind: str, raw_msg_id: str, body: bytes,
            headers: dict[str, Any]) -> list[StdRow] | dict[str, Any]:
    """Map one raw message: its standard rows, or the quarantine entry naming every field error.

    Shared by the normalize stage and ``santong replay --remap``; anything but a data problem
    (a bug in a spec or the engine) propagates to the caller.
    """
    try:
        payload = decode_payload(body, headers)
        return [std_row(raw_msg_id, m) for m in mapper.map(source, kind, payload)]
    except DataError as exc:
        errors = [e.as_dict() for e in exc.errors] or [{"field": "", "code": "FORMAT", "message": exc.message}]
    except ValueError as exc:  # the body is not JSON at all
        errors = [{"field": "", "code": "FORMAT", "message": f"payload is not JSON: {exc}"}]
    return {"msg_id": raw_msg_id, "source": source, "kind": kind, "reason": errors[0]["code"], "errors": errors}


class NormalizeStage(Stage):
    name = "normalize"

    def __init__(self, ctx: StageContext, source_name: str, mapper: Mapper, *, max_attempts: int = 5) -> None:
        super().__init__(ctx)
        self.source_name = source_name
        self.mapper = mapper
        self.max_attempts = max_attempts
        self.queue = ctx.names.normalize(source_name)

    def run_once(self) -> int:
        deliveries = self.broker.fetch(self.queue, self.ctx.prefetch, timeout_s=0.5)
        if not deliveries:
            return 0
        fates = self.ctx.journal.raw_fates([d.message_id for d in deliveries])
        mapped: list[StdRow] = []
        quarantined: list[dict[str, Any]] = []
        publish: list[StdRow] = []
        failed: list[tuple[Delivery, str]] = []
        for d in deliveries:
            fate = fates.get(d.message_id)
            replay = bool(d.headers.get(REPLAY_HEADER))
            if fate is not None and not replay and fate.status in ("mapped", "quarantined"):
                publish.extend(fate.standard)  # outcome known: make sure it went on
                continue
            kind = str(d.headers.get("x-santong-kind") or d.routing_key.split(".", 1)[-1])
            with structlog.contextvars.bound_contextvars(message_id=d.message_id, source=self.source_name,
                                                         trace_id=d.headers.get(TRACE_HEADER)):
                try:
                    outcome = map_raw(self.mapper, self.source_name, kind, d.message_id, d.body, d.headers)
                except Exception as exc:  # noqa: BLE001 - a mapping bug: retry, then dead-letter
                    self.log.exception("mapping_crashed")
                    failed.append((d, f"{exc.__class__.__name__}: {exc}"))
                    continue
                if isinstance(outcome, dict):
                    quarantined.append(outcome)
                    first = outcome["errors"][0]
                    self.log.info("quarantined", errors=len(outcome["errors"]), first=f"{first['field']} {first['code']}")
                    continue
                rows = outcome
            mapped.extend(rows)
            publish.extend(rows)
        self.ctx.journal.record_normalized(mapped, quarantined)
        self._publish_standard(publish, deliveries)
        if quarantined:
            by_id = {d.message_id: d for d in deliveries}
            self.broker.publish("", [
                OutgoingMessage(self.ctx.names.quarantine,
                                codec.dumps({"msg_id": q["msg_id"], "source": q["source"], "kind": q["kind"],
                                             "errors": q["errors"]}).encode("utf-8"),
                                q["msg_id"], {**by_id[q["msg_id"]].headers, "x-santong-reason": q["reason"]})
                for q in quarantined
            ])
        for d, reason in failed:
            attempt = d.attempt + 1
            decision = decide(attempt, self.max_attempts, self.ctx.delay_tiers_ms)
            if decision.dead:
                dead_letter(self.broker, self.queue, [d], reason=reason)
            else:
                retry_later(self.broker, self.ctx.names, self.queue, [d], attempt=attempt,
                            delay_ms=decision.delay_ms or self.ctx.delay_tiers_ms[0], reason=reason)
        self.broker.ack(deliveries)
        return len(deliveries)

    def _publish_standard(self, rows: list[StdRow], deliveries: list[Delivery]) -> None:
        if not rows:
            return
        trace = {d.message_id: d.headers.get(TRACE_HEADER) for d in deliveries}
        replayed = {d.message_id for d in deliveries if d.headers.get(REPLAY_HEADER)}
        messages = [
            OutgoingMessage(f"{r.msg_type}.{r.area}", standard_body(r), r.std_msg_id,
                            {ATTEMPT_HEADER: 0, TRACE_HEADER: trace.get(r.raw_msg_id), "x-santong-raw-id": r.raw_msg_id,
                             **({REPLAY_HEADER: 1} if r.raw_msg_id in replayed else {})})
            for r in rows
        ]
        try:
            self.broker.publish(self.ctx.names.standard, messages)
        except PublishRejected as exc:
            # No destination routes this type/area: not lost — parked with the reason.  The
            # routable messages of the same publish were accepted (as RabbitMQ does).
            returned = set(exc.context.get("message_ids") or [m.message_id for m in messages])
            self.broker.publish("", [
                OutgoingMessage(f"{self.queue}.dead", m.body, m.message_id,
                                {**m.headers, "x-santong-dead-reason": f"no route for {m.routing_key}"})
                for m in messages if m.message_id in returned
            ])
            self.log.error("unroutable_standard_records", count=len(returned))
