"""The 市场监管 SJJH windows as a santong :class:`~adapters.base.Source`.

    source = ScjgSource(ScjgSettings.load(config))
    page = source.poll(stored_cursor)        # None on the first run
    ...                                      # publish page.records, then store page.next_cursor
    while page.has_more:
        page = source.poll(page.next_cursor)
    source.fetch("XZCF", "6E1F0B2C9D4A47E3B58C1A2D3E4F5A60")   # GetRecord: the current version
    source.close()

One ``poll`` is one ``Query*`` request for one page of one kind's window (the kind whose
window is furthest behind).  §3.3's loop is kept across polls in the cursor
(:mod:`adapters.scjg.cursor`): windows of at most ``window_s`` ending ``visibility_lag_s``
before now; a changed ``totalCount`` restarts the window (quirk 6), at most ``max_restarts``
times, then the window is halved; stale copies are dropped, keeping per ID the greatest
``LAST_UPDATED`` (quirk 11).  Records are handed over as the UTF-8 bytes of their ``<record>``
element; ``source_id`` is the ID and ``source_version`` the ``LAST_UPDATED``, so a re-read of a
version gets the same message id in the hub.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime, timedelta, timezone

from lxml import etree

from adapters.base import Page, RawRecord, Source
from adapters.scjg.client import SjjhClient
from adapters.scjg.cursor import Cursor, Track
from adapters.scjg.faults import RecordNotFound, WindowTooLarge
from adapters.scjg.settings import ScjgSettings
from adapters.scjg.wire import OPERATIONS, TIME_RE, format_time, parse_time
from santong.errors import DataError, FieldError, TransientError

__all__ = ["ScjgSource", "record_bytes"]

_RESCAN = "~r"


def record_bytes(element: etree._Element) -> bytes:
    """The ``<record>`` (or ``<xzcf>`` …) element as a standalone UTF-8 document."""
    copy = etree.fromstring(etree.tostring(element))  # detached, so unused namespaces can go
    etree.cleanup_namespaces(copy)
    return bytes(etree.tostring(copy, encoding="UTF-8", xml_declaration=True))


def _identity(element: etree._Element, kind: str) -> tuple[str, str]:
    rid = (element.findtext("ID") or "").strip()
    updated = (element.findtext("LAST_UPDATED") or "").strip()
    errors = []
    if not rid:
        errors.append(FieldError("ID", "REQUIRED", "record without ID"))
    if not TIME_RE.match(updated):
        errors.append(FieldError("LAST_UPDATED", "FORMAT", "LAST_UPDATED not yyyy-MM-dd HH:mm:ss", updated))
    if errors:
        raise DataError("scjg record without identity", errors, source="scjg", kind=kind, record_id=rid or None)
    return rid, updated


class ScjgSource(Source):
    """Polls the four ``Query*`` operations window by window; ``fetch`` reads one record."""

    name = "scjg"

    def __init__(self, settings: ScjgSettings, *, clock: Callable[[], float] = time.time,
                 nonce_source: Callable[[], bytes] | None = None) -> None:
        self.settings = settings
        self._clock = clock
        self._client = SjjhClient(settings, clock=clock, nonce_source=nonce_source)

    # -- planning ----------------------------------------------------------------------
    def _now(self) -> datetime:
        return datetime.fromtimestamp(self._clock(), tz=timezone.utc)

    def _limit(self, name: str, state: Cursor) -> datetime:
        """Latest end a window of track ``name`` may have now."""
        lag = self.settings.visibility_lag_s
        if not name.endswith(_RESCAN):
            return self._now() - timedelta(seconds=lag)
        main = state.tracks.get(name[: -len(_RESCAN)])
        main_start = parse_time(main.start) if main else parse_time(self.settings.since)
        delay = self.settings.rescan_delay_s or 0
        return min(main_start, self._now() - timedelta(seconds=max(lag, delay)))

    def _ready(self, state: Cursor) -> list[tuple[str, Track]]:
        names: list[str] = list(self.settings.kinds)
        if self.settings.rescan_delay_s is not None:
            names += [k + _RESCAN for k in self.settings.kinds]
        ready = []
        for name in names:
            track = state.tracks.get(name) or Track(start=self.settings.since)
            span = self._limit(name, state) - parse_time(track.start)
            if track.end is not None or span >= timedelta(seconds=self.settings.min_window_s):
                ready.append((name, track))
        # the window furthest behind first; main tracks before re-scans at equal starts
        return sorted(ready, key=lambda nt: (nt[1].start, nt[0].endswith(_RESCAN), nt[0]))

    def _window(self, name: str, track: Track, state: Cursor, span_s: int | None = None) -> Track:
        start = parse_time(track.start)
        span = timedelta(seconds=span_s or self.settings.window_s)
        end = min(start + span, self._limit(name, state))
        return Track(start=track.start, end=format_time(end), page=1)

    # -- Source ------------------------------------------------------------------------
    def poll(self, cursor: str | None) -> Page:
        state = Cursor.parse(cursor)
        ready = self._ready(state)
        if not ready:
            return Page(records=[], next_cursor=state.dump(), has_more=False)
        name, track = ready[0]
        if track.end is None:
            track = self._window(name, track, state)
        kind = name.removesuffix(_RESCAN)
        try:
            answer = self._client.call(OPERATIONS[kind], startTime=track.start, endTime=track.end,
                                       pageNo=track.page, pageSize=self.settings.page_size)
        except WindowTooLarge:
            assert track.end is not None
            half = max(60, int((parse_time(track.end) - parse_time(track.start)).total_seconds()) // 2)
            state = state.with_track(name, self._window(name, Track(start=track.start), state, half))
            return Page(records=[], next_cursor=state.dump(), has_more=True)
        records, track = self._page(kind, track, answer)
        state = state.with_track(name, track)
        return Page(records=records, next_cursor=state.dump(), has_more=bool(self._ready(state)))

    def _page(self, kind: str, track: Track, answer: etree._Element) -> tuple[list[RawRecord], Track]:
        total_text = (answer.findtext("totalCount") or "").strip()
        if not total_text.isdigit():
            raise TransientError("SJJH page without totalCount", source="scjg", kind=kind)
        total = int(total_text)
        assert track.end is not None
        span = int((parse_time(track.end) - parse_time(track.start)).total_seconds())
        # quirk 6: rows moved between pages.  A 1-second window cannot be narrowed further: it is
        # read on (the hub drops repeats by message id; the re-scan catches what moved).
        if track.page > 1 and total != track.total and span > 1:
            if track.restarts >= self.settings.max_restarts:
                narrowed = format_time(parse_time(track.start) + timedelta(seconds=max(1, span // 2)))
                return [], Track(start=track.start, end=narrowed)
            return [], track.restarted()
        rows = answer.find("records")
        elements = [] if rows is None else list(rows.iterfind("record"))
        records = self._keep_current(kind, elements, track.last)
        last = track.last
        if elements:
            last = _identity(elements[-1], kind)
        served = (track.page - 1) * self.settings.page_size + len(elements)
        if served >= total or not elements:
            return records, track.next_window()
        return records, Track(start=track.start, end=track.end, page=track.page + 1, total=total,
                              restarts=track.restarts, last=last)

    @staticmethod
    def _keep_current(kind: str, elements: list[etree._Element], last: tuple[str, str] | None) -> list[RawRecord]:
        """Rows in order, minus stale copies and repeats: per ID the greatest LAST_UPDATED (quirk 11)."""
        best: dict[str, tuple[str, etree._Element]] = {}
        order: list[str] = []
        for element in elements:
            rid, updated = _identity(element, kind)
            if last is not None and last[0] == rid and updated <= last[1]:
                continue  # the stale copy (or a repeat) of the previous page's last row
            if rid not in best:
                order.append(rid)
                best[rid] = (updated, element)
            elif updated > best[rid][0]:
                best[rid] = (updated, element)
        out = []
        for rid in order:
            updated, element = best[rid]
            changed = int(parse_time(updated).timestamp() * 1000)
            out.append(RawRecord(kind=kind, source_id=rid, source_version=updated, payload=record_bytes(element),
                                 changed_at_ms=changed))
        return out

    def fetch(self, kind: str, record_id: str) -> RawRecord | None:
        """The current version of one record (tombstones included), or ``None`` if unknown (§3.4)."""
        try:
            answer = self._client.call("GetRecord", recordType=kind, id=record_id)
        except RecordNotFound:
            return None
        element = answer.find(kind.lower())
        if element is None:
            raise TransientError("GetRecord answer without the record", source="scjg", kind=kind)
        rid, updated = _identity(element, kind)
        changed = int(parse_time(updated).timestamp() * 1000)
        return RawRecord(kind=kind, source_id=rid, source_version=updated, payload=record_bytes(element),
                         changed_at_ms=changed)

    def ping(self) -> str:
        """``serverTime`` of the service (Beijing time); checks the credentials as well (§3.2)."""
        answer = self._client.call("Ping", echo="santong-321081")
        return (answer.findtext("serverTime") or "").strip()

    def close(self) -> None:
        self._client.close()
