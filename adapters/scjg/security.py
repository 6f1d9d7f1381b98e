"""WS-Security UsernameToken with PasswordDigest (sjjh §2.3), for the adapter and the simulator.

    password_digest(nonce_bytes, "2025-11-19T01:30:12Z", "Sj#2025@yzscjg")   # 'Kqb/6JnNiwAQskNOGZOdM+lDGQM='
    token = DigestToken("santong_yz", password, clock=time.time)             # a zeep ``wsse`` plugin
    client = zeep.Client(wsdl, wsse=token)                                   # fresh nonce and Created per call

``Created`` is UTC written with ``Z``; the digest is over the text exactly as sent.
"""

from __future__ import annotations

import base64
import hashlib
import os
import time
from collections.abc import Callable
from datetime import datetime, timezone
from typing import Any

from lxml import etree

from adapters.scjg.wire import SOAP_NS, WSSE_NS, WSU_NS

__all__ = ["DIGEST_TYPE", "NONCE_TYPE", "TEXT_TYPE", "DigestToken", "created_text", "password_digest", "security_header"]

_PROFILE = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0"
DIGEST_TYPE = _PROFILE + "#PasswordDigest"
TEXT_TYPE = _PROFILE + "#PasswordText"
NONCE_TYPE = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-soap-message-security-1.0#Base64Binary"


def password_digest(nonce: bytes, created: str, password: str) -> str:
    """Base64(SHA-1(nonce ‖ UTF-8(created) ‖ UTF-8(password))) — rule 5 of §2.3."""
    return base64.b64encode(hashlib.sha1(nonce + created.encode("utf-8") + password.encode("utf-8")).digest()).decode()


def created_text(epoch_s: float) -> str:
    """``wsu:Created`` for an instant: UTC, whole seconds, ``Z``."""
    return datetime.fromtimestamp(int(epoch_s), tz=timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def security_header(username: str, password: str, nonce: bytes, created: str, *,
                    password_type: str = DIGEST_TYPE) -> etree._Element:
    """The ``wsse:Security`` element of §2.3 (``password_type=TEXT_TYPE`` sends the password in clear)."""
    nsmap = {"wsse": WSSE_NS, "wsu": WSU_NS}
    security = etree.Element(f"{{{WSSE_NS}}}Security", nsmap=nsmap)
    security.set(f"{{{SOAP_NS}}}mustUnderstand", "1")
    token = etree.SubElement(security, f"{{{WSSE_NS}}}UsernameToken")
    token.set(f"{{{WSU_NS}}}Id", "UsernameToken-1")
    etree.SubElement(token, f"{{{WSSE_NS}}}Username").text = username
    secret = password_digest(nonce, created, password) if password_type == DIGEST_TYPE else password
    pw = etree.SubElement(token, f"{{{WSSE_NS}}}Password", Type=password_type)
    pw.text = secret
    etree.SubElement(token, f"{{{WSSE_NS}}}Nonce", EncodingType=NONCE_TYPE).text = base64.b64encode(nonce).decode()
    etree.SubElement(token, f"{{{WSU_NS}}}Created").text = created
    return security


class DigestToken:
    """zeep ``wsse`` plugin: adds a fresh UsernameToken (16 random nonce bytes, ``Created`` now) to each request."""

    def __init__(self, username: str, password: str, *, clock: Callable[[], float] = time.time,
                 nonce_source: Callable[[], bytes] = lambda: os.urandom(16)) -> None:
        self.username = username
        self._password = password
        self._clock = clock
        self._nonce = nonce_source

    def apply(self, envelope: etree._Element, headers: dict[str, Any]) -> tuple[etree._Element, dict[str, Any]]:
        header = envelope.find(f"{{{SOAP_NS}}}Header")
        if header is None:
            header = etree.Element(f"{{{SOAP_NS}}}Header")
            envelope.insert(0, header)
        header.append(security_header(self.username, self._password, self._nonce(), created_text(self._clock())))
        return envelope, headers

    def verify(self, envelope: etree._Element) -> etree._Element:
        return envelope  # §2.1: nothing in the response is signed
