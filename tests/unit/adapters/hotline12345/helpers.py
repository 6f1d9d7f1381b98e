"""Helpers shared by the 12345 tests: the document's client, a swappable app, a run-to-the-end loop."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pydantic import SecretStr

from adapters.base import RawRecord
from adapters.hotline12345 import HotlineSettings, HotlineSimulator, HotlineSource
from adapters.hotline12345.simconfig import DOC_CLIENT_ID, DOC_CLIENT_SECRET, DOC_WEBHOOK_SECRET
from santong.errors import TransientError

CLIENT_ID = DOC_CLIENT_ID
CLIENT_SECRET = DOC_CLIENT_SECRET
WEBHOOK_SECRET = DOC_WEBHOOK_SECRET


class Switch:
    """An ASGI app that forwards to ``self.app`` (one server per session, a fresh simulator per test)."""

    def __init__(self) -> None:
        self.app: Any = None

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        await self.app(scope, receive, send)


def settings(url: str, **overrides: Any) -> HotlineSettings:
    base: dict[str, Any] = {"base_url": url, "client_id": CLIENT_ID, "client_secret": SecretStr(CLIENT_SECRET)}
    return HotlineSettings(**{**base, **overrides})


def run_feed(source: HotlineSource, sim: HotlineSimulator, cursor: str | None = None, *, max_polls: int = 500,
             on_page: Callable[[int], object] | None = None) -> tuple[list[RawRecord], str | None, int]:
    """Poll to the end as the hub does: a TransientError waits (simulated) and repeats the same cursor.

    Returns (records handed over, final cursor, transient failures seen).
    """
    records: list[RawRecord] = []
    failures = 0
    for _ in range(max_polls):
        try:
            page = source.poll(cursor)
        except TransientError as exc:
            failures += 1
            sim.advance(exc.retry_after_s or 1)
            continue
        records.extend(page.records)
        cursor = page.next_cursor
        if on_page is not None:
            on_page(len(records))
        if not page.has_more:
            return records, cursor, failures
    raise AssertionError("the feed did not end")
