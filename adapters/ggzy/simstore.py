"""The platform's current record versions with the §3.1 keyset index, per kind and region.

    store = Store(); store.load(records)
    rows, more = store.page("WIN_RESULT", "321081", "20251218020000", "3c9e…", "20251219092815", 100)
    store.put("WIN_RESULT", new_version)      # re-publish: moves the record to its new (DATA_TIMESTAMP, ID)

Only the current version of a record is kept (the platform never deletes; a tombstone is a
version).  Not thread-safe: the simulator holds its lock around every call.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator
from typing import Any

__all__ = ["Store"]

_AFTER_ANY_ID = "~"  # sorts after every lowercase hex ID


class Store:
    """``(kind, ID)`` → current record, and per ``(kind, region)`` the sorted ``(DATA_TIMESTAMP, ID)`` keys."""

    def __init__(self) -> None:
        self._current: dict[tuple[str, str], dict[str, Any]] = {}
        self._index: dict[tuple[str, str], list[tuple[str, str]]] = {}

    def load(self, records: list[tuple[str, dict[str, Any]]]) -> None:
        for kind, record in records:
            self.put(kind, record)

    def put(self, kind: str, record: dict[str, Any]) -> None:
        """Insert or replace the current version of ``record`` (keyed by its ID)."""
        key = (kind, record["ID"])
        old = self._current.get(key)
        if old is not None:
            index = self._index[(kind, old["REGION_CODE"])]
            index.pop(bisect.bisect_left(index, (old["DATA_TIMESTAMP"], old["ID"])))
        self._current[key] = record
        bisect.insort(self._index.setdefault((kind, record["REGION_CODE"]), []), (record["DATA_TIMESTAMP"], record["ID"]))

    def get(self, kind: str, record_id: str) -> dict[str, Any] | None:
        return self._current.get((kind, record_id))

    def items(self, kind: str | None = None) -> Iterator[tuple[str, dict[str, Any]]]:
        for (k, _), record in self._current.items():
            if kind is None or k == kind:
                yield k, record

    def page(self, kind: str, region: str, since: str, since_id: str | None, watermark: str,
             size: int) -> tuple[list[dict[str, Any]], bool]:
        """Records after ``(since, since_id)`` (V1 without ``since_id``: after ``since``), ≤ watermark."""
        index = self._index.get((kind, region), [])
        start = bisect.bisect_right(index, (since, since_id if since_id is not None else _AFTER_ANY_ID))
        end = bisect.bisect_right(index, (watermark, _AFTER_ANY_ID))
        keys = index[start:min(end, start + size)]
        return [self._current[(kind, rid)] for _, rid in keys], start + size < end

    def count(self, kind: str, region: str, start: str, stop: str) -> tuple[int, int]:
        """(records, tombstones) whose DATA_TIMESTAMP is in ``[start, stop)``."""
        index = self._index.get((kind, region), [])
        keys = index[bisect.bisect_left(index, (start, "")):bisect.bisect_left(index, (stop, ""))]
        revoked = sum(1 for _, rid in keys if self._current[(kind, rid)].get("DATA_STATE") == "2")
        return len(keys), revoked
