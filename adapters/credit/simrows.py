"""The platform's row rules for 2020 rows (§4.1, §4.2, §4.4), as the simulator applies them.

    checker = RowChecker("CF", today=date(2025, 11, 19))
    errors, warnings = checker.check(row)       # [{"errCode", "column", "errMsg", "value"}], ordered per §3.3

Per column: empty (1001) → type (1017) → length (1011) → format (1002/1003/1004/1005/1010);
the first failure is that column's only error.  Cross-field rules run only on columns that
passed.  Amount columns accept :class:`Literal` numbers (the JSON literal text, quirk 4).
The duplicate key (1006) is the batch processor's, not this module's.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from adapters.credit.wire import CF_COLUMNS, PLACEHOLDER_USCC, XK_COLUMNS, mask_id
from adapters.sthj.identifiers import id_number_valid, org_code_valid, uscc_valid

__all__ = ["CATEGORIES", "ERR_MSG", "Literal", "PUNISH_LABELS", "RowChecker", "add_years", "parse_date", "trim"]

ERR_MSG = {
    "1001": "必填项为空", "1002": "统一社会信用代码/组织机构代码校验失败", "1003": "日期格式错误，应为yyyy-MM-dd",
    "1004": "金额格式错误", "1005": "代码值不在码表中", "1006": "重复数据（请使用更正接口）",
    "1007": "处罚决定日期晚于公示截止期", "1008": "日期先后顺序错误", "1009": "决定日期晚于当前日期",
    "1010": "身份证号码校验失败", "1011": "字段长度超限", "1012": "相对人类别与代码不符", "1013": "原记录不存在",
    "1014": "处罚类别与金额/证照不一致", "1015": "公示截止期超出最长公示期限", "1016": "未定义的字段",
    "1017": "字段类型错误", "2001": "超期报送（决定日期后超过7个工作日）", "2002": "组织机构代码与统一社会信用代码不一致",
}
CATEGORIES = ("法人及非法人组织", "自然人", "个体工商户")
CE_LABELS = ("身份证", "护照号", "港澳居民来往内地通行证", "台湾居民来往大陆通行证", "外国人永久居留身份证")
LICENSE_LABELS = ("普通", "特许", "认可", "核准", "登记", "其他")
PUNISH_LABELS = ("警告", "通报批评", "罚款", "没收违法所得", "没收非法财物", "暂扣许可证件", "降低资质等级",
                 "吊销许可证件", "限制开展生产经营活动", "责令停产停业", "责令关闭", "限制从业", "行政拘留", "其他")
_AMOUNT = re.compile(r"^(0|[1-9][0-9]{0,11})(\.[0-9]{1,6})?$")
_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
_WS = " \t\r\n\f\v\u3000"


class Literal(str):
    """A JSON number kept as its literal text (``json.loads(parse_float=Literal, parse_int=Literal)``)."""


def trim(value: Any) -> Any:
    return value.strip(_WS) if isinstance(value, str) else value


def parse_date(text: str) -> date | None:
    if not _DATE.match(text):
        return None
    try:
        return date(int(text[:4]), int(text[5:7]), int(text[8:]))
    except ValueError:
        return None


def add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 Feb
        return day.replace(year=day.year + years, day=28)


def _spec(data_type: str) -> dict[str, tuple[int, str, str]]:
    """column → (max length, required Y/C/N, kind) ; kind: text uscc org date amount code:<table> id."""
    p = data_type
    spec = {
        f"{p}_XDR_MC": (200, "Y", "text"), f"{p}_XDR_LB": (16, "Y", "code:LB"), f"{p}_XDR_SHXYM": (18, "C", "uscc"),
        f"{p}_XDR_GSZC": (50, "C", "text"), f"{p}_XDR_ZZJG": (9, "C", "org"), f"{p}_XDR_SWDJ": (50, "C", "text"),
        f"{p}_XDR_SYDW": (50, "C", "text"), f"{p}_XDR_SHZZ": (50, "C", "text"), f"{p}_FRDB": (50, "C", "text"),
        f"{p}_FR_ZJLX": (32, "N", "code:CE"), f"{p}_FR_ZJHM": (64, "C", "id"), f"{p}_XDR_ZJLX": (32, "C", "code:CE"),
        f"{p}_XDR_ZJHM": (64, "C", "id"),
    }
    if p == "XK":
        spec.update({"XK_XKWS": (64, "Y", "text"), "XK_WSH": (64, "Y", "text"), "XK_XKLB": (8, "Y", "code:XKLB"),
                     "XK_XKZS": (64, "N", "text"), "XK_XKBH": (64, "N", "text"), "XK_NR": (4000, "Y", "text"),
                     "XK_JDRQ": (10, "Y", "date"), "XK_YXQZ": (10, "Y", "date"), "XK_YXQZI": (10, "Y", "date"),
                     "XK_XKJG": (200, "Y", "text"), "XK_XKJGDM": (18, "Y", "uscc"), "XK_ZT": (1, "Y", "code:ZT"),
                     "XK_LYDW": (200, "Y", "text"), "XK_LYDWDM": (18, "Y", "uscc"), "BZ": (512, "N", "text")})
    else:
        spec.update({"CF_WSH": (64, "Y", "text"), "CF_WFXW": (2000, "Y", "text"), "CF_SY": (5000, "Y", "text"),
                     "CF_YJ": (2000, "Y", "text"), "CF_CFLB": (200, "Y", "code:CFLB"), "CF_NR": (4000, "Y", "text"),
                     "CF_NR_FK": (19, "C", "amount"), "CF_NR_WFFF": (19, "C", "amount"),
                     "CF_NR_ZKDX": (200, "C", "text"), "CF_JDRQ": (10, "Y", "date"), "CF_YXQ": (10, "Y", "date"),
                     "CF_GSJZQ": (10, "Y", "date"), "CF_CFJG": (200, "Y", "text"), "CF_CFJGDM": (18, "Y", "uscc"),
                     "CF_SJLY": (200, "Y", "text"), "CF_SJLYDM": (18, "Y", "uscc"), "BZ": (512, "N", "text")})
    return spec


def _split_punish(text: str) -> list[str]:
    return [t.strip(_WS) for t in re.split("[；;]", text) if t.strip(_WS)]


class RowChecker:
    """The §4.4 checks of one data type (``XK``/``CF``) against a platform date ``today``."""

    def __init__(self, data_type: str, today: date) -> None:
        self.data_type = data_type
        self.today = today
        self.columns = XK_COLUMNS if data_type == "XK" else CF_COLUMNS
        self.spec = _spec(data_type)

    def check(self, row: Any, *, legacy_names: dict[str, str] | None = None) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        """(errors, warnings) of one row; ``legacy_names`` renames columns in the report (v1)."""
        p = self.data_type
        found: list[tuple[int, str, str, Any]] = []  # (position, code, column, value)
        warns: list[tuple[int, str, str, Any]] = []
        if not isinstance(row, dict):
            return [self._err(-1, "1017", "", None)], []
        order = {c: i for i, c in enumerate(self.columns)}
        values = {c: trim(row.get(c)) for c in self.columns}
        ok: dict[str, Any] = {}
        for column in self.columns:
            code = self._column(column, values[column], values)
            if code:
                found.append((order[column], code, column, values[column]))
            elif values[column] not in (None, ""):
                ok[column] = values[column]
        for extra in row:
            if extra not in order:
                found.append((len(order), "1016", extra, row[extra]))
        bad = {c for _, _, c, _ in found}

        def add(code: str, column: str) -> None:
            found.append((order[column], code, column, values[column]))

        lb = ok.get(f"{p}_XDR_LB")
        if lb is not None:
            self._category(lb, values, bad, add)
        zzjg, uscc = ok.get(f"{p}_XDR_ZZJG"), ok.get(f"{p}_XDR_SHXYM")
        if zzjg and uscc and uscc != PLACEHOLDER_USCC and uscc[8:17] != zzjg:
            warns.append((order[f"{p}_XDR_ZZJG"], "2002", f"{p}_XDR_ZZJG", zzjg))
        jd = parse_date(ok[f"{p}_JDRQ"]) if f"{p}_JDRQ" in ok else None
        if jd and jd > self.today:
            add("1009", f"{p}_JDRQ")
        if p == "XK":
            a, b = ok.get("XK_YXQZ"), ok.get("XK_YXQZI")
            if a and b and parse_date(a) > parse_date(b):  # type: ignore[operator]
                add("1008", "XK_YXQZI")
        else:
            yxq, gs = ok.get("CF_YXQ"), ok.get("CF_GSJZQ")
            if jd and yxq and jd > parse_date(yxq):  # type: ignore[operator]
                add("1008", "CF_YXQ")
            if jd and gs:
                end = parse_date(gs)
                if end and jd > end:
                    add("1007", "CF_GSJZQ")
                elif end and end > add_years(jd, 3):
                    add("1015", "CF_GSJZQ")
            if "CF_CFLB" in ok and not legacy_names:
                self._amounts(_split_punish(ok["CF_CFLB"]), values, bad, add)
        found.sort(key=lambda f: (f[0], f[1]))
        names = legacy_names or {}
        errors = [self._err(pos, code, names.get(col, col), val) for pos, code, col, val in found]
        warnings = [self._err(pos, code, names.get(col, col), val) for pos, code, col, val in warns]
        return errors, warnings

    # -- per column ------------------------------------------------------------------------
    def _required(self, column: str, values: dict[str, Any]) -> bool:
        p = self.data_type
        need = self.spec[column][1]
        if need == "Y":
            return True
        lb = values.get(f"{p}_XDR_LB")
        if column == f"{p}_XDR_SHXYM":
            return lb in ("法人及非法人组织", "个体工商户")
        if column == f"{p}_FRDB":
            return lb in ("法人及非法人组织", "个体工商户")
        if column in (f"{p}_XDR_ZJLX", f"{p}_XDR_ZJHM"):
            return lb == "自然人"
        if column == f"{p}_FR_ZJHM":
            return values.get(f"{p}_FR_ZJLX") not in (None, "")
        return False

    def _column(self, column: str, value: Any, values: dict[str, Any]) -> str | None:
        length, _, kind = self.spec[column]
        if value is None or value == "":
            return "1001" if self._required(column, values) else None
        if isinstance(value, Literal):
            if kind != "amount":
                return "1017"
        elif not isinstance(value, str):
            return "1017"
        if len(value) > length and kind != "amount":
            return "1011"
        if kind == "uscc":
            return None if value == PLACEHOLDER_USCC and column.endswith("_SHXYM") or uscc_valid(value) else "1002"
        if kind == "org":
            return None if org_code_valid(value) else "1002"
        if kind == "date":
            return None if parse_date(value) else "1003"
        if kind == "amount":
            return None if _AMOUNT.match(value) and (not column.endswith("_FK") or float(value) > 0) else "1004"
        if kind == "id":
            lx = values.get(column.replace("ZJHM", "ZJLX"))
            return "1010" if lx == "身份证" and not id_number_valid(value) else None
        if kind.startswith("code:"):
            table = kind[5:]
            allowed = {"LB": CATEGORIES, "CE": CE_LABELS, "XKLB": LICENSE_LABELS, "ZT": ("1", "2")}.get(table)
            if allowed is not None:
                return None if value in allowed else "1005"
            items = _split_punish(value)
            return None if items and all(i in PUNISH_LABELS for i in items) else "1005"
        return None

    def _category(self, lb: str, values: dict[str, Any], bad: set[str], add: Any) -> None:
        p = self.data_type
        uscc = values.get(f"{p}_XDR_SHXYM")
        others = [f"{p}_XDR_{c}" for c in ("GSZC", "ZZJG", "SWDJ", "SYDW", "SHZZ")]
        if lb == "法人及非法人组织":
            if uscc and f"{p}_XDR_SHXYM" not in bad:
                if uscc.startswith("92"):
                    add("1012", f"{p}_XDR_SHXYM")
                elif uscc == PLACEHOLDER_USCC and not any(values.get(c) for c in others):
                    add("1001", f"{p}_XDR_GSZC")
            for c in (f"{p}_XDR_ZJLX", f"{p}_XDR_ZJHM"):
                if values.get(c) and c not in bad:
                    add("1012", c)
        elif lb == "个体工商户":
            if uscc and f"{p}_XDR_SHXYM" not in bad:
                if uscc == PLACEHOLDER_USCC and not values.get(f"{p}_XDR_GSZC"):
                    add("1012", f"{p}_XDR_SHXYM")
                elif uscc != PLACEHOLDER_USCC and not uscc.startswith("92"):
                    add("1012", f"{p}_XDR_SHXYM")
        else:
            for c in [f"{p}_XDR_SHXYM", *others, f"{p}_FRDB"]:
                if values.get(c) and c not in bad:
                    add("1012", c)

    def _amounts(self, items: list[str], values: dict[str, Any], bad: set[str], add: Any) -> None:
        need = {"CF_NR_FK": "罚款" in items, "CF_NR_WFFF": bool({"没收违法所得", "没收非法财物"} & set(items)),
                "CF_NR_ZKDX": bool({"暂扣许可证件", "吊销许可证件"} & set(items))}
        for column, required in need.items():
            if column in bad:
                continue
            present = values.get(column) not in (None, "")
            if required != present:
                add("1014", column)

    def _err(self, pos: int, code: str, column: str, value: Any) -> dict[str, Any]:
        text = None if value is None else str(value)
        if text and (column.endswith("ZJHM") or column.endswith("_SFZ")):
            text = mask_id(text)
        return {"errCode": code, "column": column, "errMsg": ERR_MSG[code], "value": text}
