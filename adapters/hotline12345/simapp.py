"""HTTP face of the simulated hotline: the interface of §2–§3 and the ``/_sim/`` controls of §8.

    app = build_app(simulator)      # HotlineSimulator does this; serve it with adapters.simserver

Every API answer is the §3.1 envelope with rate-limit headers; every request is journalled
(method, path, query, Idempotency-Key, body SHA-256, token id, status, code) — never a token
or a secret.  Handlers are plain ``def`` (run in a thread pool) and hold the simulator's lock.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import secrets
from typing import TYPE_CHECKING, Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response

from adapters.hotline12345.auth import basic_credentials
from adapters.hotline12345.simevents import post_event
from adapters.hotline12345.simrender import render_view
from adapters.hotline12345.simconfig import UNITS
from adapters.hotline12345.simstore import OPEN
from adapters.hotline12345.wire import API_PREFIX, FILE_PATH, IDEMPOTENCY_KEY_RE, STATUS_NAMES, TOKEN_PATH, parse_time

if TYPE_CHECKING:
    from adapters.hotline12345.simulator import HotlineSimulator

__all__ = ["MESSAGES", "build_app", "envelope"]

MESSAGES = {"0": "成功", "40001": "缺少必填参数", "40002": "参数格式错误", "40003": "游标无效或已过期",
            "40004": "请求体不是合法的UTF-8 JSON", "40005": "缺少或非法的Idempotency-Key", "40101": "访问令牌无效",
            "40102": "访问令牌已过期", "40301": "无权访问该工单或承办单位", "40302": "权限范围不足",
            "40303": "下载链接已过期", "40401": "工单不存在", "40402": "字典类型不存在", "40901": "工单当前状态不允许该操作",
            "40902": "派单已失效（派单序号或承办单位不是当前派单）", "40903": "存在待审核的延期申请",
            "40904": "该工单有正在处理的请求", "42201": "幂等键已用于不同请求", "42202": "业务校验不通过",
            "42203": "延期次数或天数超出限制", "42204": "附件获取失败或校验不一致", "42205": "已超过退回时限",
            "42206": "时间不合理", "42901": "请求过于频繁", "50001": "系统内部错误", "50301": "系统维护中"}
_LIMITS = {"token": 10, "changes": 30, "detail": 120, "write": 60, "dict": 10, "file": 60}
_DICTS = {"APPEAL_TYPE": {"01": "咨询", "02": "求助", "03": "投诉", "04": "举报", "05": "建议", "06": "表扬"},
          "CHANNEL": {"1": "电话", "2": "网站", "3": "微信", "4": "APP"},
          "LIMIT_TYPE": {"01": "紧急件", "02": "一般件", "03": "复杂件"},
          "SATISFACTION": {"1": "满意", "2": "基本满意", "3": "不满意", "4": "未联系上"},
          "HANDLE_RESULT": {"1": "已解决", "2": "部分解决", "3": "未解决（已解释说明）", "4": "反映不属实"},
          "RETURN_REASON": {"01": "非本单位职责", "02": "诉求信息不全", "03": "已进入诉讼/仲裁/复议程序", "04": "重复件",
                            "99": "其他"}}
_DICTS |= {
    "STATUS": dict(STATUS_NAMES),
    "UNIT": {code: name for code, (name, _) in UNITS.items()},
    "AREA": {"321081": "仪征市", "321081100": "真州镇", "321081101": "青山镇", "321081102": "大仪镇", "321081103": "新城镇",
             "321081104": "新集镇", "321081105": "刘集镇", "321081106": "陈集镇", "321081107": "马集镇", "321081108": "月塘镇",
             "321081400": "仪征经济开发区"},
    "SUPERVISE_REASON": {"01": "签收超时", "02": "办理超期", "03": "市民重复来电", "04": "领导批示", "05": "回访不满意",
                         "99": "其他"},
    "MATTER_CATEGORY": {"05": "城乡建设", "0502": "物业管理", "050201": "物业服务质量", "07": "城市管理", "0703": "市容环境",
                        "070305": "占道经营", "10": "生态环境", "1001": "大气污染", "100103": "餐饮油烟", "12": "市场监管",
                        "1203": "食品安全", "120302": "餐饮服务食品安全", "1205": "消费维权", "120501": "单用途预付卡",
                        "1206": "无照经营", "120601": "无证无照经营", "13": "人力资源社会保障", "1302": "劳动保障",
                        "130201": "拖欠工资"},
}
_DICTS_EMPTY: tuple[str, ...] = ()


def envelope(code: str, data: Any = None, *, status: int = 200, request_id: str = "",
             headers: dict[str, str] | None = None, message: str | None = None) -> JSONResponse:
    body = {"code": code, "message": message or MESSAGES.get(code, ""), "requestId": request_id, "data": data}
    return JSONResponse(body, status_code=status, headers=headers, media_type="application/json; charset=UTF-8")


class _Stop(Exception):
    """An early answer (auth, limits, faults) carried out of a handler."""

    def __init__(self, response: Response) -> None:
        self.response = response


def build_app(sim: HotlineSimulator) -> FastAPI:
    app = FastAPI(title="12345 工单系统（模拟）", docs_url=None, redoc_url=None, openapi_url=None)

    def rid(request: Request) -> str:
        given = request.headers.get("x-request-id", "")
        ok = 1 <= len(given) <= 64 and all(c.isalnum() or c == "-" for c in given)
        return given if ok else secrets.token_hex(16)

    def limit(client_id: str, group: str, request_id: str) -> dict[str, str]:
        cap = sim.knobs.rate_limit_per_min or _LIMITS[group]
        now = sim.now_s()
        window = int(now // 60)
        used = sim.windows.get((client_id, group, window), 0) + 1
        sim.windows[(client_id, group, window)] = used
        reset = str(max(1, 60 - int(now % 60)))
        headers = {"X-RateLimit-Limit": str(cap), "X-RateLimit-Remaining": str(max(0, cap - used)),
                   "X-RateLimit-Reset": reset}
        if used > cap:
            raise _Stop(envelope("42901", status=429, request_id=request_id, headers={**headers, "Retry-After": reset}))
        return headers

    def gate(request: Request, group: str, scope: str, request_id: str) -> tuple[str, tuple[str, ...], dict[str, str]]:
        """Maintenance, faults, token and scope; returns (client_id, scopes, rate headers)."""
        minute = sim.now.hour * 60 + sim.now.minute
        if sim.knobs.maintenance or 90 <= minute < 105:
            wait = "60" if sim.knobs.maintenance else str((105 - minute) * 60 - sim.now.second)
            raise _Stop(envelope("50301", status=503, request_id=request_id, headers={"Retry-After": wait}))
        if sim.rng.random() < sim.knobs.error_5xx_rate:
            raise _Stop(envelope("50001", status=500, request_id=request_id))
        auth = request.headers.get("authorization", "")
        token = auth[7:] if auth.startswith("Bearer ") else ""
        request.state.token_id = hashlib.sha256(token.encode()).hexdigest()[:12] if token else None
        checked = sim.tokens.check(token, sim.now_s())
        if isinstance(checked, str):
            raise _Stop(envelope(checked, status=401, request_id=request_id, headers={
                "WWW-Authenticate": 'Bearer realm="yz12345", error="invalid_token"'}))
        client_id, scopes = checked
        headers = limit(client_id, group, request_id)
        if scope not in scopes:
            raise _Stop(envelope("40302", status=403, request_id=request_id, headers=headers))
        return client_id, scopes, headers

    @app.middleware("http")
    async def journal(request: Request, call_next: Any) -> Response:
        body = await request.body()
        response: Response = await call_next(request)
        if not request.url.path.startswith("/_sim/"):
            code = response.headers.get("x-sim-code")
            with sim.lock:
                sim.log({"type": "request", "method": request.method, "path": request.url.path,
                         "query": request.url.query, "idempotencyKey": request.headers.get("idempotency-key"),
                         "bodySha256": hashlib.sha256(body).hexdigest(), "tokenId": getattr(request.state, "token_id", None),
                         "status": response.status_code, "code": code})
        return response

    def finish(response: Response) -> Response:
        try:
            code = json.loads(bytes(response.body)).get("code")
        except (ValueError, AttributeError):
            code = None
        if code is not None:
            response.headers["x-sim-code"] = str(code)
        return response

    # -- §2.2 token ----------------------------------------------------------------------
    @app.post(TOKEN_PATH)
    async def token(request: Request) -> Response:
        raw = await request.body()
        with sim.lock:
            return finish(_token(sim, request, raw))

    # -- §3.3 / §3.4 reads ---------------------------------------------------------------
    @app.get(API_PREFIX + "/orders/changes")
    def changes(request: Request) -> Response:
        request_id = rid(request)
        with sim.lock:
            try:
                client_id, scopes, headers = gate(request, "changes", "order.read", request_id)
                return finish(_changes(sim, request, client_id, scopes, headers, request_id))
            except _Stop as stop:
                return finish(stop.response)

    @app.get(API_PREFIX + "/orders/{order_no}")
    def detail(order_no: str, request: Request) -> Response:
        request_id = rid(request)
        with sim.lock:
            try:
                client_id, scopes, headers = gate(request, "detail", "order.read", request_id)
            except _Stop as stop:
                return finish(stop.response)
            order = sim.store.orders.get(order_no)
            units = sim.clients[client_id].units
            wanted = request.query_params.get("unitCode")
            if order is None or not order.views:
                return finish(envelope("40401", status=404, request_id=request_id, headers=headers))
            if wanted and wanted not in units:
                return finish(envelope("40301", status=403, request_id=request_id, headers=headers))
            views = [v for u, v in order.views.items() if u in units and (not wanted or u == wanted)]
            if not views:
                return finish(envelope("40301", status=403, request_id=request_id, headers=headers))
            view = max(views, key=lambda v: v["dispatchSeq"])
            data = render_view(view, pii="pii.read" in scopes, knobs=sim.knobs, now=sim.now,
                               base_url=str(request.base_url).rstrip("/"))
            return finish(envelope("0", data, request_id=request_id, headers=headers))

    # -- §3.5 / §3.6 status events -------------------------------------------------------
    @app.post(API_PREFIX + "/orders/{order_no}/{action}")
    async def event(order_no: str, action: str, request: Request) -> Response:
        raw = await request.body()
        request_id = rid(request)
        with sim.lock:
            try:
                client_id, _, headers = gate(request, "write", "order.write", request_id)
            except _Stop as stop:
                return finish(stop.response)
            key = request.headers.get("idempotency-key", "")
            if not IDEMPOTENCY_KEY_RE.match(key):
                return finish(envelope("40005", status=400, request_id=request_id, headers=headers))
            return finish(post_event(sim, client_id, order_no, action, key, raw, request_id, headers))

    # -- §3.9, §3.7 ----------------------------------------------------------------------
    @app.get(API_PREFIX + "/dicts/{dict_type}")
    def dicts(dict_type: str, request: Request) -> Response:
        request_id = rid(request)
        with sim.lock:
            try:
                _, _, headers = gate(request, "dict", "dict.read", request_id)
            except _Stop as stop:
                return finish(stop.response)
            if dict_type not in _DICTS and dict_type not in _DICTS_EMPTY:
                return finish(envelope("40402", status=404, request_id=request_id, headers=headers))
            items = [{"code": c, "name": n, "enabled": True,
                      "parentCode": c[:-2] if dict_type == "MATTER_CATEGORY" and len(c) > 2 else None}
                     for c, n in _DICTS.get(dict_type, {}).items()]
            return finish(envelope("0", {"dictType": dict_type, "items": items}, request_id=request_id, headers=headers))

    @app.get(FILE_PATH)
    def download(request: Request, fileId: str = "", expires: str = "0", sign: str = "") -> Response:  # noqa: N803
        request_id = rid(request)
        with sim.lock:
            good = hashlib.sha256(f"{fileId}:{expires}".encode()).hexdigest()[:10] == sign
            if not good or not expires.isdigit() or int(expires) < sim.now_s():
                return finish(envelope("40303", status=403, request_id=request_id))
        content = f"simulated attachment {fileId}".encode()
        return Response(content, media_type="application/octet-stream",
                        headers={"Content-Disposition": f"attachment; filename*=UTF-8''{fileId}"})

    from adapters.hotline12345.simcontrol import add_controls

    add_controls(app, sim)
    return app


def _token(sim: HotlineSimulator, request: Request, raw: bytes) -> Response:
    def error(status: int, code: str, text: str, headers: dict[str, str] | None = None) -> JSONResponse:
        return JSONResponse({"error": code, "error_description": text}, status_code=status, headers=headers)

    if "application/x-www-form-urlencoded" not in request.headers.get("content-type", ""):
        return error(400, "invalid_request", "请求体应为表单编码")
    from urllib.parse import parse_qs

    form = {k: v[0] for k, v in parse_qs(raw.decode("utf-8", "replace"), keep_blank_values=True).items()}
    auth = request.headers.get("authorization", "")
    basic = auth.startswith("Basic ")
    if basic and ("client_id" in form or "client_secret" in form):
        return error(400, "invalid_request", "客户端凭据重复提交")
    client_id, secret = form.get("client_id", ""), form.get("client_secret", "")
    if basic:
        try:
            client_id, _, secret = base64.b64decode(auth[6:], validate=True).decode("ascii").partition(":")
        except (binascii.Error, UnicodeDecodeError):
            client_id = secret = ""
    client = sim.clients.get(client_id)
    if client is None or not secrets.compare_digest(basic_credentials(client_id, secret),
                                                    basic_credentials(client.client_id, client.client_secret)):
        return error(401, "invalid_client", "客户端认证失败", {"WWW-Authenticate": 'Basic realm="yz12345"'})
    window = int(sim.now_s() // 60)
    used = sim.windows.get((client_id, "token", window), 0) + 1
    sim.windows[(client_id, "token", window)] = used
    if used > (sim.knobs.rate_limit_per_min or _LIMITS["token"]):
        return error(429, "slow_down", "令牌请求过于频繁", {"Retry-After": str(max(1, 60 - int(sim.now_s() % 60)))})
    grant = form.get("grant_type")
    if not grant:
        return error(400, "invalid_request", "缺少grant_type")
    ttl, active = sim.knobs.token_ttl_s, sim.knobs.token_max_active
    if grant == "refresh_token":
        scopes = sim.tokens.redeem(form.get("refresh_token", ""), client_id, sim.now_s())
        if scopes is None:
            return error(400, "invalid_grant", "refresh_token 已使用或已过期")
        body = sim.tokens.issue(client_id, scopes, sim.now_s(), ttl_s=ttl, max_active=active, refreshed="1")
    elif grant == "client_credentials":
        asked = tuple(form["scope"].split()) if form.get("scope") else client.scopes
        if any(s not in client.scopes for s in asked):
            return error(400, "invalid_scope", "申请了未授权的权限范围")
        body = sim.tokens.issue(client_id, asked, sim.now_s(), ttl_s=ttl, max_active=active)
    else:
        return error(400, "unsupported_grant_type", "不支持的授权类型")
    return JSONResponse(body, headers={"Cache-Control": "no-store"})


def _cursor(version: int, sim: HotlineSimulator) -> str:
    doc = json.dumps({"v": version, "t": int(sim.now_s())}, separators=(",", ":")).encode()
    return "c1_" + base64.urlsafe_b64encode(doc).decode().rstrip("=")


def _read_cursor(text: str, sim: HotlineSimulator) -> int | None:
    try:
        if not text.startswith("c1_"):
            return None
        pad = "=" * (-len(text[3:]) % 4)
        doc = json.loads(base64.urlsafe_b64decode(text[3:] + pad))
        if sim.now_s() - int(doc["t"]) > sim.config.cursor_ttl_s:
            return None
        return int(doc["v"])
    except (ValueError, KeyError, TypeError, binascii.Error):
        return None


def _changes(sim: HotlineSimulator, request: Request, client_id: str, scopes: tuple[str, ...],
             headers: dict[str, str], request_id: str) -> Response:
    q = request.query_params
    units = sim.clients[client_id].units
    if q.get("unitCode"):
        wanted = tuple(q["unitCode"].split(","))
        if any(u not in units for u in wanted):
            return envelope("40301", status=403, request_id=request_id, headers=headers)
        units = wanted
    raw_limit = q.get("limit", "50")
    if not raw_limit.isdigit() or not 1 <= int(raw_limit) <= 100:
        return envelope("40002", status=400, request_id=request_id, headers=headers)
    after = 0
    since: str | None = None
    if q.get("cursor"):
        position = _read_cursor(q["cursor"], sim)
        if position is None:
            return envelope("40003", status=400, request_id=request_id, headers=headers)
        after = position
        if sim.knobs.page_shift and sim.shifts_left > 0:
            _shift(sim, units, after)
    elif q.get("since"):
        try:
            since = parse_time(q["since"]).strftime("%Y-%m-%d %H:%M:%S") if len(q["since"]) == 19 else None
        except ValueError:
            since = None
        if since is None:
            return envelope("40002", status=400, request_id=request_id, headers=headers)
    views = [v for v in sim.store.feed(units) if v["version"] > after and (since is None or v["updateTime"] >= since)]
    page = views[: int(raw_limit)]
    base_url = str(request.base_url).rstrip("/")
    items = [render_view(v, pii="pii.read" in scopes, knobs=sim.knobs, now=sim.now, base_url=base_url) for v in page]
    last = page[-1]["version"] if page else after
    data = {"items": items, "nextCursor": _cursor(last, sim), "hasMore": len(views) > len(page),
            "serverTime": sim.now.strftime("%Y-%m-%d %H:%M:%S")}
    return envelope("0", data, request_id=request_id, headers=headers)


def _shift(sim: HotlineSimulator, units: tuple[str, ...], served_up_to: int) -> None:
    """page_shift: a 催办 on one order already served, so it comes again later in this run (quirk 11)."""
    served = [v for v in sim.store.feed(units) if v["version"] <= served_up_to and v["status"] in OPEN
              and sim.store.orders[v["orderNo"]].current_unit == v["unitCode"]]
    if served:
        sim.shifts_left -= 1
        view = sim.rng.choice(served)
        sim.actions.hotline(view["orderNo"], "urge", sim.now, {"reason": "03"})
