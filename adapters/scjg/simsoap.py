"""XML the simulated SJJH writes: envelopes, records with the three null spellings, CDATA, faults.

    body = envelope(response_xml("QueryLicensesResponse", header_xml, records_xml))
    fault_xml("WINDOW_TOO_LARGE", "…", request_id="20251119093012517001", retry_after=None)

Written as text (as the Java service does) so that CDATA (quirk 8), ``xsi:nil`` (quirk 5)
and a deliberately raw ``&`` (the ``bad_entity`` knob) come out exactly.
"""

from __future__ import annotations

from xml.sax.saxutils import escape

from adapters.scjg.wire import NS, WSSE_NS

__all__ = ["CDATA_FIELDS", "FAULTS", "OPTIONAL", "envelope", "fault_xml", "record_xml", "response_xml"]

CDATA_FIELDS = frozenset({"XKNR", "JCNR", "WTMS", "WFSS", "CFYJ", "BZ"})
# elements the XSD marks minOccurs="0": the only ones a migrated record may omit
OPTIONAL = frozenset({"TYSHXYDM", "GSZCH", "ZZJGDM", "FDDBR", "FDDBRZJLX", "FDDBRZJHM", "XDRZJLX", "XDRZJHM", "ZS",
                      "XKZSMC", "XKZBH", "XKSXBM", "BZ", "OLD_XKBH", "OLD_ID", "KZZD1", "KZZD2", "JCSXBM", "JCDD",
                      "JCJSSJ", "WTMS", "CLYJ", "ZGQX", "SJRWBH", "LHJGRWBH", "FKJE", "MSJE", "ZKHDXZZBH", "SJJNJE",
                      "JNRQ", "GSJZQ", "JARQ", "ZCH", "QYLX", "YCYYDM", "YCYY", "YCRQ", "YCJDSWH", "YCJG"})
# (faultcode, faultstring, HTTP status) of §3.7
FAULTS: dict[str, tuple[str, str, int]] = {
    "AUTH_FAILED": ("wsse:FailedAuthentication", "用户名或密码摘要校验失败", 500),
    "AUTH_EXPIRED": ("wsse:MessageExpired", "安全令牌已过期", 500),
    "NONCE_REPLAY": ("wsse:FailedAuthentication", "安全令牌重复使用", 500),
    "ACCOUNT_LOCKED": ("wsse:FailedAuthentication", "账号已锁定", 500),
    "PERMISSION_DENIED": ("soap:Client", "无权访问该接口", 500),
    "INVALID_PARAM": ("soap:Client", "请求参数错误", 500),
    "WINDOW_TOO_LARGE": ("soap:Client", "查询时间窗口超过7天", 500),
    "RECORD_NOT_FOUND": ("soap:Client", "记录不存在", 500),
    "TOO_MANY_REQUESTS": ("soap:Server", "访问过于频繁，请稍后再试", 200),
    "SYSTEM_BUSY": ("soap:Server", "系统繁忙，请稍后再试", 500),
    "INTERNAL_ERROR": ("soap:Server", "系统内部错误", 500),
}
_SOAP = "http://schemas.xmlsoap.org/soap/envelope/"


def envelope(body: str, encoding: str = "UTF-8") -> str:
    return (f'<?xml version="1.0" encoding="{encoding}"?>\n<soap:Envelope xmlns:soap="{_SOAP}">\n'
            f"  <soap:Body>\n{body}  </soap:Body>\n</soap:Envelope>\n")


def record_xml(tag: str, fields: dict[str, str | None], *, nil_style: str, migrated: bool,
               raw_amp: bool = False, indent: str = "        ") -> str:
    """One record element in XSD order; ``raw_amp`` writes an unescaped ``&`` (malformed knob)."""
    lines = [f"{indent}<{tag}>"]
    for name, value in fields.items():
        if value is None:
            if migrated and name in OPTIONAL or nil_style == "absent" and name in OPTIONAL:
                continue
            lines.append(f'{indent}  <{name} xsi:nil="true"/>' if nil_style == "nil" else f"{indent}  <{name}/>")
        elif name in CDATA_FIELDS and not migrated:
            lines.append(f"{indent}  <{name}><![CDATA[{value}]]></{name}>")
        else:
            text = escape(value)
            if raw_amp and name in ("XDRMC", "QYMC"):
                text += " & 分店"
                raw_amp = False
            lines.append(f"{indent}  <{name}>{text}</{name}>")
    lines.append(f"{indent}</{tag}>")
    return "\n".join(lines) + "\n"


def response_xml(element: str, inner: str, *, xsi: bool = False) -> str:
    extra = ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"' if xsi else ""
    return f'    <ns2:{element} xmlns:ns2="{NS}"{extra}>\n{inner}    </ns2:{element}>\n'


def fault_xml(code: str, message: str, *, request_id: str, retry_after: int | None) -> str:
    faultcode, faultstring, _ = FAULTS[code]
    declare = f' xmlns:wsse="{WSSE_NS}"' if faultcode.startswith("wsse:") else ""
    retry = f"          <retryAfter>{retry_after}</retryAfter>\n" if retry_after is not None else ""
    return (f"    <soap:Fault>\n      <faultcode{declare}>{faultcode}</faultcode>\n"
            f"      <faultstring>{faultstring}</faultstring>\n      <detail>\n"
            f'        <ns2:sjjhFault xmlns:ns2="{NS}">\n          <errorCode>{code}</errorCode>\n'
            f"          <errorMsg>{escape(message)}</errorMsg>\n{retry}"
            f"          <requestId>{request_id}</requestId>\n        </ns2:sjjhFault>\n      </detail>\n"
            f"    </soap:Fault>\n")
