"""The §2.1 digest and the request documents (pure functions, shared by the adapter and the simulator).

    digest("elyg321081santong", "20251119093012", "5f2c8e1a…", secret)   # '48B29F48…' (64 hex, upper)
    auth_document(appkey, secret, now_s)       # bytes of <AUTH>, fresh NONCE, TIMESTAMP in Beijing time
    query_document({"XZQHDM": "321081", "GXSJQ": "…", "GXSJZ": "…", "PAGENO": "1", "PAGESIZE": "50"})
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from datetime import datetime

from lxml import etree

from adapters.elu_yangguang.wire import BEIJING
from signatures.sm3 import sm3_hex

__all__ = ["auth_document", "digest", "document", "new_nonce", "query_document", "refresh_document", "timestamp"]


def digest(appkey: str, timestamp: str, nonce: str, appsecret: str) -> str:
    """``HEX(SM3(UTF8(APPKEY + TIMESTAMP + NONCE + APPSECRET)))``, upper case (§2.1)."""
    return sm3_hex((appkey + timestamp + nonce + appsecret).encode("utf-8")).upper()


def new_nonce() -> str:
    """32 lower-case hex characters."""
    return secrets.token_hex(16)


def timestamp(now_s: float) -> str:
    """``yyyyMMddHHmmss`` in Beijing time."""
    return datetime.fromtimestamp(now_s, BEIJING).strftime("%Y%m%d%H%M%S")


def document(root: str, children: Mapping[str, str]) -> bytes:
    """A UTF-8 request document ``<root><K>v</K>…</root>`` with its declaration (§2)."""
    element = etree.Element(root)
    for tag, value in children.items():
        etree.SubElement(element, tag).text = value
    body: bytes = etree.tostring(element, encoding="UTF-8")
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + body


def auth_document(appkey: str, appsecret: str, now_s: float, nonce: str | None = None) -> bytes:
    ts, nonce = timestamp(now_s), nonce or new_nonce()
    return document("AUTH", {"APPKEY": appkey, "TIMESTAMP": ts, "NONCE": nonce,
                             "DIGEST": digest(appkey, ts, nonce, appsecret)})


def refresh_document(appkey: str, refresh_token: str) -> bytes:
    return document("REFRESH", {"APPKEY": appkey, "REFRESHTOKEN": refresh_token})


def query_document(params: Mapping[str, str]) -> bytes:
    return document("QUERY", params)
