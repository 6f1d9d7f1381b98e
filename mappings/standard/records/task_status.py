"""TASK_STATUS — 任务状态 (STANDARD.md §4.10), key ``ref_type`` + ``ref_id`` + ``status_seq``: one action of a
department on a downward FXYJ, LHJG_TASK or TSJB item (认领, 办理中, 反馈, 结束, 退回); upward.

Rules TST-1, TST-2 and the ``cd_time`` bound of TST-5.  TST-3 (item issued to the sender, registered source),
TST-4 (action allowed in the item's state), the rest of TST-5 (not before the item's issue or the previous
action) and TST-6 (``status_seq`` increasing) need the receiver's state and belong to step V7.
"""

from __future__ import annotations

from typing import Any

from mappings.standard.context import Ctx
from mappings.standard.objects import ATT
from mappings.standard.schema import RecordType, code_in, required_when
from mappings.standard.types import Code, DateTime, Field, Ident, Int, Key, List, Phone, Str

__all__ = ["REF_TYPES", "RECORD_TYPE"]

#: The downward record types a TASK_STATUS can refer to.
REF_TYPES = ("FXYJ", "LHJG_TASK", "TSJB")


class _RefType(Str):
    """``ref_type``: s(16) holding one of ``REF_TYPES`` (``CODE_UNKNOWN`` otherwise)."""

    def __init__(self) -> None:
        super().__init__(16)

    def __call__(self, value: Any, path: str, ctx: Ctx, label: str) -> Any:
        parsed = super().__call__(value, path, ctx, label)
        if type(parsed) is str and parsed not in REF_TYPES:
            return ctx.fail(path, "CODE_UNKNOWN", f"{label}应为 {'、'.join(REF_TYPES)} 之一，实为 {parsed}", value)
        return parsed


FIELDS = (
    Field("ref_type", "关联类型", _RefType(), "M"),
    Field("ref_id", "关联编号", Key(64), "M"),
    Field("status_seq", "状态序号", Int(1), "M"),
    Field("status", "任务状态", Code("TASK_STATE"), "M"),
    Field("status_time", "状态时间", DateTime(), "M", act="TST-5"),
    Field("handler_org", "办理部门", Str(200), "M"),
    Field("handler_org_code", "办理部门统一社会信用代码", Ident("uscc"), "M"),
    Field("area_number", "办理部门区划", Ident("area"), "M"),
    Field("handler_name", "经办人", Str(50), "O"),
    Field("handler_phone", "经办人电话", Phone(), "O"),
    Field("result_code", "处置结果", Code("TASK_RESULT"), "C"),
    Field("result_text", "办理情况/反馈内容/退回理由", Str(4000, lf=True), "C"),
    Field("related_action_codes", "关联监管行为编码", List(Key(64), 0, 100), "O"),
    Field("attachments", "附件", List(ATT, 0, 10), "O"),
)


def _tst2(ctx: Ctx) -> None:
    text = ctx.values.get("result_text")
    if ctx.values.get("status") == "5" and text is not None and not 5 <= len(text) <= 500:
        ctx.add("data.result_text", "LENGTH", f"退回理由应为 5–500 个字符，实为 {len(text)} 个（TST-2）", text)


RECORD_TYPE = RecordType(
    "TASK_STATUS",
    ("ref_type", "ref_id", "status_seq"),
    FIELDS,
    (
        required_when("result_text", code_in("status", "3", "4", "5"), "TST-1", "任务状态为结束、反馈或退回"),
        required_when("result_code", code_in("status", "3"), "TST-1", "任务状态为结束"),
        _tst2,
    ),
)
