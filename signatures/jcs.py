"""Canonical JSON (RFC 8785, JCS) and a strict JSON reader — STANDARD.md §5.1.

Use ``canonical(obj)`` for every byte string that is hashed or signed, and
``loads_strict(data)`` for every signed JSON that arrives::

    env = loads_strict(request_body)        # FORMAT on a BOM, bad UTF-8, duplicate names
    m = canonical({"header": env["header"], "body": env["body"]})
"""

from __future__ import annotations

import json
from typing import Any

import rfc8785

from santong.errors import SignatureInvalid

__all__ = ["canonical", "loads_strict"]

_BOM = b"\xef\xbb\xbf"


def canonical(obj: Any) -> bytes:
    """The UTF-8 JCS form of ``obj``.

    Raises ``SignatureInvalid(code="FORMAT")`` for what JCS cannot represent exactly
    (integers beyond 2^53, NaN, lone surrogates, non-string member names).
    """
    try:
        return rfc8785.dumps(obj)
    except (rfc8785.CanonicalizationError, UnicodeError) as exc:
        raise SignatureInvalid(
            f"无法规范化 / cannot canonicalize: {exc}", code="FORMAT", field=""
        ) from exc


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, value in pairs:
        if name in out:
            # A parser that kept the last one would verify something else than was shown.
            raise SignatureInvalid(
                f"成员名重复 / duplicate member name {name!r}", code="FORMAT", field=""
            )
        out[name] = value
    return out


def _no_constant(name: str) -> Any:
    raise SignatureInvalid(f"非 JSON 数值 / not a JSON number: {name}", code="FORMAT", field="")


def loads_strict(data: bytes) -> Any:
    """Parse UTF-8 JSON without BOM, duplicate member names or NaN/Infinity.

    Every refusal is ``SignatureInvalid(code="FORMAT", field="")`` (step V2 of §5.6).
    """
    if data.startswith(_BOM):
        raise SignatureInvalid("不允许字节顺序标记 / byte-order mark not allowed", code="FORMAT", field="")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise SignatureInvalid("不是 UTF-8 / not UTF-8", code="FORMAT", field="") from exc
    try:
        return json.loads(text, object_pairs_hook=_no_duplicates, parse_constant=_no_constant)
    except (ValueError, RecursionError) as exc:  # JSONDecodeError is a ValueError
        raise SignatureInvalid(f"JSON 无效 / invalid JSON: {exc}", code="FORMAT", field="") from exc
