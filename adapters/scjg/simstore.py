"""The simulated database: current rows per (kind, ID), stale copies (quirk 11), visibility, selection.

    store.save(row)                                   # insert or new version
    rows = store.window("XZXK", start, end, now)      # ordered as §3.3, stale copies after their row

Times are ``yyyy-MM-dd HH:mm:ss`` Beijing strings; they sort as they compare.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from adapters.scjg.simbad import BadRecord

__all__ = ["Row", "Store"]


@dataclass(frozen=True)
class Row:
    """One version of one record as stored."""

    kind: str
    fields: dict[str, str | None]
    migrated: bool = False  # pre-2017: optional elements omitted, text without CDATA (quirks 5, 8)
    visible_at: str = ""  # committed (visible to queries) from this Beijing time on
    bad: BadRecord | None = None
    stale: Row | None = field(default=None, repr=False)  # quirk 11: an older copy served after this row

    @property
    def id(self) -> str:
        return str(self.fields["ID"])

    @property
    def last_updated(self) -> str:
        return str(self.fields["LAST_UPDATED"])

    @property
    def deleted(self) -> bool:
        return self.fields.get("SCBZ") == "1"


class Store:
    """Current rows of every kind; not thread-safe (the simulator holds its lock)."""

    def __init__(self) -> None:
        self._rows: dict[tuple[str, str], Row] = {}

    def save(self, row: Row) -> Row:
        self._rows[(row.kind, row.id)] = row
        return row

    def get(self, kind: str, record_id: str) -> Row | None:
        return self._rows.get((kind, record_id))

    def rows(self, kind: str | None = None) -> list[Row]:
        return [r for (k, _), r in self._rows.items() if kind is None or k == kind]

    def window(self, kind: str, start: str, end: str, now: str, cutoff: str) -> list[Row]:
        """Rows with ``start ≤ LAST_UPDATED < end``, committed by ``now`` and updated by ``cutoff``.

        Ordered by (LAST_UPDATED, ID); a stale copy follows its row (quirk 11).
        """
        chosen = sorted((r for r in self.rows(kind)
                         if start <= r.last_updated < end and r.visible_at <= now and r.last_updated <= cutoff),
                        key=lambda r: (r.last_updated, r.id))
        out: list[Row] = []
        for row in chosen:
            out.append(row)
            if row.stale is not None:
                out.append(row.stale)
        return out

    def updated(self, row: Row, fields: dict[str, str | None], now: str) -> Row:
        """``row`` saved again with ``fields`` (its stale copy, if any, dropped)."""
        return self.save(replace(row, fields=fields, visible_at=now, stale=None))
