"""Journal operations of the deliver stage: deliveries, destination state, batches, receipts."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Sequence

from sqlalchemy import Connection, bindparam, insert, select, update

from adapters.base import BatchOutcome
from replay import codec
from replay.models import Batch, Counter, Delivery, DestinationState, IdempotencyKey, Quarantine
from replay.store import StoreBase, utcnow

__all__ = ["DeliverStore", "DeliveryItem", "DeliveryView", "DestView", "FINAL_DELIVERY"]

FINAL_DELIVERY = frozenset({"accepted", "duplicate", "rejected", "dead", "superseded", "unchanged", "skipped"})


@dataclass(frozen=True)
class DeliveryItem:
    std_msg_id: str
    msg_type: str
    cd_id: str
    cd_time: str
    content_digest: str


@dataclass(frozen=True)
class DeliveryView:
    std_msg_id: str
    status: str
    attempts: int
    batch_id: str | None
    sealed: dict[str, Any] | None


@dataclass(frozen=True)
class DestView:
    live: bool
    cd_time: str | None
    content_digest: str | None
    in_flight_batch: str | None


class DeliverStore(StoreBase):
    def begin_deliveries(
        self, destination: str, items: Sequence[DeliveryItem]
    ) -> tuple[dict[str, DeliveryView], dict[tuple[str, str], DestView]]:
        """Register deliveries (idempotent) and return their rows and the destination's state."""
        now = utcnow()
        with self.tx() as conn:
            if items:
                conn.execute(
                    self._insert_ignore(Delivery.__table__, ["std_msg_id", "destination"]),
                    [
                        {"std_msg_id": i.std_msg_id, "destination": destination, "msg_type": i.msg_type,
                         "cd_id": i.cd_id, "cd_time": i.cd_time, "content_digest": i.content_digest,
                         "status": "queued", "attempts": 0, "updated_at": now}
                        for i in items
                    ],
                )
            rows = conn.execute(
                select(Delivery).where(
                    Delivery.destination == destination, Delivery.std_msg_id.in_([i.std_msg_id for i in items])
                )
            ).all()
            views = {
                r.std_msg_id: DeliveryView(r.std_msg_id, r.status, r.attempts, r.batch_id, codec.unpack(r.sealed))
                for r in rows
            }
            return views, self._dest_states(conn, destination, {(i.msg_type, i.cd_id) for i in items})

    @staticmethod
    def _dest_states(conn: Connection, destination: str, keys: set[tuple[str, str]]) -> dict[tuple[str, str], DestView]:
        out: dict[tuple[str, str], DestView] = {}
        cd_ids = sorted({k[1] for k in keys})
        for chunk in (cd_ids[i : i + 500] for i in range(0, len(cd_ids), 500)):
            for s in conn.execute(
                select(DestinationState).where(
                    DestinationState.destination == destination, DestinationState.cd_id.in_(chunk)
                )
            ):
                if (s.msg_type, s.cd_id) in keys:
                    out[(s.msg_type, s.cd_id)] = DestView(bool(s.live), s.cd_time, s.content_digest, s.in_flight_batch)
        return out

    def set_delivery_status(
        self, destination: str, updates: Sequence[tuple[str, str, Any]], *, stage: str = "deliver"
    ) -> None:
        """``updates``: (std_msg_id, status, errors or None)."""
        if not updates:
            return
        now = utcnow()
        with self.tx() as conn:
            conn.execute(
                update(Delivery)
                .where(Delivery.std_msg_id == bindparam("b_std"), Delivery.destination == destination)
                .values(status=bindparam("b_status"), errors=bindparam("b_errors"), updated_at=now),
                [{"b_std": std_id, "b_status": status, "b_errors": codec.dumps(errors) if errors is not None else None}
                 for std_id, status, errors in updates],
            )
            self._hops(
                conn,
                [{"msg_id": s, "stage": stage, "event": st, "detail": {"destination": destination, "errors": e}}
                 for s, st, e in updates],
            )

    def next_batch_no(self, day: str) -> str:
        """The next 13-digit batch number of ``day`` (YYYYMMDD), unique for this node."""
        name = f"batch:{day}"
        with self.tx() as conn:
            conn.execute(self._insert_ignore(Counter.__table__, ["name"]), [{"name": name, "value": 0}])
            value = conn.execute(
                update(Counter).where(Counter.name == name).values(value=Counter.value + 1).returning(Counter.value)
            ).scalar_one()
        if value > 99_999:
            raise OverflowError(f"more than 99999 batches on {day}")
        return f"{day}{value:05d}"

    def store_batch(
        self,
        *,
        batch_id: str,
        destination: str,
        msg_type: str,
        source: str,
        batch_no: str,
        payload: bytes,
        records: Sequence[tuple[str, str, str, dict[str, Any]]],
    ) -> None:
        """Journal a prepared batch before it is posted.  ``records``: (std_msg_id, cd_id, digest, sealed)."""
        now = utcnow()
        with self.tx() as conn:
            conn.execute(
                insert(Batch),
                [{"batch_id": batch_id, "destination": destination, "msg_type": msg_type, "source": source,
                  "batch_no": batch_no, "record_count": len(records), "status": "prepared", "attempts": 0,
                  "created_at": now, "payload": codec.pack(payload.decode("utf-8"))}],
            )
            conn.execute(
                update(Delivery)
                .where(Delivery.std_msg_id == bindparam("b_std"), Delivery.destination == destination)
                .values(batch_id=batch_id, digest=bindparam("b_digest"), sealed=bindparam("b_sealed"),
                        status="sending", updated_at=now),
                [{"b_std": std_id, "b_digest": digest, "b_sealed": codec.pack(sealed)}
                 for std_id, _cd_id, digest, sealed in records],
            )
            self._set_in_flight(conn, destination, msg_type, [r[1] for r in records], batch_id)
            self._hops(conn, [{"msg_id": r[0], "stage": "deliver", "event": "batched",
                               "detail": {"destination": destination, "batch_id": batch_id, "batch_no": batch_no,
                                          "digest": r[2]}} for r in records]
                       + [{"msg_id": batch_id, "stage": "deliver", "event": "prepared",
                           "detail": {"destination": destination, "records": len(records), "batch_no": batch_no}}])

    def _set_in_flight(self, conn: Connection, destination: str, msg_type: str, cd_ids: list[str],
                       batch_id: str | None) -> None:
        conn.execute(
            self._insert_ignore(DestinationState.__table__, ["destination", "msg_type", "cd_id"]),
            [{"destination": destination, "msg_type": msg_type, "cd_id": cd_id, "live": 0} for cd_id in cd_ids],
        )
        conn.execute(
            update(DestinationState)
            .where(DestinationState.destination == destination, DestinationState.msg_type == msg_type,
                   DestinationState.cd_id == bindparam("b_cd"))
            .values(in_flight_batch=batch_id),
            [{"b_cd": cd_id} for cd_id in cd_ids],
        )

    def batch_posted(self, batch_id: str) -> None:
        now = utcnow()
        with self.tx() as conn:
            conn.execute(
                update(Batch).where(Batch.batch_id == batch_id, Batch.status == "prepared")
                .values(status="posted", posted_at=now, attempts=Batch.attempts + 1, last_error=None)
            )
            conn.execute(
                update(Delivery).where(Delivery.batch_id == batch_id, Delivery.status == "sending")
                .values(status="sent", attempts=Delivery.attempts + 1, updated_at=now)
            )
            self._hops(conn, [{"msg_id": batch_id, "stage": "deliver", "event": "posted"}])

    def batch_post_failed(self, batch_id: str, error: str, *, final: bool) -> None:
        """A post failed; ``final``: permanently or after the last attempt (dead letters)."""
        now = utcnow()
        with self.tx() as conn:
            batch = conn.execute(select(Batch).where(Batch.batch_id == batch_id)).one()
            conn.execute(
                update(Batch).where(Batch.batch_id == batch_id)
                .values(status="dead" if final else batch.status, attempts=Batch.attempts + 1, last_error=error)
            )
            if final:
                rows = conn.execute(select(Delivery).where(Delivery.batch_id == batch_id)).all()
                conn.execute(
                    update(Delivery).where(Delivery.batch_id == batch_id)
                    .values(status="dead", errors=codec.dumps([{"code": "DELIVERY_FAILED", "message": error}]),
                            updated_at=now)
                )
                if rows:
                    conn.execute(
                        update(DestinationState)
                        .where(DestinationState.destination == batch.destination,
                               DestinationState.msg_type == bindparam("b_type"),
                               DestinationState.cd_id == bindparam("b_cd"),
                               DestinationState.in_flight_batch == batch_id)
                        .values(in_flight_batch=None),
                        [{"b_type": r.msg_type, "b_cd": r.cd_id} for r in rows],
                    )
                self._hops(conn, [{"msg_id": r.std_msg_id, "stage": "deliver", "event": "dead",
                                   "detail": {"batch_id": batch_id, "reason": error}} for r in rows])
            self._hops(conn, [{"msg_id": batch_id, "stage": "deliver", "event": "dead" if final else "post_failed",
                               "detail": {"error": error}}])

    def batches_in_status(self, destination: str, status: str, limit: int = 100) -> list[tuple[str, bytes, int]]:
        """(batch_id, payload bytes, attempts) of a destination's batches in ``status``, oldest first."""
        with self.tx() as conn:
            rows = conn.execute(
                select(Batch.batch_id, Batch.payload, Batch.attempts)
                .where(Batch.destination == destination, Batch.status == status)
                .order_by(Batch.created_at).limit(limit)
            ).all()
        return [(b, str(codec.unpack(p)).encode("utf-8"), a) for b, p, a in rows]

    def load_batch(self, batch_id: str) -> tuple[str, bytes, int] | None:
        """(status, payload bytes, attempts) of one batch, or ``None``."""
        with self.tx() as conn:
            row = conn.execute(
                select(Batch.status, Batch.payload, Batch.attempts).where(Batch.batch_id == batch_id)
            ).first()
        return None if row is None else (row[0], str(codec.unpack(row[1])).encode("utf-8"), row[2])

    def apply_outcome(self, destination: str, outcome: BatchOutcome) -> bool:
        """Close a batch with its verified outcome; ``False`` when it was applied already."""
        now = utcnow()
        with self.tx() as conn:
            # RETURNING, not rowcount: drivers disagree on rowcount after ON CONFLICT DO NOTHING.
            first = conn.execute(
                self._insert_ignore(IdempotencyKey.__table__, ["scope", "key"]).returning(IdempotencyKey.key),
                {"scope": "outcome", "key": f"{destination}:{outcome.batch_id}", "created_at": now},
            ).first()
            if first is None:
                return False
            rows = conn.execute(
                select(Delivery).where(Delivery.batch_id == outcome.batch_id).order_by(Delivery.id)
            ).all()
            by_key = {(r.cd_id, r.digest): r for r in rows}
            hops: list[dict[str, Any]] = []
            closes: list[tuple[Any, str, Any]] = []
            seen: set[int] = set()
            for o in outcome.records:
                r = by_key.get((o.cd_id, o.digest))
                if r is None:
                    continue
                seen.add(r.id)
                closes.append((r, o.status, o.errors))
                hops.append({"msg_id": r.std_msg_id, "stage": "receipt", "event": o.status,
                             "detail": {"batch_id": outcome.batch_id, "errors": o.errors}})
            for r in rows:
                if r.id not in seen:  # whole-batch rejection: every record shares the batch errors
                    closes.append((r, "rejected", outcome.batch_errors))
                    hops.append({"msg_id": r.std_msg_id, "stage": "receipt", "event": "rejected",
                                 "detail": {"batch_id": outcome.batch_id, "errors": outcome.batch_errors}})
            self._close_deliveries(conn, destination, closes, now)
            conn.execute(
                update(Batch).where(Batch.batch_id == outcome.batch_id)
                .values(status="done", receipt_at=now, receipt=codec.pack(outcome.evidence.decode("utf-8")))
            )
            hops.append({"msg_id": outcome.batch_id, "stage": "receipt", "event": "received",
                         "detail": {"records": len(outcome.records), "batch_errors": outcome.batch_errors}})
            self._hops(conn, hops)
            return True

    def _close_deliveries(self, conn: Connection, destination: str, closes: list[tuple[Any, str, Any]],
                          now: Any) -> None:
        """Final statuses for a batch's deliveries, and what the destination now holds."""
        if not closes:
            return
        conn.execute(
            update(Delivery).where(Delivery.id == bindparam("b_id"))
            .values(status=bindparam("b_status"), errors=bindparam("b_errors"), updated_at=now),
            [{"b_id": r.id, "b_status": status, "b_errors": codec.dumps(errors) if errors else None}
             for r, status, errors in closes],
        )
        held = [(r, status) for r, status, _ in closes if status in ("accepted", "duplicate")]
        if held:
            conn.execute(
                update(DestinationState)
                .where(DestinationState.destination == destination, DestinationState.msg_type == bindparam("b_type"),
                       DestinationState.cd_id == bindparam("b_cd"))
                .values(in_flight_batch=None, live=bindparam("b_live"), cd_time=bindparam("b_time"),
                        content_digest=bindparam("b_digest")),
                [{"b_type": r.msg_type, "b_cd": r.cd_id, "b_time": r.cd_time, "b_digest": r.content_digest,
                  "b_live": 0 if (codec.unpack(r.sealed) or {}).get("cd_operation") == "d" else 1} for r, _ in held],
            )
        other = [r for r, status, _ in closes if status not in ("accepted", "duplicate")]
        if other:
            conn.execute(
                update(DestinationState)
                .where(DestinationState.destination == destination, DestinationState.msg_type == bindparam("b_type"),
                       DestinationState.cd_id == bindparam("b_cd"))
                .values(in_flight_batch=None),
                [{"b_type": r.msg_type, "b_cd": r.cd_id} for r in other],
            )

    def batch_receipt_invalid(self, destination: str, batch_id: str, reason: str, code: str, evidence: bytes) -> None:
        """An answer that failed verification: quarantined, never marks a record delivered."""
        now = utcnow()
        with self.tx() as conn:
            conn.execute(update(Batch).where(Batch.batch_id == batch_id)
                         .values(status="receipt_invalid", last_error=f"{code}: {reason}"))
            conn.execute(insert(Quarantine), [{
                "msg_id": batch_id, "stage": "receipt", "source": destination, "kind": "RECEIPT",
                "reason": code, "errors": codec.dumps([{"field": "signature", "code": code, "message": reason,
                                                        "evidence": evidence.decode("utf-8", "replace")}]),
                "status": "open", "created_at": now, "released_at": None}])
            self._hops(conn, [{"msg_id": batch_id, "stage": "receipt", "event": "receipt_invalid",
                               "detail": {"code": code, "reason": reason}}])
