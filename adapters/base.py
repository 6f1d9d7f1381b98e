"""Ports of the adapter SDK.

A **source** polls: ``poll(cursor) -> Page``.  A **sink** delivers a batch of sealed
standard records and later answers, per record, what became of them.

Adapters raise only santong errors (``santong.errors``): ``TransientError`` for what may
pass (timeouts, 429, 503 with ``retry_after_s``), ``AuthError`` for refused credentials,
``PermanentError`` for requests that will never succeed, ``DataError`` for a payload the
adapter cannot read.  Third-party exceptions (httpx, zeep, lxml) are translated at the
adapter's edge.
"""

from __future__ import annotations

import abc
from dataclasses import dataclass, field
from typing import Any, Sequence

__all__ = ["RawRecord", "Page", "Source", "SealedRecord", "BatchDraft", "PreparedBatch", "SinkOutcome", "BatchOutcome", "Sink"]


@dataclass(frozen=True)
class RawRecord:
    """One record as the source system sent it.

    ``source_id`` and ``source_version`` identify this state of the record at the source;
    (source, kind, source_id, source_version) gives santong's deterministic message id.
    ``payload`` is the record exactly as parsed from the wire (JSON object).
    """

    kind: str
    source_id: str
    source_version: str
    payload: Any
    changed_at_ms: int | None = None  # the source's own change time, when it has one


@dataclass(frozen=True)
class Page:
    """One poll's worth of records.  Persist ``next_cursor`` only after they are safe."""

    records: Sequence[RawRecord]
    next_cursor: str | None
    has_more: bool


class Source(abc.ABC):
    """A system santong pulls from."""

    name: str

    @abc.abstractmethod
    def poll(self, cursor: str | None) -> Page:
        """The next page after ``cursor`` (``None``: from the beginning)."""

    def close(self) -> None:  # noqa: B027 - optional hook
        """Release connections."""


@dataclass(frozen=True)
class SealedRecord:
    """A standard record as it goes on the wire (STANDARD.md §5.2), with santong's message id."""

    msg_id: str
    msg_type: str
    record: dict[str, Any]

    @property
    def cd_id(self) -> str:
        return str(self.record["cd_id"])

    @property
    def digest(self) -> str:
        return str(self.record["digest"])


@dataclass(frozen=True)
class BatchDraft:
    """Sealed records of one ``msg_type`` and one ``source`` (``cd_source``) to go out together."""

    msg_type: str
    source: str
    batch_no: str
    records: Sequence[SealedRecord]


@dataclass(frozen=True)
class PreparedBatch:
    """A batch ready to post: ``batch_id`` (the envelope msgId) and the exact bytes to send.

    It is journalled *before* it is posted, so that a re-post after a lost answer sends the
    identical bytes and the destination recognises it.
    """

    batch_id: str
    payload: bytes


@dataclass(frozen=True)
class SinkOutcome:
    """What a destination said about one record: ``accepted``, ``duplicate`` or ``rejected``."""

    cd_id: str
    digest: str
    status: str
    errors: list[dict[str, Any]] = field(default_factory=list)


@dataclass(frozen=True)
class BatchOutcome:
    """The destination's verified answer to one batch (``evidence``: e.g. the signed receipt)."""

    batch_id: str
    records: list[SinkOutcome]
    evidence: bytes = b""
    batch_errors: list[dict[str, Any]] = field(default_factory=list)


class Sink(abc.ABC):
    """A destination santong delivers to: prepare, post, then follow the outcome."""

    name: str

    @abc.abstractmethod
    def prepare(self, draft: BatchDraft) -> PreparedBatch:
        """Build (and sign, where the destination wants it) the batch; no I/O."""

    @abc.abstractmethod
    def post(self, batch: PreparedBatch) -> None:
        """Send it.  Raises ``TransientError`` (retry the same bytes) or ``PermanentError``."""

    @abc.abstractmethod
    def outcome(self, batch_id: str) -> BatchOutcome | None:
        """The verified per-record outcome, or ``None`` while it is still pending.

        Raises ``SignatureInvalid`` when the answer does not verify (it never marks a
        record delivered), ``TransientError`` when it cannot be fetched now.
        """

    def close(self) -> None:  # noqa: B027 - optional hook
        """Release connections."""
