"""JGXW_FORCE — 行政强制行为 (STANDARD.md §4.3), key ``force_action_code``.

Besides FRC-1…11 the field table makes three fields conditional without a numbered rule:
``force_end_date`` (M when 查封/扣押/冻结), ``finish_date`` (M when 已执行完毕) and ``frozen_amount``
(M when 冻结); their errors cite §4.3.
"""

from __future__ import annotations

from mappings.standard.groups import ACP, ACP_RULES, ORG
from mappings.standard.schema import (
    RecordType,
    code_in,
    not_before,
    only_when,
    required_when,
)
from mappings.standard.types import Code, Date, Dec, Field, Ident, Key, List, Obj, Str

__all__ = ["ITEM_FIELDS", "RECORD_TYPE"]

ITEM_FIELDS = (
    Field("name", "财物名称", Str(100), "M"),
    Field("spec", "规格型号", Str(100), "O"),
    Field("quantity", "数量", Dec(3, positive=True, rule="FRC-10"), "M"),
    Field("unit", "计量单位", Str(20), "M"),
    Field("location", "存放地点", Str(200), "O"),
)

FIELDS = (
    Field("force_action_code", "强制行为编码", Key(64), "M"),
    Field("supervise_item_code", "监管事项编码", Ident("item"), "M"),
    Field("mandatory_decision_number", "行政强制决定书文号", Str(100), "M"),
    Field("force_type", "强制类型", Code("FORCE_TYPE"), "M"),
    Field("coercive_measure_type", "行政强制措施种类", Code("COERCIVE_MEASURE"), "C"),
    Field("enforce_mode", "行政强制执行方式", Code("ENFORCE_MODE"), "C"),
    Field("mandatory_decision_sev_date", "强制起始日期", Date(), "M", act="FRC-11"),
    Field("force_end_date", "强制期限截止日期", Date(), "C"),
    Field("force_extend_date", "延长后的截止日期", Date(), "C"),
    Field("extend_decision_number", "延长期限决定书文号", Str(100), "O"),
    Field("force_status", "强制状态", Code("FORCE_STATUS"), "M"),
    Field("lift_date", "解除日期", Date(), "C", act="FRC-11"),
    Field("lift_decision_number", "解除决定书文号", Str(100), "C"),
    Field("finish_date", "执行完毕日期", Date(), "C", act="FRC-11"),
    Field("illegal_fact", "违法事实", Str(4000, lf=True), "M"),
    Field("basis", "法律依据", Str(2000, lf=True), "M"),
    Field("items", "查封扣押财物清单", List(Obj(ITEM_FIELDS), 1, 500), "C"),
    Field("frozen_amount", "冻结金额", Dec(2, positive=True), "C"),
    Field("related_punish_action_code", "关联处罚行为编码", Key(64), "O"),
    *ACP,
    *ORG,
    Field("remark", "备注", Str(500, lf=True), "O"),
)

RECORD_TYPE = RecordType(
    "JGXW_FORCE",
    ("force_action_code",),
    FIELDS,
    (
        required_when("coercive_measure_type", code_in("force_type", "1"), "FRC-1", "强制类型为行政强制措施"),
        required_when("enforce_mode", code_in("force_type", "2"), "FRC-1", "强制类型为行政强制执行"),
        only_when("enforce_mode", code_in("force_type", "2"), "FRC-2", "强制类型为行政强制执行"),
        only_when("coercive_measure_type", code_in("force_type", "1"), "FRC-2", "强制类型为行政强制措施"),
        required_when("force_end_date", code_in("coercive_measure_type", "2", "3", "4"), "§4.3", "强制措施为查封、扣押或冻结"),
        not_before("force_end_date", "mandatory_decision_sev_date", "FRC-3"),
        not_before("force_extend_date", "force_end_date", "FRC-4", strict=True),
        required_when("force_extend_date", code_in("force_status", "2"), "FRC-5", "强制状态为已延期"),
        required_when("lift_date", code_in("force_status", "3"), "FRC-6", "强制状态为已解除"),
        required_when("lift_decision_number", code_in("force_status", "3"), "FRC-6", "强制状态为已解除"),
        not_before("lift_date", "mandatory_decision_sev_date", "FRC-7"),
        required_when("finish_date", code_in("force_status", "4"), "§4.3", "强制状态为已执行完毕"),
        not_before("finish_date", "mandatory_decision_sev_date", "FRC-8"),
        required_when("items", code_in("coercive_measure_type", "2", "3"), "FRC-9", "强制措施为查封或扣押"),
        required_when("frozen_amount", code_in("coercive_measure_type", "4"), "§4.3", "强制措施为冻结存款、汇款"),
        *ACP_RULES,
    ),
)
