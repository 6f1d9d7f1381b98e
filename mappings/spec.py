"""One compiled spec file, ``<source>/<KIND>[.<name>].yaml``: (source, kind) → one message type (or, with
``msg_type: null``, only what the record tells the registry).  ``compile_spec`` builds it from YAML;
``CompiledSpec.run`` maps one raw record and never raises for a data problem: the outcome says.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from mappings.base import MappedRecord
from mappings.codes import CodeTables
from mappings.compiler import Cond, FieldPlan, SourceContext, compile_cond, compile_fields, compile_getter, label_map
from mappings.identifiers import check_cd_id, check_cd_source
from mappings.paths import compile_template
from mappings.remember import RememberPlan, Remembered, compile_remember
from mappings.registry_port import SubjectRegistry
from mappings.runner import Run, run_fields, shown
from mappings.specfile import Loc
from mappings.standard import record_type as standard_record_type
from mappings.standard.record import check_cd_time
from mappings.standard.schema import RecordType, dedupe
from mappings.standard.types import Field, Str
from mappings.transform_base import MapError
from santong.errors import ConfigError, DataError, FieldError

__all__ = ["CompiledSpec", "SpecOutcome", "combined", "compile_spec"]

_SPEC_KEYS = {"kind", "msg_type", "version", "description", "expect", "when", "fan_out", "cd_id", "cd_source", "cd_time",
              "labels", "tombstone", "fields", "remember"}
_KIND = re.compile(r"[A-Z][A-Z0-9_]{0,31}")
_CONTROL = {"cd_source": Field("cd_source", "数据来源", Str(24), "M"),
            "cd_time": Field("cd_time", "源数据变更时间", Str(25), "M")}


@dataclass(slots=True)
class SpecOutcome:
    """What one spec made of one raw record: a ``record`` (``None`` for a registry-only spec), or ``error``
    with every field error; ``remembered`` lists the registry entries it contributed."""

    spec: str
    msg_type: str | None
    cd_id: str | None
    record: MappedRecord | None = None
    error: DataError | None = None
    remembered: tuple[Remembered, ...] = ()

    @property
    def ok(self) -> bool:
        return self.error is None


@dataclass(frozen=True)
class FanOut:
    """``fan_out: {NAME: path, …, split: ","}``: one record per position of the (parallel) lists at ``path``,
    each seeing the raw record with member ``NAME`` set to its element."""

    members: tuple[tuple[str, str, Callable[[Any], Any]], ...]
    separators: re.Pattern[str] | None

    def scopes(self, record: Any) -> list[dict[str, Any]]:
        """The record once per position; ``DataError`` when a list is missing or the lists differ in length."""
        columns: list[tuple[str, list[Any]]] = []
        errors: list[FieldError] = []
        for _, path, get in self.members:
            try:
                value = get(record)
            except MapError as exc:
                errors.append(FieldError("", exc.code, f"{path}：{exc.message}", None))
                continue
            if value is None:
                errors.append(FieldError("", "REQUIRED", f"来源缺少 {path}，无法逐项生成记录", None))
                continue
            if type(value) is not list:
                if type(value) is not str or self.separators is None:
                    errors.append(FieldError("", "FORMAT", f"来源 {path} 应为数组（或用 split 分隔的文字）", shown(value)))
                    continue
                value = [v.strip() for v in self.separators.split(value)]
            columns.append((path, value))
        if not errors and len({len(v) for _, v in columns}) > 1:
            counts = "、".join(f"{p} {len(v)} 项" for p, v in columns)
            errors.append(FieldError("", "REFERENCE", f"逐项生成记录的各列表项数不同：{counts}", None))
        if errors:
            raise DataError("记录无法逐项展开", errors)
        names = [name for name, _, _ in self.members]
        return [{**record, **{n: column[i] for n, (_, column) in zip(names, columns)}} for i in range(len(columns[0][1]))]


def _fan_out(raw: Any, loc: Loc, xml: bool) -> FanOut:
    if not isinstance(raw, dict) or not set(raw) - {"split"}:
        loc.fail("fan_out 应为 {成员名: 列表来源路径, …, split: 分隔符（可选）}")
    split = raw.get("split")
    if split is not None and (not isinstance(split, str) or not split):
        (loc / "split").fail("split 应为分隔符组成的文字")
    members = []
    for name, path in raw.items():
        if name == "split":
            continue
        if not isinstance(name, str) or not name.isidentifier():
            (loc / str(name)).fail("成员名应为标识符，如 TRADE_CODE")
        members.append((name, str(path), compile_getter(path, loc / name, xml=xml)[0]))
    return FanOut(tuple(members), re.compile("[" + re.escape(split) + "]") if split else None)


@dataclass(frozen=True)
class CompiledSpec:
    """One (source, kind) → msgType spec, ready to run."""

    name: str
    source: str
    kind: str
    record_type: RecordType | None
    expect: tuple[tuple[str, Callable[[Any], Any], Any], ...]
    applies: Cond | None
    cd_id: Callable[[Any], str | None]
    control: tuple[FieldPlan, ...]
    check_cd_source: bool
    tombstone: Cond | None
    tombstone_fields: tuple[FieldPlan, ...]
    fields: tuple[FieldPlan, ...]
    tables: tuple[str, ...]
    tombstone_tables: tuple[str, ...]
    remember: tuple[RememberPlan, ...] = ()
    fan_out: FanOut | None = None

    @property
    def msg_type(self) -> str | None:
        return self.record_type.msg_type if self.record_type is not None else None

    def accepts(self, payload: dict[str, Any]) -> bool:
        """Whether the spec's ``expect`` holds for ``payload`` (a record of this kind, as far as it says)."""
        for _, get, wanted in self.expect:
            try:
                if not _same(get(payload), wanted):
                    return False
            except MapError:
                return False
        return True

    def run(self, payload: Any, tables: CodeTables, registry: SubjectRegistry | None = None) -> SpecOutcome:
        """The outcome of mapping ``payload`` (a dict) with this spec (one record; see ``run_all``)."""
        try:
            return self._run(payload, tables, registry)
        except DataError as exc:
            return SpecOutcome(self.name, self.msg_type, exc.context.get("cd_id"), error=exc)

    def run_all(self, payload: Any, tables: CodeTables, registry: SubjectRegistry | None = None) -> list[SpecOutcome]:
        """One outcome, or with ``fan_out`` one per position of its lists."""
        if self.fan_out is None or type(payload) is not dict:
            return [self.run(payload, tables, registry)]
        try:
            scopes = self.fan_out.scopes(payload)
        except DataError as exc:
            exc.context.update(source=self.source, kind=self.kind, msg_type=self.msg_type)
            return [SpecOutcome(self.name, self.msg_type, None, error=exc)]
        return [self.run(scope, tables, registry) for scope in scopes]

    def _run(self, payload: Any, tables: CodeTables, registry: SubjectRegistry | None) -> SpecOutcome:
        context = {"source": self.source, "kind": self.kind, "msg_type": self.msg_type}
        if type(payload) is not dict:
            raise DataError("来源记录应为 JSON 对象", [FieldError("", "FORMAT", "来源记录应为对象", None)], **context)
        for path, get, wanted in self.expect:
            try:
                got = get(payload)
            except MapError:
                got = None
            if not _same(got, wanted):
                error = FieldError("", "REFERENCE", f"来源记录的 {path} 为 {got}，映射 {self.name} 只接受 {wanted}", shown(got))
                raise DataError(f"记录不属于映射 {self.name}", [error], **context)
        run = Run(registry)
        cd_id = ""
        try:
            cd_id = self.cd_id(payload) or ""
            run.errors += check_cd_id(cd_id)
        except MapError as exc:
            run.errors.append(FieldError("cd_id", exc.code, f"cd_id：{exc.message}", None))
        if self.record_type is None:
            remembered = self._remember(payload, {}, run, strict=True)
            if run.errors:
                raise DataError(f"{self.source}/{self.kind} 记录无法登记（{len(run.errors)} 处错误）", dedupe(run.errors),
                                cd_id=cd_id or None, **context)
            return SpecOutcome(self.name, None, cd_id, remembered=self._commit(remembered, registry))
        control: dict[str, Any] = {}
        run_fields(self.control, payload, control, "", run)
        cd_time = control.get("cd_time")
        if cd_time is None:
            if "cd_time" not in run.failed:
                run.errors.append(FieldError("cd_time", "REQUIRED", "源数据变更时间必填", None))
        elif wrong := check_cd_time(cd_time):
            run.errors += wrong
            cd_time = None
        cd_source = control.get("cd_source")
        if cd_source is None:
            if "cd_source" not in run.failed:
                run.errors.append(FieldError("cd_source", "REQUIRED", "数据来源必填", None))
        elif self.check_cd_source:
            run.errors += check_cd_source(cd_source, tables=tables)
        dead = self.tombstone is not None and self.tombstone(payload, {})
        data: dict[str, Any] = {}
        run_fields(self.tombstone_fields if dead else self.fields, payload, data, "data.", run)
        found = self.record_type.validate(data, cd_time=cd_time, tables=tables, tombstone=dead)
        if run.failed:
            found = [e for e in found if not _under(e.field, run.failed)]
        if run.misses:
            found = [_explained(e, run.misses) for e in found]
        remembered = [] if dead or run.errors or found else self._remember(payload, data, run, strict=False)
        if run.errors or found:
            every = dedupe(run.errors + found)
            raise DataError(f"{self.source}/{self.kind} 记录无法映射为 {self.record_type.msg_type}（{len(every)} 处错误）",
                            every, cd_id=cd_id or None, **context)
        record = MappedRecord(self.record_type.msg_type, cd_id, "delete" if dead else "upsert", str(cd_source),
                              str(cd_time), data, self.name, self.tombstone_tables if dead else self.tables)
        return SpecOutcome(self.name, record.msg_type, cd_id, record, remembered=self._commit(remembered, registry))

    def _remember(self, payload: Any, data: dict[str, Any], run: Run, *, strict: bool) -> list[Remembered]:
        return [entry for plan in self.remember if (entry := plan.evaluate(payload, data, run, strict=strict)) is not None]

    @staticmethod
    def _commit(entries: list[Remembered], registry: SubjectRegistry | None) -> tuple[Remembered, ...]:
        if registry is not None:
            for entry in entries:
                registry.remember(entry.kind, entry.key, dict(entry.values))
        return tuple(entries)


def _same(got: Any, wanted: Any) -> bool:
    try:
        return bool(got == wanted)
    except ArithmeticError:  # a signalling NaN compares to nothing
        return False


def combined(errors: list[DataError], **context: Any) -> DataError:
    """One ``DataError`` for a raw record that several specs failed to map (every error, once)."""
    every = dedupe([e for error in errors for e in error.errors])
    return DataError("；".join(error.message for error in errors), every, **context)


def _under(field: str, failed: set[str]) -> bool:
    if field in failed:
        return True
    return any(field.startswith(p) and field[len(p)] in ".[" for p in failed if len(field) > len(p))


def _explained(error: FieldError, misses: dict[str, str]) -> FieldError:
    why = misses.get(error.field)
    if why is None or error.code != "REQUIRED":
        return error
    return FieldError(error.field, error.code, f"{error.message}；{why}", error.value)


def _entry(spec: Any, loc: Loc) -> dict[str, Any]:
    if not isinstance(spec, dict) or "target" in spec:
        loc.fail("应为字段条目（source/value/constant/template，可有 transforms），不写 target")
    return spec


def compile_spec(loc: Loc, source: str, base: SourceContext) -> CompiledSpec:
    """Compile one spec file (``loc`` its root) of ``source``; its file name is ``<KIND>`` or ``<KIND>.<name>``."""
    raw = loc.file.data
    if not isinstance(raw, dict):
        loc.fail("映射规格应为 YAML 映射")
    unknown = sorted(set(raw) - _SPEC_KEYS)
    if unknown:
        (loc / unknown[0]).fail(f"未知的键 {unknown}（可用: {sorted(_SPEC_KEYS)}）")
    for key in ("kind", "msg_type", "version", "cd_id"):
        if key not in raw:
            loc.fail(f"缺少键 {key}")
    registry_only = raw["msg_type"] is None
    needed = ("remember",) if registry_only else ("cd_source", "cd_time", "fields")
    for key in needed:
        if key not in raw:
            loc.fail(f"缺少键 {key}")
    extra = sorted({"fields", "tombstone", "cd_source", "cd_time"} & set(raw)) if registry_only else []
    if extra:
        (loc / extra[0]).fail("msg_type 为 null 的规格只登记（remember），不能有 fields、tombstone、cd_source、cd_time")
    kind = raw["kind"]
    if not isinstance(kind, str) or not _KIND.fullmatch(kind) or kind != loc.file.path.stem.split(".")[0]:
        (loc / "kind").fail(f"kind 应为大写标识且等于文件名 {loc.file.path.stem.split('.')[0]}")
    if not isinstance(raw["version"], int) or isinstance(raw["version"], bool) or raw["version"] < 1:
        (loc / "version").fail("version 应为正整数")
    record_type: RecordType | None = None
    if not registry_only:
        try:
            record_type = standard_record_type(str(raw["msg_type"]))
        except ConfigError:
            (loc / "msg_type").fail(f"标准中没有记录类型 {raw['msg_type']}")
    labels = {**base.label_maps}
    for table_id, mapping in label_map(raw.get("labels"), loc / "labels", base.tables).items():
        labels[table_id] = {**labels.get(table_id, {}), **mapping}

    def context() -> SourceContext:
        return SourceContext(base.tables, base.constants, labels, base.fragments, xml=base.xml)

    xml = base.xml
    expect_raw = raw.get("expect") or {}
    if not isinstance(expect_raw, dict):
        (loc / "expect").fail("expect 应为 {来源路径: 值}")
    expect = tuple((p, compile_getter(p, loc / "expect" / p, xml=xml)[0], v) for p, v in expect_raw.items())
    applies = None
    if "when" in raw:
        applies, refs = compile_cond(raw["when"], loc / "when", xml=xml)
        if refs:
            (loc / "when").fail("规格的 when 只能读来源（source）")
    cd_id = compile_template(raw["cd_id"], loc / "cd_id", xml=xml)
    fan = _fan_out(raw["fan_out"], loc / "fan_out", xml) if "fan_out" in raw else None
    if record_type is None:
        remember = compile_remember(raw["remember"], loc / "remember", context(), {})
        return CompiledSpec(f"{source}/{loc.file.path.stem}@{raw['version']}", source, kind, None, expect, applies, cd_id,
                            (), False, None, (), (), (), (), remember, fan)
    control = compile_fields([{"target": "cd_source", **_entry(raw["cd_source"], loc / "cd_source")},
                              {"target": "cd_time", **_entry(raw["cd_time"], loc / "cd_time")}],
                             loc, _CONTROL, context())
    static_source = control[0].get is None and not control[0].element
    if static_source and check_cd_source(control[0].fixed, tables=base.tables):
        (loc / "cd_source").fail(f"常量 cd_source 无效: {check_cd_source(control[0].fixed, tables=base.tables)[0].message}")
    by_name = {f.name: f for f in record_type.fields}
    fields_ctx = context()
    fields = compile_fields(raw["fields"], loc / "fields", by_name, fields_ctx)
    tombstone: Cond | None = None
    tomb_fields: tuple[FieldPlan, ...] = ()
    tomb_ctx = context()
    if "tombstone" in raw:
        spec = raw["tombstone"]
        here = loc / "tombstone"
        if not isinstance(spec, dict) or set(spec) != {"when", "fields"}:
            here.fail("tombstone 需要 when 和 fields")
        tombstone, refs = compile_cond(spec["when"], here / "when", xml=xml)
        if refs:
            (here / "when").fail("tombstone 的条件只能读来源（source），不能读 target")
        allowed = {f.name: f for f in record_type.tombstone_fields}
        tomb_fields = compile_fields(spec["fields"], here / "fields", allowed, tomb_ctx)
    remember = compile_remember(raw.get("remember") or [], loc / "remember", context(), by_name)
    name = f"{source}/{loc.file.path.stem}@{raw['version']}"
    return CompiledSpec(name, source, kind, record_type, expect, applies, cd_id, control, not static_source, tombstone,
                        tomb_fields, fields, tuple(sorted(fields_ctx.used_tables)), tuple(sorted(tomb_ctx.used_tables)),
                        remember, fan)
