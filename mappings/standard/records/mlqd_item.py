"""MLQD_ITEM — 监管事项目录清单 (STANDARD.md §4.6), key ``item_code``: one catalogue item of one department
with its 检查实施清单.

Rules MLQ-1…7 and MLQ-9.  MLQ-8 (the receiver holds a higher ``item_version``) needs the receiver's state
and belongs to step V7, not here.
"""

from __future__ import annotations

from mappings.standard.context import Ctx
from mappings.standard.objects import Group, elements, unique_member
from mappings.standard.schema import RecordType, code_in, not_before, required_when
from mappings.standard.types import Code, Date, Field, Ident, Int, List, Str

__all__ = ["IMPLEMENT_LIST_FIELDS", "RECORD_TYPE"]

IMPLEMENT_LIST_FIELDS = (
    Field("implement_list_code", "检查实施清单编码", Ident("ilist"), "M"),
    Field("implement_org", "实施机关名称", Str(200), "M"),
    Field("implement_org_code", "实施机关统一社会信用代码", Ident("uscc"), "M"),
    Field("area_number", "实施机关区划", Ident("area"), "M"),
)

FIELDS = (
    Field("item_code", "监管事项编码", Ident("item"), "M"),
    Field("main_item_code", "主项编码", Str(12), "M"),
    Field("main_item_name", "主项名称", Str(200), "M"),
    Field("sub_item_name", "子项名称", Str(200), "C"),
    Field("supervise_dept", "监管部门", Code("SUPERVISE_DEPT"), "M"),
    Field("supervise_dept_name", "监管部门名称", Str(100), "O"),
    Field("supervise_mode", "监管方式", List(Code("SUPERVISE_MODE"), 1, 9, unique="unique"), "M"),
    Field("supervise_measures", "监管措施", Str(2000, lf=True), "M"),
    Field("supervise_objects", "监管对象", Str(1000, lf=True), "M"),
    Field("supervise_object_types", "监管对象类别", List(Code("CP_TYPE"), 1, 3, unique="unique"), "O"),
    Field("legal_basis", "设定依据", Str(4000, lf=True), "M"),
    Field("supervise_process", "监管流程", Str(4000, lf=True), "M"),
    Field("supervise_result", "监管结果", Str(2000, lf=True), "M"),
    Field("supervise_level", "监管层级", List(Code("SUPERVISE_LEVEL"), 1, 3, unique="unique"), "M"),
    Field("item_version", "事项版本号", Int(1, 9999), "M"),
    Field("item_status", "事项状态", Code("ITEM_STATUS"), "M"),
    Field("effective_date", "生效日期", Date(), "M"),
    Field("expiry_date", "停用日期", Date(), "C"),
    Field("catalog_area_number", "目录编制区划", Ident("area"), "M"),
    Field("implement_lists", "检查实施清单", List(Group(IMPLEMENT_LIST_FIELDS), 0, 200), "O"),
    Field("change_note", "变更说明", Str(1000, lf=True), "O"),
)


def _mlq1(ctx: Ctx) -> None:
    item, main = ctx.values.get("item_code"), ctx.values.get("main_item_code")
    if item is not None and main is not None and main != item[:12]:
        ctx.add("data.main_item_code", "REFERENCE", f"主项编码 {main} 应等于监管事项编码的前 12 位 {item[:12]}（MLQ-1）", main)


def _mlq2(ctx: Ctx) -> None:
    item, dept = ctx.values.get("item_code"), ctx.values.get("supervise_dept")
    if item is not None and dept is not None and dept != item[4:6]:
        ctx.add("data.supervise_dept", "REFERENCE", f"监管部门 {dept} 应等于监管事项编码第 5–6 位 {item[4:6]}（MLQ-2）", dept)


def _sub_item(ctx: Ctx) -> None:
    item = ctx.values.get("item_code")
    if item is None:
        return
    present = "sub_item_name" in ctx.present
    if item[12:14] != "00" and not present:
        ctx.add("data.sub_item_name", "REQUIRED", f"子项名称必填：监管事项编码 {item} 是子项（MLQ-3）")
    elif item[12:14] == "00" and present:
        ctx.add("data.sub_item_name", "REFERENCE", f"监管事项编码 {item} 没有子项（子项序号 00），不能填写子项名称（MLQ-4）",
                ctx.data.get("sub_item_name"))


def _mlq7(ctx: Ctx) -> None:
    item = ctx.values.get("item_code")
    for i, raw, parsed in elements(ctx, "implement_lists"):
        code, area = parsed.get("implement_list_code"), parsed.get("area_number")
        if code is None:
            continue
        if item is not None and code[:14] != item:
            why = f"前 14 位 {code[:14]} 应等于监管事项编码 {item}"
        elif area is not None and code[14:20] != area:
            why = f"第 15–20 位 {code[14:20]} 应等于实施机关区划 {area}"
        else:
            continue
        ctx.add(f"data.implement_lists[{i}].implement_list_code", "REFERENCE", f"检查实施清单编码{why}（MLQ-7）",
                raw.get("implement_list_code"))


RECORD_TYPE = RecordType(
    "MLQD_ITEM",
    ("item_code",),
    FIELDS,
    (
        _mlq1,
        _mlq2,
        _sub_item,
        required_when("expiry_date", code_in("item_status", "2"), "MLQ-5", "事项状态为停用"),
        not_before("expiry_date", "effective_date", "MLQ-6"),
        _mlq7,
        unique_member("implement_lists", "implement_list_code", "检查实施清单编码", "MLQ-9"),
    ),
)
