"""Loading the spec directories: one per source, with its optional ``_source.yaml`` (constants, labels,
fragments, ``input``) and one file per (kind, message type).

::

    sources = load_specs(spec_dir, tables)            # {"sthj": SourceSpecs(...)}; ConfigError at the first mistake
    problems: list[ConfigError] = []
    sources = load_specs(spec_dir, tables, problems)  # every mistake collected, per file (santong map --check)
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mappings.codes import CodeTables
from mappings.compiler import SourceContext, label_map
from mappings.inputs import InputSpec, compile_input
from mappings.spec import CompiledSpec, compile_spec
from mappings.specfile import Loc, read_spec_file
from santong.errors import ConfigError

__all__ = ["SourceSpecs", "load_source", "load_specs"]

_SOURCE_KEYS = {"source", "description", "constants", "labels", "fragments", "input"}


@dataclass(frozen=True)
class SourceSpecs:
    """Everything compiled for one source: its input shape and its specs by kind (several per kind when one
    raw record yields several message types, in file-name order)."""

    name: str
    input: InputSpec
    kinds: Mapping[str, tuple[CompiledSpec, ...]]


def _base(directory: Path, tables: CodeTables) -> tuple[SourceContext, InputSpec]:
    source = directory.name
    constants: dict[str, Any] = {}
    label_maps: dict[str, dict[str, str]] = {}
    fragments: dict[str, tuple[Loc, list[Any]]] = {}
    shape = InputSpec()
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
        shape = compile_input(raw.get("input"), root / "input")
    return SourceContext(tables, constants, label_maps, fragments, xml=shape.xml), shape


def load_source(directory: Path, tables: CodeTables, problems: list[ConfigError] | None = None) -> SourceSpecs:
    """Compile every spec of one source directory (its name is the source name).  With ``problems``, a
    broken file is recorded there and skipped instead of raised."""
    try:
        base, shape = _base(directory, tables)
    except ConfigError as exc:
        if problems is None:
            raise
        problems.append(exc)
        return SourceSpecs(directory.name, InputSpec(), {})
    kinds: dict[str, list[CompiledSpec]] = {}
    files = [p for p in sorted(directory.glob("*.yaml")) if not p.name.startswith("_")]
    for path in files:
        try:
            spec = compile_spec(read_spec_file(path).root, directory.name, base)
        except ConfigError as exc:
            if problems is None:
                raise
            problems.append(exc)
            continue
        kinds.setdefault(spec.kind, []).append(spec)
    for kind in sorted(set(shape.records.values()) - {p.stem.split(".")[0] for p in files}):
        if problems is not None:
            problems.append(ConfigError(f"{directory / '_source.yaml'}: input.records 指向的类别 {kind} 没有映射规格",
                                        file=str(directory / "_source.yaml"), kind=kind))
    return SourceSpecs(directory.name, shape, {k: tuple(v) for k, v in kinds.items()})


def load_specs(spec_dir: Path, tables: CodeTables, problems: list[ConfigError] | None = None) -> dict[str, SourceSpecs]:
    """Compile the specs of every source directory under ``spec_dir``."""
    if not spec_dir.is_dir():
        raise ConfigError(f"映射规格目录不存在: {spec_dir}", path=str(spec_dir))
    return {d.name: load_source(d, tables, problems)
            for d in sorted(p for p in spec_dir.iterdir() if p.is_dir() and not p.name.startswith(("_", ".")))}
