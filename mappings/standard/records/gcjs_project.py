"""GCJS_PROJECT — 工程建设项目生命周期事件 (STANDARD.md §4.15), key ``event_id``: one event of kind 1 项目登记,
2 阶段审批 (a stage instance with its approval items) or 3 参建单位.  Rules GCJ-1…8."""

from __future__ import annotations

import re
from typing import Any

from mappings.standard.context import Ctx
from mappings.standard.objects import Group, elements, has, unique_member
from mappings.standard.schema import RecordType, Rule, code_in, not_before, only_when, required_when
from mappings.standard.types import Code, Date, DateTime, Dec, Field, Ident, Key, List, Str

__all__ = ["APPROVAL_FIELDS", "PARTY_FIELDS", "PROJECT_TYPES", "RECORD_TYPE"]

#: project_type → segment 4 of project_code (§2.9: 01 审批, 02 核准, 03 备案).
PROJECT_TYPES = {"审批": "01", "核准": "02", "备案": "03"}


class _Text(Str):
    """``s(n)`` restricted by a pattern (``FORMAT`` with ``why`` otherwise)."""

    def __init__(self, n: int, pattern: str, why: str) -> None:
        super().__init__(n)
        self.pattern, self.why = re.compile(pattern), why

    def __call__(self, value: Any, path: str, ctx: Ctx, label: str) -> Any:
        parsed = super().__call__(value, path, ctx, label)
        if type(parsed) is str and not self.pattern.fullmatch(parsed):
            return ctx.fail(path, "FORMAT", f"{label}{self.why}", value)
        return parsed


APPROVAL_FIELDS = (
    Field("approval_instance_id", "审批事项实例编码", Key(40), "M"),
    Field("approval_item_code", "审批事项编码", _Text(12, "[0-9]{12}", "应为 12 位数字"), "M"),
    Field("approval_item_name", "审批事项名称", Str(200), "M"),
    Field("approval_org", "审批部门", Str(200), "M"),
    Field("approval_org_code", "审批部门统一社会信用代码", Ident("uscc"), "M"),
    Field("accept_time", "受理时间", DateTime(), "M", act="GCJ-8"),
    Field("status", "办理状态", Code("GCJS_APPROVAL_STATUS"), "M"),
    Field("decision_date", "办结日期", Date(), "C", act="GCJ-8"),
    Field("document_number", "批文文号/证照编号", Str(100), "C"),
    Field("document_title", "批复文件标题", Str(200), "O"),
    Field("valid_to", "有效期至", Date(), "O"),
)

PARTY_FIELDS = (
    Field("role", "角色", Code("GCJS_ROLE"), "M"),
    Field("name", "单位名称", Str(200), "M"),
    Field("code", "统一社会信用代码", Ident("uscc"), "M"),
    Field("contract_sign_date", "合同签订日期", Date(), "O"),
)

FIELDS = (
    Field("event_id", "事件编号", Key(64), "M"),
    Field("event_kind", "事件类别", Code("GCJS_EVENT_KIND"), "M"),
    Field("project_code", "投资项目统一代码", Ident("pcode"), "M"),
    Field("legacy_project_code", "旧项目代码", _Text(16, "[0-9]{16}", "应为 16 位数字"), "O"),
    Field("project_name", "项目名称", Str(200), "C"),
    Field("construction_unit", "建设单位", Str(200), "C"),
    Field("construction_unit_code", "建设单位统一社会信用代码", Ident("uscc"), "C"),
    Field("project_type", "立项类型", _Text(4, "审批|核准|备案", "应为审批、核准或备案"), "O"),
    Field("project_location", "建设地点", Str(200), "C"),
    Field("total_investment_wan", "总投资（万元）", Dec(6), "O"),
    Field("construction_scale", "建设规模及内容", Str(2000, lf=True), "O"),
    Field("planned_start_date", "计划开工日期", Date(), "O"),
    Field("planned_completion_date", "计划竣工日期", Date(), "O"),
    Field("current_stage", "当前阶段", Code("GCJS_STAGE"), "O"),
    Field("stage", "审批阶段", Code("GCJS_STAGE"), "C"),
    Field("stage_status", "阶段状态", Code("GCJS_STAGE_STATUS"), "C"),
    Field("stage_start_time", "阶段开始时间", DateTime(), "C", act="GCJ-8"),
    Field("stage_end_time", "阶段办结时间", DateTime(), "C", act="GCJ-8"),
    Field("approvals", "审批事项办理", List(Group(APPROVAL_FIELDS), 0, 100), "C"),
    Field("party", "参建单位", Group(PARTY_FIELDS), "C"),
    Field("area_number", "项目所在区划", Ident("area"), "M"),
)

#: GCJ-1: the fields "M when event_kind = n", with the kind's label.
_KIND_FIELDS = {
    "1": ("项目登记", ("project_name", "construction_unit", "construction_unit_code", "project_location")),
    "2": ("阶段审批", ("stage", "stage_status", "stage_start_time")),
    "3": ("参建单位", ("party",)),
}
# GCJ-2: the fields each kind may carry, among those another kind owns
_OTHER_KIND_FIELDS: dict[str, tuple[str, ...]] = {
    "stage": ("2",), "stage_status": ("2",), "stage_start_time": ("2",), "stage_end_time": ("2",),
    "approvals": ("2",), "party": ("3",),
}


def _approvals(ctx: Ctx) -> None:
    """GCJ-3 and GCJ-4 on each approval item."""
    for i, raw, parsed in elements(ctx, "approvals"):
        status, where = parsed.get("status"), f"data.approvals[{i}]."
        needed = ("decision_date", "document_number") if status == "4" else ("decision_date",) if status == "5" else ()
        for name in needed:
            if not has(raw, name):
                what = "办结日期" if name == "decision_date" else "批文文号/证照编号"
                state = raw["status"]["label"]
                ctx.add(where + name, "REQUIRED", f"审批事项第 {i + 1} 项的{what}必填：办理状态为{state}（GCJ-3）")
        decided, accepted = parsed.get("decision_date"), parsed.get("accept_time")
        if decided is not None and accepted is not None and decided < accepted[:10]:
            ctx.add(where + "decision_date", "ORDER",
                    f"审批事项第 {i + 1} 项的办结日期 {decided} 不能早于受理日期 {accepted[:10]}（GCJ-4）", decided)


def _gcj6(ctx: Ctx) -> None:
    kind, code = ctx.values.get("project_type"), ctx.values.get("project_code")
    if kind is not None and code is not None and PROJECT_TYPES[kind] != code[15:17]:
        ctx.add("data.project_type", "REFERENCE", f"立项类型{kind}与投资项目统一代码的项目类型 {code[15:17]} 不符（GCJ-6）", kind)


def _gcj7(ctx: Ctx) -> None:
    party, unit = ctx.values.get("party"), ctx.values.get("construction_unit_code")
    if type(party) is dict and party.get("role") == "1" and unit is not None and "code" in party and party["code"] != unit:
        ctx.add("data.party.code", "REFERENCE", f"参建的建设单位的代码应等于建设单位统一社会信用代码 {unit}（GCJ-7）",
                party["code"])


_KIND_RULES: tuple[Rule, ...] = (
    *(required_when(name, code_in("event_kind", kind), "GCJ-1", f"事件类别为{label}")
      for kind, (label, names) in _KIND_FIELDS.items() for name in names),
    *(only_when(name, code_in("event_kind", *kinds), "GCJ-2", f"事件类别为{'、'.join(_KIND_FIELDS[k][0] for k in kinds)}")
      for name, kinds in _OTHER_KIND_FIELDS.items()),
)

RECORD_TYPE = RecordType(
    "GCJS_PROJECT",
    ("event_id",),
    FIELDS,
    (
        *_KIND_RULES,
        required_when("stage_end_time", code_in("stage_status", "2"), "GCJ-3", "阶段状态为已办结"),
        not_before("stage_end_time", "stage_start_time", "GCJ-4"),
        _approvals,
        unique_member("approvals", "approval_instance_id", "审批事项实例编码", "§4.15"),
        not_before("planned_completion_date", "planned_start_date", "GCJ-5"),
        _gcj6,
        _gcj7,
    ),
)
