"""JGXW_CHECK — 行政检查行为 (STANDARD.md §4.1), key ``check_action_code``."""

from __future__ import annotations

from mappings.standard.context import Ctx
from mappings.standard.groups import ACP, ACP_RULES, ORG
from mappings.standard.schema import (
    RecordType,
    code_in,
    not_before,
    only_when,
    required_when,
)
from mappings.standard.types import Code, Date, Field, Ident, Key, List, Str

__all__ = ["RECORD_TYPE"]

# 执法证号: k(32) with the pattern of §2.13 (letters upper case after §1.3 rule 3).
_CERT_NO = Key(32, r"[0-9A-Za-z-]{4,32}", "应为 4–32 位数字、字母或连字符（§2.13）")

FIELDS = (
    Field("check_action_code", "检查行为编码", Key(64), "M"),
    Field("supervise_item_code", "监管事项编码", Ident("item"), "M"),
    Field("implement_list_code", "检查实施清单编码", Ident("ilist"), "O"),
    Field("check_type", "检查类别", Code("CHECK_TYPE"), "M"),
    Field("check_form", "检查方式", Code("CHECK_FORM"), "M"),
    Field("plan_id", "抽查计划编号", Key(64), "C"),
    Field("task_id", "关联任务编号", Key(64), "O"),
    Field("check_date", "检查日期", Date(), "M", act="CHK-3"),
    Field("check_personnel", "检查人员姓名", List(Str(50), 1, 20), "M"),
    Field("check_personnel_code", "检查人员执法证号", List(_CERT_NO, 1, 20, unique="unique"), "M"),
    *ACP,
    Field("check_result", "检查结果", Code("CHECK_RESULT"), "M"),
    Field("check_content", "检查内容及问题描述", Str(2000, lf=True), "O"),
    Field("rectify_deadline", "整改期限", Date(), "O"),
    Field("related_punish_action_code", "关联处罚行为编码", Key(64), "O"),
    *ORG,
    Field("remark", "备注", Str(500, lf=True), "O"),
)


def _chk2(ctx: Ctx) -> None:
    names, codes = ctx.values.get("check_personnel"), ctx.values.get("check_personnel_code")
    if names is not None and codes is not None and len(names) != len(codes):
        ctx.add("data.check_personnel_code", "REFERENCE",
                f"检查人员执法证号有 {len(codes)} 项，应与检查人员姓名的 {len(names)} 项一一对应（CHK-2）", len(codes))


def _chk7(ctx: Ctx) -> None:
    ilist, item = ctx.values.get("implement_list_code"), ctx.values.get("supervise_item_code")
    if ilist is not None and item is not None and ilist[:14] != item:
        ctx.add("data.implement_list_code", "REFERENCE",
                f"检查实施清单编码前 14 位 {ilist[:14]} 应等于监管事项编码 {item}（CHK-7）", ilist)


RECORD_TYPE = RecordType(
    "JGXW_CHECK",
    ("check_action_code",),
    FIELDS,
    (
        required_when("plan_id", code_in("check_type", "1"), "CHK-1", "检查类别为双随机抽查"),
        _chk2,
        only_when("rectify_deadline", code_in("check_result", "2"), "CHK-4", "检查结果为发现问题已责令整改"),
        not_before("rectify_deadline", "check_date", "CHK-5"),
        only_when("related_punish_action_code", code_in("check_result", "3"), "CHK-6", "检查结果为发现问题已立案查处"),
        _chk7,
        *ACP_RULES,
    ),
)
