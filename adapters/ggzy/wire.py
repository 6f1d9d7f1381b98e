"""Names and formats of the ggzy 数据交换服务 shared by the adapter and the simulator (ggzy.md §2–§4).

    d14_to_ms("20251202150236")     # 1764658956000 (Beijing time, +08:00)
    ms_to_d14(1764658956000)        # "20251202150236"
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from typing import Literal

__all__ = [
    "API_PREFIX",
    "BEIJING",
    "COUNT_PATH",
    "D14_RE",
    "DATA_TYPES",
    "DEALS_PATH",
    "DataType",
    "ERRORS",
    "ID_RE",
    "INITIAL_SINCE",
    "PING_PATH",
    "SIGN_METHODS",
    "SignMethod",
    "ZERO_ID",
    "d14_to_ms",
    "ms_to_d14",
]

API_PREFIX = "/ggzy/api/v2"
DEALS_PATH = "/deals"
COUNT_PATH = "/deals/count"
PING_PATH = "/ping"

DataType = Literal["TENDER_PROJECT", "BID_SECTION", "TENDER_NOTICE", "BID_OPEN", "WIN_CANDIDATE", "WIN_RESULT", "CONTRACT"]
# Registry-feeding kinds first: a stage record's project and section are then known when it is mapped.
DATA_TYPES: tuple[DataType, ...] = (
    "TENDER_PROJECT", "BID_SECTION", "TENDER_NOTICE", "BID_OPEN", "WIN_CANDIDATE", "WIN_RESULT", "CONTRACT",
)
SignMethod = Literal["HMAC-SM3", "HMAC-SHA256"]
SIGN_METHODS: tuple[SignMethod, ...] = ("HMAC-SM3", "HMAC-SHA256")

ID_RE = re.compile(r"^[0-9a-f]{32}$")
D14_RE = re.compile(r"^[0-9]{14}$")
ZERO_ID = "0" * 32  # §3.1: no record has this ID; starts a timestamp inclusively
INITIAL_SINCE = "20150101000000"  # §3.1: full initial load (earliest record 2015-03)

BEIJING = timezone(timedelta(hours=8))

#: §3.5: code → (HTTP status, msg)
ERRORS: dict[str, tuple[int, str]] = {
    "1001": (400, "缺少必填参数"),
    "1002": (400, "参数格式错误"),
    "1003": (400, "每页条数超出范围"),
    "1004": (400, "不支持的数据类型"),
    "1005": (400, "游标参数不一致"),
    "2000": (401, "认证信息缺失"),
    "2001": (401, "应用标识无效"),
    "2002": (401, "签名校验失败"),
    "2003": (401, "时间戳超出允许范围"),
    "2004": (401, "请求重复（Nonce 已使用）"),
    "2005": (403, "无权访问该区域数据"),
    "2006": (403, "来源地址不在白名单"),
    "3001": (429, "请求过于频繁"),
    "3002": (429, "当日调用次数已用完"),
    "4004": (404, "记录不存在"),
    "4040": (404, "接口不存在"),
    "4050": (405, "请求方法不支持"),
    "5000": (500, "系统内部错误"),
    "5003": (503, "系统维护中"),
}


def d14_to_ms(text: str) -> int:
    """Epoch milliseconds of a D14 Beijing-time string; ``ValueError`` if it is not a real time."""
    if not D14_RE.match(text):
        raise ValueError(f"not a D14 timestamp: {text!r}")
    return int(datetime.strptime(text, "%Y%m%d%H%M%S").replace(tzinfo=BEIJING).timestamp() * 1000)


def ms_to_d14(ms: int) -> str:
    """The D14 Beijing-time string of epoch milliseconds (floored to the second)."""
    return datetime.fromtimestamp(ms // 1000, BEIJING).strftime("%Y%m%d%H%M%S")
