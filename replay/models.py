"""Journal tables (SQLAlchemy 2).  Schema changes go through ``replay/migrations``.

Payload columns hold zlib-compressed UTF-8 JSON (``replay.codec``).  Status columns hold
the lifecycle words documented on each table; a word is *final* when nothing more will
happen to that row without an operator's replay.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    BigInteger,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

__all__ = [
    "Base",
    "RawMessage",
    "SourceVersion",
    "StandardRecord",
    "Quarantine",
    "Delivery",
    "DestinationState",
    "Batch",
    "Hop",
    "Cursor",
    "IdempotencyKey",
    "Counter",
    "AuditEntry",
    "RegistryEntry",
]


class Base(DeclarativeBase):
    pass


class RawMessage(Base):
    """A raw record as a source sent it.

    status: ``received`` → ``published`` → ``mapped`` | ``quarantined``; or ``stale`` (an
    older or equal version than one already known, kept for evidence, never published).
    """

    __tablename__ = "raw_messages"
    msg_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    source: Mapped[str] = mapped_column(String(32))
    kind: Mapped[str] = mapped_column(String(32))
    source_id: Mapped[str] = mapped_column(String(128))
    source_version: Mapped[str] = mapped_column(String(64))
    trace_id: Mapped[str] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(16), index=True)
    received_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    payload: Mapped[bytes] = mapped_column(LargeBinary)
    __table_args__ = (
        UniqueConstraint("source", "kind", "source_id", "source_version", name="uq_raw_identity"),
        Index("ix_raw_source_kind", "source", "kind"),
    )


class SourceVersion(Base):
    """The highest version seen per source record: later versions win, others are stale."""

    __tablename__ = "source_versions"
    source: Mapped[str] = mapped_column(String(32), primary_key=True)
    kind: Mapped[str] = mapped_column(String(32), primary_key=True)
    source_id: Mapped[str] = mapped_column(String(128), primary_key=True)
    version_num: Mapped[int] = mapped_column(BigInteger)
    msg_id: Mapped[str] = mapped_column(String(36))


class StandardRecord(Base):
    """A standard record mapped from a raw message (before sealing)."""

    __tablename__ = "standard_records"
    std_msg_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    raw_msg_id: Mapped[str] = mapped_column(ForeignKey("raw_messages.msg_id"), index=True)
    msg_type: Mapped[str] = mapped_column(String(32), index=True)
    cd_id: Mapped[str] = mapped_column(String(200), index=True)
    operation: Mapped[str] = mapped_column(String(8))
    cd_source: Mapped[str] = mapped_column(String(24))
    cd_time: Mapped[str] = mapped_column(String(25))
    area: Mapped[str] = mapped_column(String(6))
    content_digest: Mapped[str] = mapped_column(String(64))
    spec: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    payload: Mapped[bytes] = mapped_column(LargeBinary)
    __table_args__ = (UniqueConstraint("raw_msg_id", "msg_type", "content_digest", name="uq_std_raw_type_digest"),)


class Quarantine(Base):
    """Something that could not go on: a record that failed mapping, an invalid receipt.

    status: ``open`` → ``released`` (replayed) or ``superseded``.
    """

    __tablename__ = "quarantine"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    msg_id: Mapped[str] = mapped_column(String(64), index=True)
    stage: Mapped[str] = mapped_column(String(16))
    source: Mapped[str] = mapped_column(String(32))
    kind: Mapped[str] = mapped_column(String(32))
    reason: Mapped[str] = mapped_column(String(64), index=True)
    errors: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    released_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class Delivery(Base):
    """One standard record on its way to one destination.

    status: ``queued`` → ``sent`` → ``accepted`` | ``duplicate`` | ``rejected``; or ``dead``
    (permanent failure or attempts exhausted), ``superseded`` (a newer version already
    reached the destination), ``unchanged`` (the same content was delivered before),
    ``skipped`` (a delete of a record the destination never had).
    """

    __tablename__ = "deliveries"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    std_msg_id: Mapped[str] = mapped_column(ForeignKey("standard_records.std_msg_id"))
    destination: Mapped[str] = mapped_column(String(32))
    msg_type: Mapped[str] = mapped_column(String(32))
    cd_id: Mapped[str] = mapped_column(String(200))
    cd_time: Mapped[str] = mapped_column(String(25))
    content_digest: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(16), index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    batch_id: Mapped[str | None] = mapped_column(String(36), nullable=True, index=True)
    digest: Mapped[str | None] = mapped_column(String(64), nullable=True)
    sealed: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    errors: Mapped[str | None] = mapped_column(Text, nullable=True)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    __table_args__ = (
        UniqueConstraint("std_msg_id", "destination", name="uq_delivery"),
        Index("ix_delivery_dest_cd", "destination", "msg_type", "cd_id"),
    )


class DestinationState(Base):
    """What a destination holds of one ``cd_id``: decides i/u, order and re-sends."""

    __tablename__ = "destination_state"
    destination: Mapped[str] = mapped_column(String(32), primary_key=True)
    msg_type: Mapped[str] = mapped_column(String(32), primary_key=True)
    cd_id: Mapped[str] = mapped_column(String(200), primary_key=True)
    live: Mapped[int] = mapped_column(Integer, default=0)
    cd_time: Mapped[str | None] = mapped_column(String(25), nullable=True)
    content_digest: Mapped[str | None] = mapped_column(String(64), nullable=True)
    in_flight_batch: Mapped[str | None] = mapped_column(String(36), nullable=True)


class Batch(Base):
    """A batch prepared for a destination, journalled before it is posted.

    status: ``prepared`` → ``posted`` → ``done``; ``dead`` when posting failed for good;
    ``receipt_invalid`` when the answer failed verification (kept in quarantine).
    """

    __tablename__ = "batches"
    batch_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    destination: Mapped[str] = mapped_column(String(32), index=True)
    msg_type: Mapped[str] = mapped_column(String(32))
    source: Mapped[str] = mapped_column(String(24))
    batch_no: Mapped[str] = mapped_column(String(13))
    record_count: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(16), index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    posted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    receipt_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    last_error: Mapped[str | None] = mapped_column(Text, nullable=True)
    payload: Mapped[bytes] = mapped_column(LargeBinary)
    receipt: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)


class Hop(Base):
    """One event in a message's story (ingest, normalize, deliver, receipt, replay …)."""

    __tablename__ = "hops"
    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True)
    msg_id: Mapped[str] = mapped_column(String(64), index=True)
    stage: Mapped[str] = mapped_column(String(16))
    event: Mapped[str] = mapped_column(String(32))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    detail: Mapped[str] = mapped_column(Text)


class Cursor(Base):
    """A source's poll cursor, advanced only after the broker confirmed the page."""

    __tablename__ = "cursors"
    source: Mapped[str] = mapped_column(String(32), primary_key=True)
    cursor: Mapped[str | None] = mapped_column(Text, nullable=True)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class IdempotencyKey(Base):
    """A key that may be acted on once (a receipt msgId processed, a replay request …)."""

    __tablename__ = "idempotency_keys"
    scope: Mapped[str] = mapped_column(String(32), primary_key=True)
    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class Counter(Base):
    """Named sequences, e.g. the per-day batch number ``batch:<YYYYMMDD>``."""

    __tablename__ = "counters"
    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[int] = mapped_column(BigInteger)


class AuditEntry(Base):
    """An administrative action: who did what, why, with which parameters."""

    __tablename__ = "audit"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    actor: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(32))
    reason: Mapped[str] = mapped_column(Text)
    detail: Mapped[str] = mapped_column(Text)


class RegistryEntry(Base):
    """The subject registry (关联整合): latest values per (register, key), e.g. ("subject", USCC)."""

    __tablename__ = "registry_entries"
    kind: Mapped[str] = mapped_column(String(32), primary_key=True)
    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    values: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
