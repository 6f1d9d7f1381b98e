"""The simulated hotline's orders and the §4.9 state machine.

    store = Store(calendar, on_transition=journal, on_event=outbox)
    store.add(order)                                  # an Order with base fields, then:
    store.dispatch(order_no, unit, now, "02")         # T1 / T8 / T13 / reassignment
    store.transition(order_no, unit, "30", "SIGNED", "UNIT", now, changes={...})
    store.feed(units)                                 # unit views, ascending version

Every change bumps the one global ``version`` and produces the webhooks of §3.8 through
``on_event(event, hold_s)``; every status change is reported to ``on_transition``.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from adapters.hotline12345.simcalendar import Calendar
from adapters.hotline12345.simconfig import UNITS
from adapters.hotline12345.wire import STATUS_NAMES, format_time

__all__ = ["OPEN", "Order", "Store"]

OPEN = ("20", "30", "32", "40", "50")


@dataclass
class Order:
    """One 工单: order-level fields (``base``), one unit view per unit it was dispatched to."""

    order_no: str
    base: dict[str, Any]
    views: dict[str, dict[str, Any]] = field(default_factory=dict)
    current_unit: str | None = None
    dispatch_seq: int = 0
    serial: dict[str, int] = field(default_factory=dict)

    @property
    def current(self) -> dict[str, Any]:
        assert self.current_unit is not None
        return self.views[self.current_unit]


class Store:
    """Orders by number; one lock outside (the simulator's) guards it."""

    def __init__(self, calendar: Calendar, *, on_transition: Callable[[dict[str, Any]], None],
                 on_event: Callable[[dict[str, Any], int], None], first_version: int = 880000001) -> None:
        self.calendar = calendar
        self.orders: dict[str, Order] = {}
        self.version = first_version - 1
        self._on_transition = on_transition
        self._on_event = on_event
        self._event_serial = 0
        self.dispatch_hold_s = 0

    # -- reading -------------------------------------------------------------------------
    def feed(self, units: tuple[str, ...]) -> list[dict[str, Any]]:
        views = [v for o in self.orders.values() for u, v in o.views.items() if u in units]
        return sorted(views, key=lambda v: int(v["version"]))

    def bump(self, view: dict[str, Any], now: datetime) -> int:
        self.version += 1
        view["version"] = self.version
        view["updateTime"] = format_time(now)
        view["overdueFlag"] = _overdue(view, now)
        return self.version

    def next_id(self, order: Order, prefix: str, now: datetime) -> str:
        key = prefix + now.strftime("%Y%m%d")
        n = order.serial.get(key, 0) + 1 + (sum(ord(c) for c in order.order_no) % 5000) * 10
        order.serial[key] = n
        return f"{key}{n:06d}"

    # -- transitions ---------------------------------------------------------------------
    def dispatch(self, order_no: str, unit: str, now: datetime, limit_type: str, *, cause: str = "DISPATCHED",
                 opinion: str | None = None) -> dict[str, Any]:
        """T1, T8, T13 or a reassignment: a new dispatch (``dispatchSeq`` + 1) to ``unit``, status 20."""
        order = self.orders[order_no]
        old = order.views.get(unit)
        order.dispatch_seq += 1
        order.current_unit = unit
        seq = order.dispatch_seq
        sign, ret, handle = self.calendar.deadlines(limit_type, now)
        name, uscc = UNITS.get(unit, (f"承办单位{unit}", "11321081MB1C87057L"))
        view = copy.deepcopy(order.base)
        view.update({
            "orderNo": order_no, "limitType": limit_type,
            "limitTypeName": {"01": "紧急件", "02": "一般件", "03": "复杂件"}[limit_type],
            "dispatchSeq": seq, "dispatchId": f"{order_no}-{seq:02d}", "unitCode": unit, "unitName": name,
            "unitUscc": uscc, "dispatchTime": format_time(now),
            "dispatchOpinion": opinion if opinion is not None else "请依法核查处理并答复市民。",
            "dispatcher": "市热线派单组-0217", "signDeadline": format_time(sign), "returnDeadline": format_time(ret),
            "handleDeadline": format_time(handle), "signTime": None, "status": "20", "statusName": "待签收",
            "overdueFlag": "0", "supervisions": list(old["supervisions"]) if old else [],
            "extensions": list(old["extensions"]) if old else [], "returns": list(old["returns"]) if old else [],
            "feedback": None, "visit": None,
        })
        order.views[unit] = view
        from_status = old["status"] if old and cause != "DISPATCHED" else None
        self.bump(view, now)
        self._event(order, view, "ORDER_DISPATCHED", now, copy.deepcopy(view), hold=True)
        self._changed(order, view, from_status, cause, "HOTLINE", now, opinion)
        return view

    def transition(self, order_no: str, unit: str, to: str, cause: str, caused_by: str, now: datetime, *,
                   changes: dict[str, Any] | None = None, opinion: str | None = None) -> dict[str, Any]:
        """Move the unit view of ``unit`` to status ``to`` with ``changes`` applied; webhooks follow."""
        order = self.orders[order_no]
        view = order.views[unit]
        before = view["status"]
        view.update(changes or {})
        view["status"], view["statusName"] = to, STATUS_NAMES[to]
        self.bump(view, now)
        self._changed(order, view, before, cause, caused_by, now, opinion)
        return view

    def supervise(self, order_no: str, record: dict[str, Any], now: datetime) -> dict[str, Any]:
        """督办 (type 1) or 催办 (type 2): status unchanged, ``limitTime`` moves ``handleDeadline``."""
        order = self.orders[order_no]
        view = order.current
        view["supervisions"] = [*view["supervisions"], record]
        if record.get("limitTime"):
            view["handleDeadline"] = record["limitTime"]
        self.bump(view, now)
        kind = "ORDER_SUPERVISED" if record["superviseType"] == "1" else "ORDER_URGED"
        self._event(order, view, kind, now, dict(record))
        return view

    # -- webhooks and evidence -----------------------------------------------------------
    def _changed(self, order: Order, view: dict[str, Any], before: str | None, cause: str, caused_by: str,
                 now: datetime, opinion: str | None) -> None:
        self._on_transition({"orderNo": order.order_no, "unitCode": view["unitCode"],
                             "dispatchSeq": view["dispatchSeq"], "from": before, "to": view["status"],
                             "cause": cause, "causedBy": caused_by, "version": view["version"]})
        self._event(order, view, "ORDER_STATUS_CHANGED", now, {
            "fromStatus": before, "toStatus": view["status"], "statusName": view["statusName"], "cause": cause,
            "causedBy": caused_by, "changeTime": format_time(now), "opinion": opinion,
            "handleDeadline": view["handleDeadline"]})

    def _event(self, order: Order, view: dict[str, Any], kind: str, now: datetime, data: dict[str, Any],
               *, hold: bool = False) -> None:
        self._event_serial += 1
        event = {"eventId": f"EV{now:%Y%m%d%H%M%S}{self._event_serial:07d}", "eventType": kind,
                 "eventTime": format_time(now), "orderNo": order.order_no, "dispatchSeq": view["dispatchSeq"],
                 "unitCode": view["unitCode"], "orderVersion": view["version"], "data": data}
        self._on_event(event, self.dispatch_hold_s if hold else 0)


def _overdue(view: dict[str, Any], now: datetime) -> str:
    sign_time = view.get("signTime")
    if sign_time and sign_time[:19] > view["signDeadline"][:19]:
        return "1"
    if view["status"] in ("20", "30", "32", "40") and format_time(now) > view["handleDeadline"][:19]:
        return "1"
    return "0"
