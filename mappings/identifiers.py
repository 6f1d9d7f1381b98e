"""Identifier checks of STANDARD.md §2, each returning the field errors it finds (empty: valid).

Messages never repeat personal data (a birth date, a number): the value is in ``FieldError.value``,
which the journal keeps encrypted and logs mask (§1.8).

Every check takes the value and the path of the field it sits in, and reports with the §5.11 code
the standard gives, first failure wins within one identifier::

    check_uscc("91321081MA1N7G5T0Q", "data.administrative_cp_ui_code")
    # [FieldError("data.administrative_cp_ui_code", "CHECKSUM", "统一社会信用代码校验位应为 R，实为 Q", ...)]
    check_idno("32108119790314153X", "111", "data.administrative_cp_ui_code")   # []
    upgrade_idno15("321081680923041")                                          # "321081196809230419"

Checks that need the area list (area, ilist, pcode, cd_source, udc's field letter) take the code
tables as ``tables=``; by default the shipped ones.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from mappings.codes import CodeTables
from santong.errors import DataError, FieldError

__all__ = [
    "PROVINCE_CODES",
    "check_area",
    "check_batch_no",
    "check_cd_id",
    "check_cd_source",
    "check_id_card",
    "check_idno",
    "check_ilist",
    "check_item",
    "check_org9",
    "check_pcode",
    "check_udc",
    "check_uscc",
    "id_card_check_char",
    "org9_check_char",
    "upgrade_idno15",
    "uscc_check_char",
]

_USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_VALUE = {c: i for i, c in enumerate(_USCC_CHARS)}
_USCC_WEIGHTS = tuple(pow(3, i, 31) for i in range(17))
_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
_UDC_CHARS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ*"

#: Province codes of GB/T 2260 (§2.3), also the valid 省级代码 of a 监管事项编码 (§2.6).
PROVINCE_CODES = frozenset(
    [str(n) for n in (*range(11, 16), *range(21, 24), *range(31, 38), *range(41, 47), *range(50, 55), *range(61, 66))]
    + ["71", "81", "82"]
)

_DIGITS = re.compile(r"[0-9]+")
_ORG9 = re.compile(r"[0-9A-Z]{8}[0-9X]")
_ID18 = re.compile(r"[0-9]{17}[0-9X]")
_ID15 = re.compile(r"[0-9]{15}")
_CE_FORMATS = {
    "003": (re.compile(r"[0-9]{13}|[0-9]{15}"), "工商注册号应为 13 或 15 位数字"),
    "004": (re.compile(r"[0-9A-Z]{15}|[0-9A-Z]{18}|[0-9A-Z]{20}"), "税务登记号应为 15、18 或 20 位数字或大写字母"),
    "005": (re.compile(r"[0-9A-Z]{6,30}"), "事业单位证书号应为 6–30 位数字或大写字母"),
    "006": (re.compile(r"[0-9A-Z]{6,30}"), "社会组织登记证号应为 6–30 位数字或大写字母"),
}
_PERSON_DOC = (re.compile(r"[0-9A-Z()\-]{5,30}"), "证件号码应为 5–30 位数字、大写字母、括号或连字符")
_ADAPTER = re.compile(r"[a-z0-9][a-z0-9-]{0,31}")
_KIND = re.compile(r"[A-Z][A-Z0-9_]{0,31}")
_NO_SPACE = re.compile(r"[^\s\u0000-\u001f\u007f-\u009f\u00a0\u3000\ufeff]{1,128}")
_PCODE = re.compile(r"([0-9]{2})(0[1-9]|1[0-2])-([0-9]{6})-([0-9]{2})-(0[1-3])-([0-9]{6})")


def _err(field: str, code: str, message: str, value: Any) -> list[FieldError]:
    return [FieldError(field, code, message, value)]


def _real_date(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def uscc_check_char(first17: str) -> str:
    """The GB 32100 check character of the first 17 characters (which must be in the character set)."""
    total = sum(_USCC_VALUE[c] * w for c, w in zip(first17, _USCC_WEIGHTS))
    return _USCC_CHARS[(31 - total % 31) % 31]


def org9_check_char(body8: str) -> str:
    """The GB 11714 check character of an 8-character body of digits and upper-case letters."""
    total = sum((int(c) if c.isdigit() else ord(c) - 55) * w for c, w in zip(body8, _ORG_WEIGHTS))
    r = 11 - total % 11
    return "X" if r == 10 else "0" if r == 11 else str(r)


def id_card_check_char(first17: str) -> str:
    """The GB 11643 (ISO 7064 MOD 11-2) check character of 17 digits."""
    return _ID_CHECK[sum(int(c) * w for c, w in zip(first17, _ID_WEIGHTS)) % 11]


def check_uscc(value: Any, field: str = "") -> list[FieldError]:
    """统一社会信用代码, §2.1 rules 1–5 in order."""
    if not isinstance(value, str):
        return _err(field, "FORMAT", "统一社会信用代码应为字符串", value)
    if len(value) != 18:
        return _err(field, "LENGTH", f"统一社会信用代码应为 18 位，实为 {len(value)} 位", value)
    for c in value:
        if c not in _USCC_VALUE:
            why = "含小写字母" if c.islower() else "含非法字符"
            return _err(field, "FORMAT", f"统一社会信用代码{why}“{c}”（只允许 0-9 和除 I、O、S、V、Z 外的大写字母）", value)
    if not value[2:8].isdigit():
        return _err(field, "FORMAT", "统一社会信用代码第 3–8 位（登记管理机关行政区划码）应为数字", value)
    expected = uscc_check_char(value[:17])
    if value[17] != expected:
        return _err(field, "CHECKSUM", f"统一社会信用代码校验位应为 {expected}，实为 {value[17]}", value)
    if check_org9(value[8:17]):
        return _err(field, "CHECKSUM", "主体标识码(组织机构代码)校验位错误", value)
    return []


def check_org9(value: Any, field: str = "") -> list[FieldError]:
    """组织机构代码, §2.2 (the standard form has no hyphen)."""
    if not isinstance(value, str):
        return _err(field, "FORMAT", "组织机构代码应为字符串", value)
    if "-" in value:
        return _err(field, "FORMAT", "组织机构代码不应含连字符（标准形式为 9 位连写）", value)
    if len(value) != 9:
        return _err(field, "LENGTH", f"组织机构代码应为 9 位，实为 {len(value)} 位", value)
    if not _ORG9.fullmatch(value):
        return _err(field, "FORMAT", "组织机构代码应为 8 位数字或大写字母加校验位 0-9 或 X", value)
    expected = org9_check_char(value[:8])
    if value[8] != expected:
        return _err(field, "CHECKSUM", f"组织机构代码校验位应为 {expected}，实为 {value[8]}", value)
    return []


def check_id_card(value: Any, field: str = "", *, latest: date | None = None) -> list[FieldError]:
    """居民身份证号码 (CE_TYPE 111), §2.3; ``latest`` is the record's ``cd_time`` date (birth not after it)."""
    if not isinstance(value, str):
        return _err(field, "FORMAT", "居民身份证号码应为字符串", value)
    if len(value) != 18:
        hint = "（15 位号码应先升为 18 位）" if len(value) == 15 else ""
        return _err(field, "LENGTH", f"居民身份证号码应为 18 位，实为 {len(value)} 位{hint}", value)
    if not _ID18.fullmatch(value):
        why = "校验位 x 应为大写 X" if value[:17].isdigit() and value[17] == "x" else "应为 17 位数字加校验位 0-9 或 X"
        return _err(field, "FORMAT", f"居民身份证号码{why}", value)
    if value[:2] not in PROVINCE_CODES:
        return _err(field, "FORMAT", f"居民身份证号码前两位 {value[:2]} 不是省级行政区划代码", value)
    born = _real_date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    if born is None:
        return _err(field, "FORMAT", "居民身份证号码中的出生日期不存在", value)
    if born < date(1900, 1, 1) or (latest is not None and born > latest):
        return _err(field, "FORMAT", "居民身份证号码中的出生日期不在 1900-01-01 至记录时间之间", value)
    expected = id_card_check_char(value[:17])
    if value[17] != expected:
        return _err(field, "CHECKSUM", f"居民身份证号码校验位应为 {expected}，实为 {value[17]}", value)
    return []


def check_idno(value: Any, ce_type: str, field: str = "", *, latest: date | None = None) -> list[FieldError]:
    """An identity-document number by its CE_TYPE code (§2.4).  Raises ``ValueError`` for an unknown code."""
    if ce_type == "001":
        return check_uscc(value, field)
    if ce_type == "002":
        return check_org9(value, field)
    if ce_type == "111":
        return check_id_card(value, field, latest=latest)
    if ce_type in _CE_FORMATS:
        pattern, message = _CE_FORMATS[ce_type]
    elif ce_type in ("414", "511", "516", "553", "999"):
        pattern, message = _PERSON_DOC
    else:
        raise ValueError(f"unknown CE_TYPE code {ce_type!r}")
    if not isinstance(value, str) or not pattern.fullmatch(value):
        return _err(field, "FORMAT", message, value)
    return []


def upgrade_idno15(value: str, field: str = "") -> str:
    """The 18-character form of a 15-digit 居民身份证号码 (§2.3); raises ``DataError`` (``FORMAT``) when
    the number is not 15 digits or its birth date does not exist."""
    if not _ID15.fullmatch(value):
        raise DataError("不是 15 位身份证号码", [FieldError(field, "FORMAT", "15 位居民身份证号码应为 15 位数字", value)])
    if _real_date(1900 + int(value[6:8]), int(value[8:10]), int(value[10:12])) is None:
        message = "15 位居民身份证号码中的出生日期不存在，无法升位"
        raise DataError(message, [FieldError(field, "FORMAT", message, value)])
    first17 = value[:6] + "19" + value[6:]
    return first17 + id_card_check_char(first17)


def _areas(tables: CodeTables | None) -> CodeTables:
    return tables if tables is not None else CodeTables.load_default()


def check_area(value: Any, field: str = "", *, tables: CodeTables | None = None) -> list[FieldError]:
    """行政区划代码, §2.5: six digits, then membership in the shipped AREA list."""
    if not isinstance(value, str) or len(value) != 6 or not value.isascii() or not value.isdigit():
        return _err(field, "FORMAT", "行政区划代码应为 6 位数字", value)
    area = _areas(tables).table("AREA")
    if value not in area.codes:
        return _err(field, "CODE_UNKNOWN", f"行政区划代码 {value} 不在现行区划代码表 {area.ref} 中", value)
    return []


def _item_segments(value: str) -> str | None:
    """Why a 14-digit string is not a valid 监管事项编码, or None."""
    if value[0:2] not in ("11", "12", "13", "14"):
        return f"目录类别 {value[0:2]} 应为 11–14"
    if value[2:4] != "00" and value[2:4] not in PROVINCE_CODES:
        return f"省级代码 {value[2:4]} 不是省级行政区划代码或 00"
    if value[4:6] == "00":
        return "监管部门类别不能为 00"
    if value[6:12] == "000000":
        return "主项序号不能为 000000"
    return None


def check_item(value: Any, field: str = "") -> list[FieldError]:
    """监管事项编码, §2.6."""
    if not isinstance(value, str) or not value.isascii() or not _DIGITS.fullmatch(value):
        return _err(field, "FORMAT", "监管事项编码应为 14 位数字", value)
    if len(value) != 14:
        return _err(field, "LENGTH", f"监管事项编码应为 14 位，实为 {len(value)} 位", value)
    why = _item_segments(value)
    return _err(field, "FORMAT", f"监管事项编码{why}", value) if why else []


def check_ilist(value: Any, field: str = "", *, tables: CodeTables | None = None) -> list[FieldError]:
    """检查实施清单编码, §2.7 (the match with ``supervise_item_code`` is rule CHK-7 of the record)."""
    if not isinstance(value, str) or not value.isascii() or not _DIGITS.fullmatch(value):
        return _err(field, "FORMAT", "检查实施清单编码应为 23 位数字", value)
    if len(value) != 23:
        return _err(field, "LENGTH", f"检查实施清单编码应为 23 位，实为 {len(value)} 位", value)
    why = _item_segments(value[:14])
    if why:
        return _err(field, "FORMAT", f"检查实施清单编码的监管事项部分：{why}", value)
    if value[14:20] not in _areas(tables).table("AREA").codes:
        return _err(field, "CODE_UNKNOWN", f"检查实施清单编码第 15–20 位 {value[14:20]} 不在行政区划代码表中", value)
    if value[20:] == "000":
        return _err(field, "FORMAT", "检查实施清单编码的清单序号不能为 000", value)
    return []


def check_udc(value: Any, field: str = "", *, tables: CodeTables | None = None) -> list[FieldError]:
    """统一交易标识码, §2.8, in the order given there."""
    if not isinstance(value, str):
        return _err(field, "FORMAT", "统一交易标识码应为字符串", value)
    if len(value) != 33:
        return _err(field, "LENGTH", f"统一交易标识码应为 33 位，实为 {len(value)} 位", value)
    if any(c not in _UDC_CHARS[:36] for c in value[:32]) or value[32] not in _UDC_CHARS:
        return _err(field, "FORMAT", "统一交易标识码只能含数字和大写字母（第 33 位可为 *）", value)
    p = 0
    for c in value[:32]:
        p = ((p + _UDC_CHARS.index(c)) * 2) % 37
    expected = _UDC_CHARS[(38 - p) % 37]
    if value[32] != expected:
        return _err(field, "CHECKSUM", f"统一交易标识码校验位应为 {expected}，实为 {value[32]}", value)
    if value[19] == "2":
        ok = value[19:27].isdigit() and _real_date(int(value[19:23]), int(value[23:25]), int(value[25:27])) is not None
    elif value[19] == "1":
        ok = value[19:25].isdigit() and 15 <= int(value[19:21]) <= 18 and \
            _real_date(2000 + int(value[19:21]), int(value[21:23]), int(value[23:25])) is not None
    else:
        return _err(field, "FORMAT", f"统一交易标识码第 20 位应为 2（现行）或 1（旧版），实为 {value[19]}", value)
    if not ok:
        return _err(field, "FORMAT", "统一交易标识码中的赋码日期不存在", value)
    if value[18] not in _areas(tables).table("GGZY_FIELD").codes:
        return _err(field, "CODE_UNKNOWN", f"统一交易标识码第 19 位交易类型 {value[18]} 未知", value)
    if check_uscc(value[:18]):
        return _err(field, "CHECKSUM", "统一交易标识码的发码机构代码不是有效的统一社会信用代码", value)
    return []


def check_pcode(value: Any, field: str = "", *, tables: CodeTables | None = None) -> list[FieldError]:
    """投资项目统一代码, §2.9."""
    m = _PCODE.fullmatch(value) if isinstance(value, str) else None
    if m is None:
        return _err(field, "FORMAT", "投资项目统一代码应为 YYMM-AAAAAA-BB-CC-NNNNNN（CC 为 01–03）", value)
    if m.group(3) not in _areas(tables).table("AREA").codes:
        return _err(field, "CODE_UNKNOWN", f"投资项目统一代码中的行政区划代码 {m.group(3)} 未知", value)
    return []


def check_cd_id(value: Any, field: str = "cd_id") -> list[FieldError]:
    """``<adapter>:<source kind>:<source record id>``, §2.11."""
    if not isinstance(value, str) or len(value) > 200:
        return _err(field, "FORMAT", "cd_id 应为不超过 200 个字符的字符串", value)
    parts = value.split(":", 2)
    if len(parts) != 3:
        return _err(field, "FORMAT", "cd_id 应为 适配器:来源类型:来源记录编号", value)
    adapter, kind, record_id = parts
    if not _ADAPTER.fullmatch(adapter):
        return _err(field, "FORMAT", f"cd_id 的适配器名 {adapter} 应为小写字母、数字和连字符", value)
    if not _KIND.fullmatch(kind):
        return _err(field, "FORMAT", f"cd_id 的来源类型 {kind} 应为大写字母、数字和下划线", value)
    if not _NO_SPACE.fullmatch(record_id):
        return _err(field, "FORMAT", "cd_id 的来源记录编号应为 1–128 个字符且不含空白或控制字符", value)
    return []


def check_cd_source(value: Any, field: str = "cd_source", *, tables: CodeTables | None = None) -> list[FieldError]:
    """6-digit area + 18-character USCC of the data-owning department, §2.12."""
    if not isinstance(value, str):
        return _err(field, "FORMAT", "cd_source 应为字符串", value)
    if len(value) != 24:
        return _err(field, "LENGTH", f"cd_source 应为 24 位（6 位区划 + 18 位统一社会信用代码），实为 {len(value)} 位", value)
    errors = [FieldError(field, e.code, "cd_source 的区划部分：" + e.message, value)
              for e in check_area(value[:6], field, tables=tables)]
    errors += [FieldError(field, e.code, "cd_source 的统一社会信用代码部分：" + e.message, value)
               for e in check_uscc(value[6:], field)]
    return errors


def check_batch_no(value: Any, field: str = "cd_batch") -> list[FieldError]:
    """批次号 ``YYYYMMDDnnnnn``, §2.10."""
    if not isinstance(value, str) or len(value) != 13 or not value.isascii() or not value.isdigit():
        return _err(field, "FORMAT", "批次号应为 13 位数字（YYYYMMDD + 5 位序号）", value)
    if _real_date(int(value[:4]), int(value[4:6]), int(value[6:8])) is None:
        return _err(field, "FORMAT", f"批次号中的日期 {value[:8]} 不存在", value)
    if value[8:] == "00000":
        return _err(field, "FORMAT", "批次号序号应为 00001–99999", value)
    return []
