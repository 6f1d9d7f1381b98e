"""JSON as the platform writes it, including numbers in the desktop client's form (quirk 2).

    dumps({"WIN_BID_PRICE": RawNumber("3.2568E6")})    # b'{"WIN_BID_PRICE":3.2568E6}'

A :class:`RawNumber` is written verbatim as a JSON number; everything else as :func:`json.dumps`
would (UTF-8, no ASCII escaping).
"""

from __future__ import annotations

import json
import re
from decimal import Decimal
from typing import Any

__all__ = ["RawNumber", "dumps", "plain"]

_NUMBER = re.compile(r"^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?$")


class RawNumber(str):
    """A JSON number literal kept as text (``"1.798642035E7"``)."""

    def __new__(cls, text: str) -> RawNumber:
        if not _NUMBER.match(text):
            raise ValueError(f"not a JSON number: {text!r}")
        return super().__new__(cls, text)


def _write(value: Any, out: list[str]) -> None:
    if isinstance(value, RawNumber):
        out.append(str(value))
    elif isinstance(value, Decimal):
        out.append(str(value))
    elif isinstance(value, dict):
        out.append("{")
        for i, (k, v) in enumerate(value.items()):
            if i:
                out.append(",")
            out.append(json.dumps(str(k), ensure_ascii=False))
            out.append(":")
            _write(v, out)
        out.append("}")
    elif isinstance(value, (list, tuple)):
        out.append("[")
        for i, v in enumerate(value):
            if i:
                out.append(",")
            _write(v, out)
        out.append("]")
    else:
        out.append(json.dumps(value, ensure_ascii=False))


def dumps(value: Any) -> bytes:
    """UTF-8 JSON bytes of ``value`` (no BOM)."""
    out: list[str] = []
    _write(value, out)
    return "".join(out).encode("utf-8")


def plain(value: Any) -> Any:
    """``value`` as the adapter will parse it (``RawNumber`` → ``Decimal``), for test expectations."""
    if isinstance(value, RawNumber):
        return Decimal(str(value)) if any(c in value for c in ".eE") else int(value)
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value
