"""Names of the 生态环境局 interface shared by the adapter and the simulator (sthj-rest.md §1, §3, §4.1)."""

from __future__ import annotations

import re
from typing import Literal

__all__ = ["HEALTH_PATH", "INFIX_TYPES", "LIST_PATH", "RECORD_ID_RE", "RECORD_TYPES", "RecordType"]

RecordType = Literal["INSPECTION", "PENALTY", "COERCIVE"]
RECORD_TYPES: tuple[RecordType, ...] = ("INSPECTION", "PENALTY", "COERCIVE")
INFIX_TYPES: dict[str, RecordType] = {"JC": "INSPECTION", "CF": "PENALTY", "QZ": "COERCIVE"}
RECORD_ID_RE = re.compile(r"^HBZF-(JC|CF|QZ)-\d{4}-\d{6}$")
LIST_PATH = "/api/v2/records"
HEALTH_PATH = "/api/v2/health"
