"""The 12345 change feed (§3.3) as a santong :class:`~adapters.base.Source`.

    source = HotlineSource(HotlineSettings.load(config))
    page = source.poll(stored_cursor)        # None on the first run
    ...                                      # publish page.records, then store page.next_cursor
    while page.has_more:
        page = source.poll(page.next_cursor)
    source.order("YZ12345-20251103-000123")  # one unit view as a RawRecord (§3.4, webhook quirk 6)

Every feed item becomes ``RawRecord(kind="ORDER", source_id="{orderNo}:{unitCode}",
source_version=str(version))``: the item's identity (§3.3) and its change sequence, so a
re-served item gets the same message id and a changed one (quirks 4, 11) a new one.

The stored cursor is santong's own JSON: the server's opaque ``nextCursor`` (``c``), the
latest ``updateTime`` handed over (``u``) and the highest ``version`` handed over (``m``).  An
expired cursor (40003) restarts at ``u`` − 1 hour and drops what is not above ``m`` (§3.3).
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import httpx

from adapters.base import Page, RawRecord, Source
from adapters.hotline12345.client import CursorRejected, HotlineClient
from adapters.hotline12345.settings import HotlineSettings
from adapters.hotline12345.wire import ORDER_NO_RE, format_time, parse_time
from santong.errors import ConfigError, DataError, FieldError, TransientError

__all__ = ["FeedCursor", "HotlineSource", "order_record"]

KIND = "ORDER"


@dataclass(frozen=True)
class FeedCursor:
    """santong's stored cursor for this source (see the module docstring)."""

    server: str | None = None
    last_update: str | None = None
    max_version: int | None = None

    def dump(self) -> str:
        return json.dumps({"v": 1, "c": self.server, "u": self.last_update, "m": self.max_version},
                          separators=(",", ":"), ensure_ascii=True)

    @classmethod
    def parse(cls, text: str | None) -> FeedCursor:
        if not text:
            return cls()
        try:
            doc = json.loads(text)
            if not isinstance(doc, dict) or doc.get("v") != 1:
                raise ValueError("not a v1 hotline12345 cursor")
            m = doc.get("m")
            return cls(server=doc.get("c") or None, last_update=doc.get("u") or None,
                       max_version=int(m) if m is not None else None)
        except (ValueError, TypeError) as exc:
            raise ConfigError("stored hotline12345 cursor is unreadable; reset it to reload",
                              source="hotline12345") from exc


def order_record(item: Any, where: str = "item") -> RawRecord:
    """The RawRecord of one unit view (feed item, detail or ``ORDER_DISPATCHED.data``); DataError without identity."""
    errors: list[FieldError] = []
    if not isinstance(item, dict):
        raise DataError("12345 order is not an object", [FieldError(where, "FORMAT", "not an object")],
                        source="hotline12345")
    order_no, unit, version = item.get("orderNo"), item.get("unitCode"), item.get("version")
    if not isinstance(order_no, str) or not ORDER_NO_RE.match(order_no):
        errors.append(FieldError("orderNo", "FORMAT", "orderNo missing or not YZ12345-yyyyMMdd-NNNNNN", order_no))
    if not isinstance(unit, str) or len(unit) != 10 or not unit.isdigit():
        errors.append(FieldError("unitCode", "FORMAT", "unitCode missing or not 10 digits", unit))
    if not isinstance(version, int) or isinstance(version, bool):
        errors.append(FieldError("version", "FORMAT", "version missing or not an integer", version))
    if errors:
        raise DataError("12345 order without identity", errors, source="hotline12345")
    changed: int | None = None
    try:
        changed = int(parse_time(str(item.get("updateTime"))).timestamp() * 1000)
    except ValueError:
        changed = None
    return RawRecord(kind=KIND, source_id=f"{order_no}:{unit}", source_version=str(version), payload=item,
                     changed_at_ms=changed)


class HotlineSource(Source):
    """Polls ``GET /orders/changes`` one page per call."""

    name = "hotline12345"

    def __init__(self, settings: HotlineSettings, *, transport: httpx.BaseTransport | None = None,
                 clock: Callable[[], float] = time.time, client: HotlineClient | None = None) -> None:
        self.settings = settings
        self.client = client or HotlineClient(settings, transport=transport, clock=clock)

    def poll(self, cursor: str | None) -> Page:
        state = FeedCursor.parse(cursor)
        params = {"limit": str(self.settings.page_size)}
        if self.settings.unit_codes:
            params["unitCode"] = ",".join(self.settings.unit_codes)
        if state.server:
            try:
                return self._page(self.client.get("/orders/changes", {**params, "cursor": state.server}), state)
            except CursorRejected:
                state = FeedCursor(None, state.last_update, state.max_version)
                since = self._restart_since(state)
                return self._page(self.client.get("/orders/changes", {**params, **since}), state)
        since = {"since": self.settings.since} if self.settings.since else {}
        return self._page(self.client.get("/orders/changes", {**params, **since}), state)

    def order(self, order_no: str, unit_code: str | None = None) -> RawRecord:
        """One unit view now (§3.4); ``OrderNotFound`` when there is none."""
        return order_record(self.client.order(order_no, unit_code))

    def close(self) -> None:
        self.client.close()

    def _restart_since(self, state: FeedCursor) -> dict[str, str]:
        if state.last_update is None:
            return {"since": self.settings.since} if self.settings.since else {}
        return {"since": format_time(parse_time(state.last_update) - timedelta(hours=1))}

    def _page(self, data: Any, state: FeedCursor) -> Page:
        if not isinstance(data, dict) or not isinstance(data.get("items"), list):
            raise TransientError("12345 page without items", source="hotline12345")
        next_cursor, has_more = data.get("nextCursor"), data.get("hasMore")
        if not isinstance(next_cursor, str) or not next_cursor or not isinstance(has_more, bool):
            raise TransientError("12345 page without nextCursor/hasMore", source="hotline12345")
        records: list[RawRecord] = []
        top, last_update = state.max_version, state.last_update
        for index, item in enumerate(data["items"]):
            record = order_record(item, f"items[{index}]")
            version = int(record.source_version)
            if top is not None and version <= top:
                continue  # served before (restart after 40003): versions only grow
            top = version
            update = item.get("updateTime")
            if isinstance(update, str):
                try:
                    plain = format_time(parse_time(update))
                    last_update = plain if last_update is None or plain > last_update else last_update
                except ValueError:
                    pass
            records.append(record)
        after = FeedCursor(server=next_cursor, last_update=last_update, max_version=top)
        return Page(records=records, next_cursor=after.dump(), has_more=has_more)
