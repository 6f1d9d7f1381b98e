"""TSJB — 投诉举报 (STANDARD.md §4.7), key ``complaint_id``: one work order, re-sent as ``u`` at each stage.

Rules TSJ-1…9 and the conditions of the field table.  TSJ-10 (a stage never goes back) needs the receiver's
state and belongs to step V7.  A downward work order issued by the province (``complaint_id`` = its taskNo
``TS…``, §2.13) may carry the complainant masked as §1.8 masks (``139****5821``, ``321081********0012``); such
a value is accepted in ``complainant_phone`` and ``complainant_id_number`` and not checked further.  A masked
value in any other record is a malformed phone or identifier.
"""

from __future__ import annotations

import re
from typing import Any

from mappings.standard.context import Ctx
from mappings.standard.groups import PERSONAL_CE_TYPES
from mappings.standard.objects import ATT
from mappings.standard.schema import Cond, RecordType, Rule, code_in, not_before, required_when
from mappings.standard.types import Bool, Check, Code, DateTime, Field, Ident, IdNo, Key, List, Phone, Str

__all__ = ["RECORD_TYPE"]

_TASK_NO = re.compile(r"TS[0-9]{20}")
_MASKED_PHONE = re.compile(r"[0-9+-]{3}\*+[0-9-]{4}")
_MASKED_IDNO = re.compile(r"[0-9A-Z()-]{6}\*+[0-9A-Z()-]{4}")


class _MaskedOr:
    """``check``, except that a §1.8 mask is accepted in a work order issued by the province."""

    def __init__(self, check: Check, mask: re.Pattern[str]) -> None:
        self.check, self.mask = check, mask

    def __call__(self, value: Any, path: str, ctx: Ctx, label: str) -> Any:
        complaint_id = ctx.data.get("complaint_id")
        if type(value) is str and self.mask.fullmatch(value) and type(complaint_id) is str and _TASK_NO.fullmatch(complaint_id):
            return value
        return self.check(value, path, ctx, label)


FIELDS = (
    Field("complaint_id", "工单编号", Key(64), "M"),
    Field("complaint_type", "诉求类型", Code("TSJB_TYPE"), "M"),
    Field("channel", "诉求渠道", Code("TSJB_CHANNEL"), "M"),
    Field("register_time", "登记时间", DateTime(), "M", act="TSJ-9"),
    Field("title", "诉求标题", Str(200), "M"),
    Field("content", "诉求内容", Str(4000, lf=True), "M"),
    Field("is_anonymous", "是否匿名", Bool(), "M"),
    Field("complainant_name", "诉求人姓名", Str(50), "C"),
    Field("complainant_phone", "诉求人联系电话", _MaskedOr(Phone(), _MASKED_PHONE), "O"),
    Field("complainant_ce_type", "诉求人证件类型", Code("CE_TYPE"), "O"),
    Field("complainant_id_number", "诉求人证件号码", _MaskedOr(IdNo("complainant_ce_type"), _MASKED_IDNO), "C"),
    Field("complainant_address", "诉求人地址", Str(200), "O"),
    Field("respondent_name", "被投诉举报对象名称", Str(200), "O"),
    Field("respondent_ui_code", "被投诉举报对象证件号码", IdNo("respondent_ce_type"), "O"),
    Field("respondent_ce_type", "被投诉举报对象证件类型", Code("CE_TYPE"), "C"),
    Field("respondent_type", "被投诉举报对象类别", Code("CP_TYPE"), "O"),
    Field("event_address", "事发地址", Str(200), "O"),
    Field("event_area_number", "事发地行政区划", Ident("area"), "O"),
    Field("matter_category", "诉求分类", Str(200), "O"),
    Field("supervise_item_code", "监管事项编码", Ident("item"), "O"),
    Field("handling_stage", "办理阶段", Code("TSJB_STAGE"), "M"),
    Field("accept_org", "受理机构", Str(200), "M"),
    Field("accept_org_code", "受理机构统一社会信用代码", Ident("uscc"), "M"),
    Field("area_number", "所属区域", Ident("area"), "M"),
    Field("transfer_time", "转办时间", DateTime(), "C", act="TSJ-9"),
    Field("handling_org", "承办单位", Str(200), "C"),
    Field("handling_org_code", "承办单位统一社会信用代码", Ident("uscc"), "C"),
    Field("deadline", "办理时限", DateTime(), "C"),
    Field("supervise_time", "督办时间", DateTime(), "C", act="TSJ-9"),
    Field("supervise_opinion", "督办意见", Str(1000, lf=True), "C"),
    Field("reply_time", "答复时间", DateTime(), "C", act="TSJ-9"),
    Field("reply_content", "答复内容", Str(4000, lf=True), "C"),
    Field("handling_result", "办理结果", Code("TSJB_RESULT"), "C"),
    Field("close_time", "办结时间", DateTime(), "C", act="TSJ-9"),
    Field("withdraw_time", "撤销时间", DateTime(), "C"),
    Field("withdraw_reason", "撤销原因", Str(500), "C"),
    Field("satisfaction", "满意度", Code("SATISFACTION"), "O"),
    Field("related_action_codes", "关联监管行为编码", List(Key(64), 0, 20), "O"),
    Field("attachments", "附件", List(ATT, 0, 10), "O"),
)

# TSJ-3: the fields each stage needs.  "≥ 2" and "≥ 4" leave out 6 撤销, which needs only withdraw_*.
_STAGE_FIELDS: tuple[tuple[tuple[str, ...], str, tuple[str, ...]], ...] = (
    (("2", "3", "4", "5"), "办理阶段为转办及以后", ("transfer_time", "handling_org", "handling_org_code", "deadline")),
    (("3",), "办理阶段为督办", ("supervise_time",)),
    (("4", "5"), "办理阶段为答复或办结", ("reply_time", "reply_content", "handling_result")),
    (("5",), "办理阶段为办结", ("close_time",)),
    (("6",), "办理阶段为撤销", ("withdraw_time", "withdraw_reason")),
)


def _not_anonymous(ctx: Ctx) -> bool | None:
    anonymous = ctx.values.get("is_anonymous")
    return None if anonymous is None else anonymous is False


def _present(name: str) -> Cond:
    return lambda ctx: name in ctx.present


def _tsj2(ctx: Ctx) -> None:
    if ctx.values.get("is_anonymous") is not True:
        return
    for name in ("complainant_name", "complainant_phone", "complainant_id_number", "complainant_address"):
        if name in ctx.present:
            ctx.add("data." + name, "REFERENCE", f"{ctx.labels[name]}不能填写：诉求人匿名（TSJ-2）", ctx.data.get(name))


def _personal_ce_type(ctx: Ctx) -> None:
    ce = ctx.values.get("complainant_ce_type")
    if ce is not None and ce not in PERSONAL_CE_TYPES:
        ctx.add("data.complainant_ce_type", "REFERENCE", f"诉求人证件类型只能是个人证件，实为 {ce}（§4.7）", ce)


_STAGE_RULES: tuple[Rule, ...] = tuple(
    required_when(name, code_in("handling_stage", *stages), "TSJ-3", why)
    for stages, why, names in _STAGE_FIELDS for name in names
)

RECORD_TYPE = RecordType(
    "TSJB",
    ("complaint_id",),
    FIELDS,
    (
        required_when("complainant_name", _not_anonymous, "TSJ-1", "诉求人未匿名"),
        _tsj2,
        _personal_ce_type,
        required_when("complainant_id_number", _present("complainant_ce_type"), "§4.7", "已填写诉求人证件类型"),
        required_when("respondent_ce_type", _present("respondent_ui_code"), "§4.7", "已填写被投诉举报对象证件号码"),
        *_STAGE_RULES,
        required_when("supervise_opinion", _present("supervise_time"), "TSJ-3", "已填写督办时间"),
        not_before("transfer_time", "register_time", "TSJ-4"),
        not_before("supervise_time", "transfer_time", "TSJ-5"),
        not_before("reply_time", "transfer_time", "TSJ-6"),
        not_before("close_time", "reply_time", "TSJ-7"),
        not_before("deadline", "transfer_time", "TSJ-8"),
    ),
)
