"""What both sides of the e路阳光 interface agree on (elu-yangguang.md §2–§3): paths, kinds, codes, time forms.

    KINDS["XMXX"].path        # '/xm/query'
    KINDS["JDSJ"].key         # 'JDSLBH'
    CODES["1002"]             # (200, '令牌已过期，请重新获取或刷新令牌')
    parse_dt("2025-11-19 08:12:05")  # aware datetime, +08:00
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Literal

__all__ = [
    "API_PREFIX", "AUTH_PATH", "BEIJING", "CODES", "DT_FORMAT", "KINDS", "KIND_NAMES", "REFRESH_PATH",
    "Kind", "KindName", "format_dt", "parse_dt",
]

API_PREFIX = "/elyg/api/v2"
AUTH_PATH = "/auth/token"
REFRESH_PATH = "/auth/refresh"
BEIJING = timezone(timedelta(hours=8))
DT_FORMAT = "%Y-%m-%d %H:%M:%S"
MAX_REQUEST_BYTES = 64 * 1024

KindName = Literal["XMXX", "JDSJ", "CJDW", "JDJC", "XZCF", "GSXX"]
KIND_NAMES: tuple[KindName, ...] = ("XMXX", "JDSJ", "CJDW", "JDJC", "XZCF", "GSXX")


@dataclass(frozen=True)
class Kind:
    """One record kind: its root element, query path, key element, module encoding, and §3 sort order."""

    name: str
    module: str
    key: str
    encoding: str
    stable_order: bool  # False: ordered by GXSJ only (quirk 13)

    @property
    def path(self) -> str:
        return f"/{self.module}/query"


KINDS: dict[str, Kind] = {
    "XMXX": Kind("XMXX", "xm", "XMDM", "GBK", False),
    "JDSJ": Kind("JDSJ", "jd", "JDSLBH", "GBK", False),
    "CJDW": Kind("CJDW", "cjdw", "CJDWBH", "GBK", True),
    "JDJC": Kind("JDJC", "jdjc", "JCBH", "UTF-8", True),
    "XZCF": Kind("XZCF", "xzcf", "CFBH", "UTF-8", True),
    "GSXX": Kind("GSXX", "gs", "GSBH", "UTF-8", True),
}

# §3.3: CODE -> (HTTP status, MSG as sent)
CODES: dict[str, tuple[int, str]] = {
    "0000": (200, "成功"),
    "1001": (401, "缺少认证令牌"),
    "1002": (200, "令牌已过期，请重新获取或刷新令牌"),
    "1003": (401, "令牌无效"),
    "1004": (200, "应用标识不存在或已停用"),
    "1005": (200, "摘要校验失败"),
    "1006": (200, "时间戳超出允许范围"),
    "1007": (200, "随机串重复"),
    "1008": (200, "刷新令牌无效或已过期"),
    "1009": (200, "无权访问该区划数据"),
    "2001": (200, "请求报文格式错误"),
    "2002": (200, "缺少必填参数:{}"),
    "2003": (200, "参数格式错误:{}"),
    "2004": (200, "每页条数超出范围(1-50)"),
    "2005": (200, "查询时间范围错误"),
    "3001": (429, "请求过于频繁"),
    "3002": (429, "当日调用次数已用完"),
    "3003": (429, "并发请求数超限"),
    "9001": (503, "系统维护中"),
    "9999": (500, "系统内部错误"),
}


def parse_dt(text: str) -> datetime:
    """A ``DT`` value (``yyyy-MM-dd HH:mm:ss``, Beijing time) as an aware datetime; ValueError otherwise."""
    if len(text) != 19:
        raise ValueError(f"not a DT value: {text!r}")
    return datetime.strptime(text, DT_FORMAT).replace(tzinfo=BEIJING)


def format_dt(moment: datetime | float) -> str:
    """``yyyy-MM-dd HH:mm:ss`` in Beijing time of an aware datetime or epoch seconds."""
    if not isinstance(moment, datetime):
        moment = datetime.fromtimestamp(moment, BEIJING)
    return moment.astimezone(BEIJING).strftime(DT_FORMAT)
