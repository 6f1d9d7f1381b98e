"""``when:`` conditions of the spec language, compiled into ``cond(scope, out) -> bool``.

::

    {source: deleted, equals: true}                      # a source member
    {source: TYSHXYDM, matches: "92.*"}                  # a regular expression (full match, on text)
    {target: administrative_cp_type, in: ["1", "3"]}     # a field mapped earlier (a code field: its code)
    {source: target.uscc, present: true}
    {all: [...]}, {any: [...]}, {not: {...}}

``compile_cond`` returns the condition and the targets it reads (which must be mapped before it).
A source path that cannot be read (a ``FORMAT`` problem) counts as no value.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from mappings.paths import compile_getter
from mappings.specfile import Loc
from mappings.transform_base import MapError

__all__ = ["Cond", "compile_cond"]


def _hashable(value: Any) -> Any:
    """``value`` if it can be compared and hashed safely, else a marker equal to nothing (a signalling NaN
    raises on ``==``; objects and lists are never equal to a literal of the spec)."""
    if value.__class__ in (dict, list) or (value.__class__ is Decimal and value.is_nan()):
        return _UNHASHABLE
    return value


_UNHASHABLE = object()

Cond = Callable[[Any, dict[str, Any]], bool]
_OPS = ("present", "equals", "in", "matches")


def _reader(spec: dict[str, Any], loc: Loc, xml: bool) -> tuple[Callable[[Any, dict[str, Any]], Any], frozenset[str]]:
    if "source" in spec:
        get = compile_getter(spec["source"], loc / "source", xml=xml)[0]

        def read_source(scope: Any, out: dict[str, Any]) -> Any:
            try:
                return get(scope)
            except MapError:
                return None
        return read_source, frozenset()
    name = spec["target"]

    def read_target(scope: Any, out: dict[str, Any]) -> Any:
        value = out.get(name)
        return value.get("code") if type(value) is dict else value
    return read_target, frozenset({name})


def compile_cond(spec: Any, loc: Loc, *, xml: bool = False) -> tuple[Cond, frozenset[str]]:
    """``{source|target: x, present|equals|in|matches: …}``, ``{all: […]}``, ``{any: […]}``, ``{not: …}``."""
    if not isinstance(spec, dict) or len(spec) not in (1, 2):
        loc.fail("when 应为 {source|target: …, present|equals|in|matches: …} 或 all/any/not")
    if len(spec) == 1:
        (op, arg), = spec.items()
        if op in ("all", "any") and isinstance(arg, list) and arg:
            parts = [compile_cond(a, loc / op / i, xml=xml) for i, a in enumerate(arg)]
            conds = tuple(p[0] for p in parts)
            reads = frozenset().union(*(p[1] for p in parts))
            if op == "all":
                def every(scope: Any, out: dict[str, Any]) -> bool:
                    for cond in conds:
                        if not cond(scope, out):
                            return False
                    return True
                return every, reads

            def some(scope: Any, out: dict[str, Any]) -> bool:
                for cond in conds:
                    if cond(scope, out):
                        return True
                return False
            return some, reads
        if op == "not":
            inner, reads = compile_cond(arg, loc / "not", xml=xml)
            return (lambda scope, out: not inner(scope, out)), reads
        loc.fail(f"未知的条件 {op}")
    side = "source" if "source" in spec else "target" if "target" in spec else None
    ops = set(spec) - {"source", "target"}
    if side is None or len(ops) != 1 or not ops <= set(_OPS):
        loc.fail("when 需要 source 或 target 之一，以及 present、equals、in、matches 之一")
    op = ops.pop()
    arg = spec[op]
    read, refs = _reader(spec, loc, xml)
    if op == "present":
        wanted = bool(arg)
        return (lambda scope, out: (read(scope, out) is not None) == wanted), refs
    if op == "equals":
        return (lambda scope, out: _hashable(read(scope, out)) == arg), refs
    if op == "in":
        if not isinstance(arg, list):
            (loc / "in").fail("in 需要列表")
        options = frozenset(a for a in arg if isinstance(a, (str, int, bool)) or a is None)
        if len(options) == len(arg):   # distinct hashable literals: a set lookup, same answers as `in` a tuple
            return (lambda scope, out: _hashable(read(scope, out)) in options), refs
        listed = tuple(arg)
        return (lambda scope, out: _hashable(read(scope, out)) in listed), refs
    if op == "matches":
        try:
            pattern = re.compile(str(arg))
        except re.error as exc:
            (loc / "matches").fail(f"正则表达式无效: {exc}")

        def matches(scope: Any, out: dict[str, Any]) -> bool:
            value = read(scope, out)
            return type(value) in (str, int) and pattern.fullmatch(str(value)) is not None
        return matches, refs
    raise AssertionError(op)  # pragma: no cover - every operator is handled above
