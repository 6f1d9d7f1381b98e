"""The platform's HTTP face for the upward path: ``/exchange/v1/time``, ``/batches``, ``/receipts``.

``build_app(sim)`` returns the FastAPI app that :class:`ProvinceSimulator` exposes as ``.app``.
Each response of the application carries ``X-JSJG-Server-Time`` and ``X-JSJG-Request-Id``;
the gateway's HTML pages (nightly window, 502/504) carry neither, as on the real platform.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import re
from typing import TYPE_CHECKING, Any

from fastapi import FastAPI, Request
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import Response

from adapters.province.simchecks import signed_message
from adapters.province.simclock import iso_beijing
from adapters.province.simcrypto import StrictJSONError, loads_strict, sm3_hex
from adapters.province.simtestapi import add_test_routes

if TYPE_CHECKING:
    from adapters.province.simulator import ProvinceSimulator

__all__ = ["build_app"]

PREFIX = "/exchange/v1"
_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
_MESSAGES = {
    "0": "成功", "JSON_INVALID": "请求体不是合法的 JSON 信封", "MSGID_INVALID": "header.msgId 缺失或不是 UUID",
    "PARAM_INVALID": "参数无效", "SENDER_MISMATCH": "header.sender 与 AppKey 所属节点不符",
    "NOT_FOUND": "路径不存在", "MSG_NOT_FOUND": "未收到过该批次", "RECEIPT_EXPIRED": "回执已超过 30 天",
    "PAYLOAD_TOO_LARGE": "请求体超过 5242880 字节", "UNSUPPORTED_MEDIA_TYPE": "仅接受 application/json，且不得压缩",
    "RATE_LIMITED": "请求过于频繁，每节点 20 次/秒", "CONCURRENCY_LIMIT": "批次并发数超过 4",
    "INTERNAL_ERROR": "平台内部错误", "SERVICE_BUSY": "系统繁忙，请稍后再试",
}


class _Replier:
    """Builds wrapped JSON responses; the body's ``requestId`` equals ``X-JSJG-Request-Id``."""

    def __init__(self, sim: ProvinceSimulator) -> None:
        self._sim = sim
        self._ids = itertools.count(1)

    def _new_id(self) -> str:
        return f"sim-{next(self._ids):010d}"

    def _send(self, status: int, rid: str, body: bytes, headers: dict[str, str] | None = None) -> Response:
        h = {"X-JSJG-Server-Time": str(self._sim.clock.now_ms()), "X-JSJG-Request-Id": rid, **(headers or {})}
        return Response(body, status_code=status, headers=h, media_type="application/json; charset=utf-8")

    def ok(self, data: Any, status: int = 200, message: str = "成功") -> Response:
        rid = self._new_id()
        return self._send(status, rid, _dumps({"code": "0", "message": message, "requestId": rid, "data": data}))

    def wrapped(self, data: bytes) -> Response:
        """A 200 whose ``data`` is given as bytes (stored receipts go out byte-identical)."""
        rid = self._new_id()
        head = _dumps({"code": "0", "message": "成功", "requestId": rid})[:-1]
        return self._send(200, rid, head + b',"data":' + data + b"}")

    def error(self, status: int, code: str, *, message: str | None = None, field: str | None = None,
              retry_after_s: int | None = None) -> Response:
        rid = self._new_id()
        out: dict[str, Any] = {"code": code, "message": message or _MESSAGES.get(code, code), "requestId": rid}
        if field:
            out["field"] = field
        headers = {"Retry-After": str(retry_after_s)} if retry_after_s is not None else None
        return self._send(status, rid, _dumps(out), headers)


def _dumps(obj: Any) -> bytes:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def build_app(sim: ProvinceSimulator) -> FastAPI:
    """The simulator's FastAPI app (upward path plus the ``/_sim/`` test interface)."""
    app = FastAPI(title="江苏省互联网+监管 数据交换 (simulator)", openapi_url=None, docs_url=None, redoc_url=None)
    reply = _Replier(sim)

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(_: Request, exc: StarletteHTTPException) -> Response:
        return reply.error(exc.status_code, "NOT_FOUND" if exc.status_code == 404 else "PARAM_INVALID")

    async def guard(request: Request, body: bytes) -> Response | None:
        """Steps 1–3 shared by every authenticated call: nightly window, signature, rate limit, faults."""
        page = sim.gateway.nightly_page()
        if page is not None:
            return page
        failure = sim.verifier.verify(request.method, request.scope.get("raw_path", b"").decode("latin-1").split("?")[0],
                                      request.query_params.multi_items(), dict(request.headers), body)
        if failure is not None:
            return reply.error(401, failure.code, message=failure.message)
        wait = sim.gateway.take_token()
        if wait is not None or sim.gateway.draw(sim.knobs.faults.rate_429):
            return reply.error(429, "RATE_LIMITED", retry_after_s=wait or 1)
        return None

    async def faults() -> Response | None:
        f = sim.knobs.faults
        delay = sim.gateway.latency_s()
        if delay:
            await asyncio.sleep(delay)
        if sim.gateway.draw(f.busy_503):
            return reply.error(503, "SERVICE_BUSY", retry_after_s=f.busy_retry_after_s)
        if sim.gateway.draw(f.error_500):
            return reply.error(500, "INTERNAL_ERROR")
        return None

    @app.get(f"{PREFIX}/time")
    async def time_() -> Response:
        now = sim.clock.now_s()
        return reply.ok({"serverTime": iso_beijing(now, millis=True), "epochMillis": int(now * 1000)})

    @app.post(f"{PREFIX}/batches")
    async def batches(request: Request) -> Response:
        body = await request.body()
        refused = await guard(request, body)
        if refused is not None:
            return refused
        if not sim.gateway.enter_post():
            return reply.error(429, "CONCURRENCY_LIMIT", retry_after_s=1)
        try:
            return await _post_batch(request, body)
        finally:
            sim.gateway.leave_post()

    async def _post_batch(request: Request, body: bytes) -> Response:
        refused = await faults()
        if refused is not None:
            return refused
        ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if ctype != "application/json" or request.headers.get("content-encoding"):
            return reply.error(415, "UNSUPPORTED_MEDIA_TYPE")
        if len(body) > sim.config.max_body_bytes:
            return reply.error(413, "PAYLOAD_TOO_LARGE", field="body")
        try:
            envelope = loads_strict(body)
            if not isinstance(envelope, dict) or not isinstance(envelope.get("header"), dict):
                raise StrictJSONError("no header object")
            digest = sm3_hex(signed_message(envelope))
        except (StrictJSONError, ValueError):
            return reply.error(400, "JSON_INVALID")
        msg_id = envelope["header"].get("msgId")
        if not isinstance(msg_id, str) or not _UUID.match(msg_id):
            return reply.error(400, "MSGID_INVALID", field="header.msgId")
        if envelope["header"].get("sender") != sim.config.node_id:
            return reply.error(403, "SENDER_MISMATCH", field="header.sender")
        result = sim.state.post(msg_id, digest, body, envelope, sim.clock.now_s(), sim.knobs.receipt_delay_s)
        if result.kind == "replay":
            return reply.error(409, "REPLAY", field="header.msgId", message=f"消息标识 {msg_id} 已使用且报文摘要不同")
        assert result.batch is not None
        if sim.gateway.draw(sim.knobs.faults.gateway_after_store):
            return sim.gateway.gateway_failure()  # quirk 7: stored, but the node sees 502/504
        b = result.batch
        return reply.ok({
            "ticket": b.ticket, "msgId": b.msg_id, "batchDigest": b.digest, "duplicate": result.kind == "duplicate",
            "receivedAt": iso_beijing(b.received_at_s), "receiptUrl": f"{PREFIX}/receipts/{b.msg_id}",
        }, status=202, message="已接收")

    @app.get(f"{PREFIX}/receipts/{{msg_id}}")
    async def receipt(request: Request, msg_id: str) -> Response:
        refused = await guard(request, b"") or await faults()
        if refused is not None:
            return refused
        sim.process_due()
        if sim.state.is_expired(msg_id):
            return reply.error(410, "RECEIPT_EXPIRED")
        batch = sim.state.batches.get(msg_id)
        if batch is None:
            return reply.error(404, "MSG_NOT_FOUND", field="msgId")
        if batch.receipt_bytes is None:
            return reply.ok({"state": "PENDING", "receipt": None, "receivedAt": iso_beijing(batch.received_at_s)})
        return reply.wrapped(b'{"state":"DONE","receipt":' + batch.receipt_bytes + b"}")

    @app.get(f"{PREFIX}/receipts")
    async def feed(request: Request) -> Response:
        refused = await guard(request, b"") or await faults()
        if refused is not None:
            return refused
        params = request.query_params
        cursor_text, limit_text = params.get("cursor"), params.get("limit", "100")
        if cursor_text is not None and not cursor_text.isdigit():
            return reply.error(400, "PARAM_INVALID", field="cursor")
        if not limit_text.isdigit() or not 1 <= int(limit_text) <= 200:
            return reply.error(400, "PARAM_INVALID", field="limit")
        sim.process_due()
        items, more = sim.state.feed_page(int(cursor_text) if cursor_text else None, int(limit_text))
        inner = b",".join(b'{"seq":%d,"receipt":%s}' % (seq, rb) for seq, rb in items)
        next_cursor = _dumps(str(items[-1][0]) if items else None)  # quirk 19: null on an empty page
        has_more = b"true" if more else b"false"
        return reply.wrapped(b'{"items":[' + inner + b'],"nextCursor":' + next_cursor + b',"hasMore":' + has_more + b"}")

    add_test_routes(app, sim)
    return app
