"""JSON as the simulated systems write it, number literals included.

Some systems write numbers the standard library cannot reproduce (``1.08E7``, ``3.2568E6``);
their simulators keep such numbers as :class:`JsonLiteral` objects and render responses with
:func:`render`, which writes them verbatim.  Everything else is written as compact UTF-8 JSON
(no ASCII escaping); :class:`~decimal.Decimal` is written as its literal.
"""

from __future__ import annotations

import json
from decimal import Decimal
from json.encoder import encode_basestring  # C-accelerated
from typing import Any

__all__ = ["JsonLiteral", "render"]


class JsonLiteral:
    """Mixin: a value written verbatim as its ``literal`` text."""

    __slots__ = ()

    @property
    def literal(self) -> str:
        raise NotImplementedError


def render(value: Any) -> str:
    """Compact JSON text of ``value``; ``JsonLiteral`` and ``Decimal`` are written as literals."""
    parts: list[str] = []
    _write(value, parts)
    return "".join(parts)


def _write(value: Any, out: list[str]) -> None:
    if isinstance(value, JsonLiteral):  # before str: a literal may be a str subclass
        out.append(value.literal)
    elif isinstance(value, str):
        out.append(encode_basestring(value))
    elif value is None:
        out.append("null")
    elif value is True:
        out.append("true")
    elif value is False:
        out.append("false")
    elif isinstance(value, (int, Decimal)):
        out.append(str(value))
    elif isinstance(value, dict):
        out.append("{")
        for i, (key, item) in enumerate(value.items()):
            if i:
                out.append(",")
            out.append(encode_basestring(str(key)))
            out.append(":")
            _write(item, out)
        out.append("}")
    elif isinstance(value, (list, tuple)):
        out.append("[")
        for i, item in enumerate(value):
            if i:
                out.append(",")
            _write(item, out)
        out.append("]")
    elif isinstance(value, float):
        out.append(json.dumps(value))
    else:
        raise TypeError(f"cannot render {type(value).__name__} as JSON")
