"""The field types of STANDARD.md §1.4 with the text rules of §1.3, and ``Field`` that binds one to a name.

A type is called as ``type(value, path, ctx, label)``: it appends what is wrong to ``ctx`` and
returns the parsed value, or ``INVALID``.  A record type (``mappings.standard.<msgtype>``) is a
tuple of ``Field``s built from these::

    Field("check_date", "检查日期", Date(), "M", act="CHK-3")
    Field("punish_type", "处罚种类", List(Code("PUNISH_TYPE"), 1, 12, unique="PUN-12"), "M")
    Field("items", "查封扣押财物清单", List(Obj(ITEM_FIELDS), 1, 500), "C")
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from mappings import identifiers
from mappings.standard.context import INVALID, Ctx, is_blank
from mappings.text import CONTROL_S, CONTROL_T, has_edge_space, nfc

__all__ = [
    "Bool",
    "Check",
    "Code",
    "Date",
    "DateTime",
    "Dec",
    "Field",
    "IdNo",
    "Ident",
    "Int",
    "Key",
    "List",
    "Obj",
    "Phone",
    "Str",
    "check_members",
]

Check = Callable[[Any, str, Ctx, str], Any]

_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_DATETIME = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\+08:00")
_KEY_BAD = re.compile(r"[^\x21-\x7e]")
_PHONE = re.compile(r"\+?[0-9][0-9-]{4,19}")


@dataclass(frozen=True)
class Field:
    """One member of ``data`` (or of a nested object): name, 中文名, type, M/C/O flag and, for an act
    date bound by R-ACT (§1.7), the id of the rule that reports it (``act="CHK-3"``)."""

    name: str
    label: str
    type: Check
    flag: str = "O"
    act: str | None = None


def check_members(fields: Sequence[Field], known: frozenset[str], data: dict[str, Any], prefix: str, ctx: Ctx,
                  values: dict[str, Any], top: bool = False) -> None:
    """Check every member of ``data`` against ``fields`` (whose names are ``known``): unknown → SCHEMA,
    M without value → REQUIRED, present → the field's type; valid parsed values go to ``values``."""
    for name in data:
        if name not in known:
            ctx.add(prefix + name, "SCHEMA", f"未定义的成员 {name}", None)
    for f in fields:
        if f.name not in data:
            if f.flag == "M":
                ctx.add(prefix + f.name, "REQUIRED", f"{f.label}必填", None)
            continue
        value = data[f.name]
        path = prefix + f.name
        # a list<X>[0..n] may hold no element (§1.4); only an M list takes [] for "no value" (§1.5)
        if is_blank(value) and not (value == [] and isinstance(f.type, List) and f.type.lo == 0):
            if f.flag == "M":
                ctx.add(path, "REQUIRED", f"{f.label}必填", value)
            else:  # REQUIRED if a rule needs it, else FORMAT: decided after the rules ran
                ctx.blank.append((path, f.label, value))
            continue
        if top:
            ctx.present.add(f.name)
        parsed = f.type(value, path, ctx, f.label)
        if parsed is INVALID:
            continue
        values[f.name] = parsed
        if f.act and ctx.cd_date is not None:
            # a date is bounded by the calendar date of cd_time, a datetime by cd_time itself
            limit = ctx.cd_time if len(parsed) > 10 and ctx.cd_time else ctx.cd_date
            if (parsed if len(parsed) == len(limit) else parsed[:10]) > limit:
                what = "cd_time" if len(limit) > 10 else "cd_time 的日期"
                ctx.add(path, "ORDER", f"{f.label} {parsed} 晚于记录时间 {what} {limit}（R-ACT，{f.act}）", value)


def _text(value: Any, path: str, ctx: Ctx, label: str, lf: bool) -> bool:
    if type(value) is not str:
        ctx.add(path, "FORMAT", f"{label}应为字符串", value)
        return False
    if has_edge_space(value):
        ctx.add(path, "FORMAT", f"{label}首尾不能有空白字符", value)
        return False
    if (CONTROL_T if lf else CONTROL_S).search(value):
        ctx.add(path, "FORMAT", f"{label}不能含{'控制字符' if lf else '换行或控制字符'}", value)
        return False
    if nfc(value) != value:
        ctx.add(path, "FORMAT", f"{label}应为 Unicode NFC 规范化形式", value)
        return False
    return True


class Str:
    """``s(n)`` (no LF) or, with ``lf=True``, ``t(n)``."""

    def __init__(self, n: int, lf: bool = False) -> None:
        self.n, self.lf = n, lf

    def __call__(self, value: Any, path: str, ctx: Ctx, label: str) -> Any:
        if not _text(value, path, ctx, label, self.lf):
            return INVALID
        if len(value) > self.n:
            return ctx.fail(path, "LENGTH", f"{label}不能超过 {self.n} 个字符，实为 {len(value)} 个", value)
        return value


class Key:
    """``k(n)``: printable ASCII without white space; letters upper case (§1.3 rule 3)."""

    def __init__(self, n: int, pattern: str | None = None, why: str = "") -> None:
        self.n, self.pattern, self.why = n, re.compile(pattern) if pattern else None, why

    def __call__(self, value: Any, path: str, ctx: Ctx, label: str) -> Any:
        if type(value) is not str:
            return ctx.fail(path, "FORMAT", f"{label}应为字符串", value)
        if _KEY_BAD.search(value):
            return ctx.fail(path, "FORMAT", f"{label}只能含半角字符，不能含空白或控制字符", value)
        if value != value.upper():
            return ctx.fail(path, "FORMAT", f"{label}中的字母应为大写", value)
        if len(value) > self.n:
            return ctx.fail(path, "LENGTH", f"{label}不能超过 {self.n} 个字符，实为 {len(value)} 个", value)
        if self.pattern is not None and not self.pattern.fullmatch(value):
            return ctx.fail(path, "FORMAT", f"{label}{self.why}", value)
        return value


class Date:
    """``date``: ``YYYY-MM-DD``, a real date in 1900–2099; parsed as the ISO string (orderable)."""

    def __call__(self, value: Any, path: str, ctx: Ctx, label: str) -> Any:
        if type(value) is not str or not _DATE.fullmatch(value):
            return ctx.fail(path, "FORMAT", f"{label}应为 YYYY-MM-DD 格式的日期", value)
        try:
            date.fromisoformat(value)
        except ValueError:
            return ctx.fail(path, "FORMAT", f"{label} {value} 不是有效日期", value)
        if not "1900-01-01" <= value <= "2099-12-31":
            return ctx.fail(path, "RANGE", f"{label} {value} 不在 1900-01-01 至 2099-12-31 之间", value)
        return value


class DateTime:
    """``datetime``: ``YYYY-MM-DDTHH:MM:SS+08:00`` exactly."""

    def __call__(self, value: Any, path: str, ctx: Ctx, label: str) -> Any:
        if type(value) is not str or not _DATETIME.fullmatch(value):
            return ctx.fail(path, "FORMAT", f"{label}应为 YYYY-MM-DDTHH:MM:SS+08:00 格式", value)
        try:
            datetime.fromisoformat(value)
        except ValueError:
            return ctx.fail(path, "FORMAT", f"{label} {value} 不是有效的日期时间", value)
        return value


class Dec:
    """``dec(d)`` string; ``positive`` makes 0 a ``RANGE`` error (with ``rule`` named in the message)."""

    def __init__(self, d: int, positive: bool = False, rule: str = "") -> None:
        frac = rf"\.[0-9]{{{d}}}" if d else ""
        self.d, self.positive, self.rule = d, positive, rule
        self.pattern = re.compile(rf"(0|[1-9][0-9]{{0,15}}){frac}")

    def __call__(self, value: Any, path: str, ctx: Ctx, label: str) -> Any:
        if type(value) is not str or not self.pattern.fullmatch(value):
            example = "0." + "0" * self.d if self.d else "0"
            return ctx.fail(path, "FORMAT", f"{label}应为保留 {self.d} 位小数的十进制字符串（如 {example}）", value)
        number = Decimal(value)
        if self.positive and not number:
            why = f"（{self.rule}）" if self.rule else ""
            return ctx.fail(path, "RANGE", f"{label}应大于 0{why}", value)
        return number


class Int:
    """``int``: a JSON integer in ``lo`` … ``hi``."""

    def __init__(self, lo: int = 0, hi: int = 2**53 - 1) -> None:
        self.lo, self.hi = lo, hi

    def __call__(self, value: Any, path: str, ctx: Ctx, label: str) -> Any:
        if type(value) is not int:
            return ctx.fail(path, "FORMAT", f"{label}应为整数", value)
        if not self.lo <= value <= self.hi:
            return ctx.fail(path, "RANGE", f"{label}应在 {self.lo} 至 {self.hi} 之间", value)
        return value


class Bool:
    """``bool``: JSON ``true``/``false`` only."""

    def __call__(self, value: Any, path: str, ctx: Ctx, label: str) -> Any:
        if type(value) is not bool:
            return ctx.fail(path, "FORMAT", f"{label}应为 true 或 false", value)
        return value


class Code:
    """``code(T)``: ``{"code", "label"}`` with a code of table T and exactly its canonical label."""

    def __init__(self, table: str) -> None:
        self.table = table

    def __call__(self, value: Any, path: str, ctx: Ctx, label: str) -> Any:
        if type(value) is not dict:
            return ctx.fail(path, "FORMAT", f"{label}应为 {{\"code\", \"label\"}} 对象", value)
        before = len(ctx.errors)
        for member in value:
            if member not in ("code", "label"):
                ctx.add(path + "." + member, "SCHEMA", f"未定义的成员 {member}")
        for member in ("code", "label"):
            if is_blank(value.get(member)):
                ctx.add(path + "." + member, "REQUIRED", f"{label}的 {member} 必填", value.get(member))
        if len(ctx.errors) != before:
            return INVALID
        code = value["code"]
        if type(code) is not str or not code.isascii() or code != code.upper():
            # §1.3 rule 3: a code value is half-width, letters upper case
            return ctx.fail(path, "FORMAT", f"{label}的代码应为半角字符串（字母大写）", code)
        table = ctx.tables.table(self.table)
        known = table.codes.get(code)
        if known is None:
            return ctx.fail(path, "CODE_UNKNOWN", f"{label}：{value['code']} 不是代码表 {table.ref} 的代码", value["code"])
        if value["label"] != known.label:
            return ctx.fail(path, "CODE_UNKNOWN", f"{label}：代码 {known.code} 的标签应为“{known.label}”，实为“{value['label']}”",
                            value["label"])
        return known.code


class List:
    """``list<X>[lo..hi]``; ``unique`` (a rule id or ``"unique"``) makes repeats ``DUPLICATE`` on ``[i]``."""

    def __init__(self, item: Check, lo: int, hi: int, unique: str | None = None) -> None:
        self.item, self.lo, self.hi, self.unique = item, lo, hi, unique

    def __call__(self, value: Any, path: str, ctx: Ctx, label: str) -> Any:
        if type(value) is not list:
            return ctx.fail(path, "FORMAT", f"{label}应为数组", value)
        if len(value) > self.hi or len(value) < self.lo:
            return ctx.fail(path, "RANGE", f"{label}应有 {self.lo} 至 {self.hi} 项，实为 {len(value)} 项", len(value))
        parsed: list[Any] = []
        seen: set[Any] = set()
        for i, element in enumerate(value):
            where = f"{path}[{i}]"
            if is_blank(element):
                ctx.add(where, "REQUIRED", f"{label}第 {i + 1} 项没有值", element)
                parsed.append(INVALID)
                continue
            item = self.item(element, where, ctx, f"{label}第 {i + 1} 项")
            parsed.append(item)
            if self.unique and item is not INVALID:
                key = repr(item) if isinstance(item, dict) else item
                if key in seen:
                    why = "" if self.unique == "unique" else f"（{self.unique}）"
                    ctx.add(where, "DUPLICATE", f"{label}第 {i + 1} 项与前面的项重复{why}", element)
                seen.add(key)
        return parsed


class Obj:
    """``obj(...)``: a nested object whose members are ``fields``."""

    def __init__(self, fields: Sequence[Field]) -> None:
        self.fields = tuple(fields)
        self.names = frozenset(f.name for f in self.fields)

    def __call__(self, value: Any, path: str, ctx: Ctx, label: str) -> Any:
        if type(value) is not dict:
            return ctx.fail(path, "FORMAT", f"{label}应为对象", value)
        values: dict[str, Any] = {}
        before = len(ctx.errors)
        check_members(self.fields, self.names, value, path + ".", ctx, values)
        return values if len(ctx.errors) == before else INVALID


class Ident:
    """An identifier type of §2 checked by ``mappings.identifiers``: uscc, org9, area, item, ilist, udc, pcode."""

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self.check: Callable[..., Any] = getattr(identifiers, f"check_{kind}")
        self.needs_tables = kind in ("area", "ilist", "udc", "pcode")

    def __call__(self, value: Any, path: str, ctx: Ctx, label: str) -> Any:
        errors = self.check(value, path, tables=ctx.tables) if self.needs_tables else self.check(value, path)
        if errors:
            ctx.errors.extend(errors)
            return INVALID
        return value


class IdNo:
    """``idno(F)``: checked per §2.4 by the CE_TYPE code held in the sibling field ``F``."""

    def __init__(self, ce_field: str) -> None:
        self.ce_field = ce_field

    def __call__(self, value: Any, path: str, ctx: Ctx, label: str) -> Any:
        return self.check_with(ctx.data.get(self.ce_field), value, path, ctx, label)

    def check_with(self, ce: Any, value: Any, path: str, ctx: Ctx, label: str) -> Any:
        """Check ``value`` against the CE_TYPE object ``ce`` (``__call__`` reads it from the top-level
        data; an object nested in a list passes its own sibling member)."""
        code = ce.get("code") if type(ce) is dict else None
        if type(code) is str and code in ctx.tables.table("CE_TYPE").codes:
            latest = date.fromisoformat(ctx.cd_date) if ctx.cd_date else None
            errors = identifiers.check_idno(value, code, path, latest=latest)
            if errors:
                ctx.errors.extend(errors)
                return INVALID
            return value
        # the type itself is wrong or missing (reported there): check only what every number obeys
        if type(value) is not str or _KEY_BAD.search(value) or len(value) > 30:
            return ctx.fail(path, "FORMAT", f"{label}应为不超过 30 位的半角字符", value)
        return value


class Phone:
    """``phone``: ``^\\+?[0-9][0-9-]{4,19}$``."""

    def __call__(self, value: Any, path: str, ctx: Ctx, label: str) -> Any:
        if type(value) is not str or not _PHONE.fullmatch(value):
            return ctx.fail(path, "FORMAT", f"{label}应为电话号码（数字和连字符，可带 +）", value)
        return value
