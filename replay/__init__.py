"""The journal: every message at every hop, cursors, idempotency keys, batches, receipts, audit."""

from replay.journal import Journal

__all__ = ["Journal"]
