"""Conversion of legacy ≈2016 rows to the 2020 set, as the platform does on the v1 channel (§4.5).

    row2020, names, errors, warnings = convert_row("CF", legacy_row, organs_by_name, today, received_ms)

``names`` maps each 2020 column to the legacy column it came from (errors name the legacy
column); ``errors`` are conversion errors (the 2020 checks run afterwards, without 1014);
``warnings`` holds 2001 (more than 7 working days between decision and receipt).
"""

from __future__ import annotations

import calendar
import re
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any

from adapters.credit.simrows import ERR_MSG, trim
from adapters.credit.wire import PLACEHOLDER_USCC
from adapters.sthj.identifiers import upgrade_id15

__all__ = ["LEGACY_COLUMNS", "convert_row", "legacy_date", "working_days_after", "yuan_to_wan"]

LEGACY_COLUMNS = {
    "XK": ("XK_WSH", "XK_XMMC", "XK_SPLB", "XK_NR", "XK_XDR", "XK_XDR_SHXYM", "XK_XDR_ZDM", "XK_XDR_GSDJ",
           "XK_XDR_SWDJ", "XK_XDR_SFZ", "XK_FR", "XK_JDRQ", "XK_JZQ", "XK_XZJG", "XK_ZT", "DFBM", "SJC", "BZ"),
    "CF": ("CF_WSH", "CF_CFMC", "CF_CFLB1", "CF_CFLB2", "CF_SY", "CF_YJ", "CF_XDR_MC", "CF_XDR_SHXYM", "CF_XDR_ZDM",
           "CF_XDR_GSDJ", "CF_XDR_SWDJ", "CF_XDR_SFZ", "CF_FR", "CF_JG", "CF_JDRQ", "CF_XZJG", "CF_ZT", "DFBM", "SJC",
           "BZ", "CF_FKJE", "CF_MSJE"),
}
_REQUIRED = {"XK": ("XK_WSH", "XK_XMMC", "XK_SPLB", "XK_NR", "XK_XDR", "XK_JDRQ", "XK_XZJG", "DFBM"),
             "CF": ("CF_WSH", "CF_CFMC", "CF_CFLB1", "CF_SY", "CF_YJ", "CF_XDR_MC", "CF_JG", "CF_JDRQ", "CF_XZJG",
                    "DFBM")}
_FOLD = ("SHXYM", "ZDM", "GSDJ", "SWDJ", "SFZ", "JDRQ", "JZQ", "FKJE", "MSJE")
_CFLB1 = {"警告": "警告", "罚款": "罚款", "没收违法所得、没收非法财物": "没收违法所得", "责令停产停业": "责令停产停业",
          "行政拘留": "行政拘留", "其他": "其他"}
_SUSPEND = "暂扣或者吊销许可证、暂扣或者吊销执照"
_YUAN = re.compile(r"^(0|[1-9][0-9]{0,15})(\.[0-9]{1,2})?$")
_DATES = (re.compile(r"^([0-9]{4})-([0-9]{2})-([0-9]{2})( [0-9]{2}:[0-9]{2}:[0-9]{2})?$"),
          re.compile(r"^([0-9]{4})/([0-9]{1,2})/([0-9]{1,2})$"), re.compile(r"^([0-9]{4})([0-9]{2})([0-9]{2})$"),
          re.compile(r"^([0-9]{4})年([0-9]{1,2})月([0-9]{1,2})日$"))


def _fold(text: str) -> str:
    return "".join(chr(ord(c) - 0xFEE0) if 0xFF01 <= ord(c) <= 0xFF5E else c for c in text)


def legacy_date(text: str) -> date | None:
    """A lenient v1 date, or None."""
    for pattern in _DATES:
        m = pattern.match(text)
        if m:
            try:
                return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            except ValueError:
                return None
    return None


def yuan_to_wan(text: str) -> str:
    """Exact 元 → 万元 as the platform writes it (``"1500.00"`` → ``"0.15"``)."""
    value = Decimal(text) / Decimal(10000)
    out = format(value.quantize(Decimal("0.000001")), "f").rstrip("0").rstrip(".")
    return out or "0"


def working_days_after(start: date, end: date) -> int:
    """Monday–Friday dates d with start < d ≤ end."""
    return sum(1 for i in range(1, (end - start).days + 1) if (start + timedelta(days=i)).weekday() < 5)


def _add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


Converted = tuple[dict[str, Any], dict[str, str], list[dict[str, Any]], list[dict[str, Any]]]


def convert_row(p: str, row: Any, organs: dict[str, str], today: date, received_ms: int,
                areas: tuple[str, ...] = ("321081",)) -> Converted:
    errors: list[dict[str, Any]] = []
    order = {c: i for i, c in enumerate(LEGACY_COLUMNS[p])}

    def err(code: str, column: str, value: Any) -> None:
        errors.append({"errCode": code, "column": column, "errMsg": ERR_MSG[code],
                       "value": None if value in (None, "") else str(value)})

    if not isinstance(row, dict):
        return {}, {}, [{"errCode": "1017", "column": "", "errMsg": ERR_MSG["1017"], "value": None}], []
    v: dict[str, str] = {}
    for column, value in row.items():
        if column not in order:
            err("1016", column, value)
        elif value is not None and not isinstance(value, str):
            err("1017", column, value)
        else:
            text = trim(value or "")
            v[column] = _fold(text) if column.split("_")[-1] in _FOLD else text

    def g(column: str) -> str:
        return v.get(column, "")

    for column in _REQUIRED[p]:
        if not g(column) and column not in {e["column"] for e in errors}:
            err("1001", column, None)
    x = "XK_XDR" if p == "XK" else "CF_XDR_MC"
    ids = [g(f"{p}_XDR_{c}") for c in ("SHXYM", "ZDM", "GSDJ", "SWDJ", "SFZ")]
    if not any(ids):
        err("1001", f"{p}_XDR_SHXYM", None)
    uscc, zdm, gsdj, swdj, sfz = ids
    category = "法人及非法人组织"
    if sfz and not (uscc or zdm or gsdj or swdj):
        category = "自然人"
    elif uscc.startswith("92"):
        category = "个体工商户"
    decided = legacy_date(g(f"{p}_JDRQ")) if g(f"{p}_JDRQ") else None
    if g(f"{p}_JDRQ") and decided is None:
        err("1003", f"{p}_JDRQ", g(f"{p}_JDRQ"))
    organ = organs.get(g(f"{p}_XZJG"))
    if g(f"{p}_XZJG") and organ is None:
        err("1005", f"{p}_XZJG", g(f"{p}_XZJG"))
    if g("DFBM") and g("DFBM") not in areas:
        err("1005", "DFBM", g("DFBM"))
    zt = g(f"{p}_ZT")
    if zt not in ("", "0") and not (p == "XK" and zt == "1"):
        err("1005", f"{p}_ZT", zt)
    out: dict[str, Any] = {f"{p}_XDR_MC": g(x), f"{p}_XDR_LB": category,
                           f"{p}_XDR_SHXYM": uscc or (PLACEHOLDER_USCC if category != "自然人" else None),
                           f"{p}_XDR_GSZC": gsdj or None, f"{p}_XDR_ZZJG": zdm.replace("-", "") or None,
                           f"{p}_XDR_SWDJ": swdj or None, f"{p}_FRDB": g(f"{p}_FR") or None}
    if sfz:
        out[f"{p}_XDR_ZJLX"] = "身份证"
        out[f"{p}_XDR_ZJHM"] = upgrade_id15(sfz) if len(sfz) == 15 and sfz.isdigit() else sfz
    names = {f"{p}_XDR_MC": x, f"{p}_XDR_SHXYM": f"{p}_XDR_SHXYM", f"{p}_XDR_GSZC": f"{p}_XDR_GSDJ",
             f"{p}_XDR_ZZJG": f"{p}_XDR_ZDM", f"{p}_XDR_SWDJ": f"{p}_XDR_SWDJ", f"{p}_FRDB": f"{p}_FR",
             f"{p}_XDR_ZJLX": f"{p}_XDR_SFZ", f"{p}_XDR_ZJHM": f"{p}_XDR_SFZ", f"{p}_XDR_LB": f"{p}_XDR_SHXYM"}
    day = decided.isoformat() if decided else g(f"{p}_JDRQ") or None
    bz = g("BZ")
    if p == "XK":
        end = g("XK_JZQ")
        end_day = legacy_date(end) if end else date(2099, 12, 31)
        if end and end_day is None:
            err("1003", "XK_JZQ", end)
        out.update({"XK_XKWS": g("XK_XMMC"), "XK_WSH": g("XK_WSH"), "XK_XKLB": g("XK_SPLB"), "XK_NR": g("XK_NR"),
                    "XK_JDRQ": day, "XK_YXQZ": day, "XK_YXQZI": end_day.isoformat() if end_day else end,
                    "XK_XKJG": g("XK_XZJG"), "XK_XKJGDM": organ, "XK_ZT": "2" if zt == "1" else "1",
                    "XK_LYDW": g("XK_XZJG"), "XK_LYDWDM": organ, "BZ": bz or None})
        names.update({"XK_XKWS": "XK_XMMC", "XK_XKLB": "XK_SPLB", "XK_YXQZ": "XK_JDRQ", "XK_YXQZI": "XK_JZQ",
                      "XK_XKJG": "XK_XZJG", "XK_XKJGDM": "XK_XZJG", "XK_LYDW": "XK_XZJG", "XK_LYDWDM": "XK_XZJG"})
    else:
        lb1 = g("CF_CFLB1")
        kind = _CFLB1.get(lb1) or (("吊销许可证件" if "吊销" in g("CF_JG") else "暂扣许可证件") if lb1 == _SUSPEND else None)
        if lb1 and kind is None:
            err("1005", "CF_CFLB1", lb1)
        amounts: dict[str, str | None] = {}
        for src, dst in (("CF_FKJE", "CF_NR_FK"), ("CF_MSJE", "CF_NR_WFFF")):
            text = g(src)
            if text and not _YUAN.match(text):
                err("1004", src, text)
            amounts[dst] = yuan_to_wan(text) if text and _YUAN.match(text) else None
        if g("CF_CFLB2"):
            bz = (bz + "；" if bz else "") + f"处罚类别2：{g('CF_CFLB2')}"
        end_pub = (_add_months(decided, 3) if kind == "警告" else _add_months(decided, 12)).isoformat() if decided else None
        out.update({"CF_WSH": g("CF_WSH"), "CF_WFXW": g("CF_CFMC"), "CF_SY": g("CF_SY"), "CF_YJ": g("CF_YJ"),
                    "CF_CFLB": kind or lb1, "CF_NR": g("CF_JG"), **amounts, "CF_JDRQ": day, "CF_YXQ": "2099-12-31",
                    "CF_GSJZQ": end_pub, "CF_CFJG": g("CF_XZJG"), "CF_CFJGDM": organ, "CF_SJLY": g("CF_XZJG"),
                    "CF_SJLYDM": organ, "BZ": bz or None})
        names.update({"CF_WFXW": "CF_CFMC", "CF_CFLB": "CF_CFLB1", "CF_NR": "CF_JG", "CF_NR_FK": "CF_FKJE",
                      "CF_NR_WFFF": "CF_MSJE", "CF_GSJZQ": "CF_JDRQ", "CF_YXQ": "CF_JDRQ", "CF_CFJG": "CF_XZJG",
                      "CF_CFJGDM": "CF_XZJG", "CF_SJLY": "CF_XZJG", "CF_SJLYDM": "CF_XZJG"})
    warnings: list[dict[str, Any]] = []
    received = datetime.fromtimestamp(received_ms / 1000, timezone(timedelta(hours=8))).date()
    if decided and not errors and working_days_after(decided, received) > 7:
        warnings.append({"errCode": "2001", "column": f"{p}_JDRQ", "errMsg": ERR_MSG["2001"], "value": g(f"{p}_JDRQ")})
    errors.sort(key=lambda e: (order.get(e["column"], len(order)), e["errCode"]))
    return out, names, errors, warnings
