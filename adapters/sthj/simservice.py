"""The interface logic of the simulator, without HTTP: one request in, one answer out (§3.1 check order).

    answer = serve(sim, ApiRequest("GET", "/api/v2/records", "page_size=2", headers, "127.0.0.1"))
    answer.status, answer.code, answer.body

Checks run in the document's order and the first failure answers:
40402/40501 → 50301 → 40302 → 40100 → 40104 → 40102 → 40101 → 40103 → 42902/42901 → 40301
→ 40001/40002/40003/41001 → (faults 50001/50302) → 40401.  Call it with the simulator's lock held.
"""

from __future__ import annotations

import hmac
import math
import re
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote

from adapters.sthj.signing import (
    NONCE_RE,
    TIMESTAMP_RE,
    parse_query,
    signature,
    string_to_sign,
)
from adapters.sthj.simconfig import SimApp
from adapters.sthj.simcursor import CursorError
from adapters.sthj.simjson import render
from adapters.sthj.simlimits import seconds_to_midnight
from adapters.sthj.simstore import Entry
from adapters.sthj.wire import (
    HEALTH_PATH,
    INFIX_TYPES,
    LIST_PATH,
    RECORD_ID_RE,
    RECORD_TYPES,
)

if TYPE_CHECKING:
    from adapters.sthj.simulator import SthjSimulator

__all__ = ["MESSAGES", "ApiAnswer", "ApiRequest", "RequestRecord", "error_answer", "health", "serve"]

_INT_RE = re.compile(r"^[0-9]{1,15}$")

MESSAGES: dict[int, tuple[int, str]] = {
    0: (200, "成功"),
    40001: (400, "请求参数错误"),
    40002: (400, "游标无效"),
    40003: (400, "游标与查询条件不一致"),
    40100: (401, "缺少认证信息"),
    40101: (401, "签名校验失败"),
    40102: (401, "时间戳已过期"),
    40103: (401, "请求重复（nonce 已使用）"),
    40104: (401, "应用不存在或已停用"),
    40301: (403, "无访问权限"),
    40302: (403, "来源 IP 不在白名单"),
    40401: (404, "记录不存在"),
    40402: (404, "接口不存在"),
    40501: (405, "请求方法不支持"),
    41001: (410, "游标已过期"),
    42901: (429, "请求过于频繁"),
    42902: (429, "超出当日调用次数上限"),
    50001: (500, "系统内部错误"),
    50301: (503, "系统维护中（数据备份），请稍后重试"),
    50302: (503, "数据库繁忙，请稍后重试"),
}


@dataclass
class ApiRequest:
    """What the gateway passes on: ``path`` and ``query`` raw as sent, ``headers`` with lower-case names."""

    method: str
    path: str
    query: str
    headers: Mapping[str, str]
    client_ip: str


@dataclass
class ApiAnswer:
    status: int
    code: int
    body: str
    headers: dict[str, str] = field(default_factory=dict)
    app_id: str | None = None
    nonce: str | None = None
    params: list[tuple[str, str]] = field(default_factory=list)
    records: list[tuple[str, int]] = field(default_factory=list)


@dataclass(frozen=True)
class RequestRecord:
    """One answered request: who, what, the answer, and which (record_id, version) it carried."""

    at_ms: int
    request_id: str
    method: str
    path: str
    app_id: str | None
    nonce: str | None
    params: tuple[tuple[str, str], ...]
    status: int
    code: int | None  # None: a gateway HTML page (quirk 16)
    records: tuple[tuple[str, int], ...]
    client: str

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


class _Refused(Exception):
    def __init__(self, code: int, retry_after_s: int | None = None) -> None:
        super().__init__(code)
        self.code = code
        self.retry_after_s = retry_after_s


def error_answer(code: int, retry_after_s: int | None = None) -> ApiAnswer:
    status, message = MESSAGES[code]
    headers = {"Retry-After": str(retry_after_s)} if retry_after_s is not None else {}
    return ApiAnswer(status, code, render({"code": code, "message": message, "data": None}), headers)


def _ok(data_text: str) -> str:
    return '{"code":0,"message":"成功","data":' + data_text + "}"


def health(sim: SthjSimulator, req: ApiRequest) -> ApiAnswer:
    """§3.6: no signature; limited per source IP; 200 during maintenance."""
    if req.method != "GET":
        return error_answer(40501)
    now_ms = sim.now_ms()
    per_s = sim.config.health_per_s
    if per_s > 0:
        last = sim.health_seen.get(req.client_ip)
        if last is not None and now_ms - last < 1000 / per_s:
            return error_answer(42901, max(1, math.ceil(1 / per_s)))
        sim.health_seen[req.client_ip] = now_ms
    window = sim.maintenance(now_ms)
    status = "MAINTENANCE" if window else "DEGRADED" if sim.faults.busy_rate > 0 else "UP"
    data = {"status": status, "version": sim.config.server_version, "server_time": now_ms,
            "maintenance_until": window.until_ms if window else None}
    return ApiAnswer(200, 0, _ok(render(data)))


def serve(sim: SthjSimulator, req: ApiRequest) -> ApiAnswer:
    """Answer one ``/api/v2/...`` request (health included)."""
    if req.path == HEALTH_PATH:
        return health(sim, req)
    record_id: str | None = None
    if req.path != LIST_PATH:
        rest = req.path[len(LIST_PATH) + 1 :] if req.path.startswith(LIST_PATH + "/") else ""
        if not rest or "/" in rest:
            return error_answer(40402)
        record_id = unquote(rest)
    if req.method != "GET":
        return error_answer(40501)
    now_ms = sim.now_ms()
    window = sim.maintenance(now_ms)
    if window:
        return error_answer(50301, window.retry_after_s)
    answer = ApiAnswer(0, 0, "")
    try:
        app = _authenticate(sim, req, now_ms, answer)
        _rate_limit(sim, app, now_ms, answer)
        if record_id is None:
            _list(sim, app, answer, now_ms)
        else:
            _single(sim, app, record_id, answer, now_ms)
    except _Refused as refused:
        failed = error_answer(refused.code, refused.retry_after_s)
        failed.headers.update(answer.headers)
        failed.app_id, failed.nonce, failed.params = answer.app_id, answer.nonce, answer.params
        return failed
    return answer


def _authenticate(sim: SthjSimulator, req: ApiRequest, now_ms: int, answer: ApiAnswer) -> SimApp:
    h = req.headers
    app_id, ts, nonce, sig = (h.get(k, "") for k in ("x-app-id", "x-timestamp", "x-nonce", "x-signature"))
    answer.app_id, answer.nonce = app_id or None, nonce or None
    answer.params = parse_query(req.query)
    app = sim.apps.get(app_id)
    if app is not None and app.ip_whitelist is not None and req.client_ip not in app.ip_whitelist:
        raise _Refused(40302)
    if not (app_id and ts and nonce and sig) or not TIMESTAMP_RE.match(ts) or not NONCE_RE.match(nonce):
        raise _Refused(40100)
    if app is None or not app.enabled:
        raise _Refused(40104)
    if abs(now_ms - int(ts)) > sim.config.skew_ms:
        raise _Refused(40102)
    sts = string_to_sign(req.method, req.path, answer.params, ts, nonce)
    if not any(hmac.compare_digest(signature(secret, sts), sig.lower()) for secret in app.secrets):
        raise _Refused(40101)
    if sim.nonces(app.app_id).replayed(nonce, now_ms):
        raise _Refused(40103)
    return app


def _rate_limit(sim: SthjSimulator, app: SimApp, now_ms: int, answer: ApiAnswer) -> None:
    """Quota, then bucket; every request that got this far counts.  Sets the X-RateLimit headers."""
    bucket = sim.bucket(app.app_id)
    answer.headers["X-RateLimit-Limit"] = f"{sim.config.bucket_refill_per_s:g}"
    answer.headers["X-RateLimit-Remaining"] = "0"
    if not sim.quota(app.app_id).take(now_ms):
        raise _Refused(42902, seconds_to_midnight(now_ms))
    granted, retry_after_s, remaining = bucket.take(now_ms / 1000)
    if not granted:
        raise _Refused(42901, retry_after_s)
    answer.headers["X-RateLimit-Remaining"] = str(remaining)
    if sim.roll(sim.faults.throttle_rate):
        raise _Refused(42901, 1)


def _db_faults(sim: SthjSimulator) -> None:
    if sim.roll(sim.faults.internal_error_rate):
        raise _Refused(50001)
    if sim.roll(sim.faults.busy_rate):
        raise _Refused(50302, sim.faults.busy_retry_after_s)


def _list(sim: SthjSimulator, app: SimApp, answer: ApiAnswer, now_ms: int) -> None:
    if "list" not in app.endpoints:
        raise _Refused(40301)
    params = answer.params
    asked = [t for name, value in params if name == "record_type" for t in value.split(",")]
    if any(t in RECORD_TYPES and t not in app.grants for t in asked):
        raise _Refused(40301)
    names = [name for name, _ in params]
    p = dict(params)
    if len(set(names)) != len(names) or ("cursor" in p and "since" in p):
        raise _Refused(40001)
    size = p.get("page_size", "100")
    if not _INT_RE.match(size) or not 1 <= int(size) <= 200:
        raise _Refused(40001)
    if "since" in p and not _INT_RE.match(p["since"]):
        raise _Refused(40001)
    if "record_type" in p and any(t not in RECORD_TYPES for t in asked):
        raise _Refused(40001)
    kinds = tuple(sorted(set(asked))) if "record_type" in p else tuple(sorted(app.grants))
    if "cursor" in p:
        try:
            position = sim.cursors.open(app.app_id, p["cursor"], kinds, now_ms)
        except CursorError as exc:
            raise _Refused(exc.code) from None
    else:
        position = (int(p.get("since", "0")), "")
    _db_faults(sim)
    sim.apply_churn(now_ms, list_request=True)

    def readable(entry: Entry) -> bool:
        return app.read_restricted or not entry.restricted

    def repeat(boundary: Entry, following: Entry | None) -> bool:
        # quirk 11b: V2.3 repeats the boundary record when the next one shares its updated_at
        if following is None:
            return False
        if sim.config.boundary_repeat_defect and following.updated_at == boundary.updated_at:
            return True
        return sim.roll(sim.churn.boundary_repeat_rate)

    result = sim.store.page(kinds, position, int(size), now_ms, settle_ms=sim.config.settle_ms, readable=readable,
                            repeat=repeat if "cursor" in p else None)
    cursor = sim.cursors.issue(app.app_id, result.position, kinds, now_ms)
    records = ",".join(e.text for e in result.entries)
    answer.status, answer.code = 200, 0
    answer.body = _ok('{"records":[' + records + '],"next_cursor":"' + cursor + '","has_more":'
                      + ("true" if result.has_more else "false") + "}")
    answer.records = [(e.record_id, e.version) for e in result.entries]


def _single(sim: SthjSimulator, app: SimApp, record_id: str, answer: ApiAnswer, now_ms: int) -> None:
    if "single" not in app.endpoints:
        raise _Refused(40301)
    match = RECORD_ID_RE.match(record_id)
    if match and INFIX_TYPES[match.group(1)] not in app.grants:
        raise _Refused(40301)
    entry = sim.store.get(record_id, now_ms) if match else None
    if entry is not None and entry.restricted and not app.read_restricted:
        raise _Refused(40301)
    if len({n for n, _ in answer.params}) != len(answer.params) or not match:
        raise _Refused(40001)
    _db_faults(sim)
    sim.apply_churn(now_ms, list_request=False)
    entry = sim.store.get(record_id, now_ms)
    if entry is None:
        raise _Refused(40401)
    answer.status, answer.code = 200, 0
    answer.body = _ok(entry.text)
    answer.records = [(entry.record_id, entry.version)]
