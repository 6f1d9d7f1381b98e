"""Journal operations of the normalize stage: standard records and quarantine."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Sequence

from sqlalchemy import insert, select, update

from replay import codec
from replay.models import Quarantine, RawMessage, StandardRecord
from replay.store import StoreBase, utcnow

__all__ = ["NormalizeStore", "StdRow", "RawFate"]


@dataclass(frozen=True)
class StdRow:
    """A standard record to publish on ``santong.standard`` (``record``: MappedRecord fields)."""

    std_msg_id: str
    raw_msg_id: str
    msg_type: str
    area: str
    record: dict[str, Any]
    content_digest: str


@dataclass(frozen=True)
class RawFate:
    status: str
    trace_id: str
    standard: list[StdRow]


class NormalizeStore(StoreBase):
    def raw_fates(self, msg_ids: Sequence[str]) -> dict[str, RawFate]:
        """Current status of raw messages, with the standard records already made from them."""
        if not msg_ids:
            return {}
        with self.tx() as conn:
            raws = conn.execute(
                select(RawMessage.msg_id, RawMessage.status, RawMessage.trace_id).where(
                    RawMessage.msg_id.in_(list(msg_ids))
                )
            ).all()
            stds = conn.execute(
                select(StandardRecord).where(StandardRecord.raw_msg_id.in_(list(msg_ids)))
            ).all()
        by_raw: dict[str, list[StdRow]] = {}
        for s in stds:
            by_raw.setdefault(s.raw_msg_id, []).append(
                StdRow(s.std_msg_id, s.raw_msg_id, s.msg_type, s.area, codec.unpack(s.payload), s.content_digest)
            )
        return {m: RawFate(st, tr, by_raw.get(m, [])) for m, st, tr in raws}

    def record_normalized(
        self,
        mapped: Sequence[StdRow],
        quarantined: Sequence[dict[str, Any]],
    ) -> None:
        """One transaction for a fetch's worth of outcomes.

        ``mapped``: standard rows (several may share a raw message).  ``quarantined``:
        dicts with raw ``msg_id``, ``source``, ``kind``, ``reason``, ``errors`` (list of dicts).
        """
        now = utcnow()
        with self.tx() as conn:
            if mapped:
                conn.execute(
                    self._insert_ignore(StandardRecord.__table__, ["std_msg_id"]),
                    [
                        {
                            "std_msg_id": m.std_msg_id,
                            "raw_msg_id": m.raw_msg_id,
                            "msg_type": m.msg_type,
                            "cd_id": m.record["cd_id"],
                            "operation": m.record["operation"],
                            "cd_source": m.record["cd_source"],
                            "cd_time": m.record["cd_time"],
                            "area": m.area,
                            "content_digest": m.content_digest,
                            "spec": m.record.get("spec", ""),
                            "created_at": now,
                            "payload": codec.pack(m.record),
                        }
                        for m in mapped
                    ],
                )
                raw_ids = sorted({m.raw_msg_id for m in mapped})
                conn.execute(
                    update(RawMessage).where(RawMessage.msg_id.in_(raw_ids)).values(status="mapped", updated_at=now)
                )
                # A replayed record that maps now leaves quarantine.
                conn.execute(
                    update(Quarantine)
                    .where(Quarantine.msg_id.in_(raw_ids), Quarantine.status == "open")
                    .values(status="released", released_at=now)
                )
                self._hops(
                    conn,
                    [
                        {"msg_id": m.raw_msg_id, "stage": "normalize", "event": "mapped",
                         "detail": {"std_msg_id": m.std_msg_id, "msg_type": m.msg_type, "cd_id": m.record["cd_id"],
                                    "content_digest": m.content_digest}}
                        for m in mapped
                    ],
                )
            if quarantined:
                # A replayed record that fails again supersedes its earlier quarantine entry.
                ids = [q["msg_id"] for q in quarantined]
                conn.execute(
                    update(Quarantine)
                    .where(Quarantine.msg_id.in_(ids), Quarantine.status == "open")
                    .values(status="superseded", released_at=now)
                )
                conn.execute(
                    insert(Quarantine),
                    [
                        {
                            "msg_id": q["msg_id"],
                            "stage": q.get("stage", "normalize"),
                            "source": q["source"],
                            "kind": q["kind"],
                            "reason": q["reason"],
                            "errors": codec.dumps(q["errors"]),
                            "status": "open",
                            "created_at": now,
                            "released_at": None,
                        }
                        for q in quarantined
                    ],
                )
                conn.execute(
                    update(RawMessage).where(RawMessage.msg_id.in_(ids)).values(status="quarantined", updated_at=now)
                )
                self._hops(
                    conn,
                    [
                        {"msg_id": q["msg_id"], "stage": q.get("stage", "normalize"), "event": "quarantined",
                         "detail": {"reason": q["reason"], "errors": q["errors"]}}
                        for q in quarantined
                    ],
                )

    def load_raw(self, msg_id: str) -> dict[str, Any] | None:
        with self.tx() as conn:
            r = conn.execute(select(RawMessage).where(RawMessage.msg_id == msg_id)).one_or_none()
        if r is None:
            return None
        return {
            "msg_id": r.msg_id, "source": r.source, "kind": r.kind, "source_id": r.source_id,
            "source_version": r.source_version, "trace_id": r.trace_id, "status": r.status,
            "payload": codec.unpack_payload(r.payload),
        }
