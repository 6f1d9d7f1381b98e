"""XY_LIST — 信用名单变动 (STANDARD.md §4.13), key ``list_record_id``: a subject's inclusion in, removal from
or correction on a credit list; downward.  Rules XYL-1…6."""

from __future__ import annotations

from typing import Any

from mappings.standard.context import Ctx
from mappings.standard.groups import ALLOWED_CE_TYPES
from mappings.standard.schema import RecordType, code_in, not_before, only_when, required_when
from mappings.standard.types import Code, Date, Field, Ident, IdNo, Str
from mappings.text import squeeze_out

__all__ = ["RECORD_TYPE"]


class _RecordId(Str):
    """``list_record_id``: s(100) without any white space (it may hold Chinese, e.g. a court case number)."""

    def __init__(self) -> None:
        super().__init__(100)

    def __call__(self, value: Any, path: str, ctx: Ctx, label: str) -> Any:
        parsed = super().__call__(value, path, ctx, label)
        if type(parsed) is str and squeeze_out(parsed) != parsed:
            return ctx.fail(path, "FORMAT", f"{label}不能含空白字符", value)
        return parsed


FIELDS = (
    Field("list_record_id", "名单记录编号", _RecordId(), "M"),
    Field("list_type", "名单类型", Code("CREDIT_LIST_TYPE"), "M"),
    Field("change_type", "变动类型", Code("LIST_CHANGE"), "M"),
    Field("subject_name", "主体名称", Str(200), "M"),
    Field("subject_type", "主体类别", Code("CP_TYPE"), "M"),
    Field("subject_ui_code", "主体证件号码", IdNo("subject_ce_type"), "M"),
    Field("subject_ce_type", "主体证件类型", Code("CE_TYPE"), "M"),
    Field("legal_representative", "法定代表人", Str(50), "O"),
    Field("include_date", "列入日期", Date(), "M", act="XYL-6"),
    Field("include_reason", "列入事由", Str(2000, lf=True), "M"),
    Field("include_org", "列入决定机关", Str(200), "M"),
    Field("include_org_code", "列入决定机关统一社会信用代码", Ident("uscc"), "M"),
    Field("include_document_number", "列入决定文书号", Str(100), "O"),
    Field("case_number", "执行案号", Str(100), "C"),
    Field("obligation", "生效法律文书确定的义务", Str(2000, lf=True), "O"),
    Field("remove_date", "移出日期", Date(), "C", act="XYL-6"),
    Field("remove_reason", "移出事由", Str(2000, lf=True), "C"),
    Field("remove_org", "移出决定机关", Str(200), "C"),
    Field("remove_org_code", "移出决定机关统一社会信用代码", Ident("uscc"), "C"),
    Field("remove_document_number", "移出决定文书号", Str(100), "O"),
    Field("publish_until", "公示期限至", Date(), "O"),
    Field("area_number", "列入决定机关区划", Ident("area"), "M"),
)

_REMOVE_C = ("remove_date", "remove_reason", "remove_org", "remove_org_code")


def _xyl2(ctx: Ctx) -> None:
    if ctx.values.get("change_type") != "1":
        return
    for name in (*_REMOVE_C, "remove_document_number"):
        if name in ctx.present:
            ctx.add("data." + name, "REFERENCE", f"{ctx.labels[name]}不能填写：变动类型为列入（XYL-2）", ctx.data.get(name))


def _xyl5(ctx: Ctx) -> None:
    cp, ce = ctx.values.get("subject_type"), ctx.values.get("subject_ce_type")
    if cp is not None and ce is not None and ce not in ALLOWED_CE_TYPES[cp]:
        allowed = "、".join(sorted(ALLOWED_CE_TYPES[cp]))
        ctx.add("data.subject_ce_type", "REFERENCE", f"主体类别为 {cp} 时证件类型只能是 {allowed}，实为 {ce}（XYL-5）", ce)


RECORD_TYPE = RecordType(
    "XY_LIST",
    ("list_record_id",),
    FIELDS,
    (
        *(required_when(name, code_in("change_type", "2"), "XYL-1", "变动类型为移出") for name in _REMOVE_C),
        _xyl2,
        not_before("remove_date", "include_date", "XYL-3"),
        required_when("case_number", code_in("list_type", "01"), "XYL-4", "名单类型为失信被执行人"),
        _xyl5,
        only_when("legal_representative", code_in("subject_type", "1", "3"), "§4.13", "主体不是自然人"),
    ),
)
