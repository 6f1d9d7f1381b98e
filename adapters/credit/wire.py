"""Constants of the 信用扬州 exchange interface (``sources/credit.md``), shared by adapter and simulator."""

from __future__ import annotations

import re

__all__ = [
    "API_PREFIX", "APP_ID_RE", "AUTH_CODES", "BATCHES_PATH", "CHECK_PATH", "CHANGES_PATH", "CF_COLUMNS",
    "DOC_APP_ID", "DOC_APP_SECRET", "KIND_CF_2016", "KIND_LIST_CHANGE", "KIND_XK_2016", "LIST_NAMES",
    "LIST_TYPES", "MASKED_RE", "ORGANS_PATH", "PLACEHOLDER_USCC", "RETRY_CODES", "UPDATE_PATH", "V1_UPLOAD_PATH",
    "XK_COLUMNS", "mask_id",
]

API_PREFIX = "/xyyz/api"
BATCHES_PATH = "/v2/sgs/batches"            # §3.1 POST, §3.3 GET /{ticket}
UPDATE_PATH = "/v2/sgs/batches/update"       # §3.2
V1_UPLOAD_PATH = "/v1/sgs/upload"            # §3.4 POST, §3.5 GET /{ticket}[/export]
CHANGES_PATH = "/v2/lists/changes"           # §3.6
CHECK_PATH = "/v2/credit/check"              # §3.7
ORGANS_PATH = "/v2/dict/organs"              # §3.8

DOC_APP_ID = "yz-santong-321081"
DOC_APP_SECRET = "b7Qm2Zr9XkP4sT1vW8yN3cF6hJ0dL5aE"  # the §2.3 example secret, not a real one
APP_ID_RE = re.compile(r"^[A-Za-z0-9_-]{1,64}$")

PLACEHOLDER_USCC = "00000000000000000X"

# santong's kinds for raw credit payloads (cd_id's kind)
KIND_LIST_CHANGE = "LIST_CHANGE"
KIND_XK_2016 = "XK_2016"
KIND_CF_2016 = "CF_2016"

LIST_TYPES = ("SXBZXR", "YZWFSX", "JYYC", "ZDSSWF")
LIST_NAMES = {"SXBZXR": "失信被执行人", "YZWFSX": "严重违法失信主体名单", "JYYC": "经营异常名录",
              "ZDSSWF": "重大税收违法失信主体"}

# §4.1 / §4.2 column order (errors are ordered by it)
_SUBJECT = ("XDR_MC", "XDR_LB", "XDR_SHXYM", "XDR_GSZC", "XDR_ZZJG", "XDR_SWDJ", "XDR_SYDW", "XDR_SHZZ", "FRDB",
            "FR_ZJLX", "FR_ZJHM", "XDR_ZJLX", "XDR_ZJHM")
XK_COLUMNS = tuple(f"XK_{c}" for c in _SUBJECT) + (
    "XK_XKWS", "XK_WSH", "XK_XKLB", "XK_XKZS", "XK_XKBH", "XK_NR", "XK_JDRQ", "XK_YXQZ", "XK_YXQZI", "XK_XKJG",
    "XK_XKJGDM", "XK_ZT", "XK_LYDW", "XK_LYDWDM", "BZ")
CF_COLUMNS = tuple(f"CF_{c}" for c in _SUBJECT) + (
    "CF_WSH", "CF_WFXW", "CF_SY", "CF_YJ", "CF_CFLB", "CF_NR", "CF_NR_FK", "CF_NR_WFFF", "CF_NR_ZKDX", "CF_JDRQ",
    "CF_YXQ", "CF_GSJZQ", "CF_CFJG", "CF_CFJGDM", "CF_SJLY", "CF_SJLYDM", "BZ")

AUTH_CODES = frozenset({"4011", "4012", "4013", "4014", "4015", "4031", "4032"})
RETRY_CODES = frozenset({"4291", "4292", "5001", "5031", "5032"})
MASKED_RE = re.compile(r"\*")


def mask_id(number: str) -> str:
    """§4.4 masking: ≥15 chars keep 6+4, 8–14 keep 2+2, shorter all ``*``."""
    n = len(number)
    if n >= 15:
        return number[:6] + "*" * (n - 10) + number[-4:]
    if n >= 8:
        return number[:2] + "*" * (n - 4) + number[-2:]
    return "*" * n
