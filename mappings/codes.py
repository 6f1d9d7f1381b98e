"""Code tables (STANDARD.md §3) as versioned data, and the label lookup of §1.9.

Each table is one YAML file in ``mappings/tables/`` named after its id; its ``version`` makes the
reference ``<TABLE_ID>@<version>`` (``CHECK_TYPE@1.0``, ``AREA@2024``) that the journal keeps per record::

    tables = CodeTables.load_default()           # parsed once per process, then shared
    tables.lookup("CE_TYPE", "身份证")            # {"code": "111", "label": "居民身份证"}
    tables.lookup("PUNISH_PROCEDURE", "2")       # {"code": "02", "label": "普通程序"}
    tables.resolve("CHECK_TYPE", "随便")          # None (lookup() raises DataError CODE_UNKNOWN)
    tables.is_valid("CHECK_TYPE", {"code": "1", "label": "双随机抽查"})   # True

The module-level ``lookup`` and ``is_valid`` use the default tables.  A table file that is broken
(duplicate code, an alias naming two codes, codes of different widths) raises ``ConfigError`` at load.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from mappings.text import lookup_key
from santong.errors import ConfigError, DataError, FieldError

__all__ = ["DEFAULT_TABLE_DIR", "Code", "CodeTable", "CodeTables", "is_valid", "lookup"]

DEFAULT_TABLE_DIR = Path(__file__).with_name("tables")

_TABLE_KEYS = {"id", "version", "name", "status", "basis", "notes", "codes", "label_lookup"}
_CODE_KEYS = {"code", "label", "aliases", "status", "parent"}


@dataclass(frozen=True)
class Code:
    """One code of a table: its canonical label, the aliases sources send, and its status."""

    code: str
    label: str
    aliases: tuple[str, ...] = ()
    status: str = "stable"
    parent: str | None = None


@dataclass(frozen=True)
class CodeTable:
    """One code table; ``resolve`` implements the lookup of §1.9."""

    id: str
    version: str
    name: str
    status: str
    codes: Mapping[str, Code]
    width: int
    label_lookup: bool = True
    _index: Mapping[str, str] = field(default_factory=dict, repr=False)

    @property
    def ref(self) -> str:
        """``<TABLE_ID>@<version>``, as recorded with every record the table helped produce."""
        return f"{self.id}@{self.version}"

    def resolve(self, value: Any, extra: Mapping[str, str] | None = None) -> str | None:
        """The code for what a source sent, or ``None`` (→ ``CODE_UNKNOWN``).

        ``extra`` maps the source's own labels (already in lookup form, see ``lookup_key``) to codes;
        it is tried first, so that a source's own code list never collides with the padding of step 2.
        """
        if isinstance(value, bool) or not isinstance(value, (str, int)):
            return None
        key = lookup_key(str(value))
        if not key:
            return None
        if extra:
            hit = extra.get(key)
            if hit is not None:
                return hit
        if key.isascii() and key.isdigit() and len(key) < self.width:
            key = key.zfill(self.width)
        if key in self.codes:
            return key
        return self._index.get(key)

    def entry(self, code: str) -> dict[str, str]:
        """The ``{"code", "label"}`` object of a known code (a fresh dict each call)."""
        return {"code": code, "label": self.codes[code].label}

    def is_valid(self, obj: Any) -> bool:
        """``obj`` is exactly ``{"code": <a code>, "label": <its canonical label>}``."""
        if not isinstance(obj, dict) or len(obj) != 2:
            return False
        code = obj.get("code")
        known = self.codes.get(code) if isinstance(code, str) else None
        return known is not None and obj.get("label") == known.label

    @classmethod
    def from_mapping(cls, raw: Any, origin: str) -> CodeTable:
        """Build a table from a parsed YAML document, checking it; ``origin`` names the file in errors."""
        if not isinstance(raw, dict):
            raise ConfigError(f"{origin}: 代码表文件应为 YAML 映射", file=origin)
        unknown = set(raw) - _TABLE_KEYS
        if unknown:
            raise ConfigError(f"{origin}: 未知的键 {sorted(unknown)}", file=origin)
        for key in ("id", "version", "name", "status", "codes"):
            if key not in raw:
                raise ConfigError(f"{origin}: 缺少键 {key}", file=origin, key=key)
        if raw["status"] not in ("stable", "provisional"):
            raise ConfigError(f"{origin}: status 应为 stable 或 provisional", file=origin, key="status")
        codes: dict[str, Code] = {}
        index: dict[str, str] = {}
        label_lookup = bool(raw.get("label_lookup", True))
        for n, item in enumerate(raw["codes"] or []):
            where = f"{origin}: codes[{n}]"
            if not isinstance(item, dict) or set(item) - _CODE_KEYS or not {"code", "label"} <= set(item):
                raise ConfigError(f"{where}: 每个代码应有 code、label，可有 {sorted(_CODE_KEYS)}", file=origin)
            code, label = str(item["code"]), str(item["label"])
            if code in codes:
                raise ConfigError(f"{where}: 代码 {code} 重复", file=origin)
            aliases = tuple(str(a) for a in item.get("aliases") or ())
            codes[code] = Code(code, label, aliases, str(item.get("status", raw["status"])), item.get("parent"))
            if not label_lookup:
                continue
            for text in (label, *aliases):
                key = lookup_key(text)
                if index.get(key, code) != code:
                    raise ConfigError(f"{where}: 标签或别名 {text} 同时指向 {index[key]} 和 {code}", file=origin)
                index[key] = code
        widths = {len(c) for c in codes}
        if len(widths) != 1:
            raise ConfigError(f"{origin}: 同一代码表的代码应等宽，实为 {sorted(widths)}", file=origin)
        return cls(str(raw["id"]), str(raw["version"]), str(raw["name"]), str(raw["status"]), codes,
                   widths.pop(), label_lookup, index)


class CodeTables:
    """All code tables of one directory, by id."""

    def __init__(self, tables: Mapping[str, CodeTable]) -> None:
        self._tables = dict(tables)

    @classmethod
    def load_dir(cls, directory: Path) -> CodeTables:
        """Read every ``*.yaml`` of ``directory``; the file name must equal the table id."""
        tables: dict[str, CodeTable] = {}
        for path in sorted(directory.glob("*.yaml")):
            try:
                raw = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
            except yaml.YAMLError as exc:
                raise ConfigError(f"{path}: YAML 无法解析: {exc}", file=str(path)) from exc
            table = CodeTable.from_mapping(raw, str(path))
            if table.id != path.stem:
                raise ConfigError(f"{path}: 表 id {table.id} 与文件名不符", file=str(path))
            tables[table.id] = table
        return cls(tables)

    @classmethod
    def with_overlay(cls, overlay: Path | None) -> CodeTables:
        """The shipped tables, with those of ``overlay`` (an integrator's fixes) replacing the same ids."""
        base = cls.load_default()
        if overlay is None or not overlay.is_dir():
            return base
        return cls({**base._tables, **cls.load_dir(overlay)._tables})

    @classmethod
    def load_default(cls) -> CodeTables:
        """The tables shipped in ``mappings/tables/``, loaded once per process."""
        return _load_default()

    def __contains__(self, table_id: object) -> bool:
        return table_id in self._tables

    def __iter__(self) -> Iterator[str]:
        return iter(self._tables)

    def table(self, table_id: str) -> CodeTable:
        try:
            return self._tables[table_id]
        except KeyError:
            raise ConfigError(f"未知的代码表 {table_id}", table=table_id) from None

    def resolve(self, table_id: str, value: Any) -> str | None:
        return self.table(table_id).resolve(value)

    def lookup(self, table_id: str, value: Any, *, field: str = "") -> dict[str, str]:
        """``{"code", "label"}`` for what a source sent (§1.9), else ``DataError`` with ``CODE_UNKNOWN``."""
        table = self.table(table_id)
        code = table.resolve(value)
        if code is None:
            error = FieldError(field, "CODE_UNKNOWN", f"“{value}”不是代码表 {table.id}（{table.name}）的代码或标签", value)
            raise DataError(f"代码表 {table_id} 中没有 {value!r}", [error], table=table_id)
        return table.entry(code)

    def is_valid(self, table_id: str, obj: Any) -> bool:
        return self.table(table_id).is_valid(obj)


@functools.cache
def _load_default() -> CodeTables:
    return CodeTables.load_dir(DEFAULT_TABLE_DIR)


def lookup(table_id: str, value: Any) -> dict[str, str]:
    """``CodeTables.load_default().lookup(table_id, value)``."""
    return CodeTables.load_default().lookup(table_id, value)


def is_valid(table_id: str, obj: Any) -> bool:
    """``CodeTables.load_default().is_valid(table_id, obj)``."""
    return CodeTables.load_default().is_valid(table_id, obj)
