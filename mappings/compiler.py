"""Compiling mapping specs (YAML) into plans the engine runs; every mistake is a ``ConfigError``
naming file, line and field.  The spec language is described in ``mappings/specs/README.md``.

A plan holds only closures and tuples, so mapping a record does no parsing, no table loading and no
name resolution: everything that can be decided once is decided here.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from mappings.codes import CodeTable, CodeTables
from mappings.specfile import Loc
from mappings.standard.types import Field, List, Obj
from mappings.text import WHITESPACE, lookup_key
from mappings.transforms import TRANSFORMS, MapError, Transform

__all__ = [
    "NOTHING", "Cond", "FieldPlan", "SourceContext", "compile_cond", "compile_field", "compile_fields", "compile_getter",
    "label_map",
]

Getter = Callable[[Any], Any]
Cond = Callable[[Any, dict[str, Any]], bool]

_NAME = r"[A-Za-z_][A-Za-z0-9_]*"
_PATH = re.compile(rf"{_NAME}(\.{_NAME})*(\[\](\.{_NAME})*)?")
_FIELD_KEYS = {"target", "source", "value", "constant", "default", "transforms", "when", "each"}
NOTHING: Any = object()


@dataclass(frozen=True)
class FieldPlan:
    """One compiled field entry: where the value comes from, when it applies, how it is transformed."""

    target: str
    label: str
    get: Getter | None
    fixed: Any
    default: Any
    cond: Cond | None
    refs: frozenset[str]
    element: tuple[Transform, ...]
    whole: tuple[Transform, ...]
    is_list: bool
    each: tuple[FieldPlan, ...] = ()


@dataclass
class SourceContext:
    """What the compile of one spec may use: tables, the source's constants and labels, fragments."""

    tables: CodeTables
    constants: Mapping[str, Any]
    label_maps: dict[str, dict[str, str]]
    fragments: Mapping[str, tuple[Loc, list[Any]]]
    used_tables: set[str] = field(default_factory=set)

    def table(self, table_id: str, loc: Loc) -> CodeTable:
        if table_id not in self.tables:
            loc.fail(f"未知的代码表 {table_id}")
        table = self.tables.table(table_id)
        self.used_tables.add(table.ref)
        return table

    def labels(self, table_id: str) -> Mapping[str, str]:
        return self.label_maps.get(table_id, {})

    def getter(self, path: Any, loc: Loc) -> Getter:
        get, is_list = compile_getter(path, loc)
        if is_list:
            loc.fail(f"此处的来源路径不能含 []: {path}")
        return get


def _blank(value: Any) -> bool:
    return value is None or (type(value) is str and not value.strip(WHITESPACE)) or (type(value) is list and not value)


def compile_getter(path: Any, loc: Loc) -> tuple[Getter, bool]:
    """``a.b.c`` reads a value, ``a.b[].c`` a list (one value per element of ``a.b``); blank → ``None``."""
    if not isinstance(path, str) or not _PATH.fullmatch(path):
        loc.fail(f"来源路径无效: {path!r}（形如 a.b、a.b[].c）")
    head_text, brackets, tail_text = path.partition("[]")
    head = tuple(head_text.split("."))
    tail = tuple(tail_text.lstrip(".").split(".")) if tail_text else ()

    def dig(node: Any, keys: tuple[str, ...], shown: str) -> Any:
        for key in keys:
            if node is None:
                return None
            if type(node) is not dict:
                raise MapError("FORMAT", f"来源 {shown} 的上级不是对象")
            node = node.get(key)
        return None if _blank(node) else node

    if not brackets:
        return (lambda scope: dig(scope, head, path)), False

    def get_list(scope: Any) -> Any:
        items = dig(scope, head, head_text)
        if items is None:
            return None
        if type(items) is not list:
            raise MapError("FORMAT", f"来源 {head_text} 应为数组")
        return [dig(item, tail, path) for item in items]
    return get_list, True


def compile_cond(spec: Any, loc: Loc) -> tuple[Cond, frozenset[str]]:
    """``{source|target: x, present|equals|in: …}``, ``{all: […]}``, ``{any: […]}``, ``{not: …}``."""
    if not isinstance(spec, dict) or len(spec) not in (1, 2):
        loc.fail("when 应为 {source|target: …, present|equals|in: …} 或 all/any/not")
    if len(spec) == 1:
        (op, arg), = spec.items()
        if op in ("all", "any") and isinstance(arg, list) and arg:
            parts = [compile_cond(a, loc / op / i) for i, a in enumerate(arg)]
            conds = tuple(p[0] for p in parts)
            reads = frozenset().union(*(p[1] for p in parts))
            if op == "all":
                return (lambda scope, out: all(c(scope, out) for c in conds)), reads
            return (lambda scope, out: any(c(scope, out) for c in conds)), reads
        if op == "not":
            inner, reads = compile_cond(arg, loc / "not")
            return (lambda scope, out: not inner(scope, out)), reads
        loc.fail(f"未知的条件 {op}")
    side = "source" if "source" in spec else "target" if "target" in spec else None
    ops = set(spec) - {"source", "target"}
    if side is None or len(ops) != 1 or not ops <= {"present", "equals", "in"}:
        loc.fail("when 需要 source 或 target 之一，以及 present、equals、in 之一")
    op = ops.pop()
    arg = spec[op]
    if op == "in" and not isinstance(arg, list):
        (loc / "in").fail("in 需要列表")
    refs: frozenset[str] = frozenset()
    if side == "source":
        get = compile_getter(spec["source"], loc / "source")[0]

        def read(scope: Any, out: dict[str, Any]) -> Any:
            try:
                return get(scope)
            except MapError:
                return None
    else:
        name = spec["target"]
        refs = frozenset({name})

        def read(scope: Any, out: dict[str, Any]) -> Any:
            value = out.get(name)
            return value.get("code") if type(value) is dict else value
    if op == "present":
        wanted = bool(arg)
        return (lambda scope, out: (read(scope, out) is not None) == wanted), refs
    if op == "equals":
        return (lambda scope, out: read(scope, out) == arg), refs
    options = tuple(arg)
    return (lambda scope, out: read(scope, out) in options), refs


def _transforms(spec: Any, loc: Loc, ctx: SourceContext, is_list: bool) -> tuple[tuple[Transform, ...], tuple[Transform, ...]]:
    if spec is None:
        return (), ()
    if not isinstance(spec, list):
        loc.fail("transforms 应为列表")
    element: list[Transform] = []
    whole: list[Transform] = []
    for i, item in enumerate(spec):
        here = loc / i
        if isinstance(item, str):
            name, params = item, None
        elif isinstance(item, dict) and len(item) == 1:
            (name, params), = item.items()
        else:
            here.fail(f"转换应为名称或 {{名称: 参数}}: {item!r}")
        definition = TRANSFORMS.get(name)
        if definition is None:
            here.fail(f"未知的转换 {name!r}（可用: {', '.join(sorted(TRANSFORMS))}）")
        if definition.params != (params is not None):
            here.fail(f"转换 {name} {'需要' if definition.params else '不接受'}参数")
        if definition.list_level and not is_list:
            here.fail(f"转换 {name} 只用于列表字段")
        (whole if definition.list_level else element).append(definition.factory(params, ctx, here))
    return tuple(element), tuple(whole)


def _constant(name: Any, loc: Loc, ctx: SourceContext) -> Any:
    if not isinstance(name, str) or name not in ctx.constants:
        loc.fail(f"未定义的常量 {name!r}（在 _source.yaml 的 constants 中定义）")
    return ctx.constants[name]


def compile_field(spec: Any, loc: Loc, fields: Mapping[str, Field], ctx: SourceContext,
                  decided: set[str]) -> FieldPlan:
    """One entry of a ``fields`` list, checked against the fields of its record type (or object)."""
    if not isinstance(spec, dict) or "target" not in spec:
        loc.fail("字段条目需要 target")
    target = spec["target"]
    loc = loc.for_field(str(target))
    unknown = sorted(set(spec) - _FIELD_KEYS)
    if unknown:
        (loc / unknown[0]).fail(f"未知的键 {unknown}（可用: {sorted(_FIELD_KEYS)}）")
    if target not in fields:
        (loc / "target").fail(f"{target} 不是此记录类型的字段", field=str(target))
    if target in decided:
        loc.fail("前面已有无条件的同名条目，此条目不会生效", field=target)
    standard = fields[target]
    origins = [k for k in ("source", "value", "constant") if k in spec]
    if len(origins) != 1:
        loc.fail("需要且只能有 source、value、constant 之一", field=target)
    get, is_list, fixed = None, False, NOTHING
    if "source" in spec:
        get, is_list = compile_getter(spec["source"], loc / "source")
    elif "value" in spec:
        fixed = spec["value"]
    else:
        fixed = _constant(spec["constant"], loc / "constant", ctx)
    wants_list = isinstance(standard.type, List)
    if get is not None and wants_list != is_list:
        (loc / "source").fail("列表字段的来源路径需要 []，非列表字段不能有 []", field=target)
    default = _constant(spec["default"], loc / "default", ctx) if "default" in spec else None
    cond, refs = compile_cond(spec["when"], loc / "when") if "when" in spec else (None, frozenset())
    for ref in refs:
        if ref not in fields:
            (loc / "when").fail(f"条件引用的 {ref} 不是此记录类型的字段", field=target)
    element, whole = _transforms(spec.get("transforms"), loc / "transforms", ctx, is_list)
    each: tuple[FieldPlan, ...] = ()
    if "each" in spec:
        item_type = standard.type.item if isinstance(standard.type, List) else None
        if not isinstance(item_type, Obj) or not is_list:
            (loc / "each").fail("each 只用于对象列表字段，来源路径需以 [] 结尾", field=target)
        each = compile_fields(spec["each"], loc / "each", {f.name: f for f in item_type.fields}, ctx)
    if cond is None:
        decided.add(target)
    return FieldPlan(target, standard.label, get, fixed, default, cond, refs, element, whole, is_list, each)


def compile_fields(specs: Any, loc: Loc, fields: Mapping[str, Field], ctx: SourceContext) -> tuple[FieldPlan, ...]:
    """A ``fields`` list; ``{include: name}`` splices a fragment of ``_source.yaml``."""
    if not isinstance(specs, list):
        loc.fail("fields 应为列表")
    plans: list[FieldPlan] = []
    decided: set[str] = set()
    seen_targets: set[str] = set()
    for i, spec in enumerate(specs):
        if isinstance(spec, dict) and set(spec) == {"include"}:
            name = spec["include"]
            if name not in ctx.fragments:
                (loc / i).fail(f"未定义的片段 {name!r}（在 _source.yaml 的 fragments 中定义）")
            frag_loc, frag = ctx.fragments[name]
            entries = [(frag_loc / j, s) for j, s in enumerate(frag)]
        else:
            entries = [(loc / i, spec)]
        for here, entry in entries:
            plan = compile_field(entry, here, fields, ctx, decided)
            for ref in plan.refs:
                if ref not in seen_targets:
                    (here / "when").fail(f"条件引用的 {ref} 必须在前面映射", field=plan.target)
            seen_targets.add(plan.target)
            plans.append(plan)
    return tuple(plans)


def label_map(raw: Any, loc: Loc, tables: CodeTables) -> dict[str, dict[str, str]]:
    """``labels: {TABLE: {source label: code}}`` in lookup form, each code checked against its table."""
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        loc.fail("labels 应为 {代码表: {来源标签: 代码}}")
    out: dict[str, dict[str, str]] = {}
    for table_id, mapping in raw.items():
        here = loc / str(table_id)
        if table_id not in tables:
            here.fail(f"未知的代码表 {table_id}")
        if not isinstance(mapping, dict):
            here.fail("应为 {来源标签: 代码}")
        codes = tables.table(table_id).codes
        for label, code in mapping.items():
            if str(code) not in codes:
                (here / str(label)).fail(f"{code} 不是代码表 {table_id} 的代码")
            out.setdefault(table_id, {})[lookup_key(str(label))] = str(code)
    return out

