"""The four status events as the simulated hotline processes them (§3.5–§3.6, quirks 4 and 9).

    response = post_event(sim, client_id, order_no, "sign", key, raw_body, request_id, rate_headers)

Order of checks: idempotent replay (same key, path, body) → key reuse (42201) → body (400/422)
→ order and unit (404/403) → races armed by knobs → current dispatch (409 40902) → event time
(42206) → attachments (42204) → state machine (409 40901 …) → applied once.  Answers with HTTP
200, 409 and 422 are stored under the key for 24 hours.
"""

from __future__ import annotations

import hashlib
import json
from datetime import timedelta
from typing import TYPE_CHECKING, Any

import httpx
from fastapi.responses import JSONResponse, Response

from adapters.hotline12345.simactions import Refused
from adapters.hotline12345.simvalidate import check_body
from adapters.hotline12345.wire import ACTIONS, STATUS_NAMES, format_time, parse_time

if TYPE_CHECKING:
    from adapters.hotline12345.simulator import HotlineSimulator

__all__ = ["post_event"]

_TIME_FIELD = {"sign": "signTime", "return": "returnTime", "extension": "applyTime", "feedback": "feedbackTime"}
_MIME = ("application/pdf", "image/jpeg", "image/png", "application/msword", "application/vnd.ms-excel",
         "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
         "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


def _answer(code: str, data: Any, status: int, request_id: str, headers: dict[str, str], message: str | None = None
            ) -> JSONResponse:
    from adapters.hotline12345.simapp import envelope

    return envelope(code, data, status=status, request_id=request_id, headers=headers, message=message)


def _conflict_data(sim: HotlineSimulator, order_no: str, client_id: str) -> dict[str, Any]:
    order = sim.store.orders[order_no]
    view = order.current
    mine = view["unitCode"] in sim.clients[client_id].units
    return {"orderNo": order_no, "currentStatus": view["status"], "currentStatusName": view["statusName"],
            "currentDispatchSeq": view["dispatchSeq"], "currentUnitCode": view["unitCode"] if mine else None,
            "version": view["version"]}


def post_event(sim: HotlineSimulator, client_id: str, order_no: str, action: str, key: str, raw: bytes,
               request_id: str, headers: dict[str, str]) -> Response:
    path = f"/orders/{order_no}/{action}"
    digest = hashlib.sha256(raw).hexdigest()
    stored = sim.idempotency.get((client_id, key))
    if stored is not None and stored["at"] > sim.now_s() - 86400:
        if stored["path"] == path and stored["sha256"] == digest:
            sim.log({"type": "replay", "idempotencyKey": key, "path": path, "status": stored["status"]})
            body = dict(stored["body"], requestId=request_id)
            return JSONResponse(body, status_code=stored["status"], media_type="application/json; charset=UTF-8",
                                headers={**headers, "Idempotent-Replayed": "true"})
        return _answer("42201", None, 422, request_id, headers)
    response = _process(sim, client_id, order_no, action, raw, request_id, headers)
    if response.status_code in (200, 409, 422):
        sim.idempotency[(client_id, key)] = {"path": path, "sha256": digest, "status": response.status_code,
                                            "body": json.loads(bytes(response.body)), "at": sim.now_s()}
    return response


def _process(sim: HotlineSimulator, client_id: str, order_no: str, action: str, raw: bytes, request_id: str,
             headers: dict[str, str]) -> Response:
    if action not in ACTIONS:
        return _answer("40401", None, 404, request_id, headers)
    try:
        body = json.loads(raw.decode("utf-8"))
    except (ValueError, UnicodeDecodeError):
        return _answer("40004", None, 400, request_id, headers)
    problem = check_body(action, body)
    if problem is not None:
        status, code, errors = problem
        return _answer(code, {"errors": errors} if errors else None, status, request_id, headers)
    order = sim.store.orders.get(order_no)
    if order is None or not order.views:
        return _answer("40401", None, 404, request_id, headers)
    units = sim.clients[client_id].units
    if body["unitCode"] not in units or not any(u in units for u in order.views):
        return _answer("40301", None, 403, request_id, headers)
    _races(sim, order_no)
    view = order.current
    if view["unitCode"] != body["unitCode"] or view["dispatchSeq"] != body["dispatchSeq"]:
        seq = view["dispatchSeq"]
        return _answer("40902", _conflict_data(sim, order_no, client_id), 409, request_id, headers,
                       message=f"派单已失效（当前派单序号为{seq}）")
    if view["status"] in ("60", "80", "90"):
        return _answer("40901", _conflict_data(sim, order_no, client_id), 409, request_id, headers,
                       message=f"工单当前状态为“{STATUS_NAMES[view['status']]}”，不允许该操作")
    when = parse_time(body[_TIME_FIELD[action]]).replace(tzinfo=None)
    if when < parse_time(view["dispatchTime"]).replace(tzinfo=None) or when > sim.now + timedelta(seconds=300):
        return _answer("42206", {"errors": [{"field": _TIME_FIELD[action], "code": "RANGE", "message": "时间不合理"}]},
                       422, request_id, headers)
    if action == "feedback":
        bad = _attachments(body.get("attachments") or [])
        if bad:
            return _answer("42204", {"errors": bad}, 422, request_id, headers)
    unit = body["unitCode"]
    try:
        method = {"sign": sim.actions.sign, "return": sim.actions.return_, "extension": sim.actions.extension,
                  "feedback": sim.actions.feedback}[action]
        after, record_id = method(order_no, unit, sim.now, body)
    except Refused as refused:
        status = 409 if refused.code.startswith("409") else 422
        data = _conflict_data(sim, order_no, client_id) if status == 409 else None
        return _answer(refused.code, data, status, request_id, headers, message=refused.message)
    data = {"orderNo": order_no, "dispatchSeq": after["dispatchSeq"], "unitCode": unit, "status": after["status"],
            "statusName": after["statusName"], "version": after["version"], "acceptTime": format_time(sim.now),
            "recordId": record_id}
    return _answer("0", data, 200, request_id, headers)


def _races(sim: HotlineSimulator, order_no: str) -> None:
    """race_cancel / race_reassign: the hotline acts on the order right before this POST (quirk 9)."""
    knobs = sim.knobs
    order = sim.store.orders[order_no]
    if knobs.race_cancel == order_no and order.current["status"] in ("20", "30", "32", "40", "50"):
        sim.knobs = knobs.model_copy(update={"race_cancel": None})
        sim.actions.hotline(order_no, "cancel", sim.now, {"opinion": "误派，撤销该工单。"})
    elif knobs.race_reassign == order_no:
        sim.knobs = knobs.model_copy(update={"race_reassign": None})
        current = order.current_unit or ""
        target = next(u for u in ("3210810015", "3210810021", "3210810012") if u != current)
        sim.store.transition(order_no, current, "90", "REASSIGNED", "HOTLINE", sim.now, opinion="改派他单位。")
        sim.store.dispatch(order_no, target, sim.now, order.views[current]["limitType"])


def _attachments(items: list[Any]) -> list[dict[str, str]]:
    """Fetch each attachment (127.0.0.1 only) and check size, SHA-256 and type; the field errors."""
    errors: list[dict[str, str]] = []
    for i, att in enumerate(items):
        url = str(att.get("url", "")) if isinstance(att, dict) else ""
        if not isinstance(att, dict) or att.get("mimeType") not in _MIME:
            errors.append({"field": f"attachments[{i}].mimeType", "code": "CODE_UNKNOWN", "message": "附件类型不允许"})
            continue
        if not url.startswith(("http://127.0.0.1", "http://localhost")):
            errors.append({"field": f"attachments[{i}].url", "code": "FORMAT", "message": "附件无法获取"})
            continue
        try:
            content = httpx.get(url, timeout=10.0).content
        except httpx.HTTPError:
            errors.append({"field": f"attachments[{i}].url", "code": "FORMAT", "message": "附件无法获取"})
            continue
        if len(content) != att.get("size") or hashlib.sha256(content).hexdigest() != att.get("sha256"):
            errors.append({"field": f"attachments[{i}].sha256", "code": "FORMAT", "message": "附件校验不一致"})
    return errors
