"""The 信用名单变动 feed (§3.6) as a santong :class:`~adapters.base.Source`.

    source = CreditListSource(CreditSettings.load(config))
    page = source.poll(stored_cursor)        # None on a first run: afterSeq = settings.start_seq
    ...                                      # publish page.records, then store page.next_cursor
    while page.has_more:
        page = source.poll(page.next_cursor)
    source.resyncs                           # [(afterSeq, oldestSeq)] of every 4101 restart

The stored cursor is ``{"v":1,"seq":N}``: the feed's ``nextSeq`` (never afterSeq + count; seq
has gaps).  Each event becomes ``RawRecord(kind="LIST_CHANGE", source_id=eventId,
source_version="1")``: an event re-published after a platform restart (quirk 6) carries a new
``seq`` but the same ``eventId`` and content, so santong's deterministic message id recognises
it.  The source also drops repeats it has seen itself (last ``memory`` eventIds).  A 4101
(cursor older than the 180-day retention) restarts at ``oldestSeq - 1`` and is recorded in
``resyncs`` (not on a first run) so that the hub can check the subjects concerned through §3.7.
"""

from __future__ import annotations

import json
import time
from collections import OrderedDict
from collections.abc import Callable
from datetime import datetime
from typing import Any

import httpx

from adapters.base import Page, RawRecord, Source
from adapters.credit.client import CreditClient, CursorExpired
from adapters.credit.settings import CreditSettings
from adapters.credit.wire import CHANGES_PATH, KIND_LIST_CHANGE
from santong.errors import ConfigError, DataError, FieldError, TransientError
from signatures.formats import BEIJING

__all__ = ["CreditListSource", "parse_cursor"]


def parse_cursor(text: str | None, default: int) -> int:
    """The ``afterSeq`` held in a stored cursor (``default`` when there is none)."""
    if not text:
        return default
    try:
        doc = json.loads(text)
        if not isinstance(doc, dict) or doc.get("v") != 1 or not isinstance(doc.get("seq"), int):
            raise ValueError("not a v1 credit cursor")
        return int(doc["seq"])
    except ValueError as exc:
        raise ConfigError("stored credit cursor is unreadable; reset it to reload", source="credit") from exc


def _dump(seq: int) -> str:
    return json.dumps({"v": 1, "seq": seq}, separators=(",", ":"))


def _changed_ms(event: dict[str, Any]) -> int | None:
    try:
        stamp = datetime.strptime(str(event.get("eventTime")), "%Y-%m-%d %H:%M:%S").replace(tzinfo=BEIJING)
    except ValueError:
        return None
    return int(stamp.timestamp() * 1000)


class CreditListSource(Source):
    """Polls ``GET /v2/lists/changes`` one page per call."""

    name = "credit"

    def __init__(self, settings: CreditSettings, *, transport: httpx.BaseTransport | None = None,
                 clock: Callable[[], float] = time.time, memory: int = 5_000) -> None:
        self.settings = settings
        self._client = CreditClient(settings, transport=transport, clock=clock)
        self._seen: OrderedDict[str, None] = OrderedDict()
        self._memory = memory
        self.resyncs: list[tuple[int, int]] = []

    def poll(self, cursor: str | None) -> Page:
        after = parse_cursor(cursor, self.settings.start_seq)
        try:
            data = self._client.call("GET", CHANGES_PATH, params=self._params(after)).data
        except CursorExpired as exc:
            restart = max(0, exc.oldest_seq - 1)
            if cursor is not None:  # a first run starting before the retention is no gap
                self.resyncs.append((after, exc.oldest_seq))
            after = restart
            data = self._client.call("GET", CHANGES_PATH, params=self._params(after)).data
        return self._page(data, after)

    def close(self) -> None:
        self._client.close()

    def _params(self, after: int) -> list[tuple[str, str]]:
        params = [("afterSeq", str(after)), ("limit", str(self.settings.page_size))]
        if self.settings.list_types:
            params.append(("listTypes", ",".join(self.settings.list_types)))
        params.append(("areaCode", self.settings.area_code))
        return params

    def _page(self, data: Any, after: int) -> Page:
        if not isinstance(data, dict) or not isinstance(data.get("events"), list):
            raise TransientError("credit page without events", source="credit")
        next_seq, has_more = data.get("nextSeq"), data.get("hasMore")
        if not isinstance(next_seq, int) or not isinstance(has_more, bool) or next_seq < after:
            raise TransientError("credit page without a usable nextSeq/hasMore", source="credit")
        records: list[RawRecord] = []
        for index, event in enumerate(data["events"]):
            event_id = event.get("eventId") if isinstance(event, dict) else None
            if not isinstance(event_id, str) or not event_id:
                raise DataError("credit event without eventId",
                                [FieldError(f"events[{index}].eventId", "REQUIRED", "eventId missing")],
                                source="credit", seq=event.get("seq") if isinstance(event, dict) else None)
            if event_id in self._seen:  # quirk 6: re-published after a platform restart
                continue
            self._remember(event_id)
            records.append(RawRecord(kind=KIND_LIST_CHANGE, source_id=event_id, source_version="1",
                                     payload=event, changed_at_ms=_changed_ms(event)))
        return Page(records=records, next_cursor=_dump(next_seq), has_more=has_more)

    def _remember(self, event_id: str) -> None:
        self._seen[event_id] = None
        while len(self._seen) > self._memory:
            self._seen.popitem(last=False)
