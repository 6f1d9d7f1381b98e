"""``remember:`` — what a record contributes to the subject registry (关联整合), compiled.

::

    remember:
      - kind: subject                                  # the register (default subject)
        key: {target: administrative_cp_ui_code}       # or a source path, or {source: path, transforms: [...]}
        when: {target: administrative_cp_type, in: ["1", "3"]}   # optional
        values:                                        # name → {target: f} | {source: p, transforms: […]} | {value: v}
          administrative_cp: {target: administrative_cp}           # | {template: "…"}
          legal_representative: {target: legal_representative}

A mapped record remembers only when it mapped whole (tombstones never do); a registry-only spec
(``msg_type: null``) reports a value it cannot read, or a missing key, as a field error on
``remember.<kind>.<name>``.  Code fields are kept as their code (see ``mappings.registry_port``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from mappings.compiler import Cond, KeyReader, SourceContext, compile_cond, compile_key, compile_transforms, standard_value
from mappings.paths import compile_getter, compile_template
from mappings.runner import Run, shown
from mappings.specfile import Loc
from mappings.standard.types import Field
from mappings.transform_base import MapError
from santong.errors import FieldError

__all__ = ["RememberPlan", "Remembered", "compile_remember"]

Reader = Callable[[Any, dict[str, Any]], Any]
_KEYS = {"kind", "key", "when", "values"}


@dataclass(frozen=True)
class Remembered:
    """One registry entry a record contributed: ``values`` merged into (``kind``, ``key``)."""

    kind: str
    key: str
    values: dict[str, Any]

    def as_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "key": self.key, "values": shown(self.values)}


@dataclass(frozen=True)
class RememberPlan:
    kind: str
    key: KeyReader
    key_shown: str
    cond: Cond | None
    values: tuple[tuple[str, Reader], ...]

    def evaluate(self, payload: Any, data: dict[str, Any], run: Run, *, strict: bool) -> Remembered | None:
        """The entry for one record, or ``None``; errors (``strict`` only) go to ``run.errors``."""
        if self.cond is not None and not self.cond(payload, data):
            return None
        where = f"remember.{self.kind}"
        try:
            key = self.key(payload, data)
        except MapError as exc:
            if strict:
                run.errors.append(FieldError(f"{where}.key", exc.code, f"登记簿键 {self.key_shown}：{exc.message}", None))
            return None
        if key is None or key == "":
            if strict:
                run.errors.append(FieldError(f"{where}.key", "REQUIRED", f"登记簿键 {self.key_shown} 没有值", None))
            return None
        values: dict[str, Any] = {}
        for name, read in self.values:
            try:
                value = read(payload, data)
            except MapError as exc:
                if strict:
                    run.errors.append(FieldError(f"{where}.{name}", exc.code, f"{name}：{exc.message}", None))
                continue
            if value is not None:
                values[name] = value
        return Remembered(self.kind, str(key), values) if values else None


def _reader(spec: Any, loc: Loc, ctx: SourceContext, fields: Mapping[str, Field]) -> Reader:
    if not isinstance(spec, dict) or len(set(spec) & {"target", "source", "value", "template"}) != 1:
        loc.fail("登记的值应为 {target: 字段}、{source: 路径, transforms: […]}、{value: 值} 或 {template: 模板}")
    if "target" in spec:
        name = spec["target"]
        if set(spec) != {"target"} or name not in fields:
            (loc / "target").fail(f"{name} 不是此记录类型的字段（只读已映射的字段）")
        return lambda payload, data: standard_value(data.get(name))
    if "value" in spec:
        fixed = spec["value"]
        return lambda payload, data: fixed
    if "template" in spec:
        build = compile_template(spec["template"], loc / "template", xml=ctx.xml, strict=False)
        return lambda payload, data: build(payload)
    if set(spec) - {"source", "transforms"}:
        loc.fail("source 之外只能有 transforms")
    get, is_list = compile_getter(spec["source"], loc / "source", xml=ctx.xml)
    split, element, whole, _ = compile_transforms(spec.get("transforms"), loc / "transforms", ctx, is_list)

    def chain(value: Any, scope: Any) -> Any:
        for transform in element:
            value = transform(value, scope)
            if value is None:
                return None
        return value

    def read(payload: Any, data: dict[str, Any]) -> Any:
        raw = get(payload)
        if raw is None:
            return None
        if split is not None:
            raw = split(raw, payload)
        if not (is_list or split is not None):
            return chain(raw, payload)
        value: Any = [None if item is None else chain(item, payload) for item in raw or ()]
        for transform in whole:
            value = transform(value, payload)
        return value
    return read


def compile_remember(spec: Any, loc: Loc, ctx: SourceContext, fields: Mapping[str, Field]) -> tuple[RememberPlan, ...]:
    """The ``remember`` list of a spec; ``fields`` are the record type's (``{}`` for a registry-only spec)."""
    if not isinstance(spec, list) or (not spec and not fields):
        loc.fail("remember 应为非空列表")
    plans = []
    for i, item in enumerate(spec):
        here = loc / i
        if not isinstance(item, dict) or set(item) - _KEYS or not {"key", "values"} <= set(item):
            here.fail(f"登记项需要 key 和 values，可有 kind、when（{sorted(_KEYS)}）")
        kind = item.get("kind", "subject")
        if not isinstance(kind, str) or not kind.isidentifier():
            (here / "kind").fail("kind 应为登记簿名称，如 subject、ggzy_project")
        key, shown_key, refs = compile_key(item["key"], here / "key", ctx)
        cond, cond_refs = compile_cond(item["when"], here / "when", xml=ctx.xml) if "when" in item else (None, frozenset())
        for ref in refs | cond_refs:
            if ref not in fields:
                (here / "key").fail(f"{ref} 不是此记录类型的字段")
        values = item["values"]
        if not isinstance(values, dict) or not values:
            (here / "values").fail("values 应为 {名称: 来源}")
        readers = tuple((str(name), _reader(v, here / "values" / str(name), ctx, fields)) for name, v in values.items())
        plans.append(RememberPlan(kind, key, shown_key, cond, readers))
    return tuple(plans)
