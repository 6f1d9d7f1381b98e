"""JSON as the platform writes it, including numbers in the desktop client's form (quirk 2).

    dumps({"WIN_BID_PRICE": RawNumber("3.2568E6")})    # b'{"WIN_BID_PRICE":3.2568E6}'

A :class:`RawNumber` is written verbatim as a JSON number; everything else as :func:`json.dumps`
would (UTF-8, no ASCII escaping).
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from adapters.simjson import JsonLiteral, render

__all__ = ["RawNumber", "dumps", "plain"]

_NUMBER = re.compile(r"^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?$")


class RawNumber(str, JsonLiteral):
    """A JSON number literal kept as text (``"1.798642035E7"``)."""

    @property
    def literal(self) -> str:
        return str.__str__(self)

    def __new__(cls, text: str) -> RawNumber:
        if not _NUMBER.match(text):
            raise ValueError(f"not a JSON number: {text!r}")
        return super().__new__(cls, text)


def dumps(value: Any) -> bytes:
    """UTF-8 JSON bytes of ``value`` (no BOM)."""
    return render(value).encode("utf-8")


def plain(value: Any) -> Any:
    """``value`` as the adapter will parse it (``RawNumber`` → ``Decimal``), for test expectations."""
    if isinstance(value, RawNumber):
        return Decimal(str(value)) if any(c in value for c in ".eE") else int(value)
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value
