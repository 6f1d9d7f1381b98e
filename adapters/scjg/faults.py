"""SOAP faults of SJJH (§3.7, §3.8) translated into santong's errors.

    raise translate(fault)        # fault: a parsed soap:Fault element

==================  =========================================================
AUTH_FAILED         AuthError (fix the account)
AUTH_EXPIRED        retried once by the client, then AuthError (clock wrong)
NONCE_REPLAY        retried once by the client, then TransientError
ACCOUNT_LOCKED      AuthError with ``retry_after_s`` in its context
PERMISSION_DENIED   AuthError
INVALID_PARAM       PermanentError
WINDOW_TOO_LARGE    WindowTooLarge (PermanentError; the source splits)
RECORD_NOT_FOUND    RecordNotFound (PermanentError)
TOO_MANY_REQUESTS   TransientError(retry_after_s) — arrives with HTTP 200
SYSTEM_BUSY         TransientError(retry_after_s, or the Retry-After header)
INTERNAL_ERROR      TransientError(retry_after_s=5)
==================  =========================================================
"""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

from adapters.scjg.wire import NS
from santong.errors import AuthError, PermanentError, SantongError, TransientError

__all__ = ["RecordNotFound", "SjjhFault", "WindowTooLarge", "read_fault", "translate"]

_BACKOFF_S = 5  # §3.6: retryable faults without retryAfter start at 5 s


class WindowTooLarge(PermanentError):
    """The query window exceeded 7 days."""


class RecordNotFound(PermanentError):
    """``GetRecord`` for an unknown ID."""


@dataclass(frozen=True)
class SjjhFault:
    """What a fault said: the stable ``code`` and the rest for the logs."""

    faultcode: str
    faultstring: str
    code: str
    message: str
    retry_after_s: int | None
    request_id: str | None


def _text(parent: etree._Element | None, name: str) -> str | None:
    if parent is None:
        return None
    el = parent.find(name)
    return None if el is None or el.text is None else el.text.strip()


def read_fault(fault: etree._Element) -> SjjhFault:
    """The parts of a ``soap:Fault`` (unqualified children, detail ``sj:sjjhFault``)."""
    detail = fault.find(f"detail/{{{NS}}}sjjhFault")
    retry = _text(detail, "retryAfter")
    return SjjhFault(
        faultcode=_text(fault, "faultcode") or "",
        faultstring=_text(fault, "faultstring") or "",
        code=_text(detail, "errorCode") or "",
        message=_text(detail, "errorMsg") or "",
        retry_after_s=int(retry) if retry and retry.isdigit() else None,
        request_id=_text(detail, "requestId"),
    )


def translate(fault: SjjhFault, *, retry_after_header: str | None = None, operation: str = "") -> SantongError:
    """The santong error for ``fault`` (the caller raises it ``from`` nothing: faults are answers)."""
    ctx = {"source": "scjg", "operation": operation, "error_code": fault.code, "request_id": fault.request_id}
    text = f"SJJH {fault.code or fault.faultcode}: {fault.message or fault.faultstring}"
    retry = fault.retry_after_s
    if retry is None and retry_after_header and retry_after_header.strip().isdigit():
        retry = int(retry_after_header.strip())
    code = fault.code
    if code in ("AUTH_FAILED", "PERMISSION_DENIED", "AUTH_EXPIRED"):
        return AuthError(text, **ctx)
    if code == "ACCOUNT_LOCKED":
        return AuthError(text, retry_after_s=retry, **ctx)
    if code == "WINDOW_TOO_LARGE":
        return WindowTooLarge(text, **ctx)
    if code == "RECORD_NOT_FOUND":
        return RecordNotFound(text, **ctx)
    if code == "INVALID_PARAM":
        return PermanentError(text, **ctx)
    if code in ("TOO_MANY_REQUESTS", "SYSTEM_BUSY"):
        return TransientError(text, retry_after_s=float(retry) if retry is not None else _BACKOFF_S, **ctx)
    if code in ("INTERNAL_ERROR", "NONCE_REPLAY"):
        return TransientError(text, retry_after_s=float(retry) if retry is not None else _BACKOFF_S, **ctx)
    # an undocumented code: the faultcode's side decides (soap:Client is ours to fix)
    if fault.faultcode.endswith(":Client") or fault.faultcode == "Client":
        return PermanentError(text, **ctx)
    return TransientError(text, retry_after_s=float(retry) if retry is not None else _BACKOFF_S, **ctx)
