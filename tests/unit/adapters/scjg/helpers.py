"""Helpers of the scjg tests: a movable clock, a quiet simulator config, raw SOAP requests."""

from __future__ import annotations

import base64
import os
from collections.abc import Callable
from datetime import datetime
from typing import Any

import httpx
from lxml import etree

from adapters.scjg import SimConfig
from adapters.scjg.security import DIGEST_TYPE, created_text, security_header
from adapters.scjg.simconfig import DOC_PASSWORD, DOC_USERNAME
from adapters.scjg.wire import BEIJING, NS, SERVICE_PATH, SOAP_NS

USER, PASSWORD = DOC_USERNAME, DOC_PASSWORD
START = datetime(2025, 11, 21, 10, 0, 0, tzinfo=BEIJING).timestamp()  # outside the 01:00–03:00 window


class FakeClock:
    """Epoch seconds that a test moves by hand."""

    def __init__(self, at: float = START) -> None:
        self.at = at

    def __call__(self) -> float:
        return self.at

    def advance(self, seconds: float) -> None:
        self.at += seconds


def quiet(**overrides: Any) -> SimConfig:
    """A small simulator without limits, the busy window, bad records or stale copies in the way."""
    base: dict[str, Any] = {"size": 80, "rate_limit_per_min": 0, "max_concurrency": 0, "busy_window": None,
                            "bad_rate": 0.0, "duplicate_rate": 0.0}
    base.update(overrides)
    return SimConfig(**base)


def soap(operation: str, params: dict[str, str] | str, *, clock: Callable[[], float] | None = None,
         user: str = USER, password: str = PASSWORD, nonce: bytes | None = None, created: str | None = None,
         password_type: str = DIGEST_TYPE, auth: bool = True) -> bytes:
    """A request envelope as the document shows it (children unqualified)."""
    env = etree.Element(f"{{{SOAP_NS}}}Envelope", nsmap={"soap": SOAP_NS, "sj": NS})
    if auth:
        header = etree.SubElement(env, f"{{{SOAP_NS}}}Header")
        when = created or created_text((clock or (lambda: START))())
        header.append(security_header(user, password, nonce or os.urandom(16), when, password_type=password_type))
    body = etree.SubElement(env, f"{{{SOAP_NS}}}Body")
    call = etree.SubElement(body, f"{{{NS}}}{operation}")
    if isinstance(params, dict):
        for name, value in params.items():
            etree.SubElement(call, name).text = value
    return etree.tostring(env, encoding="UTF-8", xml_declaration=True)


def post(http: httpx.Client, operation: str, body: bytes, action: str | None = None) -> httpx.Response:
    act = f'"{NS}/{operation}"' if action is None else action
    return http.post(SERVICE_PATH, content=body, headers={"Content-Type": "text/xml; charset=UTF-8", "SOAPAction": act})


def error_code(response: httpx.Response) -> str | None:
    root = etree.fromstring(response.content)
    return root.findtext(f".//{{{NS}}}sjjhFault/errorCode")


def window(start: str = "2025-11-01 00:00:00", end: str = "2025-11-08 00:00:00", page: int = 1,
           size: int = 100) -> dict[str, str]:
    return {"startTime": start, "endTime": end, "pageNo": str(page), "pageSize": str(size)}


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


class Switch:
    """ASGI app forwarding to whichever simulator the current test mounted."""

    def __init__(self) -> None:
        self.app: Any = None

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        await self.app(scope, receive, send)
