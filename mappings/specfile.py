"""Reading mapping-spec YAML with the line of every node, so that a broken spec names file, line and field.

::

    doc = read_spec_file(path)           # plain Python data + where each part came from
    loc = doc.root / "fields" / 3 / "transforms"
    loc.fail("unknown transform 'trimm'", field="check_date")
    # ConfigError: mappings/specs/sthj/INSPECTION.yaml:27: field check_date: unknown transform 'trimm'
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, NoReturn

import yaml

from santong.errors import ConfigError

__all__ = ["Loc", "SpecFile", "read_spec_file"]

Key = tuple[str | int, ...]


@dataclass(frozen=True)
class SpecFile:
    """A parsed spec file: its data and the 1-based line of each node, by path of keys/indexes."""

    path: Path
    data: Any
    lines: dict[Key, int]

    @property
    def root(self) -> Loc:
        return Loc(self, ())


@dataclass(frozen=True)
class Loc:
    """A position inside a spec file; ``loc / "key"`` and ``loc / 0`` walk down; ``field`` is the target
    field being compiled there (inherited downwards) and is named in every error."""

    file: SpecFile
    key: Key
    field: str | None = None

    def __truediv__(self, part: str | int) -> Loc:
        return Loc(self.file, self.key + (part,), self.field)

    def for_field(self, name: str) -> Loc:
        return Loc(self.file, self.key, name)

    @property
    def line(self) -> int:
        key = self.key
        while key not in self.file.lines and key:
            key = key[:-1]
        return self.file.lines.get(key, 1)

    def fail(self, problem: str, *, field: str | None = None) -> NoReturn:
        field = field or self.field
        where = f"field {field}: " if field else ""
        raise ConfigError(f"{self.file.path}:{self.line}: {where}{problem}",
                          file=str(self.file.path), line=self.line, field=field)


def _lines(node: yaml.Node, key: Key, out: dict[Key, int]) -> None:
    out[key] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            _lines(v, key + (str(k.value),), out)
    elif isinstance(node, yaml.SequenceNode):
        for i, v in enumerate(node.value):
            _lines(v, key + (i,), out)


def read_spec_file(path: Path) -> SpecFile:
    """Parse ``path``; a YAML syntax error becomes ``ConfigError`` with the line it was found on."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"{path}: 无法读取: {exc}", file=str(path)) from exc
    loader = yaml.CSafeLoader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else 1
        raise ConfigError(f"{path}:{line}: YAML 无法解析: {exc.problem}", file=str(path), line=line) from exc
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path}: YAML 无法解析: {exc}", file=str(path)) from exc
    finally:
        loader.dispose()
    lines: dict[Key, int] = {}
    if node is not None:
        _lines(node, (), lines)
    return SpecFile(path, data, lines)
