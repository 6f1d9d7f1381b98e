"""The adapter SDK: small ports for sources and sinks, one package per external system."""

from adapters.base import (
    BatchDraft,
    BatchOutcome,
    Page,
    PreparedBatch,
    RawRecord,
    SealedRecord,
    Sink,
    SinkOutcome,
    Source,
)

__all__ = [
    "BatchDraft",
    "BatchOutcome",
    "Page",
    "PreparedBatch",
    "RawRecord",
    "SealedRecord",
    "Sink",
    "SinkOutcome",
    "Source",
]
