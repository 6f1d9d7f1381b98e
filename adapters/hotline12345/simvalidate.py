"""Validation of the four status-event bodies (§3.6) by the simulated hotline.

    problem = check_body("sign", body)     # None, or (http_status, code, errors)
"""

from __future__ import annotations

import re
from typing import Any

__all__ = ["check_body"]

_TIME = re.compile(r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$")
_PHONE = re.compile(r"^[0-9-]{1,20}$")
_COMMON = {"dispatchSeq": "int", "unitCode": "str"}
# field → (type, required, min length, max length)
_FIELDS: dict[str, dict[str, tuple[str, bool, int, int]]] = {
    "sign": {"signTime": ("time", True, 0, 0), "signer": ("str", True, 1, 20), "signerPhone": ("phone", True, 1, 20),
             "remark": ("str", False, 0, 200)},
    "return": {"returnTime": ("time", True, 0, 0), "reasonCode": ("code", True, 2, 2), "reasonText": ("str", True, 10, 500),
               "suggestUnitName": ("str", False, 0, 100), "operator": ("str", True, 1, 20),
               "operatorPhone": ("phone", True, 1, 20)},
    "extension": {"applyTime": ("time", True, 0, 0), "extendDays": ("int", True, 0, 0), "reason": ("str", True, 10, 500),
                  "applicant": ("str", True, 1, 20), "applicantPhone": ("phone", True, 1, 20)},
    "feedback": {"feedbackTime": ("time", True, 0, 0), "handleResult": ("code", True, 1, 1),
                 "replyText": ("str", True, 20, 4000), "contacted": ("code", True, 1, 1),
                 "contactTime": ("time", False, 0, 0), "contactMethod": ("code", False, 1, 1),
                 "handler": ("str", True, 1, 20), "handlerPhone": ("phone", True, 1, 20), "attachments": ("list", False, 0, 10)},
}
_CODES = {"reasonCode": ("01", "02", "03", "04", "99"), "handleResult": ("1", "2", "3", "4"), "contacted": ("0", "1"),
          "contactMethod": ("1", "2", "3", "4")}


def _err(field: str, code: str, message: str) -> dict[str, str]:
    return {"field": field, "code": code, "message": message}


def check_body(action: str, body: Any) -> tuple[int, str, list[dict[str, str]]] | None:
    """``None`` when ``body`` is acceptable for ``action``; else (HTTP status, §3.10 code, field errors)."""
    if not isinstance(body, dict):
        return 400, "40004", []
    fields = _FIELDS[action]
    unknown = [k for k in body if k not in fields and k not in _COMMON]
    if unknown:
        return 400, "40002", [_err(k, "FORMAT", "未知字段") for k in unknown]
    missing = [k for k in _COMMON if body.get(k) in (None, "")]
    missing += [k for k, (_, req, _, _) in fields.items() if req and body.get(k) in (None, "")]
    if action == "feedback" and body.get("contacted") == "1":
        missing += [k for k in ("contactTime", "contactMethod") if body.get(k) in (None, "")]
    if missing:
        return 400, "40001", [_err(k, "REQUIRED", "缺少必填字段") for k in missing]
    if not isinstance(body["dispatchSeq"], int) or isinstance(body["dispatchSeq"], bool):
        return 400, "40002", [_err("dispatchSeq", "FORMAT", "应为整数")]
    format_errors: list[dict[str, str]] = []
    lengths: list[dict[str, str]] = []
    for name, (kind, _, low, high) in fields.items():
        value = body.get(name)
        if value in (None, ""):
            continue
        if kind == "time" and not (isinstance(value, str) and _TIME.match(value)):
            format_errors.append(_err(name, "FORMAT", "时间格式应为yyyy-MM-dd HH:mm:ss"))
        elif kind == "int" and (not isinstance(value, int) or isinstance(value, bool)):
            format_errors.append(_err(name, "FORMAT", "应为整数"))
        elif kind == "phone" and not (isinstance(value, str) and _PHONE.match(value)):
            format_errors.append(_err(name, "FORMAT", "电话格式不正确"))
        elif kind == "code" and value not in _CODES.get(name, (value,)):
            format_errors.append(_err(name, "CODE_UNKNOWN", "代码不在字典中"))
        elif kind == "list" and (not isinstance(value, list) or len(value) > high):
            format_errors.append(_err(name, "RANGE", "附件不超过10个"))
        elif kind == "str" and (not isinstance(value, str) or len(value) > high):
            format_errors.append(_err(name, "LENGTH", f"不超过{high}个字"))
        elif kind == "str" and len(value) < low:
            lengths.append(_err(name, "LENGTH", f"不少于{low}个字"))
    if format_errors:
        return 400, "40002", format_errors
    if lengths:
        return 422, "42202", lengths
    return None
