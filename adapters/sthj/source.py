"""The 生态环境局 change feed as a santong :class:`~adapters.base.Source`.

    source = SthjSource(SthjSettings.load(config))
    page = source.poll(stored_cursor)        # None on the first run
    ...                                      # publish page.records, then store page.next_cursor
    while page.has_more:                     # the hub calls again at once while has_more
        page = source.poll(page.next_cursor)
    source.close()

One ``poll`` is one request for one page.  The stored cursor is santong's own small JSON:
the server's ``next_cursor`` (``c``), the ``updated_at`` of the last record handed over
(``u``) and that record's (record_id, version) (``l``).  With them a 40002/41001 restarts
transparently with ``since = u`` (§3.2.4), and the boundary repeat of quirk 11b — the
previous page's last record served again, same version — is dropped.  Duplicates across
polls are the hub's to drop by (record_id, version) (§3.2.2 rule 5).
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx

from adapters.base import Page, RawRecord, Source
from adapters.sthj.client import CursorRejected, RecordNotFound, SthjClient
from adapters.sthj.settings import SthjSettings
from adapters.sthj.wire import INFIX_TYPES, LIST_PATH, RECORD_ID_RE, RECORD_TYPES
from santong.errors import ConfigError, DataError, FieldError, TransientError

__all__ = ["FeedCursor", "SthjSource"]


@dataclass(frozen=True)
class FeedCursor:
    """santong's stored cursor for this source (see the module docstring)."""

    server: str | None = None
    since_ms: int | None = None
    last_updated_ms: int | None = None
    last: tuple[str, int] | None = None

    def dump(self) -> str:
        doc: dict[str, Any] = {"v": 1, "c": self.server}
        if self.since_ms is not None:
            doc["s"] = self.since_ms
        if self.last_updated_ms is not None:
            doc["u"] = self.last_updated_ms
        if self.last is not None:
            doc["l"] = list(self.last)
        return json.dumps(doc, separators=(",", ":"), ensure_ascii=True)

    @classmethod
    def parse(cls, text: str | None) -> FeedCursor:
        if not text:
            return cls()
        try:
            doc = json.loads(text)
            if not isinstance(doc, dict) or doc.get("v") != 1:
                raise ValueError("not a v1 sthj cursor")
            last = doc.get("l")
            since, updated = doc.get("s"), doc.get("u")
            return cls(
                server=str(doc["c"]) if doc.get("c") else None,
                since_ms=int(since) if since is not None else None,
                last_updated_ms=int(updated) if updated is not None else None,
                last=(str(last[0]), int(last[1])) if last else None,
            )
        except (ValueError, TypeError, IndexError) as exc:
            raise ConfigError("stored sthj cursor is unreadable; reset it to reload", source="sthj") from exc


def _identity(item: Any, index: int) -> tuple[str, str, int, int]:
    """(record_id, record_type, version, updated_at) of a served record, or DataError."""
    errors: list[FieldError] = []
    if not isinstance(item, dict):
        raise DataError("sthj record is not an object", [FieldError(f"records[{index}]", "SCHEMA", "not an object")],
                        source="sthj")
    record_id, version, updated_at = item.get("record_id"), item.get("version"), item.get("updated_at")
    if not isinstance(record_id, str) or not RECORD_ID_RE.match(record_id):
        errors.append(FieldError("record_id", "FORMAT", "record_id missing or not HBZF-XX-YYYY-NNNNNN", record_id))
    for name, value in (("version", version), ("updated_at", updated_at)):
        if not isinstance(value, int) or isinstance(value, bool):
            errors.append(FieldError(name, "FORMAT", f"{name} missing or not an integer", value))
    if errors or not isinstance(version, int) or not isinstance(updated_at, int):
        raise DataError("sthj record without identity", errors, source="sthj", record_id=record_id)
    kind = item.get("record_type")
    if kind not in RECORD_TYPES:
        kind = INFIX_TYPES[str(record_id).split("-")[1]]
    return str(record_id), str(kind), version, updated_at


class SthjSource(Source):
    """Polls ``GET /api/v2/records`` one page per call; ``fetch`` reads one record (§3.3)."""

    name = "sthj"

    def __init__(
        self,
        settings: SthjSettings,
        *,
        transport: httpx.BaseTransport | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.settings = settings
        self._client = SthjClient(settings, transport=transport, clock=clock)

    def poll(self, cursor: str | None) -> Page:
        state = FeedCursor.parse(cursor)
        base = [("page_size", str(self.settings.page_size)), ("record_type", ",".join(self.settings.record_types))]
        since = state.since_ms if state.server is None else None
        if state.server is None and since is None:
            since = self.settings.since_ms
        try:
            data = self._client.get(LIST_PATH, base + self._position(state.server, since))
        except CursorRejected:
            # §3.2.4: restart at the updated_at of the last record handed over (not +1)
            restart = state.last_updated_ms if state.last_updated_ms is not None else self.settings.since_ms
            data = self._client.get(LIST_PATH, base + self._position(None, restart))
        return self._page(data, state)

    def fetch(self, record_id: str) -> RawRecord | None:
        """The latest state of one record (live or tombstone), or ``None`` if unknown or purged."""
        try:
            item = self._client.get(f"{LIST_PATH}/{record_id}")
        except RecordNotFound:
            return None
        rid, kind, version, updated_at = _identity(item, 0)
        return RawRecord(kind=kind, source_id=rid, source_version=str(version), payload=item, changed_at_ms=updated_at)

    def close(self) -> None:
        self._client.close()

    @staticmethod
    def _position(server: str | None, since: int | None) -> list[tuple[str, str]]:
        if server:
            return [("cursor", server)]
        return [("since", str(since))] if since is not None else []

    def _page(self, data: Any, state: FeedCursor) -> Page:
        if not isinstance(data, dict) or not isinstance(data.get("records"), list):
            raise TransientError("sthj page without records", source="sthj")
        next_cursor, has_more = data.get("next_cursor"), data.get("has_more")
        if not isinstance(next_cursor, str) or not next_cursor or not isinstance(has_more, bool):
            raise TransientError("sthj page without next_cursor/has_more", source="sthj")
        seen = {state.last} if state.last else set()
        records: list[RawRecord] = []
        last, last_updated = state.last, state.last_updated_ms
        for index, item in enumerate(data["records"]):
            rid, kind, version, updated_at = _identity(item, index)
            last = (rid, version)
            last_updated = updated_at if last_updated is None else max(last_updated, updated_at)
            if (rid, version) in seen:  # quirk 11b: the boundary record served again
                continue
            seen.add((rid, version))
            records.append(RawRecord(kind=kind, source_id=rid, source_version=str(version), payload=item,
                                     changed_at_ms=updated_at))
        after = FeedCursor(server=next_cursor, last_updated_ms=last_updated, last=last)
        return Page(records=records, next_cursor=after.dump(), has_more=has_more)
