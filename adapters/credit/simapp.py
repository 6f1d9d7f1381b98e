"""HTTP face of the simulator: the platform's endpoints under ``/xyyz/api`` and ``/_sim/`` controls.

Order of checks per request: fault latency → maintenance / random errors → §2.2 signature →
rate limit (§3.0) → 归集窗口 (POSTs) → content type, encoding, size → the endpoint.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import re
import secrets
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response

from adapters.credit.simbatches import Conflict, TooMany
from adapters.credit.simcheck import SCENES, answer_check
from adapters.credit.simexport import export_csv
from adapters.credit.simrows import Literal
from adapters.credit.wire import LIST_TYPES

if TYPE_CHECKING:
    from adapters.credit.simulator import CreditSimulator

__all__ = ["build_app"]

_MSG = {"0": "成功", "4001": "请求报文格式错误", "4002": "取值不支持", "4003": "批次行数不在1-1000范围内",
        "4004": "请求体超过10MB", "4005": "字符编码错误", "4006": "查询参数错误", "4007": "Content-Type不支持",
        "4011": "appId不存在或已停用", "4012": "签名校验失败", "4013": "时间戳超出允许范围", "4014": "nonce重复",
        "4015": "缺少认证头或签名方法不支持", "4031": "无该接口或该区域的权限", "4041": "ticket不存在或结果已过期",
        "4091": "batchNo已使用且报文摘要不同", "4101": "游标已过期", "4202": "名称匹配到多个主体",
        "4291": "请求频率超限", "4292": "未完成批次过多", "5001": "系统内部错误", "5003": "信用核查服务暂不可用，请稍后重试",
        "5004": "信用核查后台超时", "5031": "系统维护", "5032": "系统繁忙"}
_HTTP = {"4001": 400, "4002": 400, "4003": 400, "4004": 413, "4005": 400, "4006": 400, "4007": 415, "4011": 401,
         "4012": 401, "4013": 401, "4014": 401, "4015": 401, "4031": 403, "4032": 403, "4041": 404, "4091": 409,
         "4101": 410, "4291": 429, "4292": 429, "5001": 500, "5031": 503, "5032": 503}
_BATCH = re.compile(r"^[A-Za-z0-9_-]{1,32}$")
_TICKET = re.compile(r"^/v([12])/sgs/(?:batches|upload)/([A-Z][0-9]{20})(/export)?$")


class Answer(Exception):
    def __init__(self, code: str, data: Any = None, status: int | None = None, retry_after: int | None = None) -> None:
        self.code, self.data, self.retry_after = code, data, retry_after
        self.status = status or _HTTP.get(code, 200)


def _respond(sim: CreditSimulator, a: Answer) -> JSONResponse:
    request_id = secrets.token_hex(16)
    data = a.data
    headers = {"X-XY-RequestId": request_id}
    if a.retry_after is not None:
        headers["Retry-After"] = str(a.retry_after)
        data = {**(data or {}), "retryAfter": a.retry_after}
    body = {"code": a.code, "msg": _MSG.get(a.code, ""), "requestId": request_id, "data": data}
    return JSONResponse(body, status_code=a.status, headers=headers, media_type="application/json;charset=UTF-8")


def _decode(body: bytes) -> Any:
    if body.startswith(b"\xef\xbb\xbf"):
        raise Answer("4005")
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise Answer("4005") from exc
    try:
        return json.loads(text, parse_float=Literal, parse_int=Literal)
    except ValueError as exc:
        raise Answer("4001") from exc


def _group(method: str, path: str) -> str:
    if method == "POST":
        return "check" if path.endswith("/credit/check") else "post"
    if path.startswith("/v2/lists/"):
        return "feed"
    return "organs" if path.startswith("/v2/dict/") else "result"


def build_app(sim: CreditSimulator) -> FastAPI:
    app = FastAPI(title="信用扬州 simulator", docs_url=None, redoc_url=None, openapi_url=None)

    @app.api_route("/xyyz/api/{rest:path}", methods=["GET", "POST"])
    async def platform(request: Request, rest: str) -> Response:
        body = await request.body()
        path = "/" + rest
        params = parse_qsl(request.url.query, keep_blank_values=True)
        faults = sim.faults
        if faults.latency_ms:
            await asyncio.sleep(faults.latency_ms / 1000)
        app_id = request.headers.get("x-xy-appid")
        result: Answer | Response
        try:
            with sim.lock:
                result = _serve(sim, request.method, path, params, dict(request.headers), body)
        except _Timeout:
            await asyncio.sleep(sim.config.query_timeout_s)
            result = Answer("5004", status=200)
        except Answer as a:
            result = a
        if isinstance(result, Response):
            sim.log(_record(request, path, app_id, result.status_code, "0"))
            return result
        sim.log(_record(request, path, app_id, result.status, result.code))
        return _respond(sim, result)

    from adapters.credit.simcontrol import add_control_routes

    add_control_routes(app, sim)
    return app


class _Timeout(Exception):
    """The query backend gives up after ``query_timeout_s`` (answered outside the lock)."""


def _record(request: Request, path: str, app_id: str | None, status: int, code: str) -> Any:
    from adapters.credit.simulator import RequestRecord

    return RequestRecord(request.method, path, request.url.query, app_id, status, code)


def _serve(sim: CreditSimulator, method: str, path: str, params: list[tuple[str, str]], headers: dict[str, str],
           body: bytes) -> Answer | Response:
    faults, now = sim.faults, sim.now()
    if faults.maintenance:
        raise Answer("5031", retry_after=60)
    if faults.error_rate and sim.rng.random() < faults.error_rate:
        raise Answer("5032", retry_after=1) if sim.rng.random() < 0.5 else Answer("5001")
    code = sim.guard.verify(method, "/xyyz/api" + path, params, headers, body, sim.now_s())
    if code:
        raise Answer(code)
    app_id = headers["x-xy-appid"]
    app = sim.guard.apps[app_id]
    wait = sim.guard.limit(app_id, _group(method, path), sim.now_s())
    if wait is not None:
        raise Answer("4291", retry_after=wait)
    now_ms = int(sim.now_s() * 1000)
    sim.desk.advance(now_ms, now.date())
    if method == "POST":
        if path != "/v2/credit/check" and sim.config.night_window:
            night = sim.guard.night_wait(now.hour, now.minute, now.second)
            if night is not None:
                raise Answer("5031", retry_after=night)
        ctype = headers.get("content-type", "").replace(" ", "").lower()
        if ctype.split(";")[0] != "application/json" or ("charset=" in ctype and "charset=utf-8" not in ctype):
            raise Answer("4007")
        if len(body) > sim.config.max_body_bytes:
            raise Answer("4004")
        doc = _decode(body)
        if path in ("/v2/sgs/batches", "/v2/sgs/batches/update", "/v1/sgs/upload"):
            return _submit(sim, app_id, path, doc, hashlib.sha256(body).hexdigest(), now_ms)
        if path == "/v2/credit/check":
            return _check(sim, doc, now)
        raise Answer("4031")
    if path == "/v2/lists/changes":
        return _changes(sim, app, params, now)
    if path == "/v2/dict/organs":
        return _organs(sim, app, params)
    m = _TICKET.match(path)
    if m:
        ticket = sim.desk.result(m.group(2), now_ms)
        if ticket is None or ticket.app_id != app_id or (ticket.channel == "v1") != (m.group(1) == "1"):
            raise Answer("4041")
        if m.group(3):
            if ticket.status != "DONE":
                raise Answer("4041")
            return Response(export_csv(ticket.data_type, ticket.rows, ticket.results), media_type="application/octet-stream",
                            headers={"Content-Disposition": f'attachment; filename="result_{ticket.ticket}.csv"',
                                     "X-XY-RequestId": secrets.token_hex(16)})
        return Answer("0", sim.desk.view(ticket, sim.text))
    raise Answer("4031")


def _submit(sim: CreditSimulator, app_id: str, path: str, doc: Any, sha: str, now_ms: int) -> Answer:
    v1 = path.startswith("/v1/")
    update = path.endswith("/update")
    allowed = {"batchNo", "dataType", "rows"} | (set() if v1 else {"specVersion"}) | ({"operation"} if update else set())
    if not isinstance(doc, dict) or set(doc) - allowed or not {"batchNo", "dataType", "rows"} <= set(doc):
        raise Answer("4001")
    if not v1 and "specVersion" not in doc or update and "operation" not in doc:
        raise Answer("4001")
    if not isinstance(doc["batchNo"], str) or not _BATCH.match(doc["batchNo"]) or not isinstance(doc["rows"], list):
        raise Answer("4001")
    if doc["dataType"] not in ("XK", "CF") or (not v1 and doc["specVersion"] != "2020") or (
            update and doc["operation"] not in ("U", "D")):
        raise Answer("4002")
    if not 1 <= len(doc["rows"]) <= 1000:
        raise Answer("4003")
    try:
        ticket, dup = sim.desk.submit(app_id, "v1" if v1 else "v2", doc.get("operation", "I"), sha, doc, now_ms)
    except Conflict as exc:
        raise Answer("4091") from exc
    except TooMany as exc:
        raise Answer("4292", retry_after=max(1, sim.config.process_delay_ms // 1000)) from exc
    data = {"ticket": ticket.ticket, "batchNo": ticket.batch_no, "dataType": ticket.data_type,
            "rowCount": len(ticket.rows), "status": ticket.status, "pollAfterMs": sim.config.poll_after_ms,
            "duplicateBatch": dup}
    return Answer("0", data, status=200 if dup else 202)


def _check(sim: CreditSimulator, doc: Any, now: Any) -> Answer:
    if not isinstance(doc, dict) or not isinstance(doc.get("requestId"), str) or len(doc["requestId"]) > 64:
        raise Answer("4001")
    person = doc.get("subjectType") == "自然人"
    if doc.get("scene") not in SCENES or not (doc.get("uscc") or (doc.get("name") and (doc.get("idNo") or not person))):
        raise Answer("4006")
    if sim.faults.query_down:
        return Answer("5003", status=200)
    if sim.faults.query_timeout:
        raise _Timeout()
    query_id = f"XYHC-{now:%Y%m%d}-{len(sim.requests()) + 1:07d}"
    code, data = answer_check(doc, sim.feed.events, sim.faults.unavailable_lists, sim.commitments,
                              f"{now:%Y-%m-%d %H:%M:%S}", query_id)
    return Answer(code, data, status=200)


def _changes(sim: CreditSimulator, app: Any, params: list[tuple[str, str]], now: Any) -> Answer:
    q = dict(params)
    after, limit = q.get("afterSeq", ""), q.get("limit", "200")
    if not after.isdigit() or not limit.isdigit() or not 1 <= int(limit) <= 500:
        raise Answer("4006")
    types = set(q["listTypes"].split(",")) if q.get("listTypes") else set(app.list_types)
    if not types <= set(LIST_TYPES):
        raise Answer("4006")
    area = q.get("areaCode", app.areas[0])
    if not re.match(r"^[0-9]{6}$", area):
        raise Answer("4006")
    if area not in app.areas or not types <= set(app.list_types):
        raise Answer("4031")
    if int(after) < sim.feed.oldest_seq - 1:
        raise Answer("4101", {"oldestSeq": sim.feed.oldest_seq})
    if sim.faults.append_per_request:
        sim.append_events(sim.faults.append_per_request)
    events, next_seq, more = sim.feed.page(int(after), int(limit), types, area)
    return Answer("0", {"events": events, "nextSeq": next_seq, "hasMore": more, "oldestSeq": sim.feed.oldest_seq,
                        "serverTime": f"{now:%Y-%m-%d %H:%M:%S}"})


def _organs(sim: CreditSimulator, app: Any, params: list[tuple[str, str]]) -> Answer:
    q = dict(params)
    area, page, size = q.get("areaCode", app.areas[0]), q.get("pageNo", "1"), q.get("pageSize", "100")
    if area not in app.areas:
        raise Answer("4031")
    if not page.isdigit() or not size.isdigit() or int(page) < 1 or not 1 <= int(size) <= 200:
        raise Answer("4006")
    items = sorted((o for o in sim.data.organs if o["areaCode"] == area), key=lambda o: o["uscc"])
    start = (int(page) - 1) * int(size)
    return Answer("0", {"total": len(items), "items": items[start:start + int(size)]})
