"""CreditSink — pushes 双公示 batches (XYSGS_XK / XYSGS_CF) and reads their per-row results.

    sink = CreditSink(settings)                     # delivered= a persistent mapping in production
    batch = sink.prepare(draft)                     # no I/O; journal batch.payload, then
    sink.post(batch)                                # TransientError: post the same bytes again
    outcome = sink.outcome(batch.batch_id)          # None until every part is DONE

A draft becomes one to several platform requests ("parts"), in record order: runs of ``i``
go to §3.1, ``u`` to §3.2 ``U``, ``d`` to §3.2 ``D``; a ``u`` that changes the 相对人 becomes
``D`` of the last delivered row plus a new §3.1 row (§7).  batchNo of part *n* is
``<draft.batch_no>-<n>``; the platform answers a re-post of identical bytes with the original
ticket (``duplicateBatch``), so ``post`` and ``outcome`` are safe to repeat, also after a
restart (``outcome`` re-posts to learn a forgotten ticket).  Results are matched by position
(quirk 1).  A row refused only with 1006 is ``duplicate``; a tombstone without
``delete_reason`` or without a delivered version is refused locally (nothing is invented).
``delivered`` maps ``dataType|机关代码|文书号`` → the last 2020 row the platform accepted for that
record (updated by ``outcome``; pass a persistent mapping in production).
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, MutableMapping
from typing import Any

import httpx

from adapters.base import BatchDraft, BatchOutcome, PreparedBatch, Sink, SinkOutcome
from adapters.credit.client import CreditClient
from adapters.credit.render import DATA_TYPES, column_field, platform_key, render_row, subject_columns
from adapters.credit.settings import CreditSettings
from adapters.credit.wire import BATCHES_PATH, UPDATE_PATH
from santong.errors import PermanentError, TransientError

__all__ = ["CreditSink"]

_ORG = {"XK": ("license_org_code", "license_document_number"), "CF": ("punish_org_code", "punish_document_code")}
_RANK = {"accepted": 0, "duplicate": 1, "rejected": 2}


def _std_key(data_type: str, data: dict[str, Any]) -> str:
    org, doc = _ORG[data_type]
    return f"{data_type}|{data.get(org)}|{data.get(doc)}"


class CreditSink(Sink):
    """The Sink of the 信用扬州 双公示 interface (§3.1–§3.3)."""

    name = "credit"

    def __init__(self, settings: CreditSettings, *, transport: httpx.BaseTransport | None = None,
                 clock: Callable[[], float] = time.time,
                 delivered: MutableMapping[str, dict[str, Any]] | None = None) -> None:
        self.settings = settings
        self._client = CreditClient(settings, transport=transport, clock=clock)
        self.delivered: MutableMapping[str, dict[str, Any]] = {} if delivered is None else delivered
        self._tickets: dict[str, str] = {}
        self._prepared: dict[str, PreparedBatch] = {}

    # -- Sink -----------------------------------------------------------------------------
    def prepare(self, draft: BatchDraft) -> PreparedBatch:
        """Render the draft's records as 2020 rows grouped into parts (see the module docstring)."""
        data_type = DATA_TYPES.get(draft.msg_type)
        if data_type is None:
            raise PermanentError(f"信用平台不接收 {draft.msg_type} / not a 双公示 type", batch_no=draft.batch_no)
        if not 1 <= len(draft.records) <= 1000:
            raise PermanentError("批次须含 1 至 1000 行 / 1 to 1000 rows per batch", batch_no=draft.batch_no)
        parts: list[dict[str, Any]] = []
        local: list[dict[str, Any]] = []

        view: dict[str, dict[str, Any] | None] = {}  # this draft's own effect on what was delivered

        def last_of(key: str) -> dict[str, Any] | None:
            return view[key] if key in view else self.delivered.get(key)

        def add(op: str, row: dict[str, Any], cd_id: str, digest: str, key: str) -> None:
            if not parts or parts[-1]["op"] != op:
                parts.append({"op": op, "rows": [], "cd": []})
            parts[-1]["rows"].append(row)
            parts[-1]["cd"].append([cd_id, digest, key])

        for sealed in draft.records:
            rec = sealed.record
            op, data = rec.get("cd_operation"), rec.get("data") or {}
            key = _std_key(data_type, data)
            if op == "d":
                last = last_of(key)
                reason = data.get("delete_reason")
                if last is None or not reason:
                    why = "delete_reason" if last is not None else "cd_id"
                    local.append({"cd_id": sealed.cd_id, "digest": sealed.digest, "errors": [
                        {"field": f"data.{why}" if why == "delete_reason" else "cd_id", "code": "REQUIRED" if
                         why == "delete_reason" else "REFERENCE", "message": "撤销须有撤销原因 / no 撤销原因"
                         if why == "delete_reason" else "未曾报送，无法撤销 / never delivered, nothing to withdraw"}]})
                    continue
                add("D", {**subject_columns(data_type, last), "BZ": str(reason)}, sealed.cd_id, sealed.digest, key)
                view[key] = None
                continue
            row = render_row(data_type, data)
            last = last_of(key)
            if op == "u" and last is not None and platform_key(data_type, last) != platform_key(data_type, row):
                add("D", {**subject_columns(data_type, last), "BZ": "更正行政相对人信息"}, sealed.cd_id, sealed.digest, key)
                add("I", row, sealed.cd_id, sealed.digest, key)
            else:
                add("U" if op == "u" and last is not None else "I", row, sealed.cd_id, sealed.digest, key)
            view[key] = row
        wire: list[dict[str, Any]] = []
        for n, part in enumerate(parts, 1):
            body: dict[str, Any] = {"batchNo": f"{draft.batch_no}-{n}", "dataType": data_type, "specVersion": "2020"}
            if part["op"] != "I":
                body["operation"] = part["op"]
            body["rows"] = part["rows"]
            text = json.dumps(body, ensure_ascii=False, separators=(",", ":"))
            wire.append({"batchNo": body["batchNo"], "path": BATCHES_PATH if part["op"] == "I" else UPDATE_PATH,
                         "body": text, "cd": part["cd"]})
        payload = {"v": 1, "batchId": draft.batch_no, "parts": wire, "local": local}
        return PreparedBatch(batch_id=draft.batch_no, payload=json.dumps(payload, ensure_ascii=False).encode("utf-8"))

    def post(self, batch: PreparedBatch) -> None:
        """POST every part's exact bytes, in order.  TransientError: post the same batch again."""
        for part in self._parts(batch):
            self._post_part(part)

    def outcome(self, batch_id: str, batch: PreparedBatch | None = None) -> BatchOutcome | None:
        """Per-record results once every part is DONE (``batch`` needed after a restart)."""
        prepared = batch or self._prepared.get(batch_id)
        if prepared is None:
            raise PermanentError("未登记的批次 / batch not known to this sink; pass batch=", msg_id=batch_id)
        doc = json.loads(prepared.payload)
        per: dict[str, SinkOutcome] = {}
        for local in doc["local"]:
            per[local["cd_id"]] = SinkOutcome(local["cd_id"], local["digest"], "rejected", local["errors"])
        for part in doc["parts"]:
            ticket = self._tickets.get(part["batchNo"]) or self._post_part(part)
            data = self._client.call("GET", f"{BATCHES_PATH}/{ticket}").data
            status = data.get("status") if isinstance(data, dict) else None
            if status == "FAILED":
                self._tickets.pop(part["batchNo"], None)  # the batchNo is released: re-post it
                raise TransientError(f"批次处理失败 / batch FAILED {data.get('failCode')}", source="credit",
                                     ticket=ticket)
            if status != "DONE":
                return None
            rows = data.get("rows") or []
            if len(rows) != len(part["cd"]):
                raise TransientError("行结果数与提交行数不符 / row results do not match rows sent", ticket=ticket)
            sent = json.loads(part["body"])
            for i, ((cd_id, digest, key), row) in enumerate(zip(part["cd"], sorted(rows, key=lambda r: r.get("rowNo", 0)))):
                got = self._row_outcome(cd_id, digest, row)
                if got.status == "accepted" or got.status == "duplicate" and sent.get("operation") is None:
                    # what the platform now holds for this record (a duplicate: the identical row, sent before)
                    if sent.get("operation") == "D":
                        self.delivered.pop(key, None)
                    else:
                        self.delivered[key] = sent["rows"][i]
                prev = per.get(cd_id)
                if prev is None or _RANK[got.status] > _RANK[prev.status]:
                    per[cd_id] = got if prev is None else SinkOutcome(cd_id, digest, got.status,
                                                                      prev.errors + got.errors)
        return BatchOutcome(batch_id, list(per.values()))

    def close(self) -> None:
        self._client.close()

    # -- internals ----------------------------------------------------------------------------
    def _parts(self, batch: PreparedBatch) -> list[dict[str, Any]]:
        self._prepared[batch.batch_id] = batch
        parts: list[dict[str, Any]] = json.loads(batch.payload)["parts"]
        return parts

    def _post_part(self, part: dict[str, Any]) -> str:
        reply = self._client.call("POST", part["path"], body=part["body"].encode("utf-8"))
        data = reply.data if isinstance(reply.data, dict) else {}
        ticket = data.get("ticket")
        if not isinstance(ticket, str):
            raise TransientError("受理应答无 ticket / accepted without a ticket", source="credit")
        self._tickets[part["batchNo"]] = ticket
        return ticket

    @staticmethod
    def _row_outcome(cd_id: str, digest: str, row: dict[str, Any]) -> SinkOutcome:
        errors = [{"field": column_field(str(e.get("column"))), "code": str(e.get("errCode")),
                   "message": str(e.get("errMsg")), "value": e.get("value")} for e in row.get("errors") or []]
        if row.get("result") == "ACCEPTED":
            return SinkOutcome(cd_id, digest, "accepted", [])
        if errors and all(e["code"] == "1006" for e in errors):
            return SinkOutcome(cd_id, digest, "duplicate", errors)
        return SinkOutcome(cd_id, digest, "rejected", errors)
