"""santong's stored cursor for scjg: one window-reading track per kind, and one re-scan track each.

    state = Cursor.parse(stored)                 # None or "" on the first run
    track = state.tracks["XZXK"]                 # Track(start, end, page, total, restarts, last)
    stored = state.dump()

A track reads ``[start, end)`` page by page; ``total`` is page 1's ``totalCount`` (quirk 6:
a later page with another count restarts the window); ``last`` is the (ID, LAST_UPDATED) of
the last row served, so that a stale copy at the top of the next page is recognised (quirk 11).
Tracks named ``KIND~r`` re-read windows once 归集 had its chance (§3.3 visibility).
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, replace
from typing import Any

from santong.errors import ConfigError

__all__ = ["Cursor", "Track"]


@dataclass(frozen=True)
class Track:
    """Where one kind's reading stands (times are ``yyyy-MM-dd HH:mm:ss`` Beijing time)."""

    start: str
    end: str | None = None  # fixed when page 1 is asked for
    page: int = 1
    total: int | None = None
    restarts: int = 0
    last: tuple[str, str] | None = None

    def next_window(self) -> Track:
        assert self.end is not None
        return Track(start=self.end)

    def restarted(self) -> Track:
        return replace(self, page=1, total=None, restarts=self.restarts + 1, last=None)


@dataclass(frozen=True)
class Cursor:
    tracks: dict[str, Track] = field(default_factory=dict)

    def dump(self) -> str:
        doc: dict[str, Any] = {"v": 1, "t": {name: asdict(t) for name, t in sorted(self.tracks.items())}}
        return json.dumps(doc, separators=(",", ":"), ensure_ascii=True)

    def with_track(self, name: str, track: Track) -> Cursor:
        return Cursor({**self.tracks, name: track})

    @classmethod
    def parse(cls, text: str | None) -> Cursor:
        if not text:
            return cls()
        try:
            doc = json.loads(text)
            if not isinstance(doc, dict) or doc.get("v") != 1:
                raise ValueError("not a v1 scjg cursor")
            tracks = {}
            for name, t in doc["t"].items():
                last = t.get("last")
                tracks[str(name)] = Track(start=str(t["start"]), end=t.get("end"), page=int(t["page"]),
                                          total=t.get("total"), restarts=int(t.get("restarts", 0)),
                                          last=(str(last[0]), str(last[1])) if last else None)
            return cls(tracks)
        except (ValueError, TypeError, KeyError, IndexError, AttributeError) as exc:
            raise ConfigError("stored scjg cursor is unreadable; reset it to reload", source="scjg") from exc
