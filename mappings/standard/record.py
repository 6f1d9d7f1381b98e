"""The §5.2 body record: control fields around ``data``, checked together with ``data`` (§5.6 V6).

``validate_record(record)`` reports every error of a whole record.  It checks that ``digest`` is
present and well-formed (lower-case hex SM3) but not its value, which is ``signatures``' business;
``require_digest=False`` accepts an unsealed record (no ``digest``, e.g. before sealing).  ``now``, when
given, applies the receiver's clock rule (``cd_time`` at most 300 s ahead, ``RANGE``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import datetime, timedelta
from typing import Any

from mappings import identifiers
from mappings.codes import CodeTables
from mappings.standard.context import is_blank
from mappings.standard.schema import RecordType, dedupe
from santong.errors import FieldError

__all__ = ["CONTROL_FIELDS", "validate_record"]

CONTROL_FIELDS = ("cd_id", "cd_operation", "cd_batch", "cd_source", "cd_time", "specVersion", "data", "digest")
_DIGEST = re.compile(r"[0-9a-f]{64}")
_DATETIME = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\+08:00")
_CLOCK_SKEW = timedelta(seconds=300)


def check_cd_time(value: Any, now: datetime | None = None) -> list[FieldError]:
    """``cd_time``: ``YYYY-MM-DDTHH:MM:SS+08:00``, a real time, and (given ``now``) at most 300 s ahead."""
    if not isinstance(value, str) or not _DATETIME.fullmatch(value):
        return [FieldError("cd_time", "FORMAT", "cd_time 应为 YYYY-MM-DDTHH:MM:SS+08:00 格式", value)]
    try:
        when = datetime.fromisoformat(value)
    except ValueError:
        return [FieldError("cd_time", "FORMAT", f"cd_time {value} 不是有效的日期时间", value)]
    if now is not None and when > now + _CLOCK_SKEW:
        return [FieldError("cd_time", "RANGE", "cd_time 晚于接收方时钟 300 秒以上", value)]
    return []


def validate_record(record: Any, types: Mapping[str, RecordType], tables: CodeTables, *,
                    require_digest: bool = True, now: datetime | None = None) -> list[FieldError]:
    """Every error of one body record; ``types`` are the record types by msgType."""
    if not isinstance(record, dict):
        return [FieldError("", "FORMAT", "记录应为 JSON 对象", None)]
    errors: list[FieldError] = []
    for name in record:
        if name not in CONTROL_FIELDS:
            errors.append(FieldError(name, "SCHEMA", f"记录的未定义成员 {name}", None))
    for name in CONTROL_FIELDS:
        if name not in record:
            if name != "digest" or require_digest:
                errors.append(FieldError(name, "SCHEMA", f"记录缺少成员 {name}", None))
        elif is_blank(record[name]) and name != "data":
            errors.append(FieldError(name, "REQUIRED", f"{name} 必填", record[name]))
    present = {n: v for n, v in record.items() if n in CONTROL_FIELDS and not is_blank(v)}

    checks: dict[str, Callable[[Any], list[FieldError]]] = {
        "cd_id": identifiers.check_cd_id,
        "cd_batch": identifiers.check_batch_no,
        "cd_source": lambda v: identifiers.check_cd_source(v, tables=tables),
        "cd_time": lambda v: check_cd_time(v, now),
    }
    for name, check in checks.items():
        if name in present:
            errors += check(present[name])
    operation = present.get("cd_operation")
    if operation is not None and operation not in ("i", "u", "d"):
        errors.append(FieldError("cd_operation", "FORMAT", "cd_operation 应为 i、u 或 d", operation))
    digest = present.get("digest")
    if digest is not None and (not isinstance(digest, str) or not _DIGEST.fullmatch(digest)):
        errors.append(FieldError("digest", "FORMAT", "digest 应为 64 位小写十六进制 SM3 摘要", digest))

    record_type: RecordType | None = None
    spec_version = present.get("specVersion")
    if spec_version is not None:
        msg_type, _, version = str(spec_version).partition("/")
        record_type = types.get(msg_type)
        if record_type is None or version != "1.0":
            errors.append(FieldError("specVersion", "VERSION_UNSUPPORTED", f"不支持的规范版本 {spec_version}", spec_version))
            record_type = None
    data = record.get("data")
    if "data" in record and not isinstance(data, dict):
        errors.append(FieldError("data", "FORMAT", "data 应为 JSON 对象", data))
    elif isinstance(data, dict) and record_type is not None:
        cd_time = present.get("cd_time")
        valid_time = None if any(e.field == "cd_time" and e.code == "FORMAT" for e in errors) else cd_time
        errors += record_type.validate(data, cd_time=valid_time, tables=tables, tombstone=operation == "d")
    return dedupe(errors)
