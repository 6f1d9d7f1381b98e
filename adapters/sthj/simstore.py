"""The simulator's database: latest state per record, and a sorted (updated_at, record_id) index per type.

    store = Store(retention_ms=365 * 86400_000)
    store.load(SimData(config).seed_records())
    result = store.page(("INSPECTION",), (0, ""), 200, now_ms, settle_ms=5000, readable=lambda e: True)
    store.update("HBZF-JC-2025-000001", new_content, now_ms)

Not thread-safe: the simulator holds its lock around every call.  A page costs
O(page_size · log types) plus one bisect per type; a save costs one bisect and one list
insertion per index, so thousands of records page in milliseconds.
"""

from __future__ import annotations

import bisect
import heapq
import itertools
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from adapters.sthj.simbad import BadRecord
from adapters.sthj.simconfig import RECORD_TYPES
from adapters.sthj.simdata import SeedRecord, tombstone
from adapters.sthj.simjson import render

__all__ = ["Entry", "Key", "PageResult", "Store"]

Key = tuple[int, str]


@dataclass
class Entry:
    """A record's latest state as served (``payload``, pre-rendered as ``text``) and its live content."""

    record_id: str
    kind: str
    live: dict[str, Any]
    payload: dict[str, Any]
    text: str
    bad: BadRecord | None
    restricted: bool

    @property
    def version(self) -> int:
        return int(self.payload["version"])

    @property
    def updated_at(self) -> int:
        return int(self.payload["updated_at"])

    @property
    def deleted(self) -> bool:
        return bool(self.payload["deleted"])

    @property
    def key(self) -> Key:
        return (self.updated_at, self.record_id)


@dataclass
class PageResult:
    entries: list[Entry]
    position: Key
    has_more: bool


class Store:
    """Latest versions, tombstones (purged ``retention_ms`` after ``deleted_at``) and the feed order."""

    def __init__(self, retention_ms: int) -> None:
        self.retention_ms = retention_ms
        self._entries: dict[str, Entry] = {}
        self._index: dict[str, list[Key]] = {k: [] for k in RECORD_TYPES}
        self.high_water_ms = 0  # greatest updated_at handed out as a position

    def __len__(self) -> int:
        return len(self._entries)

    # -- reading -------------------------------------------------------------------------
    def purged(self, entry: Entry, now_ms: int) -> bool:
        return entry.deleted and int(entry.payload["deleted_at"]) < now_ms - self.retention_ms

    def get(self, record_id: str, now_ms: int) -> Entry | None:
        entry = self._entries.get(record_id)
        return None if entry is None or self.purged(entry, now_ms) else entry

    def entries(self) -> Iterable[Entry]:
        return self._entries.values()

    def _scan(self, kinds: Iterable[str], after: Key) -> Iterator[Entry]:
        def walk(keys: list[Key]) -> Iterator[Key]:
            for i in range(bisect.bisect_right(keys, after), len(keys)):
                yield keys[i]

        for _, record_id in heapq.merge(*(walk(self._index[k]) for k in kinds)):
            yield self._entries[record_id]

    def page(
        self,
        kinds: tuple[str, ...],
        after: Key,
        size: int,
        now_ms: int,
        *,
        settle_ms: int,
        readable: Callable[[Entry], bool],
        repeat: Callable[[Entry, Entry | None], bool] | None = None,
    ) -> PageResult:
        """Records of ``kinds`` with key > ``after`` and updated_at ≤ now − settle, cut at ``size``.

        Records the app may not read are dropped *after* the cut (short pages); a cut that
        leaves nothing readable is followed by the next one, so an empty page means caught up.
        ``repeat(boundary, next)`` decides quirk 11b: start with the record at ``after``.
        """
        limit = now_ms - settle_ms
        settled = itertools.takewhile(lambda e: e.updated_at <= limit, self._scan(kinds, after))  # sorted: stop early
        visible = (e for e in settled if not self.purged(e, now_ms))
        out: list[Entry] = []
        taken = 0
        first = next(visible, None)
        boundary = self._entries.get(after[1])
        if (
            repeat is not None and size >= 2 and first is not None and boundary is not None
            and boundary.key == after and boundary.kind in kinds and readable(boundary) and repeat(boundary, first)
        ):
            out.append(boundary)
            taken = 1
        position, has_more = after, False
        pending = first
        while pending is not None:
            if taken == size:
                if out:
                    has_more = True
                    break
                taken = 0  # the whole cut was unreadable: cut again rather than answer empty with more
            taken += 1
            position = pending.key
            if readable(pending):
                out.append(pending)
            pending = next(visible, None)
        self.high_water_ms = max(self.high_water_ms, position[0])
        return PageResult(out, position, has_more)

    # -- writing -------------------------------------------------------------------------
    def _stamp(self, now_ms: int, entry: Entry | None = None) -> int:
        # A save sorts after every position already handed out, even with a 0 ms settle window.
        stamp = max(now_ms, self.high_water_ms + 1)
        return max(stamp, entry.updated_at) if entry else stamp

    def _put(self, entry: Entry, old: Key | None) -> None:
        keys = self._index[entry.kind]
        if old is not None:
            del keys[bisect.bisect_left(keys, old)]
        bisect.insort(keys, entry.key)
        entry.text = render(entry.payload)
        self._entries[entry.record_id] = entry

    def load(self, records: Iterable[SeedRecord]) -> None:
        for rec in records:
            payload = rec.current
            entry = Entry(payload["record_id"], payload["record_type"], rec.live, payload, "", rec.bad, rec.restricted)
            self._put(entry, None)

    def insert(self, rec: SeedRecord, now_ms: int) -> Entry:
        rec.live["updated_at"] = rec.live["created_at"] = self._stamp(now_ms)
        entry = Entry(rec.live["record_id"], rec.live["record_type"], rec.live, rec.live, "", rec.bad, rec.restricted)
        self._put(entry, None)
        return entry

    def update(self, record_id: str, content: dict[str, Any], now_ms: int) -> Entry:
        """A new save of a live record (version + 1); ``content`` is the full new live record."""
        entry = self._live(record_id, now_ms)
        old = entry.key
        content["version"], content["updated_at"] = entry.version + 1, self._stamp(now_ms, entry)
        entry.live = entry.payload = content
        self._put(entry, old)
        return entry

    def delete(self, record_id: str, now_ms: int, reason: str | None) -> Entry:
        entry = self._live(record_id, now_ms)
        old = entry.key
        entry.payload = tombstone(entry.live, entry.version + 1, self._stamp(now_ms, entry), reason)
        self._put(entry, old)
        return entry

    def restore(self, record_id: str, now_ms: int) -> Entry:
        """撤销删除: the live content again, with the next version."""
        entry = self.get(record_id, now_ms)
        if entry is None or not entry.deleted:
            raise KeyError(f"{record_id} is not a retained tombstone")
        old = entry.key
        live = dict(entry.live)
        live["version"], live["updated_at"] = entry.version + 1, self._stamp(now_ms, entry)
        entry.live = entry.payload = live
        self._put(entry, old)
        return entry

    def _live(self, record_id: str, now_ms: int) -> Entry:
        entry = self.get(record_id, now_ms)
        if entry is None or entry.deleted:
            raise KeyError(f"{record_id} is not a live record")
        return entry
