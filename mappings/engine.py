"""The declarative mapping engine: ``SpecMapper`` maps raw source records with the specs of
``mappings/specs/<source>/<KIND>.yaml`` (language: ``mappings/specs/README.md``).

::

    from mappings.engine import SpecMapper, loads

    mapper = SpecMapper()                           # compiles every spec once; ConfigError if one is broken
    payload = loads(body_bytes)                     # NOT json.loads: amounts must stay exact
    records = mapper.map("sthj", "INSPECTION", payload)   # [MappedRecord], or DataError with every field error

Payloads must be parsed with ``loads`` (or ``json.loads(..., parse_float=decimal.Decimal)``): plain
``json.loads`` turns ``1.08E7`` into a binary float.  (A float that does arrive is read through its
shortest round-trip text, which is exact for every literal of up to 15 significant digits.)

Failure semantics: a record is mapped whole or not at all.  After mapping, the data is validated
against the standard (``mappings.standard``); ``DataError.errors`` lists every mapping and validation
error, one per (field, code), validation errors on a field that already failed to map left out.  An
unknown (source, kind) is a ``DataError`` with one error, field ``""``, code ``CODE_UNKNOWN``: the
record is quarantined like any other unmappable record, and mapping resumes once a spec is deployed.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from mappings.base import MappedRecord
from mappings.codes import CodeTables
from mappings.compiler import (
    Cond,
    FieldPlan,
    SourceContext,
    compile_cond,
    compile_fields,
    compile_getter,
    label_map,
)
from mappings.identifiers import check_cd_id, check_cd_source
from mappings.runner import run_fields, shown
from mappings.specfile import Loc, read_spec_file
from mappings.standard import record_type as standard_record_type
from mappings.standard.record import check_cd_time
from mappings.standard.schema import RecordType, dedupe
from mappings.standard.types import Field, Str
from mappings.text import trim
from mappings.transforms import MapError
from santong.errors import ConfigError, DataError, FieldError

__all__ = ["DEFAULT_SPEC_DIR", "CompiledSpec", "SpecMapper", "load_specs", "loads"]

DEFAULT_SPEC_DIR = Path(__file__).with_name("specs")

_SPEC_KEYS = {"kind", "msg_type", "version", "description", "expect", "cd_id", "cd_source", "cd_time",
              "labels", "tombstone", "fields"}
_SOURCE_KEYS = {"source", "description", "constants", "labels", "fragments"}
_KIND = re.compile(r"[A-Z][A-Z0-9_]{0,31}")
_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
_CONTROL = {"cd_source": Field("cd_source", "数据来源", Str(24), "M"),
            "cd_time": Field("cd_time", "源数据变更时间", Str(25), "M")}


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out = dict(pairs)
    if len(out) != len(pairs):
        names = [name for name, _ in pairs]
        raise ValueError(f"duplicate member name {next(n for n in names if names.count(n) > 1)!r}")
    return out


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def loads(raw: bytes | str) -> Any:
    """Parse a JSON document from a source: numbers with a fraction or exponent become exact
    ``Decimal``s; duplicate member names, NaN and Infinity are refused (``DataError``, ``FORMAT``).
    Adapters check the content type first: an HTML error page (sthj quirk 16) is a transient failure."""
    try:
        return json.loads(raw, parse_float=Decimal, parse_constant=_no_constant, object_pairs_hook=_no_duplicates)
    except (ValueError, UnicodeDecodeError) as exc:
        raise DataError("来源数据不是有效的 JSON", [FieldError("", "FORMAT", f"不是有效的 JSON：{exc}", None)]) from exc


def _template(text: Any, loc: Loc) -> Callable[[Any], str]:
    if not isinstance(text, str) or not _PLACEHOLDER.search(text):
        loc.fail("cd_id 应为含 {来源路径} 的模板，如 \"sthj:{record_type}:{record_id}\"")
    literals = _PLACEHOLDER.split(text)[0::2]
    getters = [(p, compile_getter(p, loc)[0]) for p in _PLACEHOLDER.findall(text)]

    def build(scope: Any) -> str:
        parts = [literals[0]]
        for (path, get), literal in zip(getters, literals[1:]):
            value = get(scope)
            if value is None:
                raise MapError("REQUIRED", f"来源缺少 {path}")
            if type(value) not in (str, int):
                raise MapError("FORMAT", f"来源 {path} 应为字符串")
            parts += (trim(str(value)), literal)
        return "".join(parts)
    return build


@dataclass(frozen=True)
class CompiledSpec:
    """One (source, kind) → msgType spec, ready to run."""

    name: str
    source: str
    kind: str
    record_type: RecordType
    expect: tuple[tuple[str, Callable[[Any], Any], Any], ...]
    cd_id: Callable[[Any], str]
    control: tuple[FieldPlan, ...]
    check_cd_source: bool
    tombstone: Cond | None
    tombstone_fields: tuple[FieldPlan, ...]
    fields: tuple[FieldPlan, ...]
    tables: tuple[str, ...]
    tombstone_tables: tuple[str, ...]

    def map(self, payload: Any, tables: CodeTables) -> MappedRecord:
        """The standard record for ``payload``, or ``DataError`` with every error."""
        context = {"source": self.source, "kind": self.kind, "msg_type": self.record_type.msg_type}
        if type(payload) is not dict:
            raise DataError("来源记录应为 JSON 对象", [FieldError("", "FORMAT", "来源记录应为 JSON 对象", None)], **context)
        for path, get, wanted in self.expect:
            try:
                got = get(payload)
            except MapError:
                got = None
            if got != wanted:
                error = FieldError("", "REFERENCE", f"来源记录的 {path} 为 {got}，映射 {self.name} 只接受 {wanted}", shown(got))
                raise DataError(f"记录不属于映射 {self.name}", [error], **context)
        errors: list[FieldError] = []
        failed: set[str] = set()
        cd_id = ""
        try:
            cd_id = self.cd_id(payload)
            errors += check_cd_id(cd_id)
        except MapError as exc:
            errors.append(FieldError("cd_id", exc.code, f"cd_id：{exc.message}", None))
        control: dict[str, Any] = {}
        run_fields(self.control, payload, control, "", errors, failed)
        cd_time = control.get("cd_time")
        if cd_time is None:
            if "cd_time" not in failed:
                errors.append(FieldError("cd_time", "REQUIRED", "源数据变更时间必填", None))
        elif wrong := check_cd_time(cd_time):
            errors += wrong
            cd_time = None
        cd_source = control.get("cd_source")
        if cd_source is None:
            if "cd_source" not in failed:
                errors.append(FieldError("cd_source", "REQUIRED", "数据来源必填", None))
        elif self.check_cd_source:
            errors += check_cd_source(cd_source, tables=tables)
        dead = self.tombstone is not None and self.tombstone(payload, {})
        data: dict[str, Any] = {}
        run_fields(self.tombstone_fields if dead else self.fields, payload, data, "data.", errors, failed)
        found = self.record_type.validate(data, cd_time=cd_time, tables=tables, tombstone=dead)
        if failed:
            found = [e for e in found if not _under(e.field, failed)]
        if errors or found:
            every = dedupe(errors + found)
            raise DataError(f"{self.source}/{self.kind} 记录无法映射为 {self.record_type.msg_type}（{len(every)} 处错误）",
                            every, cd_id=cd_id or None, **context)
        return MappedRecord(self.record_type.msg_type, cd_id, "delete" if dead else "upsert", str(cd_source), str(cd_time),
                            data, self.name, self.tombstone_tables if dead else self.tables)


def _under(field: str, failed: set[str]) -> bool:
    if field in failed:
        return True
    return any(field.startswith(p) and field[len(p)] in ".[" for p in failed if len(field) > len(p))


def compile_spec(loc: Loc, source: str, base: SourceContext) -> CompiledSpec:
    """Compile one spec file (``loc`` its root) of ``source``."""
    raw = loc.file.data
    if not isinstance(raw, dict):
        loc.fail("映射规格应为 YAML 映射")
    unknown = sorted(set(raw) - _SPEC_KEYS)
    if unknown:
        (loc / unknown[0]).fail(f"未知的键 {unknown}（可用: {sorted(_SPEC_KEYS)}）")
    for key in ("kind", "msg_type", "version", "cd_id", "cd_source", "cd_time", "fields"):
        if key not in raw:
            loc.fail(f"缺少键 {key}")
    kind = raw["kind"]
    if not isinstance(kind, str) or not _KIND.fullmatch(kind) or kind != loc.file.path.stem:
        (loc / "kind").fail(f"kind 应为大写标识且等于文件名 {loc.file.path.stem}")
    if not isinstance(raw["version"], int) or isinstance(raw["version"], bool) or raw["version"] < 1:
        (loc / "version").fail("version 应为正整数")
    try:
        record_type = standard_record_type(str(raw["msg_type"]))
    except ConfigError:
        (loc / "msg_type").fail(f"标准中没有记录类型 {raw['msg_type']}")
    labels = {**base.label_maps}
    for table_id, mapping in label_map(raw.get("labels"), loc / "labels", base.tables).items():
        labels[table_id] = {**labels.get(table_id, {}), **mapping}

    def context() -> SourceContext:
        return SourceContext(base.tables, base.constants, labels, base.fragments)

    control_ctx = context()
    control = compile_fields([{"target": "cd_source", **_entry(raw["cd_source"], loc / "cd_source")},
                              {"target": "cd_time", **_entry(raw["cd_time"], loc / "cd_time")}],
                             loc, _CONTROL, control_ctx)
    static_source = control[0].get is None and not control[0].element
    if static_source and check_cd_source(control[0].fixed, tables=base.tables):
        (loc / "cd_source").fail(f"常量 cd_source 无效: {check_cd_source(control[0].fixed, tables=base.tables)[0].message}")
    expect_raw = raw.get("expect") or {}
    if not isinstance(expect_raw, dict):
        (loc / "expect").fail("expect 应为 {来源路径: 值}")
    expect = tuple((p, compile_getter(p, loc / "expect" / p)[0], v) for p, v in expect_raw.items())
    fields_ctx = context()
    fields = compile_fields(raw["fields"], loc / "fields", {f.name: f for f in record_type.fields}, fields_ctx)
    tombstone: Cond | None = None
    tomb_fields: tuple[FieldPlan, ...] = ()
    tomb_ctx = context()
    if "tombstone" in raw:
        spec = raw["tombstone"]
        here = loc / "tombstone"
        if not isinstance(spec, dict) or set(spec) != {"when", "fields"}:
            here.fail("tombstone 需要 when 和 fields")
        tombstone, refs = compile_cond(spec["when"], here / "when")
        if refs:
            (here / "when").fail("tombstone 的条件只能读来源（source），不能读 target")
        allowed = {f.name: f for f in record_type.tombstone_fields}
        tomb_fields = compile_fields(spec["fields"], here / "fields", allowed, tomb_ctx)
    return CompiledSpec(f"{source}/{kind}@{raw['version']}", source, kind, record_type, expect,
                        _template(raw["cd_id"], loc / "cd_id"), control, not static_source, tombstone, tomb_fields,
                        fields, tuple(sorted(fields_ctx.used_tables)), tuple(sorted(tomb_ctx.used_tables)))


def _entry(spec: Any, loc: Loc) -> dict[str, Any]:
    if not isinstance(spec, dict) or "target" in spec:
        loc.fail("应为字段条目（source/value/constant，可有 transforms），不写 target")
    return spec


def load_source(directory: Path, tables: CodeTables) -> dict[tuple[str, str], CompiledSpec]:
    """Compile every spec of one source directory (its name is the source name)."""
    source = directory.name
    constants: dict[str, Any] = {}
    label_maps: dict[str, dict[str, str]] = {}
    fragments: dict[str, tuple[Loc, list[Any]]] = {}
    common_path = directory / "_source.yaml"
    if common_path.exists():
        root = read_spec_file(common_path).root
        raw = root.file.data or {}
        if not isinstance(raw, dict) or set(raw) - _SOURCE_KEYS:
            root.fail(f"_source.yaml 只能有 {sorted(_SOURCE_KEYS)}")
        if raw.get("source", source) != source:
            (root / "source").fail(f"source 应等于目录名 {source}")
        constants = raw.get("constants") or {}
        if not isinstance(constants, dict):
            (root / "constants").fail("constants 应为 {名称: 值}")
        label_maps = label_map(raw.get("labels"), root / "labels", tables)
        for name, frag in (raw.get("fragments") or {}).items():
            if not isinstance(frag, list):
                (root / "fragments" / name).fail("片段应为字段条目列表")
            fragments[name] = (root / "fragments" / name, frag)
    base = SourceContext(tables, constants, label_maps, fragments)
    specs: dict[tuple[str, str], CompiledSpec] = {}
    for path in sorted(directory.glob("*.yaml")):
        if path.name.startswith("_"):
            continue
        spec = compile_spec(read_spec_file(path).root, source, base)
        specs[(source, spec.kind)] = spec
    return specs


def load_specs(spec_dir: Path, tables: CodeTables) -> dict[tuple[str, str], CompiledSpec]:
    """Compile the specs of every source directory under ``spec_dir``."""
    if not spec_dir.is_dir():
        raise ConfigError(f"映射规格目录不存在: {spec_dir}", path=str(spec_dir))
    specs: dict[tuple[str, str], CompiledSpec] = {}
    for directory in sorted(p for p in spec_dir.iterdir() if p.is_dir() and not p.name.startswith(("_", "."))):
        specs.update(load_source(directory, tables))
    return specs


class SpecMapper:
    """The ``Mapper`` of santong: every spec under ``spec_dir`` compiled once, at construction."""

    def __init__(self, spec_dir: Path = DEFAULT_SPEC_DIR, *, tables: CodeTables | None = None) -> None:
        self._tables = tables or CodeTables.load_default()
        self._specs = load_specs(spec_dir, self._tables)

    @property
    def specs(self) -> Mapping[tuple[str, str], CompiledSpec]:
        return self._specs

    def map(self, source: str, kind: str, payload: Any) -> list[MappedRecord]:
        """The standard records of one raw record; ``DataError`` (quarantine) when it cannot be mapped."""
        spec = self._specs.get((source, kind))
        if spec is None:
            error = FieldError("", "CODE_UNKNOWN", f"没有来源 {source} 的 {kind} 类记录的映射规格", f"{source}/{kind}")
            raise DataError(f"没有 {source}/{kind} 的映射规格", [error], source=source, kind=kind)
        return [spec.map(payload, self._tables)]
