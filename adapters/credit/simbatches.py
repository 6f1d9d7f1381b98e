"""Batch intake of the simulator (§3.1–§3.5): tickets, FIFO processing, per-row results, one key store.

    desk = BatchDesk(config, rng)
    ticket, dup = desk.submit(app_id, "v2", "I", body_sha, batch, now_ms)   # BatchConflict / TooMany
    desk.advance(now_ms, today)                                              # processes what is due, in order
    desk.result(ticket, now_ms)                                              # the §3.3 object or None (4041)

Processing is lazy but ordered: a batch is due ``process_delay_ms`` after the previous one of
its app finished (or after it was accepted).  ``received`` keeps every row the platform
stored with its key and channel, and ``repeats`` counts rows refused as 1006.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from typing import Any

from adapters.credit.render import platform_key
from adapters.credit.simconfig import SimConfig
from adapters.credit.simlegacy import convert_row
from adapters.credit.simrows import ERR_MSG, RowChecker, trim
from adapters.credit.wire import mask_id

__all__ = ["BatchDesk", "Conflict", "Ticket", "TooMany"]

_D_COLUMNS = {"WSH", "XDR_MC", "XDR_SHXYM", "XDR_ZJHM"}


class Conflict(Exception):
    """4091: batchNo reused with another body."""


class TooMany(Exception):
    """4292: more than ``max_open_tickets`` not finished."""


@dataclass
class Ticket:
    ticket: str
    app_id: str
    batch_no: str
    sha: str
    channel: str
    operation: str
    data_type: str
    rows: list[Any]
    submitted_ms: int
    due_ms: int
    status: str = "QUEUED"
    finished_ms: int | None = None
    fail_code: str | None = None
    results: list[dict[str, Any]] = field(default_factory=list)


class BatchDesk:
    def __init__(self, config: SimConfig, rng: random.Random) -> None:
        self.config = config
        self.rng = rng
        self.tickets: dict[str, Ticket] = {}
        self.by_batch: dict[tuple[str, str], Ticket] = {}
        self.order: list[Ticket] = []
        self.store: dict[tuple[str, str, str], dict[str, Any]] = {}  # platform key → stored row
        self.received: list[dict[str, Any]] = []
        self.repeats = 0
        self.fail_rate = 0.0
        self._seq = 0
        self.organs: dict[str, str] = {}
        self.areas: tuple[str, ...] = (config.area,)

    def submit(self, app_id: str, channel: str, operation: str, sha: str, batch: dict[str, Any],
               now_ms: int) -> tuple[Ticket, bool]:
        key = (app_id, str(batch["batchNo"]))
        old = self.by_batch.get(key)
        if old and old.status != "FAILED" and now_ms - old.submitted_ms < self.config.result_days * 86_400_000:
            if old.sha == sha:
                return old, True
            raise Conflict(key)
        open_ = sum(1 for t in self.order if t.app_id == app_id and t.status in ("QUEUED", "PROCESSING"))
        if open_ >= self.config.max_open_tickets:
            raise TooMany(app_id)
        last = max((t.due_ms for t in self.order if t.app_id == app_id), default=now_ms)
        self._seq += 1
        prefix = "L" if channel == "v1" else "T"
        stamp = datetime.fromtimestamp(now_ms / 1000, timezone(timedelta(hours=8)))
        ticket = Ticket(f"{prefix}{stamp:%Y%m%d%H%M%S}{self._seq:06d}", app_id, key[1], sha, channel, operation,
                        str(batch["dataType"]), list(batch["rows"]), now_ms,
                        max(last, now_ms) + self.config.process_delay_ms)
        self.tickets[ticket.ticket] = ticket
        self.by_batch[key] = ticket
        self.order.append(ticket)
        return ticket, False

    def advance(self, now_ms: int, today: date) -> None:
        for ticket in self.order:
            if ticket.status in ("QUEUED", "PROCESSING"):
                if ticket.due_ms <= now_ms:
                    self._process(ticket, now_ms, today)
                elif ticket.due_ms - self.config.process_delay_ms / 2 <= now_ms:
                    ticket.status = "PROCESSING"

    def _process(self, ticket: Ticket, now_ms: int, today: date) -> None:
        ticket.finished_ms = now_ms
        if self.fail_rate and self.rng.random() < self.fail_rate:
            ticket.status, ticket.fail_code = "FAILED", "5001"
            return
        checker = RowChecker(ticket.data_type, today)
        for n, row in enumerate(ticket.rows, 1):
            ticket.results.append(self._row(ticket, checker, n, row, today))
        ticket.status = "DONE"

    def _row(self, ticket: Ticket, checker: RowChecker, n: int, row: Any, today: date) -> dict[str, Any]:
        p = ticket.data_type
        names: dict[str, str] | None = None
        warnings: list[dict[str, Any]] = []
        if ticket.channel == "v1":
            row, names, errors, warnings = convert_row(p, row, self.organs, today, ticket.submitted_ms, self.areas)
            if errors:
                return self._refused(n, errors, warnings)
        if ticket.operation == "D":
            extra = [c for c in (row if isinstance(row, dict) else {}) if c != "BZ" and c[3:] not in _D_COLUMNS]
            errors = [{"errCode": "1016", "column": c, "errMsg": ERR_MSG["1016"], "value": str(row[c])} for c in extra]
            if not trim(row.get("BZ")):
                errors.insert(0, {"errCode": "1001", "column": "BZ", "errMsg": ERR_MSG["1001"], "value": None})
        else:
            errors, more = checker.check(row, legacy_names=names)
            warnings = warnings + more
        if errors:
            return self._refused(n, errors, warnings)
        key = platform_key(p, row)
        if ticket.operation == "I" and key in self.store:
            self.repeats += 1
            column = f"{p}_WSH"
            return self._refused(n, [{"errCode": "1006", "column": (names or {}).get(column, column),
                                      "errMsg": ERR_MSG["1006"], "value": key[1]}], warnings)
        if ticket.operation in ("U", "D") and key not in self.store:
            return self._refused(n, [{"errCode": "1013", "column": f"{p}_WSH", "errMsg": ERR_MSG["1013"],
                                      "value": key[1]}], warnings)
        if ticket.operation == "D":
            del self.store[key]
        else:
            self.store[key] = dict(row)
        self.received.append({"key": "|".join(key), "channel": ticket.channel, "operation": ticket.operation,
                              "ticket": ticket.ticket, "rowNo": n, "row": row})
        by_id = key[2] == trim(row.get(f"{p}_XDR_ZJHM") or "")
        return {"rowNo": n, "result": "ACCEPTED", "recordKey": self.record_key(key, by_id), "errors": [],
                "warnings": warnings}

    @staticmethod
    def record_key(key: tuple[str, str, str], by_id: bool) -> str:
        """``dataType|文书号|相对人标识`` with a 证件号码 masked (§4.4)."""
        return f"{key[0]}|{key[1]}|{mask_id(key[2]) if by_id else key[2]}"

    @staticmethod
    def _refused(n: int, errors: list[dict[str, Any]], warnings: list[dict[str, Any]]) -> dict[str, Any]:
        return {"rowNo": n, "result": "REJECTED", "recordKey": None, "errors": errors, "warnings": warnings}

    def result(self, ticket_id: str, now_ms: int) -> Ticket | None:
        ticket = self.tickets.get(ticket_id)
        if ticket is None:
            return None
        if ticket.finished_ms is not None and now_ms - ticket.finished_ms > self.config.result_days * 86_400_000:
            return None
        return ticket

    def view(self, t: Ticket, time_text: Any) -> dict[str, Any]:
        done = t.status == "DONE"
        rows = t.results if done else []
        accepted = sum(1 for r in rows if r["result"] == "ACCEPTED")
        return {"ticket": t.ticket, "batchNo": t.batch_no, "dataType": t.data_type,
                "channel": {"v1": "v1"}.get(t.channel, "v2" if t.operation == "I" else "v2-update"),
                "operation": t.operation, "status": t.status, "rowCount": len(t.rows),
                "acceptedCount": accepted, "rejectedCount": len(rows) - accepted,
                "warningCount": sum(len(r["warnings"]) for r in rows) if done else 0,
                "submittedAt": time_text(t.submitted_ms),
                "finishedAt": time_text(t.finished_ms) if t.finished_ms is not None else None,
                "failCode": t.fail_code, "failMsg": "系统内部错误" if t.fail_code else None, "rows": rows}
