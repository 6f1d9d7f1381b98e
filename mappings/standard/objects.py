"""The object groups of STANDARD.md §1.10 that records nest — ATT (附件), ORGREF (机构引用), SUBJ (主体引用),
PRICE (价格) — with ``Group``, the nested-object type they are built on, and helpers for rules over them::

    Field("receiver_orgs", "接收部门", List(ORGREF, 1, 50), "M")
    Field("subjects", "涉及主体", List(SUBJ, 0, 500), "O")
    Field("attachments", "附件", List(ATT, 0, 10), "O")
    Field("win_bid_price", "中标价", PRICE, "C")
    RULES = (unique_member("receiver_orgs", "org_code", "机构统一社会信用代码", "FXY-3"), ...)

A ``Group`` differs from ``types.Obj`` in two ways the rules rely on: its parsed value keeps the valid members
even when another member is wrong (a wrong member is just missing: ``ctx.values["party"].get("code")``), and an
``IdNo`` member reads its CE_TYPE from its sibling in the same object, not from the top-level ``data``.
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Iterator
from dataclasses import replace
from decimal import Decimal
from typing import Any

from mappings.standard.context import INVALID, Ctx, is_blank
from mappings.standard.schema import Rule
from mappings.standard.types import Code, Field, Ident, IdNo, Int, Obj, Str, check_members
from signatures.sm3 import sm3_hex

__all__ = [
    "ATT",
    "MAX_FILE_BYTES",
    "ORGREF",
    "PRICE",
    "PRICE_DECIMALS",
    "SUBJ",
    "Attachment",
    "Group",
    "Price",
    "decode_base64",
    "elements",
    "has",
    "to_yuan",
    "unique_member",
]

#: §1.10 ATT, §5.7: a decoded attachment (and a task_xml document) is at most 1 MiB.
MAX_FILE_BYTES = 1_048_576
#: PRICE_UNIT code → decimals of ``value`` (§1.10 PRICE, §3.35).
PRICE_DECIMALS = {"0": 2, "1": 6, "2": 4, "3": 4}
_YUAN_PER_UNIT = {"0": Decimal(1), "1": Decimal(10_000)}

_BASE64 = re.compile(r"(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?")
_HEX64 = re.compile(r"[0-9a-f]{64}")
_DECIMAL = re.compile(r"(0|[1-9][0-9]{0,15})(\.[0-9]+)?")


def has(raw: dict[str, Any], name: str) -> bool:
    """``raw`` (a nested object as sent) has a value for member ``name`` (§1.5)."""
    return name in raw and not is_blank(raw[name])


def elements(ctx: Ctx, name: str) -> Iterator[tuple[int, dict[str, Any], dict[str, Any]]]:
    """``(i, raw, parsed)`` for each object element of the list field ``name``; nothing when the list
    itself is wrong.  ``parsed`` holds the element's valid members only."""
    raw, parsed = ctx.data.get(name), ctx.values.get(name)
    if type(raw) is not list or type(parsed) is not list:
        return
    for i, (r, p) in enumerate(zip(raw, parsed)):
        if type(r) is dict and type(p) is dict:
            yield i, r, p


def unique_member(name: str, member: str, member_label: str, rule: str) -> Rule:
    """``DUPLICATE`` on ``data.<name>[i].<member>`` when an earlier element has the same valid value."""
    def check(ctx: Ctx) -> None:
        seen: dict[Any, int] = {}
        for i, raw, parsed in elements(ctx, name):
            value = parsed.get(member)
            if value is None:
                continue
            if value in seen:
                what = f"{ctx.labels.get(name, name)}第 {i + 1} 项的{member_label}"
                ctx.add(f"data.{name}[{i}].{member}", "DUPLICATE", f"{what}与第 {seen[value] + 1} 项重复（{rule}）",
                        raw.get(member))
            seen.setdefault(value, i)
    return check


class _SiblingIdNo:
    def __init__(self, idno: IdNo, siblings: dict[str, Any]) -> None:
        self.idno, self.siblings = idno, siblings

    def __call__(self, value: Any, path: str, ctx: Ctx, label: str) -> Any:
        return self.idno.check_with(self.siblings.get(self.idno.ce_field), value, path, ctx, label)


class Group(Obj):
    """``obj(...)`` nested in a record: parsed as the dict of its valid members (see the module doc)."""

    def __call__(self, value: Any, path: str, ctx: Ctx, label: str) -> Any:
        if type(value) is not dict:
            return ctx.fail(path, "FORMAT", f"{label}应为对象", value)
        fields = tuple(replace(f, type=_SiblingIdNo(f.type, value)) if isinstance(f.type, IdNo) else f
                       for f in self.fields)
        values: dict[str, Any] = {}
        check_members(fields, self.names, value, path + ".", ctx, values)
        return values


def decode_base64(value: Any) -> bytes | None:
    """The bytes of standard base64 (RFC 4648 §4: padded, no line breaks, canonical), else ``None``."""
    if type(value) is not str or not _BASE64.fullmatch(value):
        return None
    try:
        decoded = base64.b64decode(value, validate=True)
    except binascii.Error:
        return None
    # non-zero padding bits decode too, but are not the canonical encoding of any bytes
    return decoded if base64.b64encode(decoded).decode("ascii") == value else None


class _Base64:
    """``content`` of an ATT: standard base64, parsed as the decoded bytes."""

    def __call__(self, value: Any, path: str, ctx: Ctx, label: str) -> Any:
        decoded = decode_base64(value)
        if decoded is None:
            return ctx.fail(path, "FORMAT", f"{label}应为带填充、不换行的标准 base64", None)
        return decoded


class _Pattern(Str):
    def __init__(self, n: int, pattern: re.Pattern[str], why: str) -> None:
        super().__init__(n)
        self.pattern, self.why = pattern, why

    def __call__(self, value: Any, path: str, ctx: Ctx, label: str) -> Any:
        parsed = super().__call__(value, path, ctx, label)
        if parsed is not INVALID and not self.pattern.fullmatch(parsed):
            return ctx.fail(path, "FORMAT", f"{label}{self.why}", value)
        return parsed


class Attachment(Group):
    """ATT: ``content`` xor ``url``; the decoded ``content`` must be ``size`` bytes (``REFERENCE``) with
    SM3 ``sm3`` (``DIGEST_MISMATCH``)."""

    def __call__(self, value: Any, path: str, ctx: Ctx, label: str) -> Any:
        values = super().__call__(value, path, ctx, label)
        if values is INVALID:
            return values
        if has(value, "content") and has(value, "url"):
            ctx.add(path + ".url", "REFERENCE", f"{label}的 content 和 url 只能填写其一（§1.10 ATT）", value.get("url"))
        elif not has(value, "content") and not has(value, "url"):
            ctx.add(path + ".content", "REQUIRED", f"{label}应有 content 或 url 之一（§1.10 ATT）")
        content, size, digest = values.get("content"), values.get("size"), values.get("sm3")
        if content is not None and size is not None and len(content) != size:
            ctx.add(path + ".size", "REFERENCE", f"{label}的 size {size} 与解码后的 {len(content)} 字节不符（§1.10 ATT）", size)
        if content is not None and digest is not None and sm3_hex(content) != digest:
            ctx.add(path + ".sm3", "DIGEST_MISMATCH", f"{label}的 SM3 摘要与文件内容不符（§1.10 ATT）", digest)
        return values


ATT = Attachment((
    Field("file_name", "文件名", Str(200), "M"),
    Field("mime_type", "媒体类型", Str(100), "M"),
    Field("size", "字节数", Int(1, MAX_FILE_BYTES), "M"),
    Field("sm3", "SM3 摘要", _Pattern(64, _HEX64, "应为 64 位小写十六进制 SM3 摘要"), "M"),
    Field("content", "文件内容", _Base64(), "C"),
    Field("url", "下载地址", _Pattern(500, re.compile(r"https://\S+"), "应为 https:// 地址"), "C"),
))

ORGREF = Group((
    Field("org", "机构名称", Str(200), "M"),
    Field("org_code", "机构统一社会信用代码", Ident("uscc"), "M"),
))

SUBJ = Group((
    Field("name", "主体名称", Str(200), "M"),
    Field("ui_code", "主体证件号码", IdNo("ce_type"), "M"),
    Field("ce_type", "主体证件类型", Code("CE_TYPE"), "M"),
    Field("cp_type", "主体类别", Code("CP_TYPE"), "M"),
    Field("address", "主体地址", Str(200), "O"),
))


class _Amount:
    """A decimal string without sign or exponent (its places are checked against the unit)."""

    def __call__(self, value: Any, path: str, ctx: Ctx, label: str) -> Any:
        if type(value) is not str or not _DECIMAL.fullmatch(value):
            return ctx.fail(path, "FORMAT", f"{label}应为十进制数字符串（如 9126400.00）", value)
        return value


class Price(Group):
    """PRICE: ``{"value", "unit"}``, ``value`` with the decimals of its unit (元 2, 万元 6, 费率%/下浮率% 4;
    else ``FORMAT`` on ``.value``, GGZ-8).  Parsed: ``{"unit": code, "value": Decimal}`` as far as valid."""

    def __init__(self, rule: str = "") -> None:
        super().__init__((
            Field("value", "价格数值", _Amount(), "M"),
            Field("unit", "价格单位", Code("PRICE_UNIT"), "M"),
        ))
        self.rule = rule

    def __call__(self, value: Any, path: str, ctx: Ctx, label: str) -> Any:
        values = super().__call__(value, path, ctx, label)
        if values is INVALID or "value" not in values:
            return values
        text = values.pop("value")
        unit = values.get("unit")
        if unit is None:
            return values
        places = PRICE_DECIMALS[unit]
        if len(text.partition(".")[2]) != places or "." not in text:
            unit_label = value["unit"]["label"]
            ctx.add(path + ".value", "FORMAT",
                    f"{label}以“{unit_label}”计时应保留 {places} 位小数，实为 {text}（§1.10 PRICE，{self.rule}）", text)
            return values
        values["value"] = Decimal(text)
        return values


PRICE = Price("GGZ-8")


def to_yuan(price: Any) -> Decimal | None:
    """A parsed PRICE in 元 when its unit is 元 or 万元 (exact, §1.7 R-DEC); ``None`` for rates or invalid ones."""
    if type(price) is not dict or "value" not in price or price.get("unit") not in _YUAN_PER_UNIT:
        return None
    amount: Decimal = price["value"] * _YUAN_PER_UNIT[price["unit"]]
    return amount
