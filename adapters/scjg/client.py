"""SJJH calls through zeep, against the WSDL the service publishes, with every failure translated.

    client = SjjhClient(settings)                     # clock= and nonce_source= for tests
    answer = client.call("QueryLicenses", startTime="2025-11-18 00:00:00", endTime="2025-11-19 00:00:00",
                         pageNo=1, pageSize=100)      # the ns2:QueryLicensesResponse element
    client.close()

zeep builds the envelope, the ``SOAPAction`` and the WS-Security header; the response is read
raw and parsed here with DTDs and entities refused, so that a fault is recognised from the body
whatever the HTTP status (quirk 7), GBK is decoded by its XML declaration (quirk 1) and a
gateway page, a cut-off or an unparseable body is a :class:`TransientError`, never an empty page.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from typing import Any

import requests
import zeep
import zeep.exceptions
from lxml import etree
from zeep.transports import Transport

from adapters.scjg.faults import read_fault, translate
from adapters.scjg.security import DigestToken
from adapters.scjg.settings import ScjgSettings
from adapters.scjg.wire import NS, RESPONSE_ELEMENT, SOAP_NS
from adapters.scjg.xmlsafe import XmlRefused, parse_bytes
from santong.errors import AuthError, PermanentError, TransientError

__all__ = ["SjjhClient"]

_BINDING = f"{{{NS}}}SjjhServiceSoapBinding"


class SjjhClient:
    """One account's connection to SjjhService; the WSDL is loaded on first use."""

    def __init__(self, settings: ScjgSettings, *, clock: Callable[[], float] = time.time,
                 nonce_source: Callable[[], bytes] | None = None) -> None:
        self.settings = settings
        self._session = requests.Session()
        self._session.trust_env = False  # no proxies from the environment: only the configured host
        if settings.ca_bundle:
            self._session.verify = settings.ca_bundle
        self._token = DigestToken(settings.username, settings.password.get_secret_value(), clock=clock,
                                  nonce_source=nonce_source or (lambda: os.urandom(16)))
        self._service: Any = None

    def _bind(self) -> Any:
        if self._service is None:
            s = self.settings
            transport = Transport(session=self._session, timeout=s.connect_timeout_s,
                                  operation_timeout=(s.connect_timeout_s, s.read_timeout_s))  # type: ignore[no-untyped-call]
            zs = zeep.Settings(strict=True, raw_response=True, forbid_dtd=True, forbid_entities=True,
                               forbid_external=True)
            try:
                client = zeep.Client(s.service_url + "?wsdl", transport=transport, wsse=self._token,  # type: ignore[no-untyped-call]
                                     settings=zs)
            except requests.RequestException as exc:
                raise TransientError("SJJH WSDL unreachable", source="scjg") from exc
            except (zeep.exceptions.Error, etree.XMLSyntaxError, ValueError) as exc:
                raise TransientError("SJJH WSDL unreadable", source="scjg") from exc
            # quirk 13: the WSDL's soap:address is an internal host; always the configured URL
            self._service = client.create_service(_BINDING, s.service_url)  # type: ignore[no-untyped-call]
        return self._service

    def call(self, operation: str, **params: Any) -> etree._Element:
        """The response wrapper element of ``operation``; raises santong errors only.

        ``AUTH_EXPIRED`` and ``NONCE_REPLAY`` are retried once with a fresh token (§3.7).
        """
        try:
            return self._call_once(operation, params)
        except AuthError as exc:
            if exc.context.get("error_code") != "AUTH_EXPIRED":
                raise
            try:
                return self._call_once(operation, params)
            except AuthError as again:
                if again.context.get("error_code") == "AUTH_EXPIRED":
                    raise AuthError("SJJH AUTH_EXPIRED twice: the local clock is off by more than 300 s "
                                    "(compare Ping serverTime)", **again.context) from again
                raise
        except TransientError as exc:
            if exc.context.get("error_code") != "NONCE_REPLAY":
                raise
            return self._call_once(operation, params)

    def _call_once(self, operation: str, params: dict[str, Any]) -> etree._Element:
        service = self._bind()
        try:
            response = getattr(service, operation)(**params)
        except requests.Timeout as exc:
            raise TransientError("SJJH timed out", source="scjg", operation=operation) from exc
        except requests.RequestException as exc:  # refused, reset, cut off mid-body
            raise TransientError(f"SJJH transport failure: {type(exc).__name__}", source="scjg",
                                 operation=operation) from exc
        except (zeep.exceptions.Error, TypeError) as exc:
            raise PermanentError(f"SJJH request not valid per the WSDL: {exc}", source="scjg",
                                 operation=operation) from exc
        return self._read(operation, response)

    def _read(self, operation: str, response: requests.Response) -> etree._Element:
        status, ctype = response.status_code, response.headers.get("Content-Type", "")
        ctx: dict[str, Any] = {"source": "scjg", "operation": operation, "status": status}
        if "xml" not in ctype.lower():  # 404 page, gateway 502/504 (§3.5)
            raise TransientError(f"SJJH answered HTTP {status} with {ctype or 'no content type'}", **ctx)
        try:
            root = parse_bytes(response.content)
        except XmlRefused as exc:
            raise PermanentError("SJJH response carries a DTD; refused", **ctx) from exc
        except (etree.XMLSyntaxError, ValueError) as exc:
            raise TransientError("SJJH response is not well-formed XML", **ctx) from exc
        body = root.find(f"{{{SOAP_NS}}}Body") if root.tag == f"{{{SOAP_NS}}}Envelope" else None
        if body is None:
            raise TransientError("SJJH response is not a SOAP envelope", **ctx)
        fault = body.find(f"{{{SOAP_NS}}}Fault")
        if fault is not None:  # whatever the status: TOO_MANY_REQUESTS comes with HTTP 200
            raise translate(read_fault(fault), retry_after_header=response.headers.get("Retry-After"),
                            operation=operation)
        answer = body.find(f"{{{NS}}}{RESPONSE_ELEMENT[operation]}")
        if answer is None or status != 200:
            raise TransientError(f"SJJH HTTP {status} without {RESPONSE_ELEMENT[operation]}", **ctx)
        return answer

    def close(self) -> None:
        self._session.close()
