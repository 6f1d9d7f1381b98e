"""Ingest: poll a source, journal what is new, publish it with confirms, then advance the cursor.

The cursor moves only after the broker confirmed every message of the page, so a crash at
any point re-polls the same page; deterministic message ids make the re-poll harmless.
"""

from __future__ import annotations

import time
from typing import Any

from adapters.base import Source
from hub.retry import poll_backoff_s
from hub.stages.base import TRACE_HEADER, Stage, StageContext
from hub.stages.payload import encode_payload
from queues.base import ATTEMPT_HEADER, OutgoingMessage
from replay.ingest_store import RawRow
from santong.errors import PermanentError, TransientError

__all__ = ["IngestStage", "raw_message"]


def raw_message(r: RawRow, **extra: Any) -> OutgoingMessage:
    """The message that carries a raw record on ``santong.raw`` (also used by replay)."""
    body, payload_headers, content_type = encode_payload(r.payload)
    return OutgoingMessage(
        routing_key=f"{r.source}.{r.kind}",
        body=body,
        message_id=r.msg_id,
        headers={
            ATTEMPT_HEADER: 0,
            TRACE_HEADER: r.trace_id,
            "x-santong-source": r.source,
            "x-santong-kind": r.kind,
            "x-santong-source-id": r.source_id,
            "x-santong-source-version": r.source_version,
            **payload_headers,
            **extra,
        },
        content_type=content_type,
    )


class IngestStage(Stage):
    name = "ingest"

    def __init__(self, ctx: StageContext, source_name: str, source: Source, *, poll_interval_s: float) -> None:
        super().__init__(ctx)
        self.source_name = source_name
        self.source = source
        self.poll_interval_s = poll_interval_s
        self._next_poll = 0.0
        self._failures = 0
        self.caught_up = False  # the last poll said has_more = false

    def start(self) -> None:
        # Raw records journalled before a crash but never confirmed by the broker.
        while rows := [r for r in self.ctx.journal.unpublished() if r.source == self.source_name]:
            self._publish(rows)
            self.ctx.journal.mark_published(self.source_name, [r.msg_id for r in rows], None, advance=False)

    def _publish(self, rows: list[RawRow]) -> None:
        self.broker.publish(self.ctx.names.raw, [raw_message(r) for r in rows])

    def run_once(self) -> int:
        now = time.monotonic()
        if now < self._next_poll:
            self.ctx.stop.wait(min(0.2, self._next_poll - now))
            return 0
        cursor = self.ctx.journal.get_cursor(self.source_name)
        try:
            page = self.source.poll(cursor)
        except (TransientError, PermanentError) as exc:
            self._failures += 1
            retry_after = getattr(exc, "retry_after_s", None)
            wait = poll_backoff_s(self._failures, retry_after_s=retry_after)
            log = self.log.info if isinstance(exc, TransientError) else self.log.error
            log("poll_failed", source=self.source_name, error=str(exc), wait_s=round(wait, 1), failures=self._failures)
            self._next_poll = time.monotonic() + wait
            return 0
        self._failures = 0
        rows = self.ctx.journal.ingest_page(self.source_name, page.records)
        if rows:
            self._publish(rows)
        self.ctx.journal.mark_published(self.source_name, [r.msg_id for r in rows], page.next_cursor)
        self.log.debug("polled", source=self.source_name, records=len(page.records), new=len(rows), has_more=page.has_more)
        self.caught_up = not page.has_more
        self._next_poll = time.monotonic() + (0 if page.has_more else self.poll_interval_s)
        return len(page.records)

    def close(self) -> None:
        super().close()
        self.source.close()
