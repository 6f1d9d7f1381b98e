"""Compiling the field entries of a mapping spec (YAML) into plans the engine runs; every mistake is a
``ConfigError`` naming file, line and field.  The language is described in ``mappings/specs/README.md``.

A plan holds only closures and tuples, so mapping a record does no parsing, no table loading and no
name resolution: everything that can be decided once is decided here.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from mappings.codes import CodeTable, CodeTables
from mappings.conditions import Cond, compile_cond
from mappings.paths import Getter, compile_getter, compile_template
from mappings.specfile import Loc
from mappings.standard.types import Field, List, Obj
from mappings.text import lookup_key
from mappings.transform_base import MapError, Transform
from mappings.transforms import TRANSFORMS, fuse

__all__ = [
    "NOTHING", "Cond", "FieldPlan", "RegistryLookup", "SourceContext", "compile_cond", "compile_field", "compile_fields",
    "compile_getter", "compile_key", "compile_transforms", "label_map",
]

_FIELD_KEYS = {"target", "source", "value", "constant", "template", "registry", "default", "transforms", "when", "each",
               "fields"}
_REGISTRY_KEYS = {"kind", "key", "field", "missing"}
_ORIGINS = ("source", "value", "constant", "template")
NOTHING: Any = object()
KeyReader = Callable[[Any, dict[str, Any]], Any]


@dataclass(frozen=True)
class RegistryLookup:
    """``registry: {kind, key, field, missing}`` of a field entry, compiled."""

    kind: str
    key: KeyReader
    key_shown: str
    field: str
    missing: str | None


@dataclass(frozen=True)
class FieldPlan:
    """One compiled field entry: where the value comes from, when it applies, how it is transformed.

    ``apply`` is the per-element chain in one callable (``None``: no transforms); ``split`` makes a list of
    a scalar; ``whole`` runs on the whole list (``joins``: the last one makes it a scalar again);
    ``each`` are the entries of every element of a list of objects, ``fields`` those of one object.
    ``multi`` says that other entries share the target, so the first one whose ``when`` holds decides.
    """

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
    fields: tuple[FieldPlan, ...] = ()
    split: Transform | None = None
    joins: bool = False
    lookup: RegistryLookup | None = None
    multi: bool = True
    apply: Transform | None = None
    step: Any = field(default=None, compare=False, repr=False)  # set by mappings.runner.prepare


@dataclass
class SourceContext:
    """What the compile of one spec may use: tables, the source's constants and labels, fragments."""

    tables: CodeTables
    constants: Mapping[str, Any]
    label_maps: dict[str, dict[str, str]]
    fragments: Mapping[str, tuple[Loc, list[Any]]]
    used_tables: set[str] = field(default_factory=set)
    xml: bool = False

    def table(self, table_id: str, loc: Loc) -> CodeTable:
        if table_id not in self.tables:
            loc.fail(f"未知的代码表 {table_id}")
        table = self.tables.table(table_id)
        self.used_tables.add(table.ref)
        return table

    def labels(self, table_id: str) -> Mapping[str, str]:
        return self.label_maps.get(table_id, {})

    def getter(self, path: Any, loc: Loc) -> Getter:
        get, is_list = compile_getter(path, loc, xml=self.xml)
        if is_list:
            loc.fail(f"此处的来源路径不能含 []: {path}")
        return get


def _compose(chain: tuple[Transform, ...]) -> Transform | None:
    chain = fuse(chain)
    if not chain:
        return None
    if len(chain) == 1:
        return chain[0]

    def apply(value: Any, scope: Any) -> Any:
        for transform in chain:
            value = transform(value, scope)
            if value is None:
                return None
        return value
    return apply


def compile_transforms(spec: Any, loc: Loc, ctx: SourceContext, is_list: bool
                       ) -> tuple[Transform | None, tuple[Transform, ...], tuple[Transform, ...], bool]:
    """``transforms: [...]`` → (split, per-element chain, whole-list chain, joins)."""
    if spec is None:
        return None, (), (), False
    if not isinstance(spec, list):
        loc.fail("transforms 应为列表")
    split: Transform | None = None
    element: list[Transform] = []
    whole: list[Transform] = []
    joins = False
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
        if definition.params is not None and definition.params != (params is not None):
            here.fail(f"转换 {name} {'需要' if definition.params else '不接受'}参数")
        if joins:
            here.fail("join 之后不能再有转换")
        if definition.splits:
            if i != 0 or is_list:
                here.fail("split 只能是单值来源的第一个转换")
            split, is_list = definition.factory(params, ctx, here), True
            continue
        if definition.list_level and not is_list:
            here.fail(f"转换 {name} 只用于列表字段")
        joins = definition.joins
        (whole if definition.list_level else element).append(definition.factory(params, ctx, here))
    return split, tuple(element), tuple(whole), joins


def _constant(name: Any, loc: Loc, ctx: SourceContext) -> Any:
    if not isinstance(name, str) or name not in ctx.constants:
        loc.fail(f"未定义的常量 {name!r}（在 _source.yaml 的 constants 中定义）")
    return ctx.constants[name]


def standard_value(value: Any) -> Any:
    """A mapped value in the form the registry keeps: code objects as their code."""
    if type(value) is dict and "code" in value:
        return value["code"]
    if type(value) is list:
        return [standard_value(v) for v in value]
    return value


def compile_key(spec: Any, loc: Loc, ctx: SourceContext) -> tuple[KeyReader, str, frozenset[str]]:
    """A registry key: a source path, ``{source: path, transforms: [...]}`` or ``{target: earlier field}``."""
    if isinstance(spec, dict) and set(spec) == {"target"} and isinstance(spec["target"], str):
        name = spec["target"]

        def from_target(scope: Any, out: dict[str, Any]) -> Any:
            return standard_value(out.get(name))
        return from_target, name, frozenset({name})
    if isinstance(spec, dict) and "source" in spec and not set(spec) - {"source", "transforms"}:
        path, transforms = spec["source"], spec.get("transforms")
    else:
        path, transforms = spec, None
    get = ctx.getter(path, loc / "source" if isinstance(spec, dict) else loc)
    split, element, whole, _ = compile_transforms(transforms, loc / "transforms", ctx, False)
    apply = _compose(element)

    def from_source(scope: Any, out: dict[str, Any]) -> Any:
        value = get(scope)
        return apply(value, scope) if value is not None and apply is not None else value
    return from_source, str(path), frozenset()


def _registry(spec: Any, loc: Loc, ctx: SourceContext, target: str) -> tuple[RegistryLookup, frozenset[str]]:
    if not isinstance(spec, dict) or "key" not in spec or set(spec) - _REGISTRY_KEYS:
        loc.fail("registry 应为 {key: 键的来源路径或 {target: 字段}, kind: 登记簿（默认 subject）, field: 名称, missing: 代码}")
    kind = spec.get("kind", "subject")
    name = spec.get("field", target)
    missing = spec.get("missing")
    if not isinstance(kind, str) or not kind.isidentifier() or not isinstance(name, str):
        loc.fail("registry 的 kind 和 field 应为名称")
    if missing not in (None, "REQUIRED", "REFERENCE"):
        (loc / "missing").fail("missing 应为 REQUIRED 或 REFERENCE")
    key, shown, refs = compile_key(spec["key"], loc / "key", ctx)
    return RegistryLookup(kind, key, shown, name, missing), refs


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
    origins = [k for k in _ORIGINS if k in spec]
    if len(origins) > 1 or not (origins or "registry" in spec or "fields" in spec):
        loc.fail("需要且只能有 source、value、constant、template 之一（或只有 registry）", field=target)
    get, is_list, fixed = None, False, NOTHING
    if "source" in spec:
        get, is_list = compile_getter(spec["source"], loc / "source", xml=ctx.xml)
    elif "template" in spec:
        get = compile_template(spec["template"], loc / "template", xml=ctx.xml, strict=False)
    elif "value" in spec:
        fixed = spec["value"]
    elif "constant" in spec:
        fixed = _constant(spec["constant"], loc / "constant", ctx)
    lookup, key_refs = _registry(spec["registry"], loc / "registry", ctx, target) if "registry" in spec else (None, frozenset())
    if lookup is not None and fixed is not NOTHING:
        (loc / "registry").fail("registry 只能补充 source 或 template 没有的值", field=target)
    default = _constant(spec["default"], loc / "default", ctx) if "default" in spec else None
    cond, refs = compile_cond(spec["when"], loc / "when", xml=ctx.xml) if "when" in spec else (None, frozenset())
    for ref in refs | key_refs:
        if ref not in fields:
            (loc / "when").fail(f"条件或登记簿键引用的 {ref} 不是此记录类型的字段", field=target)
    split, element, whole, joins = compile_transforms(spec.get("transforms"), loc / "transforms", ctx, is_list)
    wants_list = isinstance(standard.type, List)
    gives_list = (is_list or split is not None) and not joins
    if get is not None and "fields" not in spec and wants_list != gives_list:
        (loc / "source").fail("列表字段的来源需要 [] 或 split，非列表字段不能有 []（除非 join）", field=target)
    each: tuple[FieldPlan, ...] = ()
    sub: tuple[FieldPlan, ...] = ()
    if "each" in spec:
        item_type = standard.type.item if isinstance(standard.type, List) else None
        if not isinstance(item_type, Obj) or not is_list:
            (loc / "each").fail("each 只用于对象列表字段，来源路径需以 [] 结尾", field=target)
        each = compile_fields(spec["each"], loc / "each", {f.name: f for f in item_type.fields}, ctx)
    if "fields" in spec:
        if not isinstance(standard.type, Obj) or is_list or fixed is not NOTHING or "template" in spec or element:
            (loc / "fields").fail("fields 只用于对象字段（可有 source 指向来源对象，不能有转换）", field=target)
        sub = compile_fields(spec["fields"], loc / "fields", {f.name: f for f in standard.type.fields}, ctx)
    if cond is None:
        decided.add(target)
    iterates = is_list or split is not None or (get is None and lookup is not None and wants_list)
    return FieldPlan(target, standard.label, get, fixed, default, cond, refs | key_refs, element, whole,
                     iterates, each, sub, split, joins, lookup, True, _compose(element))


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
                    (here / "when").fail(f"条件或登记簿键引用的 {ref} 必须在前面映射", field=plan.target)
            seen_targets.add(plan.target)
            plans.append(plan)
    counts: dict[str, int] = {}
    for plan in plans:
        counts[plan.target] = counts.get(plan.target, 0) + 1
    return tuple(_single(p) if counts[p.target] == 1 else p for p in plans)


def _single(plan: FieldPlan) -> FieldPlan:
    return replace(plan, multi=False)


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


__all__ += ["MapError", "standard_value"]
