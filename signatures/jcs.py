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


_MAX_INT = 2**53 - 1


def _plain(obj: Any) -> bool:
    """True when ``obj`` holds only what santong messages hold: objects with ASCII member
    names, arrays, strings, booleans, null and integers within ±(2^53 − 1) — no floats.

    For such values RFC 8785 output equals ``json.dumps(sort_keys=True, ensure_ascii=False,
    separators=(",", ":"))`` (STANDARD.md §5.1): ASCII names sort the same by UTF-16 code
    units and by code points, strings escape alike, integers print alike.
    """
    stack = [obj]
    while stack:
        v = stack.pop()
        t = type(v)
        if t is str or t is bool or v is None:
            continue
        if t is int:
            if -_MAX_INT <= v <= _MAX_INT:
                continue
            return False
        if t is dict:
            for k in v:
                if type(k) is not str or not k.isascii():
                    return False
            stack.extend(v.values())
        elif t is list or t is tuple:
            stack.extend(v)
        else:
            return False
    return True


def canonical(obj: Any) -> bytes:
    """The UTF-8 JCS form of ``obj``.

    Plain santong values take the standard library's (C) encoder, which gives the same
    bytes; anything else (floats, non-ASCII member names …) goes through ``rfc8785``.
    Raises ``SignatureInvalid(code="FORMAT")`` for what JCS cannot represent exactly
    (integers beyond 2^53, NaN, lone surrogates, non-string member names).
    """
    if _plain(obj):
        try:
            return json.dumps(obj, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        except UnicodeEncodeError:
            pass  # a lone surrogate: let rfc8785 refuse it with its reason
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
