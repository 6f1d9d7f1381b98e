"""The append-only list-change feed of the simulator (§3.6, quirks 6 and 13).

    feed = Feed(first_seq=1_000_001, rng=random.Random(1))
    feed.append(event)                  # assigns a seq with a gap of 1–3
    feed.page(after_seq, limit, types)  # (events, next_seq, has_more)
    feed.restart(1000)                  # re-publish the last 1000 with new seqs (quirk 6)
"""

from __future__ import annotations

import random
from typing import Any

__all__ = ["Feed"]


class Feed:
    """Events ascending by ``seq``; gaps between seqs; pages never shift."""

    def __init__(self, first_seq: int, rng: random.Random) -> None:
        self.events: list[dict[str, Any]] = []
        self._next = first_seq
        self._rng = rng
        self.oldest_seq = first_seq

    def append(self, event: dict[str, Any]) -> int:
        seq = self._next
        self._next += self._rng.randint(1, 3)  # other areas, other lists, rolled-back writes
        self.events.append({"seq": seq, **{k: v for k, v in event.items() if k != "seq"}})
        return seq

    def expire(self, keep: int) -> None:
        """Drop all but the last ``keep`` events (retention); ``oldest_seq`` moves on."""
        if len(self.events) > keep:
            self.events = self.events[-keep:]
            self.oldest_seq = self.events[0]["seq"]

    def restart(self, count: int) -> int:
        """Re-publish up to ``count`` of the last distinct events with new seqs; returns how many."""
        again = self.events[-count:] if count else []
        for event in list(again):
            self.append(event)
        return len(again)

    def page(self, after: int, limit: int, types: set[str], area: str) -> tuple[list[dict[str, Any]], int, bool]:
        lo, hi = 0, len(self.events)
        while lo < hi:  # first index with seq > after
            mid = (lo + hi) // 2
            if self.events[mid]["seq"] <= after:
                lo = mid + 1
            else:
                hi = mid
        out: list[dict[str, Any]] = []
        index = lo
        while index < len(self.events) and len(out) < limit:
            event = self.events[index]
            if event["listType"] in types and event["areaCode"] == area:
                out.append(event)
            index += 1
        more = any(e["listType"] in types and e["areaCode"] == area for e in self.events[index:])
        return out, (out[-1]["seq"] if out else after), more
