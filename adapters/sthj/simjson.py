"""JSON as the 执法系统 writes it: amounts are raw Java ``Double.toString`` literals (quirk 5).

    render({"fine_amount": JavaNumber.of(Decimal("10800000"))})   # '{"fine_amount":1.08E7}'
    JavaNumber.of(Decimal("10800000"), full=True)                  # 10800000.0 (batch path)

The standard library cannot emit ``1.08E7`` (it would write ``10800000.0``), so the
simulator renders its responses with :func:`render` (``adapters.simjson``).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from adapters.simjson import JsonLiteral, render

__all__ = ["JavaNumber", "java_double_text", "render"]

_TEN_MILLION = Decimal(10_000_000)
_MILLI = Decimal("0.001")


def java_double_text(value: Decimal, *, full: bool = False) -> str:
    """Java ``Double.toString`` of a decimal amount; ``full`` writes large amounts without exponent."""
    if value == 0:
        return "0.0"
    magnitude = abs(value)
    if full or _MILLI <= magnitude < _TEN_MILLION:
        text = format(value.normalize(), "f")
        return text if "." in text else text + ".0"
    exponent = magnitude.adjusted()
    mantissa = format(value.scaleb(-exponent).normalize(), "f")
    if "." not in mantissa:
        mantissa += ".0"
    return f"{mantissa}E{exponent}"


class JavaNumber(JsonLiteral):
    """A JSON number rendered verbatim (``text``); ``value`` is the exact decimal it denotes."""

    __slots__ = ("text", "value")

    def __init__(self, text: str) -> None:
        self.text = text
        self.value = Decimal(text)

    @classmethod
    def of(cls, value: Decimal, *, full: bool = False) -> JavaNumber:
        return cls(java_double_text(value, full=full))

    @property
    def literal(self) -> str:
        return self.text

    def __repr__(self) -> str:
        return self.text

    def __deepcopy__(self, memo: dict[int, Any]) -> JavaNumber:
        return self  # immutable

    def __eq__(self, other: object) -> bool:
        return isinstance(other, JavaNumber) and other.text == self.text

    def __hash__(self) -> int:
        return hash(self.text)
