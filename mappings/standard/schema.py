"""``RecordType``: one record type of STANDARD.md §4 as fields plus numbered rules, and the rule builders.

A rule is a function of the validation context; the builders below cover the shapes the standard's
rule tables use (required when, only when, date order).  A condition returns ``None`` when it cannot
be decided because the field it reads is absent or invalid — that field already has its own error,
so the rule stays silent rather than adding noise::

    RULES = (
        required_when("plan_id", code_in("check_type", "1"), "CHK-1", "检查类别为双随机抽查"),
        only_when("rectify_deadline", code_in("check_result", "2"), "CHK-4", "检查结果为发现问题已责令整改"),
        not_before("rectify_deadline", "check_date", "CHK-5"),
    )
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from mappings.codes import CodeTables
from mappings.standard.context import INVALID, Ctx
from mappings.standard.types import Field, Str, check_members
from santong.errors import FieldError

__all__ = ["Cond", "RecordType", "Rule", "code_in", "contains", "dedupe", "not_before", "only_when", "required_when"]

Rule = Callable[[Ctx], None]
Cond = Callable[[Ctx], "bool | None"]

_DELETE_REASON = Field("delete_reason", "删除原因", Str(200), "O")
_DATETIME = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\+08:00")


def dedupe(errors: Sequence[FieldError]) -> list[FieldError]:
    """One error per (field, code), the first kept (R-ORDER: a later field is reported once)."""
    seen: set[tuple[str, str]] = set()
    out: list[FieldError] = []
    for e in errors:
        if (e.field, e.code) not in seen:
            seen.add((e.field, e.code))
            out.append(e)
    return out


@dataclass(frozen=True)
class RecordType:
    """A record type: ``msg_type``, its key field(s), its fields in the order of §4 and its rules."""

    msg_type: str
    key: tuple[str, ...]
    fields: tuple[Field, ...]
    rules: tuple[Rule, ...] = ()
    names: frozenset[str] = field(init=False)
    labels: dict[str, str] = field(init=False)
    tombstone_fields: tuple[Field, ...] = field(init=False)

    def __post_init__(self) -> None:
        names = [f.name for f in self.fields]
        if len(set(names)) != len(names):
            raise ValueError(f"{self.msg_type}: duplicate field names")
        by_name = {f.name: f for f in self.fields}
        object.__setattr__(self, "names", frozenset(names))
        object.__setattr__(self, "labels", {f.name: f.label for f in self.fields})
        keys = tuple(Field(k, by_name[k].label, by_name[k].type, "M") for k in self.key)
        object.__setattr__(self, "tombstone_fields", keys + (_DELETE_REASON,))

    @property
    def spec_version(self) -> str:
        return f"{self.msg_type}/1.0"

    def field(self, name: str) -> Field | None:
        for f in self.fields:
            if f.name == name:
                return f
        return None

    def validate(self, data: dict[str, Any], *, cd_time: str | None, tables: CodeTables,
                 tombstone: bool = False) -> list[FieldError]:
        """Every error of ``data`` (paths from the record root: ``data.…``); ``cd_time`` feeds R-ACT."""
        if type(data) is not dict:
            return [FieldError("data", "FORMAT", "data 应为 JSON 对象", None)]
        cd_date = cd_time[:10] if isinstance(cd_time, str) and len(cd_time) >= 10 else None
        full = cd_time if isinstance(cd_time, str) and _DATETIME.fullmatch(cd_time) else None
        ctx = Ctx(data, cd_date, tables, self.labels, cd_time=full)
        if tombstone:
            names = frozenset(f.name for f in self.tombstone_fields)
            check_members(self.tombstone_fields, names, data, "data.", ctx, ctx.values, top=True)
        else:
            check_members(self.fields, self.names, data, "data.", ctx, ctx.values, top=True)
            for rule in self.rules:
                rule(ctx)
        if ctx.blank:
            claimed = {e.field for e in ctx.errors}
            for path, label, value in ctx.blank:
                if path not in claimed:
                    ctx.add(path, "FORMAT", f"{label}为空值：没有值的字段应省略，不能发送 null 或空串", value)
        return dedupe(ctx.errors)


def _label(ctx: Ctx, name: str) -> str:
    return ctx.labels.get(name, name)


def code_in(name: str, *codes: str) -> Cond:
    """True when code field ``name`` holds one of ``codes``; ``None`` when it has no valid code."""
    wanted = frozenset(codes)

    def cond(ctx: Ctx) -> bool | None:
        code = ctx.values.get(name)
        return None if code is None else code in wanted
    return cond


def contains(name: str, code: str) -> Cond:
    """True when the list of codes ``name`` contains ``code``; ``None`` when the list is not valid."""
    def cond(ctx: Ctx) -> bool | None:
        codes = ctx.values.get(name)
        return None if codes is None else code in codes
    return cond


def required_when(name: str, cond: Cond, rule: str, why: str) -> Rule:
    """``REQUIRED`` on ``name`` when ``cond`` holds and it has no value."""
    def check(ctx: Ctx) -> None:
        if name not in ctx.present and cond(ctx):
            ctx.add("data." + name, "REQUIRED", f"{_label(ctx, name)}必填：{why}（{rule}）")
    return check


def only_when(name: str, cond: Cond, rule: str, why: str, code: str = "REFERENCE") -> Rule:
    """``REFERENCE`` on ``name`` when it has a value although ``cond`` is false."""
    def check(ctx: Ctx) -> None:
        if name in ctx.present and cond(ctx) is False:
            ctx.add("data." + name, code, f"{_label(ctx, name)}只能在{why}时填写（{rule}）", ctx.data.get(name))
    return check


def not_before(later: str, earlier: str, rule: str, *, strict: bool = False) -> Rule:
    """``ORDER`` on ``later`` when it is before ``earlier`` (with ``strict``: not after it).  A date
    compared with a datetime is compared with its calendar date (``contract_sign_date < date(win_notice_time)``)."""
    def check(ctx: Ctx) -> None:
        a, b = ctx.values.get(later), ctx.values.get(earlier)
        if a is None or b is None or a is INVALID or b is INVALID:
            return
        if isinstance(a, str) and isinstance(b, str) and len(a) != len(b):
            a, b = a[:10], b[:10]
        if a < b or (strict and a == b):
            relation = "应晚于" if strict else "不能早于"
            ctx.add("data." + later, "ORDER",
                    f"{_label(ctx, later)} {a} {relation}{_label(ctx, earlier)} {b}（{rule}）", ctx.data.get(later))
    return check
