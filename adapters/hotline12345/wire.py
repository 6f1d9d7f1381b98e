"""What the 12345 interface (``sources/hotline12345.md``) fixes: paths, codes, times.

    parse_time("2025-11-03 09:12:45.0")     # datetime(2025, 11, 3, 9, 12, 45, tzinfo=+08:00), quirk 7
    format_time(dt)                         # '2025-11-03 09:12:45' (the only form requests may use)

Shared by the adapter and the simulator; no I/O.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

__all__ = [
    "ACTIONS",
    "API_PREFIX",
    "APPEAL_TYPES",
    "BEIJING",
    "CHANGES_PATH",
    "EVENT_TYPES",
    "FILE_PATH",
    "IDEMPOTENCY_KEY_RE",
    "ORDER_NO_RE",
    "STATUS_NAMES",
    "TOKEN_PATH",
    "format_time",
    "parse_time",
]

BEIJING = timezone(timedelta(hours=8))
TOKEN_PATH = "/yz12345/oauth/token"
API_PREFIX = "/yz12345/openapi/v1"
CHANGES_PATH = API_PREFIX + "/orders/changes"
FILE_PATH = "/yz12345/file/download"

ORDER_NO_RE = re.compile(r"^YZ12345-\d{8}-\d{6}$")
IDEMPOTENCY_KEY_RE = re.compile(r"^[A-Za-z0-9._:-]{8,64}$")
_TIME_RE = re.compile(r"^(\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2})(\.0)?$")

#: §3.6: the four status events, by path segment, with the cause each one produces (§4.9)
ACTIONS = {"sign": "SIGNED", "return": "RETURNED", "extension": "EXTENSION_APPLIED", "feedback": "FEEDBACK_SUBMITTED"}
EVENT_TYPES = ("ORDER_DISPATCHED", "ORDER_SUPERVISED", "ORDER_URGED", "ORDER_STATUS_CHANGED")
APPEAL_TYPES = {"01": "咨询", "02": "求助", "03": "投诉", "04": "举报", "05": "建议", "06": "表扬"}
STATUS_NAMES = {"20": "待签收", "30": "办理中", "32": "延期审核中", "40": "退回审核中", "50": "已反馈待回访",
                "60": "已办结", "80": "已撤销", "90": "已改派"}


def parse_time(text: str) -> datetime:
    """A §4.1 datetime (with or without the JDBC ``.0`` of quirk 7) as an aware Beijing time."""
    m = _TIME_RE.match(text)
    if not m:
        raise ValueError(f"not a yyyy-MM-dd HH:mm:ss time: {text!r}")
    return datetime.strptime(m.group(1), "%Y-%m-%d %H:%M:%S").replace(tzinfo=BEIJING)


def format_time(moment: datetime) -> str:
    """``yyyy-MM-dd HH:mm:ss`` in Beijing time (naive values are taken as Beijing time)."""
    if moment.tzinfo is not None:
        moment = moment.astimezone(BEIJING)
    return moment.strftime("%Y-%m-%d %H:%M:%S")
