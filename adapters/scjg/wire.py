"""Names of the SJJH interface (sjjh §2–§4): namespaces, operations, record kinds, fields.

    OPERATIONS["XZXK"]          # 'QueryLicenses'
    FIELDS["XZCF"][:3]          # ('ID', 'AJBH', 'CFJDSWH') — XSD sequence order
    parse_time("2025-11-18 15:20:41")   # aware datetime in Beijing time (quirk 10)

The field lists are read from the WSDL itself, so simulator and adapter cannot drift from it.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from typing import Literal

from adapters.scjg.wsdl import wsdl_for
from adapters.scjg.xmlsafe import parse_bytes

__all__ = [
    "BEIJING", "FIELDS", "KINDS", "Kind", "NS", "OPERATIONS", "RESPONSE_ELEMENT", "SERVICE_PATH", "SOAP_NS",
    "TIME_RE", "WSSE_NS", "WSU_NS", "XSI_NS", "format_time", "parse_time",
]

NS = "http://scjg.yz.gov.cn/ws/sjjh"
SOAP_NS = "http://schemas.xmlsoap.org/soap/envelope/"
WSSE_NS = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd"
WSU_NS = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
SERVICE_PATH = "/scjg-ws/services/SjjhService"
BEIJING = timezone(timedelta(hours=8))
TIME_RE = re.compile(r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$")

Kind = Literal["XZXK", "XZJC", "XZCF", "JYYC"]
KINDS: tuple[Kind, ...] = ("XZXK", "XZJC", "XZCF", "JYYC")
OPERATIONS: dict[str, str] = {
    "XZXK": "QueryLicenses", "XZJC": "QueryInspections", "XZCF": "QueryPenalties", "JYYC": "QueryAbnormalList",
}
RESPONSE_ELEMENT = {op: op + "Response" for op in (*OPERATIONS.values(), "Ping", "GetRecord")}


def _fields() -> dict[str, tuple[str, ...]]:
    root = parse_bytes(wsdl_for())
    xs = "{http://www.w3.org/2001/XMLSchema}"
    out: dict[str, tuple[str, ...]] = {}
    for kind in KINDS:
        ctype = root.find(f".//{xs}complexType[@name='{kind.lower()}Record']")
        assert ctype is not None, kind
        out[kind] = tuple(str(e.get("name")) for e in ctype.iter(f"{xs}element"))
    return out


FIELDS: dict[str, tuple[str, ...]] = _fields()


def parse_time(text: str) -> datetime:
    """``yyyy-MM-dd HH:mm:ss`` Beijing time (no offset) as an aware datetime; ValueError otherwise."""
    if not TIME_RE.match(text):
        raise ValueError(f"not yyyy-MM-dd HH:mm:ss: {text!r}")
    return datetime.strptime(text, "%Y-%m-%d %H:%M:%S").replace(tzinfo=BEIJING)


def format_time(moment: datetime) -> str:
    """An aware datetime as the interface writes it: Beijing time, no offset."""
    return moment.astimezone(BEIJING).strftime("%Y-%m-%d %H:%M:%S")
