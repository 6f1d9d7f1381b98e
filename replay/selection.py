"""Selecting what to replay: raw messages (to map again) or deliveries (to send again)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from replay import codec
from replay.models import Delivery, RawMessage, StandardRecord
from replay.normalize_store import StdRow
from replay.store import StoreBase

__all__ = ["Selection", "SelectionStore", "parse_time"]


def parse_time(text: str | None, option: str) -> datetime | None:
    """ISO 8601 (``2025-11-19``, ``2025-11-19T09:30:00+08:00``); naive times are Beijing time."""
    if not text:
        return None
    from datetime import timedelta

    try:
        value = datetime.fromisoformat(text)
    except ValueError as exc:
        from santong.errors import ConfigError

        raise ConfigError(f"{option}: not an ISO 8601 time: {text!r}") from exc
    if value.tzinfo is None:
        value = value.replace(tzinfo=timezone(timedelta(hours=8)))
    return value


@dataclass(frozen=True)
class Selection:
    source: str | None = None
    kind: str | None = None
    msg_type: str | None = None
    status: str | None = None
    destination: str | None = None
    since: datetime | None = None
    until: datetime | None = None
    limit: int = 100_000


class SelectionStore(StoreBase):
    def select_raw(self, sel: Selection) -> list[dict[str, Any]]:
        """Raw messages matching the selection (never ``stale`` ones)."""
        q = select(RawMessage).where(RawMessage.status != "stale")
        if sel.source:
            q = q.where(RawMessage.source == sel.source)
        if sel.kind:
            q = q.where(RawMessage.kind == sel.kind)
        if sel.status:
            q = q.where(RawMessage.status == sel.status)
        if sel.since:
            q = q.where(RawMessage.received_at >= sel.since)
        if sel.until:
            q = q.where(RawMessage.received_at < sel.until)
        if sel.msg_type:
            q = q.where(RawMessage.msg_id.in_(select(StandardRecord.raw_msg_id).where(StandardRecord.msg_type == sel.msg_type)))
        with self.tx() as conn:
            rows = conn.execute(q.order_by(RawMessage.received_at).limit(sel.limit)).all()
        return [{"msg_id": r.msg_id, "source": r.source, "kind": r.kind, "source_id": r.source_id,
                 "source_version": r.source_version, "trace_id": r.trace_id, "status": r.status,
                 "payload": codec.unpack_payload(r.payload)} for r in rows]

    def select_deliveries(self, sel: Selection) -> list[tuple[str, str, StdRow]]:
        """(destination, delivery status, standard row) of deliveries matching the selection."""
        q = select(Delivery, StandardRecord).join(StandardRecord, StandardRecord.std_msg_id == Delivery.std_msg_id)
        if sel.destination:
            q = q.where(Delivery.destination == sel.destination)
        if sel.status:
            q = q.where(Delivery.status == sel.status)
        if sel.msg_type:
            q = q.where(Delivery.msg_type == sel.msg_type)
        if sel.since:
            q = q.where(Delivery.updated_at >= sel.since)
        if sel.until:
            q = q.where(Delivery.updated_at < sel.until)
        if sel.source or sel.kind:
            raw = select(RawMessage.msg_id)
            if sel.source:
                raw = raw.where(RawMessage.source == sel.source)
            if sel.kind:
                raw = raw.where(RawMessage.kind == sel.kind)
            q = q.where(StandardRecord.raw_msg_id.in_(raw))
        with Session(self.engine) as session:  # entity pairs need the ORM
            rows = session.execute(q.order_by(Delivery.id).limit(sel.limit)).all()
        return [(d.destination, d.status,
                 StdRow(s.std_msg_id, s.raw_msg_id, s.msg_type, s.area, codec.unpack(s.payload), s.content_digest))
                for d, s in rows]
