"""JGXW_OTHER — 其他行政行为 (STANDARD.md §4.5: 征收、给付、奖励、确认、裁决、行政指导、备案 …), key
``other_action_code``.  Rules OTH-1 and ACP-1…4."""

from __future__ import annotations

from mappings.standard.groups import ACP, ACP_RULES, ORG
from mappings.standard.schema import RecordType
from mappings.standard.types import Code, Date, Dec, Field, Ident, Key, Str

__all__ = ["RECORD_TYPE"]

FIELDS = (
    Field("other_action_code", "行为编码", Key(64), "M"),
    Field("supervise_item_code", "监管事项编码", Ident("item"), "O"),
    Field("action_category", "行为类别", Code("OTHER_ACTION_TYPE"), "M"),
    Field("action_name", "行为名称", Str(200), "M"),
    Field("document_number", "文书号", Str(100), "O"),
    Field("action_date", "行为日期", Date(), "M", act="OTH-1"),
    Field("action_content", "行为内容", Str(4000, lf=True), "M"),
    Field("action_result", "行为结果", Str(2000, lf=True), "O"),
    Field("amount", "涉及金额", Dec(2), "O"),
    *ACP,
    *ORG,
    Field("remark", "备注", Str(500, lf=True), "O"),
)

RECORD_TYPE = RecordType("JGXW_OTHER", ("other_action_code",), FIELDS, ACP_RULES)
