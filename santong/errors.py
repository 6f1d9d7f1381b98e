"""The one exception tree of santong, branched by what the caller can do about it::

    SantongError
     ├── ConfigError        configuration or usage is wrong: fix it, nothing to retry
     ├── TransientError     try again later (network down, 503, broker restarting)
     │    └── BrokerUnavailable
     ├── PermanentError     will never succeed as sent: dead-letter it with the reason
     │    ├── PublishRejected   the broker returned or nacked a published message
     │    └── AuthError         credentials or signatures refused by a peer
     ├── DataError          the record itself is wrong: quarantine it with every field error
     └── SignatureInvalid   a signed object failed verification (quarantine, alert)

Every error carries context as keyword attributes (``source``, ``msg_id``, ``status`` …)
so that logs and the journal can say where it happened.  Third-party exceptions are
translated at the module that meets them, with ``raise ... from exc``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

__all__ = [
    "SantongError",
    "ConfigError",
    "TransientError",
    "BrokerUnavailable",
    "PermanentError",
    "PublishRejected",
    "AuthError",
    "DataError",
    "SignatureInvalid",
    "FieldError",
]


class SantongError(Exception):
    """Root of every error santong raises on purpose."""

    def __init__(self, message: str, **context: Any) -> None:
        super().__init__(message)
        self.message = message
        self.context = context

    def __str__(self) -> str:
        if not self.context:
            return self.message
        ctx = " ".join(f"{k}={v}" for k, v in self.context.items() if v is not None)
        return f"{self.message} ({ctx})" if ctx else self.message


class ConfigError(SantongError):
    """Configuration or command-line usage is invalid; names the key or option."""


class TransientError(SantongError):
    """A failure that may go away: retry later.  ``retry_after_s`` is the peer's hint, if any."""

    def __init__(self, message: str, *, retry_after_s: float | None = None, **context: Any) -> None:
        super().__init__(message, **context)
        self.retry_after_s = retry_after_s


class BrokerUnavailable(TransientError):
    """The message broker cannot be reached or the connection was lost."""


class PermanentError(SantongError):
    """A failure that will recur on every attempt: dead-letter with this reason."""


class PublishRejected(PermanentError):
    """The broker returned (unroutable) or negatively confirmed a published message."""


class AuthError(PermanentError):
    """A peer refused our credentials or request signature."""


@dataclass(frozen=True)
class FieldError:
    """One field-level error, named by its path from the record root (STANDARD.md §1.6)."""

    field: str
    code: str
    message: str
    value: Any = None

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"field": self.field, "code": self.code, "message": self.message}
        if self.value is not None:
            out["value"] = self.value
        return out


class DataError(SantongError):
    """The record cannot be mapped or validated; ``errors`` lists every field error found."""

    def __init__(self, message: str, errors: list[FieldError] | None = None, **context: Any) -> None:
        super().__init__(message, **context)
        self.errors: list[FieldError] = list(errors or [])

    def __str__(self) -> str:
        base = super().__str__()
        if not self.errors:
            return base
        return base + ": " + "; ".join(f"{e.field} {e.code}: {e.message}" for e in self.errors)


class SignatureInvalid(SantongError):
    """A signed envelope, receipt or request failed verification; ``code`` is a §5.11 code."""

    def __init__(self, message: str, *, code: str = "SIGNATURE_INVALID", field: str = "signature", **context: Any) -> None:
        super().__init__(message, **context)
        self.code = code
        self.field = field
