"""The national standard as code: every record type of STANDARD.md §4 with its rules.

::

    from mappings.standard import validate_record, validate_data

    validate_record(record)                        # a whole §5.2 body record, with digest
    validate_record(record, require_digest=False)  # an unsealed record
    validate_data("JGXW_CHECK", data, cd_time="2025-11-12T16:42:05+08:00")
    validate_data("JGXW_CHECK", {"check_action_code": "X"}, cd_time=t, tombstone=True)

Both return every ``FieldError`` found (empty list: valid), one per (field, code), with paths from the
record root (``data.check_personnel_code``, ``data.punish_type[1]``, ``data.items[0].quantity``).
Record types live one per module in ``mappings/standard/records/`` and are found at first use.
"""

from __future__ import annotations

import functools
import importlib
import pkgutil
from datetime import datetime
from typing import Any

from mappings.codes import CodeTables
from mappings.standard import records as _records
from mappings.standard.record import validate_record as _validate_record
from mappings.standard.schema import RecordType
from santong.errors import ConfigError, FieldError

__all__ = ["RecordType", "record_type", "record_types", "validate_data", "validate_record"]


@functools.cache
def record_types() -> dict[str, RecordType]:
    """Every record type, by msgType, from the modules of ``mappings/standard/records/``."""
    found: dict[str, RecordType] = {}
    for module_info in pkgutil.iter_modules(_records.__path__):
        module = importlib.import_module(f"{_records.__name__}.{module_info.name}")
        record_type = getattr(module, "RECORD_TYPE", None)
        if not isinstance(record_type, RecordType):
            raise ConfigError(f"{module.__name__} 没有定义 RECORD_TYPE", module=module.__name__)
        if record_type.msg_type in found:
            raise ConfigError(f"记录类型 {record_type.msg_type} 定义了两次", module=module.__name__)
        found[record_type.msg_type] = record_type
    return found


def record_type(msg_type: str) -> RecordType:
    """The record type ``msg_type``; ``ConfigError`` when the standard has no such type (here)."""
    try:
        return record_types()[msg_type]
    except KeyError:
        raise ConfigError(f"未知的记录类型 {msg_type}", msg_type=msg_type) from None


def validate_data(msg_type: str, data: dict[str, Any], *, cd_time: str | None, tombstone: bool = False,
                  tables: CodeTables | None = None) -> list[FieldError]:
    """Every error of ``data`` of type ``msg_type``; ``cd_time`` (the record's) bounds act dates (R-ACT),
    ``None`` skips that rule.  A tombstone's data holds only the key field(s) and ``delete_reason``."""
    return record_type(msg_type).validate(data, cd_time=cd_time, tables=tables or CodeTables.load_default(),
                                          tombstone=tombstone)


def validate_record(record: Any, *, require_digest: bool = True, now: datetime | None = None,
                    tables: CodeTables | None = None) -> list[FieldError]:
    """Every error of a whole §5.2 body record: control fields, ``specVersion``, ``data`` per §4."""
    return _validate_record(record, record_types(), tables or CodeTables.load_default(),
                            require_digest=require_digest, now=now)
