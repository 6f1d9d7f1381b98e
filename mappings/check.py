"""Checking every code table and every mapping spec at once, reporting each problem (``santong map --check``).

::

    report = check_all()                       # the shipped specs and tables
    for problem in report.problems:            # ConfigError, each naming file (and line, field)
        print(problem)
    report.ok                                  # no problem found

Unlike loading (``SpecMapper``), which stops at the first broken file, the check compiles each table and
each spec file on its own, so that one broken file does not hide the others.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from mappings.codes import DEFAULT_TABLE_DIR, CodeTable, CodeTables
from mappings.sources import load_specs
from santong.errors import ConfigError

__all__ = ["CheckReport", "check_all"]

DEFAULT_SPEC_DIR = Path(__file__).with_name("specs")


@dataclass
class CheckReport:
    """What ``check_all`` found: counts of what loaded, and every problem."""

    tables: int = 0
    specs: int = 0
    sources: list[str] = field(default_factory=list)
    problems: list[ConfigError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def _tables(directory: Path, problems: list[ConfigError]) -> CodeTables:
    tables: dict[str, CodeTable] = {}
    for path in sorted(directory.glob("*.yaml")):
        try:
            try:
                raw = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
            except (yaml.YAMLError, OSError, UnicodeDecodeError) as exc:
                raise ConfigError(f"{path}: 无法读取或解析: {exc}", file=str(path)) from exc
            table = CodeTable.from_mapping(raw, str(path))
            if table.id != path.stem:
                raise ConfigError(f"{path}: 表 id {table.id} 与文件名不符", file=str(path))
            tables[table.id] = table
        except ConfigError as exc:
            problems.append(exc)
    return CodeTables(tables)


def check_all(spec_dir: Path = DEFAULT_SPEC_DIR, table_dir: Path = DEFAULT_TABLE_DIR) -> CheckReport:
    """Load every table of ``table_dir`` and compile every spec of ``spec_dir``, collecting each problem."""
    report = CheckReport()
    tables = _tables(table_dir, report.problems)
    report.tables = len(list(tables))
    try:
        sources = load_specs(spec_dir, tables, report.problems)
    except ConfigError as exc:
        report.problems.append(exc)
        return report
    report.sources = sorted(sources)
    report.specs = sum(len(specs) for s in sources.values() for specs in s.kinds.values())
    return report
