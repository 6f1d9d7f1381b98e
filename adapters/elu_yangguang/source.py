"""e路阳光 as a santong :class:`~adapters.base.Source`: one 更新时间 window of one kind per ``poll``.

    source = EluSource(EluSettings.load(config))
    page = source.poll(stored_cursor)          # None on the first run: every kind starts at settings.since
    ...                                        # publish page.records, then store page.next_cursor
    while page.has_more:
        page = source.poll(page.next_cursor)

Each ``poll`` reads one window ``[GXSJQ, GXSJZ)`` of the next kind (round robin) to its end and
checks it complete (§3.2 rule 4): ``TOTAL`` the same on every page and as many distinct
(key, GXSJ) rows as ``TOTAL``.  A window that shifted (quirk 14) is read again from page 1; in
``xm``/``jd`` a second straddling a page boundary is re-read as its own window (quirk 13).
Repeated rows (same key and GXSJ) are dropped.  ``GXSJZ`` stays ``safety_lag_s`` behind
SERVERTIME; a window with more than ``max_window_rows`` rows is halved first.  A failure leaves
the cursor where it was: the window is read again, and santong's message id — from (kind,
key, GXSJ) — recognises what was already published.

The cursor is santong's own JSON: ``{"v": 1, "q": {kind: GXSJQ}, "i": next kind index}``.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import httpx
from lxml import etree

from adapters.base import Page, RawRecord, Source
from adapters.elu_yangguang.client import EluClient
from adapters.elu_yangguang.settings import EluSettings
from adapters.elu_yangguang.wire import KINDS, Kind, format_dt, parse_dt
from adapters.elu_yangguang.xmlsafe import record_bytes, text_of
from santong.errors import ConfigError, TransientError

__all__ = ["EluSource", "WindowCursor"]

SOURCE = "elu-yangguang"
_MIN_WINDOW_S = 60  # a kind less than this behind the horizon is caught up


@dataclass
class WindowCursor:
    """Per kind, where the next window starts (epoch seconds), and which kind is next."""

    starts: dict[str, int] = field(default_factory=dict)
    index: int = 0

    def dump(self) -> str:
        doc = {"v": 1, "q": {k: format_dt(v) for k, v in sorted(self.starts.items())}, "i": self.index}
        return json.dumps(doc, ensure_ascii=True, separators=(",", ":"))

    @classmethod
    def parse(cls, text: str | None) -> WindowCursor:
        if not text:
            return cls()
        try:
            doc = json.loads(text)
            if not isinstance(doc, dict) or doc.get("v") != 1:
                raise ValueError("not a v1 cursor")
            starts = {str(k): int(parse_dt(str(v)).timestamp()) for k, v in dict(doc["q"]).items()}
            return cls(starts, int(doc["i"]))
        except (ValueError, TypeError, KeyError) as exc:
            raise ConfigError("stored elu-yangguang cursor is unreadable; reset it to reload", source=SOURCE) from exc


@dataclass(frozen=True)
class _Row:
    key: str
    gxsj: str
    element: etree._Element


@dataclass
class _Pass:
    rows: list[_Row]
    total: int
    boundaries: set[str]
    stable: bool


class EluSource(Source):
    """Polls the six ``*/query`` operations (those in ``settings.kinds``) window by window."""

    name = SOURCE

    def __init__(self, settings: EluSettings, *, transport: httpx.BaseTransport | None = None,
                 clock: Callable[[], float] = time.time) -> None:
        self.settings = settings
        self.client = EluClient(settings, transport=transport, clock=clock)
        self._since = int(parse_dt(settings.since).timestamp())

    def close(self) -> None:
        self.client.close()

    def poll(self, cursor: str | None) -> Page:
        state = WindowCursor.parse(cursor)
        self.client.token()  # also measures the server clock
        horizon = int(self.client.server_now()) - self.settings.safety_lag_s
        kinds = self.settings.kinds
        records: list[RawRecord] = []
        for _ in range(len(kinds)):
            kind = KINDS[kinds[state.index % len(kinds)]]
            state.index = (state.index + 1) % len(kinds)
            start = state.starts.get(kind.name, self._since)
            if horizon - start < _MIN_WINDOW_S:
                continue
            end = min(start + self.settings.window_s, horizon)
            rows, end = self._window(kind, start, end)
            state.starts[kind.name] = end
            records = [self._raw(kind, row) for row in rows]
            break
        due = any(horizon - state.starts.get(k, self._since) >= _MIN_WINDOW_S for k in kinds)
        return Page(records=records, next_cursor=state.dump(), has_more=due)

    # -- one window ------------------------------------------------------------------------
    def _window(self, kind: Kind, start: int, end: int) -> tuple[list[_Row], int]:
        """Every distinct row of ``[start, end)``, after shrinking ``end`` to fit ``max_window_rows``."""
        for _ in range(self.settings.max_rereads * 2):
            one = self._pass(kind, {"GXSJQ": format_dt(start), "GXSJZ": format_dt(end)})
            if one.total > self.settings.max_window_rows and end - start > 1:
                end = start + (end - start) // 2
                continue
            if not one.stable:
                continue  # quirk 14: read the window again from page 1
            rows = {(r.key, r.gxsj): r for r in one.rows}
            for second in sorted(one.boundaries):  # quirk 13
                rows.update({(r.key, r.gxsj): r for r in self._second(kind, second)})
            if len(rows) >= one.total:
                return sorted(rows.values(), key=lambda r: (r.gxsj, r.key)), end
        raise TransientError("e路阳光 window never read complete", source=SOURCE, kind=kind.name,
                             window=f"{format_dt(start)}/{format_dt(end)}")

    def _second(self, kind: Kind, second: str) -> list[_Row]:
        """All rows stamped in ``second`` (quirk 13): until one pass is complete or two agree."""
        after = format_dt(parse_dt(second).timestamp() + 1)
        seen: dict[tuple[str, str], _Row] = {}
        previous: set[tuple[str, str]] | None = None
        for _ in range(self.settings.max_rereads):
            one = self._pass(kind, {"GXSJQ": second, "GXSJZ": after})
            if not one.stable:
                continue
            keys = {(r.key, r.gxsj) for r in one.rows}
            seen.update({(r.key, r.gxsj): r for r in one.rows})
            if len(keys) >= one.total or len(seen) >= one.total or keys == previous:
                return list(seen.values())
            previous = keys
        raise TransientError("e路阳光 same-second rows never read complete", source=SOURCE, kind=kind.name,
                             second=second)

    def _pass(self, kind: Kind, window: dict[str, str]) -> _Pass:
        """Pages 1..TOTALPAGES of ``window``; ``stable`` is False when TOTAL moved between pages."""
        rows: list[_Row] = []
        boundaries: set[str] = set()
        total: int | None = None
        page_no, pages = 1, 1
        while page_no <= pages:
            params = {"XZQHDM": self.settings.area, **window, "PAGENO": str(page_no),
                      "PAGESIZE": str(self.settings.page_size)}
            root = self.client.query(kind.path, params).root
            page_total, page_count, found = self._page(kind, root)
            if total is None:
                total, pages = page_total, page_count
            elif page_total != total:
                return _Pass(rows, total, boundaries, stable=False)
            if rows and found and not kind.stable_order and rows[-1].gxsj == found[0].gxsj:
                boundaries.add(found[0].gxsj)
            rows.extend(found)
            page_no += 1
        return _Pass(rows, total or 0, boundaries, stable=True)

    @staticmethod
    def _page(kind: Kind, root: etree._Element) -> tuple[int, int, list[_Row]]:
        page = root.find("BODY/PAGE")
        total = text_of(page, "TOTAL") if page is not None else None
        pages = text_of(page, "TOTALPAGES") if page is not None else None
        if total is None or pages is None or not total.isdigit() or not pages.isdigit():
            raise TransientError("e路阳光 page without PAGE/TOTAL", source=SOURCE, kind=kind.name)
        rows: list[_Row] = []
        for element in root.iterfind(f"BODY/ROWS/{kind.name}"):
            key = text_of(element, kind.key)
            gxsj = text_of(element, "GXSJ") or ""
            if key is None:  # a bad record without its key still travels, named by its content
                key = "#" + hashlib.sha256(record_bytes(element)).hexdigest()[:24]
            rows.append(_Row(key, gxsj, element))
        return int(total), int(pages), rows

    @staticmethod
    def _raw(kind: Kind, row: _Row) -> RawRecord:
        try:
            changed = int(parse_dt(row.gxsj).timestamp() * 1000)
        except ValueError:
            changed = None
        return RawRecord(kind=kind.name, source_id=row.key, source_version=row.gxsj,
                         payload=record_bytes(row.element), changed_at_ms=changed)
