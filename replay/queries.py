"""Read side of the journal: summaries, one message's story, audit trail."""

from __future__ import annotations

import json
from collections import Counter as Tally
from typing import Any

from sqlalchemy import func, insert, or_, select

from replay import codec
from replay.models import (
    AuditEntry,
    Batch,
    Delivery,
    Hop,
    Quarantine,
    RawMessage,
    StandardRecord,
)
from replay.deliver_store import FINAL_DELIVERY
from replay.store import StoreBase, utcnow

__all__ = ["Queries"]


def _shown(payload: Any) -> Any:
    """A payload for display: XML bytes as text (they are UTF-8 once the adapter read them)."""
    if isinstance(payload, bytes):
        return payload.decode("utf-8", "replace")
    return payload


class Queries(StoreBase):
    def summary(self, destinations: list[str] | None = None) -> dict[str, Any]:
        """Counts of every fate, for ``santong demo`` and the dashboard.

        ``lost`` counts what has no final state: raw records never mapped nor quarantined,
        standard records with no delivery to a routed destination, deliveries still open.
        """
        with self.tx() as conn:
            raw = dict(conn.execute(select(RawMessage.status, func.count()).group_by(RawMessage.status)).all())
            dl = dict(conn.execute(select(Delivery.status, func.count()).group_by(Delivery.status)).all())
            q_rows = conn.execute(
                select(Quarantine.reason, Quarantine.errors).where(Quarantine.status == "open",
                                                                   Quarantine.stage == "normalize")
            ).all()
            undelivered = 0
            if destinations:
                delivered_ids = select(Delivery.std_msg_id).where(Delivery.destination.in_(destinations))
                undelivered = conn.execute(
                    select(func.count()).select_from(StandardRecord)
                    .where(StandardRecord.std_msg_id.not_in(delivered_ids))
                ).scalar_one()
            batches = dict(conn.execute(select(Batch.status, func.count()).group_by(Batch.status)).all())
        by_reason: Tally[str] = Tally()
        for reason, errors in q_rows:
            errs = json.loads(errors) or [{"field": "", "code": reason}]
            for e in errs:
                by_reason[f"{e.get('field', '')} {e.get('code', reason)}".strip()] += 1
        open_deliveries = sum(n for s, n in dl.items() if s not in FINAL_DELIVERY)
        return {
            "raw": sum(n for s, n in raw.items() if s != "stale"),
            "stale": raw.get("stale", 0),
            "mapped": raw.get("mapped", 0),
            "quarantined": raw.get("quarantined", 0),
            "quarantined_by_reason": dict(by_reason.most_common()),
            "delivered": sum(dl.get(s, 0) for s in ("sent", "accepted", "duplicate", "rejected")),
            "accepted": dl.get("accepted", 0) + dl.get("duplicate", 0),
            "rejected": dl.get("rejected", 0),
            "dead": dl.get("dead", 0),
            "unchanged": dl.get("unchanged", 0) + dl.get("superseded", 0) + dl.get("skipped", 0),
            "pending": open_deliveries,
            "lost": raw.get("received", 0) + raw.get("published", 0) + undelivered + open_deliveries,
            "batches": batches,
        }

    def story(self, ident: str) -> dict[str, Any] | None:
        """Everything about one message: by raw msg id, standard msg id, cd_id or batch id."""
        with self.tx() as conn:
            raw = conn.execute(select(RawMessage).where(RawMessage.msg_id == ident)).one_or_none()
            stds: list[Any] = []
            if raw is None:
                std = conn.execute(
                    select(StandardRecord).where(or_(StandardRecord.std_msg_id == ident, StandardRecord.cd_id == ident))
                    .order_by(StandardRecord.created_at)
                ).all()
                if std:
                    raw = conn.execute(select(RawMessage).where(RawMessage.msg_id == std[-1].raw_msg_id)).one()
            if raw is None:
                batch = conn.execute(select(Batch).where(Batch.batch_id == ident)).one_or_none()
                if batch is None:
                    return None
                hops = conn.execute(select(Hop).where(Hop.msg_id == ident).order_by(Hop.id)).all()
                return {
                    "batch": {"batch_id": batch.batch_id, "destination": batch.destination, "status": batch.status,
                              "batch_no": batch.batch_no, "records": batch.record_count,
                              "envelope": codec.unpack(batch.payload), "receipt": codec.unpack(batch.receipt),
                              "last_error": batch.last_error},
                    "hops": [self._hop(h) for h in hops],
                }
            stds = list(conn.execute(select(StandardRecord).where(StandardRecord.raw_msg_id == raw.msg_id)).all())
            ids = [raw.msg_id] + [s.std_msg_id for s in stds]
            deliveries = conn.execute(
                select(Delivery).where(Delivery.std_msg_id.in_(ids[1:]))
            ).all() if stds else []
            ids += sorted({d.batch_id for d in deliveries if d.batch_id})
            hops = conn.execute(select(Hop).where(Hop.msg_id.in_(ids)).order_by(Hop.id)).all()
            quarantine = conn.execute(
                select(Quarantine).where(Quarantine.msg_id == raw.msg_id).order_by(Quarantine.id)
            ).all()
        return {
            "raw": {"msg_id": raw.msg_id, "source": raw.source, "kind": raw.kind, "source_id": raw.source_id,
                    "source_version": raw.source_version, "status": raw.status, "trace_id": raw.trace_id,
                    "payload": _shown(codec.unpack_payload(raw.payload))},
            "standard": [{"std_msg_id": s.std_msg_id, "msg_type": s.msg_type, "cd_id": s.cd_id,
                          "content_digest": s.content_digest, "record": codec.unpack(s.payload)} for s in stds],
            "deliveries": [{"std_msg_id": d.std_msg_id, "destination": d.destination, "status": d.status,
                            "batch_id": d.batch_id, "digest": d.digest, "attempts": d.attempts,
                            "errors": json.loads(d.errors) if d.errors else None,
                            "sealed": codec.unpack(d.sealed)} for d in deliveries],
            "quarantine": [{"reason": q.reason, "status": q.status, "errors": json.loads(q.errors),
                            "at": q.created_at.isoformat()} for q in quarantine],
            "hops": [self._hop(h) for h in hops],
        }

    @staticmethod
    def _hop(h: Any) -> dict[str, Any]:
        return {"msg_id": h.msg_id, "stage": h.stage, "event": h.event, "at": h.at.isoformat(),
                "detail": json.loads(h.detail)}

    def audit(self, actor: str, action: str, reason: str, detail: dict[str, Any]) -> None:
        """Append an administrative action to the audit trail."""
        with self.tx() as conn:
            conn.execute(insert(AuditEntry), [{"at": utcnow(), "actor": actor, "action": action,
                                                          "reason": reason, "detail": codec.dumps(detail)}])

    def audit_entries(self, limit: int = 100) -> list[dict[str, Any]]:
        with self.tx() as conn:
            rows = conn.execute(select(AuditEntry).order_by(AuditEntry.id.desc()).limit(limit)).all()
        return [{"id": a.id, "at": a.at.isoformat(), "actor": a.actor, "action": a.action, "reason": a.reason,
                 "detail": json.loads(a.detail)} for a in rows]

    def missing_versions(self, source: str, final: dict[str, Any]) -> set[str]:
        """Source ids whose final version (``{source_id: version}``) never reached the journal."""
        with self.tx() as conn:
            have = {(sid, ver) for sid, ver in conn.execute(
                select(RawMessage.source_id, RawMessage.source_version).where(RawMessage.source == source))}
        return {sid for sid, ver in final.items() if (sid, str(ver)) not in have}

    def quarantined_source_ids(self, source: str) -> set[str]:
        """Source ids whose latest journalled version is in quarantine."""
        with self.tx() as conn:
            rows = conn.execute(
                select(RawMessage.source_id, RawMessage.source_version, RawMessage.status)
                .where(RawMessage.source == source, RawMessage.status != "stale")
            ).all()
        latest: dict[str, tuple[int, str]] = {}
        for sid, ver, status in rows:
            num = int(ver) if ver.isdigit() else 0
            if sid not in latest or num >= latest[sid][0]:
                latest[sid] = (num, status)
        return {sid for sid, (_, status) in latest.items() if status == "quarantined"}
