"""What the simulated SJJH answers to one SOAP POST, in the order of §2.4 (call with the lock held).

    answer = serve(sim, SoapRequest(body=b"…", soap_action='"…/QueryLicenses"', client_ip="127.0.0.1"))
    answer.status, answer.text, answer.encoding, answer.code

① rate limit (and concurrency) → ② WS-Security → ③ parameters → ④ the 归集 window, injected
faults, then the query.  Faults follow §3.7/§3.8.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from xml.sax.saxutils import escape
from typing import TYPE_CHECKING

from lxml import etree

from adapters.scjg.simsoap import FAULTS, envelope, fault_xml, record_xml, response_xml
from adapters.scjg.wire import KINDS, NS, OPERATIONS, SOAP_NS, TIME_RE, WSSE_NS, format_time, parse_time
from adapters.scjg.xmlsafe import parse_bytes

if TYPE_CHECKING:
    from adapters.scjg.simulator import ScjgSimulator

__all__ = ["SoapAnswer", "SoapRequest", "serve"]

_KIND_OF = {op: kind for kind, op in OPERATIONS.items()}
_QUERY_PARAMS = ("startTime", "endTime", "pageNo", "pageSize")


@dataclass(frozen=True)
class SoapRequest:
    body: bytes
    soap_action: str | None
    client_ip: str
    in_flight: int = 1  # requests of this client being served now, this one included


@dataclass
class SoapAnswer:
    status: int
    text: str
    encoding: str = "UTF-8"
    headers: dict[str, str] = field(default_factory=dict)
    code: str | None = None
    operation: str | None = None
    username: str | None = None
    nonce: str | None = None
    params: dict[str, str] = field(default_factory=dict)
    served: list[tuple[str, str, str]] = field(default_factory=list)  # (kind, ID, LAST_UPDATED)


class _Fault(Exception):
    def __init__(self, code: str, message: str, retry_after: int | None = None) -> None:
        super().__init__(code)
        self.code, self.message, self.retry_after = code, message, retry_after


def serve(sim: ScjgSimulator, req: SoapRequest) -> SoapAnswer:
    answer = SoapAnswer(200, "")
    try:
        _serve(sim, req, answer)
    except _Fault as fault:
        _, _, status = FAULTS[fault.code]
        answer.status, answer.code, answer.encoding = status, fault.code, "UTF-8"
        answer.text = envelope(fault_xml(fault.code, fault.message, request_id=sim.request_id(),
                                         retry_after=fault.retry_after))
        answer.served = []
        if fault.code == "SYSTEM_BUSY":
            answer.headers["Retry-After"] = str(fault.retry_after)
    return answer


def _serve(sim: ScjgSimulator, req: SoapRequest, answer: SoapAnswer) -> None:
    try:
        root = parse_bytes(req.body)
    except (etree.XMLSyntaxError, ValueError) as exc:
        raise _Fault("INVALID_PARAM", f"请求报文无法解析：{type(exc).__name__}") from exc
    body = root.find(f"{{{SOAP_NS}}}Body")
    call = None if body is None or len(body) == 0 else body[0]
    if call is None or not isinstance(call.tag, str) or not call.tag.startswith(f"{{{NS}}}"):
        raise _Fault("INVALID_PARAM", "soap:Body中没有可识别的操作")
    operation = call.tag.split("}")[1]
    if operation not in (*OPERATIONS.values(), "Ping", "GetRecord"):
        raise _Fault("INVALID_PARAM", f"未知操作{operation}")
    answer.operation = operation
    action = (req.soap_action or "").strip().strip('"')
    if req.soap_action is None or action and action != f"{NS}/{operation}":
        raise _Fault("INVALID_PARAM", "SOAPAction与请求操作不一致")
    header = root.find(f"{{{SOAP_NS}}}Header")
    security = None if header is None else header.find(f"{{{WSSE_NS}}}Security")
    user = sim.auth.username(security)
    answer.username = user
    nonce_el = None if security is None else security.find(f".//{{{WSSE_NS}}}Nonce")
    answer.nonce = None if nonce_el is None else nonce_el.text
    now_s = sim.now_s()
    cfg = sim.config
    # ① 限流过滤器
    if cfg.max_concurrency and req.in_flight > cfg.max_concurrency:
        raise _Fault("TOO_MANY_REQUESTS", f"账号{user or req.client_ip}并发请求数超过{cfg.max_concurrency}", 1)
    wait = sim.limiter.admit(user or req.client_ip, now_s)
    if wait is not None:
        raise _Fault("TOO_MANY_REQUESTS", f"账号{user or req.client_ip}每分钟请求数超过{cfg.rate_limit_per_min}次", wait)
    # ② WS-Security (optional for Ping)
    authenticated = False
    if security is not None or operation != "Ping":
        code, retry = sim.auth.check(security, operation, now_s)
        if code is not None:
            failures = sim.auth.failures(user or "")
            raise _Fault(code, f"用户{user or ''}认证失败：{code}（连续失败{failures}次）", retry)
        authenticated = True
    # ③ parameters, ④ query
    if operation == "Ping":
        echo = call.findtext("echo")
        inner = (f"      <echo>{_esc(echo)}</echo>\n" if echo is not None else "") + (
            f"      <serverTime>{format_time(sim.now())}</serverTime>\n      <version>{cfg.version}</version>\n"
            f"      <authenticated>{'true' if authenticated else 'false'}</authenticated>\n")
        answer.text = envelope(response_xml("PingResponse", inner))
        return
    if operation == "GetRecord":
        kind, record_id = _get_params(call)
        answer.params = {"recordType": kind, "id": record_id}
        _gate(sim, operation)
        row = sim.store.get(kind, record_id)
        if row is None or row.visible_at > format_time(sim.now()):
            raise _Fault("RECORD_NOT_FOUND", f"{kind}记录{record_id}不存在")
        style = cfg.nil_style.get(operation, "nil")
        inner = f"      <recordType>{kind}</recordType>\n" + record_xml(
            kind.lower(), row.fields, nil_style=style, migrated=row.migrated, indent="      ")
        answer.text = envelope(response_xml("GetRecordResponse", inner, xsi=style == "nil"))
        answer.served = [(kind, row.id, row.last_updated)]
        return
    params = _query_params(call)
    answer.params = params
    _gate(sim, operation)
    kind = _KIND_OF[operation]
    rows, total = sim.query(kind, params["startTime"], params["endTime"], int(params["pageNo"]), int(params["pageSize"]))
    style = cfg.nil_style.get(operation, "empty")
    raw_amp = sim.malformed_now("bad_entity")
    records = "".join(record_xml("record", r.fields, nil_style=style, migrated=r.migrated, raw_amp=raw_amp)
                      for r in rows)
    inner = (f"      <totalCount>{total}</totalCount>\n      <pageNo>{params['pageNo']}</pageNo>\n"
             f"      <pageSize>{params['pageSize']}</pageSize>\n      <queryTime>{format_time(sim.now())}</queryTime>\n"
             + (f"      <records>\n{records}      </records>\n" if rows else "      <records/>\n"))
    answer.encoding = "GBK" if operation in cfg.gbk_operations else "UTF-8"
    answer.text = envelope(response_xml(operation + "Response", inner, xsi=style == "nil"), answer.encoding)
    answer.served = [(kind, r.id, r.last_updated) for r in rows]


def _esc(text: str | None) -> str:
    return escape(text or "")


def _gate(sim: ScjgSimulator, operation: str) -> None:
    """④ before the query: the nightly 归集 window, then injected faults (§8 ``fault_rate``)."""
    busy = sim.busy_retry_after()
    if busy is not None:
        raise _Fault("SYSTEM_BUSY", "数据归集作业执行中（01:00-03:00），暂停查询服务", busy)
    for code, rate in sim.config.fault_rate.items():
        if sim.roll(rate):
            retry = {"SYSTEM_BUSY": 60, "TOO_MANY_REQUESTS": sim.randint(1, 60)}.get(code)
            raise _Fault(code, f"模拟故障：{code}", retry)


def _get_params(call: etree._Element) -> tuple[str, str]:
    names = [c.tag for c in call if isinstance(c.tag, str)]
    if names != ["recordType", "id"]:
        raise _Fault("INVALID_PARAM", "参数应为recordType、id")
    kind, record_id = (call.findtext("recordType") or "").strip(), (call.findtext("id") or "").strip()
    if kind not in KINDS:
        raise _Fault("INVALID_PARAM", f"recordType取值错误：{kind}")
    if not record_id:
        raise _Fault("INVALID_PARAM", "id不能为空")
    return kind, record_id


def _query_params(call: etree._Element) -> dict[str, str]:
    params: dict[str, str] = {}
    for child in call:
        if not isinstance(child.tag, str):
            continue
        if child.tag not in _QUERY_PARAMS or child.tag in params:
            raise _Fault("INVALID_PARAM", f"未知或重复参数：{child.tag}")
        params[child.tag] = (child.text or "").strip()
    for name in _QUERY_PARAMS:
        if name not in params:
            raise _Fault("INVALID_PARAM", f"缺少参数：{name}")
    for name in ("startTime", "endTime"):
        if not TIME_RE.match(params[name]):
            raise _Fault("INVALID_PARAM", f"{name}格式应为yyyy-MM-dd HH:mm:ss（北京时间，不带时区）")
        try:
            parse_time(params[name])
        except ValueError as exc:
            raise _Fault("INVALID_PARAM", f"{name}不是有效时间") from exc
    for name, low, high in (("pageNo", 1, 10**9), ("pageSize", 1, 100)):
        value = params[name]
        if not value.lstrip("-").isdigit() or not low <= int(value) <= high:
            raise _Fault("INVALID_PARAM", f"{name}取值应在{low}-{high}之间")
    span = (parse_time(params["endTime"]) - parse_time(params["startTime"])).total_seconds()
    if span <= 0:
        raise _Fault("INVALID_PARAM", "endTime必须晚于startTime")
    if span > 604_800:
        raise _Fault("WINDOW_TOO_LARGE", f"startTime与endTime相差不得超过7天（604800秒），当前为{int(span)}秒")
    return params

