"""The ggzy incremental pull as a santong :class:`~adapters.base.Source`.

    source = GgzySource(GgzySettings.load(config))
    page = source.poll(stored_cursor)          # None on the first run
    ...                                        # publish page.records, then store page.next_cursor
    while page.has_more:
        page = source.poll(page.next_cursor)
    source.fetch("WIN_RESULT", "bf45df0d4da253fd997fddfa401a9077")    # one record (§3.2) or None
    source.count("WIN_RESULT", "20251201000000", "20251202000000")     # DealCount (§3.3)

One ``poll`` is one ``GET /deals`` for one kind.  The kinds of ``settings.data_types`` are read
in turn, each to its end (``hasMore`` false) before the next; ``has_more`` is false once the last
kind is done, and the next poll starts the round again.  The stored cursor is santong's own JSON:
per kind the ``(DATA_TIMESTAMP, ID)`` pair of the last record handed over, which is the only
correct continuation (§3.1, quirk 7), and the kind to read next.

A record's ``source_version`` is a digest of its content without ``DATA_TIMESTAMP``: the nightly
re-stamp of an unchanged record (quirk 8) gives the same message id, so the hub recognises it as
already seen; a corrected or withdrawn record gives a new one.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import httpx

from adapters.base import Page, RawRecord, Source
from adapters.ggzy.client import GgzyClient, RecordNotFound
from adapters.ggzy.settings import GgzySettings
from adapters.ggzy.wire import COUNT_PATH, D14_RE, DATA_TYPES, DEALS_PATH, ID_RE, ZERO_ID, DataType, d14_to_ms
from santong.errors import ConfigError, DataError, FieldError, TransientError

__all__ = ["DealCount", "FeedCursor", "GgzySource", "content_version"]


def _tagged(value: Any) -> Any:
    if isinstance(value, Decimal):
        return {"$number": str(value)}  # a JSON number is not the same content as the string "…"
    raise TypeError(f"not JSON: {type(value).__name__}")


def content_version(payload: dict[str, Any]) -> str:
    """32 hex characters identifying the record's content, every member but ``DATA_TIMESTAMP``."""
    content = {k: v for k, v in payload.items() if k != "DATA_TIMESTAMP"}
    text = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=_tagged)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


@dataclass(frozen=True)
class FeedCursor:
    """Per kind the last ``(DATA_TIMESTAMP, ID)`` handed over, and the index of the kind to read next."""

    positions: dict[str, tuple[str, str]] = field(default_factory=dict)
    index: int = 0

    def dump(self) -> str:
        doc = {"v": 1, "i": self.index, "p": {k: list(v) for k, v in sorted(self.positions.items())}}
        return json.dumps(doc, separators=(",", ":"), ensure_ascii=True)

    @classmethod
    def parse(cls, text: str | None) -> FeedCursor:
        if not text:
            return cls()
        try:
            doc = json.loads(text)
            if not isinstance(doc, dict) or doc.get("v") != 1:
                raise ValueError("not a v1 ggzy cursor")
            positions: dict[str, tuple[str, str]] = {}
            for kind, pair in dict(doc["p"]).items():
                since, since_id = str(pair[0]), str(pair[1])
                if kind not in DATA_TYPES or not D14_RE.match(since) or not ID_RE.match(since_id):
                    raise ValueError(f"bad position for {kind}")
                positions[kind] = (since, since_id)
            return cls(positions=positions, index=int(doc["i"]))
        except (ValueError, TypeError, KeyError, IndexError) as exc:
            raise ConfigError("stored ggzy cursor is unreadable; reset it to reload", source="ggzy") from exc


@dataclass(frozen=True)
class DealCount:
    """``/deals/count``: current versions in ``[from_, to)``; ``to`` as clipped by the server."""

    data_type: str
    from_: str
    to: str
    count: int
    revoked_count: int


def _identity(item: Any, kind: str, index: int) -> tuple[str, str]:
    """``(DATA_TIMESTAMP, ID)`` of a served record, or ``DataError`` naming what is wrong."""
    if not isinstance(item, dict):
        raise DataError("ggzy record is not an object",
                        [FieldError(f"records[{index}]", "SCHEMA", "not an object")], source="ggzy", kind=kind)
    rid, stamp = item.get("ID"), item.get("DATA_TIMESTAMP")
    errors = []
    if not isinstance(rid, str) or not ID_RE.match(rid):
        errors.append(FieldError("ID", "FORMAT", "ID missing or not 32 lowercase hex", rid))
    if not isinstance(stamp, str) or not D14_RE.match(stamp):
        errors.append(FieldError("DATA_TIMESTAMP", "FORMAT", "DATA_TIMESTAMP missing or not 14 digits", stamp))
    if errors:
        raise DataError("ggzy record without identity", errors, source="ggzy", kind=kind)
    return str(stamp), str(rid)


def _raw(kind: str, item: dict[str, Any]) -> RawRecord:
    return RawRecord(kind=kind, source_id=item["ID"], source_version=content_version(item), payload=item,
                     changed_at_ms=d14_to_ms(item["DATA_TIMESTAMP"]))


class GgzySource(Source):
    """Polls ``GET /deals`` one page per call; see the module docstring."""

    name = "ggzy"

    def __init__(
        self,
        settings: GgzySettings,
        *,
        transport: httpx.BaseTransport | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.settings = settings
        self.client = GgzyClient(settings, transport=transport, clock=clock)

    def _region(self) -> list[tuple[str, str]]:
        return [("regionCode", self.settings.region_code)] if self.settings.region_code else []

    def poll(self, cursor: str | None) -> Page:
        state = FeedCursor.parse(cursor)
        kinds = self.settings.data_types
        index = state.index % len(kinds)
        kind = kinds[index]
        since, since_id = state.positions.get(kind, (self.settings.initial_since, ZERO_ID))
        params = [("dataType", kind), ("since", since), ("sinceId", since_id),
                  ("pageSize", str(self.settings.page_size)), *self._region()]
        data = self.client.get(DEALS_PATH, params)
        records, position, more = self._page(data, kind, (since, since_id))
        positions = {**state.positions, kind: position}
        if more:
            return Page(records, FeedCursor(positions, index).dump(), True)
        done = index + 1 >= len(kinds)
        return Page(records, FeedCursor(positions, 0 if done else index + 1).dump(), not done)

    def fetch(self, kind: DataType, record_id: str) -> RawRecord | None:
        """The current version of one record (tombstones included), or ``None`` if the key cannot see it."""
        try:
            item = self.client.get(f"{DEALS_PATH}/{kind}/{record_id}")
        except RecordNotFound:
            return None
        _identity(item, kind, 0)
        return _raw(kind, item)

    def count(self, kind: DataType, from_d14: str, to_d14: str) -> DealCount:
        """Counts for reconciliation over ``[from_d14, to_d14)`` (at most 31 days, §3.3)."""
        params = [("dataType", kind), ("from", from_d14), ("to", to_d14), *self._region()]
        data = self.client.get(COUNT_PATH, params)
        try:
            return DealCount(str(data["dataType"]), str(data["from"]), str(data["to"]),
                             int(data["count"]), int(data["revokedCount"]))
        except (TypeError, KeyError, ValueError) as exc:
            raise TransientError("ggzy count answer incomplete", source="ggzy") from exc

    def ping(self) -> int:
        """The server's time in epoch ms (``/ping``); also corrects the signing clock."""
        return self.client.ping()

    def close(self) -> None:
        self.client.close()

    @staticmethod
    def _page(data: Any, kind: str, after: tuple[str, str]) -> tuple[list[RawRecord], tuple[str, str], bool]:
        """The page's records beyond ``after``, the new position, and ``hasMore``."""
        if not isinstance(data, dict) or not isinstance(data.get("records"), list):
            raise TransientError("ggzy page without records", source="ggzy", kind=kind)
        has_more, count = data.get("hasMore"), data.get("count")
        if data.get("dataType") != kind or not isinstance(has_more, bool) or count != len(data["records"]):
            # an incomplete or foreign page is never half-applied: read it again
            raise TransientError("ggzy page inconsistent (dataType, count or hasMore)", source="ggzy", kind=kind)
        records: list[RawRecord] = []
        position = after
        for index, item in enumerate(data["records"]):
            pair = _identity(item, kind, index)
            if pair <= position:  # never behind the cursor, never twice in one page (§3.1)
                continue
            position = pair
            records.append(_raw(kind, item))
        return records, position, has_more
