"""Formats of the envelope and receipt headers (STANDARD.md §1.4, §2.10, §2.12, §2.13).

    parse_datetime("2025-11-13T08:15:02+08:00")   # aware datetime, or None when malformed
    format_datetime(datetime.now(BEIJING))        # '2025-11-13T08:15:02+08:00'
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone

__all__ = [
    "BEIJING",
    "MAX_ENVELOPE_BYTES",
    "MAX_RECORDS",
    "PROVINCE_SENDER",
    "RECORD_TYPES",
    "SUPPORTED_VERSIONS",
    "TIME_WINDOW_S",
    "format_datetime",
    "is_batch_no",
    "is_nonce",
    "is_sender",
    "is_source",
    "is_uuid",
    "parse_datetime",
]

BEIJING = timezone(timedelta(hours=8))

# §4.0: the record types an envelope may carry (RECEIPT is the answer, not a record type).
RECORD_TYPES: frozenset[str] = frozenset(
    {
        "JGXW_CHECK", "JGXW_PUNISH", "JGXW_FORCE", "JGXW_LICENSE", "JGXW_OTHER", "MLQD_ITEM",
        "TSJB", "FXYJ", "LHJG_TASK", "TASK_STATUS", "XYSGS_XK", "XYSGS_CF", "XY_LIST",
        "GGZY_DEAL", "GCJS_PROJECT",
    }
)  # fmt: skip
SUPPORTED_VERSIONS: tuple[str, ...] = ("1.0",)
PROVINCE_SENDER = "js-province"
MAX_RECORDS = 500
MAX_ENVELOPE_BYTES = 5_242_880
TIME_WINDOW_S = 300

_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
_NONCE = re.compile(r"[0-9a-f]{32}")
_BATCH = re.compile(r"([0-9]{8})([0-9]{5})")
_SOURCE = re.compile(r"[0-9]{6}[0-9A-Z]{18}")
_SENDER = re.compile(r"[a-z0-9][a-z0-9-]{1,63}")
_DATETIME = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})T([0-9]{2}):([0-9]{2}):([0-9]{2})\+08:00")


def is_uuid(value: object) -> bool:
    """A lower-case canonical RFC 4122 UUID (§2.13 msgId)."""
    return isinstance(value, str) and _UUID.fullmatch(value) is not None


def is_nonce(value: object) -> bool:
    """32 lower-case hex characters (§2.13 nonce)."""
    return isinstance(value, str) and _NONCE.fullmatch(value) is not None


def is_sender(value: object) -> bool:
    """A node id such as ``santong-321081`` or ``js-province`` (§2.13 sender)."""
    return isinstance(value, str) and _SENDER.fullmatch(value) is not None


def is_batch_no(value: object) -> bool:
    """13 digits: a valid YYYYMMDD and a sequence 00001–99999 (§2.10)."""
    if not isinstance(value, str):
        return False
    m = _BATCH.fullmatch(value)
    if m is None or m.group(2) == "00000":
        return False
    day = m.group(1)
    try:
        date(int(day[:4]), int(day[4:6]), int(day[6:]))
    except ValueError:
        return False
    return True


def is_source(value: object) -> bool:
    """The shape of a cd_source (§2.12): 6-digit area + 18-character USCC.

    Shape only; the area list and the USCC check character are the identifier
    validators' business (``mappings``).
    """
    return isinstance(value, str) and _SOURCE.fullmatch(value) is not None


def parse_datetime(value: object) -> datetime | None:
    """``YYYY-MM-DDTHH:MM:SS+08:00`` exactly (§1.4 datetime) as an aware datetime; else None."""
    if not isinstance(value, str):
        return None
    m = _DATETIME.fullmatch(value)
    if m is None:
        return None
    y, mo, d, h, mi, s = (int(g) for g in m.groups())
    try:
        return datetime(y, mo, d, h, mi, s, tzinfo=BEIJING)
    except ValueError:
        return None


def format_datetime(moment: datetime) -> str:
    """An aware datetime in the §1.4 form, in +08:00, whole seconds (truncated)."""
    if moment.tzinfo is None:
        raise ValueError("format_datetime needs an aware datetime")
    return moment.astimezone(BEIJING).strftime("%Y-%m-%dT%H:%M:%S+08:00")
