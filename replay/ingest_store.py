"""Journal operations of the ingest stage: raw records, versions, cursors."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any, Sequence

from sqlalchemy import insert, select, tuple_, update

from adapters.base import RawRecord
from replay import codec
from replay.models import Cursor, RawMessage, SourceVersion
from replay.store import StoreBase, utcnow

__all__ = ["IngestStore", "RawRow"]


@dataclass(frozen=True)
class RawRow:
    """A raw message to publish on ``santong.raw``."""

    msg_id: str
    source: str
    kind: str
    source_id: str
    source_version: str
    trace_id: str
    payload: Any


def _version_num(version: str) -> int | None:
    try:
        return int(version)
    except ValueError:
        return None


class IngestStore(StoreBase):
    def get_cursor(self, source: str) -> str | None:
        with self.tx() as conn:
            return conn.execute(select(Cursor.cursor).where(Cursor.source == source)).scalar()

    def ingest_page(self, source: str, records: Sequence[RawRecord]) -> list[RawRow]:
        """Record a page's raw records; returns those still to publish.

        A record already journalled and published is a re-poll (nothing to do); one
        journalled but never confirmed by the broker is returned again.  A version not
        newer than the highest known for that source record is kept as ``stale``.
        """
        if not records:
            return []
        now = utcnow()
        # Within one page keep the last occurrence of each identity (a repeat is a duplicate).
        unique: dict[str, RawRecord] = {}
        for rec in records:
            unique[codec.message_id(source, rec.kind, rec.source_id, rec.source_version)] = rec
        out: list[RawRow] = []
        with self.tx() as conn:
            known = dict(
                conn.execute(
                    select(RawMessage.msg_id, RawMessage.status).where(RawMessage.msg_id.in_(list(unique)))
                ).all()
            )
            keys = {(r.kind, r.source_id) for mid, r in unique.items() if mid not in known}
            latest: dict[tuple[str, str], int] = {}
            if keys:
                rows = conn.execute(
                    select(SourceVersion.kind, SourceVersion.source_id, SourceVersion.version_num).where(
                        SourceVersion.source == source,
                        tuple_(SourceVersion.kind, SourceVersion.source_id).in_(list(keys)),
                    )
                ).all()
                latest = {(k, sid): v for k, sid, v in rows}
            inserts: list[dict[str, Any]] = []
            hops: list[dict[str, Any]] = []
            versions: dict[tuple[str, str], tuple[int, str]] = {}
            for mid, rec in unique.items():
                if mid in known:
                    if known[mid] == "received":
                        out.append(self._row(conn, mid))
                    continue
                num = _version_num(rec.source_version)
                key = (rec.kind, rec.source_id)
                held = versions.get(key, (latest.get(key), ""))[0]
                stale = num is not None and held is not None and num <= held
                trace_id = uuid.uuid4().hex
                inserts.append(
                    {
                        "msg_id": mid,
                        "source": source,
                        "kind": rec.kind,
                        "source_id": rec.source_id,
                        "source_version": rec.source_version,
                        "trace_id": trace_id,
                        "status": "stale" if stale else "received",
                        "received_at": now,
                        "updated_at": now,
                        "payload": codec.pack_payload(rec.payload),
                    }
                )
                hops.append(
                    {
                        "msg_id": mid,
                        "stage": "ingest",
                        "event": "stale" if stale else "received",
                        "detail": {"source": source, "kind": rec.kind, "source_id": rec.source_id,
                                   "version": rec.source_version, "held_version": held},
                    }
                )
                if not stale:
                    if num is not None:
                        versions[key] = (num, mid)
                    out.append(RawRow(mid, source, rec.kind, rec.source_id, rec.source_version, trace_id, rec.payload))
            if inserts:
                conn.execute(self._insert_ignore(RawMessage.__table__, ["msg_id"]), inserts)
            for (kind, sid), (num, mid) in versions.items():
                values = {"source": source, "kind": kind, "source_id": sid, "version_num": num, "msg_id": mid}
                if (kind, sid) in latest:
                    conn.execute(
                        update(SourceVersion)
                        .where(SourceVersion.source == source, SourceVersion.kind == kind, SourceVersion.source_id == sid)
                        .values(version_num=num, msg_id=mid)
                    )
                else:
                    conn.execute(self._insert_ignore(SourceVersion.__table__, ["source", "kind", "source_id"]), [values])
            self._hops(conn, hops)
        return out

    @staticmethod
    def _row(conn: Any, msg_id: str) -> RawRow:
        r = conn.execute(select(RawMessage).where(RawMessage.msg_id == msg_id)).one()
        return RawRow(r.msg_id, r.source, r.kind, r.source_id, r.source_version, r.trace_id, codec.unpack_payload(r.payload))

    def mark_published(self, source: str, msg_ids: Sequence[str], cursor: str | None, *, advance: bool = True) -> None:
        """The broker confirmed these: mark them published and (then only) advance the cursor."""
        now = utcnow()
        with self.tx() as conn:
            if msg_ids:
                conn.execute(
                    update(RawMessage)
                    .where(RawMessage.msg_id.in_(list(msg_ids)), RawMessage.status == "received")
                    .values(status="published", updated_at=now)
                )
                self._hops(conn, [{"msg_id": m, "stage": "ingest", "event": "published"} for m in msg_ids])
            if advance:
                exists = conn.execute(select(Cursor.source).where(Cursor.source == source)).scalar()
                if exists:
                    conn.execute(update(Cursor).where(Cursor.source == source).values(cursor=cursor, updated_at=now))
                else:
                    conn.execute(insert(Cursor), [{"source": source, "cursor": cursor, "updated_at": now}])

    def unpublished(self, limit: int = 500) -> list[RawRow]:
        """Raw records journalled but never confirmed by the broker (after a crash)."""
        with self.tx() as conn:
            rows = conn.execute(
                select(RawMessage).where(RawMessage.status == "received").order_by(RawMessage.received_at).limit(limit)
            ).all()
            return [
                RawRow(r.msg_id, r.source, r.kind, r.source_id, r.source_version, r.trace_id, codec.unpack_payload(r.payload))
                for r in rows
            ]
