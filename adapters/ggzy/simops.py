"""The operations of ggzy.md §3.1–§3.3 on the simulator's store: step 8 (parameters), step 9 (scope), answer.

Called by :mod:`adapters.ggzy.simapp` with the simulator's lock held, after steps 1–7 passed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from adapters.ggzy.simconfig import SimKey
from adapters.ggzy.wire import BEIJING, D14_RE, DATA_TYPES, ID_RE, d14_to_ms, ms_to_d14

if TYPE_CHECKING:
    from adapters.ggzy.simulator import GgzySimulator

__all__ = ["Answer", "operate"]

_MAX_WINDOW_MS = 31 * 86_400_000


@dataclass
class Answer:
    """What the app sends: code, ``data``, extra headers; ``truncate`` is the 200-cut-short fault."""

    code: str
    data: Any = None
    headers: dict[str, str] = field(default_factory=dict)
    truncate: bool = False
    served: tuple[str, list[dict[str, Any]]] | None = None


def _d14(text: str | None) -> bool:
    if text is None or not D14_RE.match(text):
        return False
    try:
        datetime.strptime(text, "%Y%m%d%H%M%S").replace(tzinfo=BEIJING)
    except ValueError:
        return False
    return True


def operate(sim: GgzySimulator, key: SimKey, sub: str, pairs: list[tuple[str, str]], now_ms: int) -> Answer:
    """Answer ``GET {sub}`` for ``key``; ``pairs`` are the decoded query parameters."""
    names = [n for n, _ in pairs]
    if len(set(names)) != len(names):
        return Answer("1002")
    params = dict(pairs)
    region = params.get("regionCode")
    if region is not None and not (len(region) == 6 and region.isdigit()):
        return Answer("1002")
    if sub == "/deals":
        return _deals(sim, key, params, now_ms)
    if sub == "/deals/count":
        return _count(sim, key, params, now_ms)
    _, _, kind, record_id = sub.split("/")
    if kind not in DATA_TYPES:
        return Answer("1004")
    if not ID_RE.match(record_id):
        return Answer("1002")
    if region is not None and region != key.region_code:
        return Answer("2005")
    record = sim.store.get(kind, record_id)
    if record is None or record["REGION_CODE"] != key.region_code:
        return Answer("4004")
    return Answer("0000", record)


def _deals(sim: GgzySimulator, key: SimKey, params: dict[str, str], now_ms: int) -> Answer:
    since, since_id, kind = params.get("since"), params.get("sinceId"), params.get("dataType")
    if since_id is not None and since is None:
        return Answer("1005")
    if kind is None or since is None:
        return Answer("1001")
    if kind not in DATA_TYPES:
        return Answer("1004")
    if not _d14(since) or (since_id is not None and not ID_RE.match(since_id)):
        return Answer("1002")
    size_text = params.get("pageSize", "50")
    if not size_text.isdigit() or not 1 <= int(size_text) <= 100:
        return Answer("1003")
    if params.get("regionCode", key.region_code) != key.region_code:
        return Answer("2005")
    size = int(size_text)
    watermark = sim.watermark(now_ms)
    records, more = sim.store.page(kind, key.region_code, since, since_id, watermark, size)
    last = records[-1] if records else None
    data = {"dataType": kind, "pageSize": size, "count": len(records), "hasMore": more,
            "nextSince": last["DATA_TIMESTAMP"] if last else since,
            "nextSinceId": last["ID"] if last else (since_id or ""),
            "watermark": watermark, "records": records}
    return Answer("0000", data, served=(kind, records))


def _count(sim: GgzySimulator, key: SimKey, params: dict[str, str], now_ms: int) -> Answer:
    kind, start, stop = params.get("dataType"), params.get("from"), params.get("to")
    if kind is None or start is None or stop is None:
        return Answer("1001")
    if kind not in DATA_TYPES:
        return Answer("1004")
    if not _d14(start) or not _d14(stop):
        return Answer("1002")
    start_ms, stop_ms = d14_to_ms(start), d14_to_ms(stop)
    if not start_ms < stop_ms or stop_ms - start_ms > _MAX_WINDOW_MS:
        return Answer("1002")
    if params.get("regionCode", key.region_code) != key.region_code:
        return Answer("2005")
    clipped = ms_to_d14(min(stop_ms, d14_to_ms(sim.watermark(now_ms)) + 1000))
    count, revoked = sim.store.count(kind, key.region_code, start, clipped)
    return Answer("0000", {"dataType": kind, "from": start, "to": clipped, "count": count, "revokedCount": revoked})
