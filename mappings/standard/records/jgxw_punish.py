"""JGXW_PUNISH — 行政处罚行为 (STANDARD.md §4.2), key ``punish_action_code``."""

from __future__ import annotations

from decimal import Decimal

from mappings.standard.context import INVALID, Ctx
from mappings.standard.groups import ACP, ACP_RULES, ORG
from mappings.standard.schema import (
    RecordType,
    code_in,
    contains,
    not_before,
    required_when,
)
from mappings.standard.types import Bool, Code, Date, Dec, Field, Ident, Key, List, Str

__all__ = ["RECORD_TYPE"]

FIELDS = (
    Field("punish_action_code", "处罚行为编码", Key(64), "M"),
    Field("supervise_item_code", "监管事项编码", Ident("item"), "M"),
    Field("case_number", "案件编号", Str(100), "O"),
    Field("punish_document_code", "行政处罚决定书文号", Str(100), "M"),
    Field("punish_procedure", "处罚程序", Code("PUNISH_PROCEDURE"), "M"),
    Field("punish_type", "处罚种类", List(Code("PUNISH_TYPE"), 1, 12, unique="PUN-12"), "M"),
    Field("illegal_type", "违法行为类型", Str(200), "M"),
    Field("illegal_fact", "违法事实", Str(4000, lf=True), "M"),
    Field("punish_basis", "处罚依据", Str(2000, lf=True), "M"),
    Field("punish_content", "处罚内容", Str(2000, lf=True), "O"),
    Field("fine_amount", "罚款金额", Dec(2, positive=True), "C"),
    Field("confiscated_amount", "没收违法所得、没收非法财物的金额", Dec(2), "C"),
    Field("revoked_license", "暂扣或吊销证照名称及编号", Str(200), "C"),
    Field("is_daily_penalty", "是否按日连续处罚", Bool(), "O"),
    Field("filing_date", "立案日期", Date(), "C", act="PUN-3"),
    Field("set_date", "处罚决定日期", Date(), "M", act="PUN-3"),
    Field("closing_date", "结案日期", Date(), "O", act="PUN-3"),
    Field("is_hearing", "是否听证", Bool(), "O"),
    Field("punish_valid_until", "处罚有效期", Date(), "O"),
    Field("publish_end_date", "公示截止日期", Date(), "O"),
    Field("related_check_action_code", "关联检查行为编码", Key(64), "O"),
    *ACP,
    *ORG,
    Field("remark", "备注", Str(500, lf=True), "O"),
)

_SIMPLE_TYPES = frozenset({"01", "02"})
# 《行政处罚法》第五十一条: 简易程序 fines up to 200 元 for a citizen, 3000 元 for an organisation.
_SIMPLE_FINE_LIMIT = {"2": Decimal("200.00"), "1": Decimal("3000.00"), "3": Decimal("3000.00")}


def _pun6(ctx: Ctx) -> None:
    fine, types = ctx.values.get("fine_amount"), ctx.values.get("punish_type")
    if fine is not None and fine > 0 and types is not None and "02" not in types:
        ctx.add("data.fine_amount", "REFERENCE", "处罚种类不含罚款（02）时不能填写罚款金额（PUN-6）", ctx.data.get("fine_amount"))


def _pun9(ctx: Ctx) -> None:
    types = ctx.values.get("punish_type")
    if ctx.values.get("punish_procedure") != "01" or types is None:
        return
    other = [t for t in types if t is not INVALID and t not in _SIMPLE_TYPES]
    if other:
        ctx.add("data.punish_type", "REFERENCE",
                f"简易程序只能给予警告或罚款，不能有处罚种类 {'、'.join(other)}（PUN-9）", other)


def _pun10(ctx: Ctx) -> None:
    fine, cp = ctx.values.get("fine_amount"), ctx.values.get("administrative_cp_type")
    if ctx.values.get("punish_procedure") != "01" or fine is None or cp is None:
        return
    limit = _SIMPLE_FINE_LIMIT[cp]
    if fine > limit:
        ctx.add("data.fine_amount", "RANGE",
                f"简易程序罚款不能超过 {limit} 元（《行政处罚法》第五十一条），实为 {fine}（PUN-10）", ctx.data.get("fine_amount"))


RECORD_TYPE = RecordType(
    "JGXW_PUNISH",
    ("punish_action_code",),
    FIELDS,
    (
        not_before("set_date", "filing_date", "PUN-1"),
        not_before("closing_date", "set_date", "PUN-2"),
        not_before("closing_date", "filing_date", "PUN-2"),
        not_before("publish_end_date", "set_date", "PUN-4"),
        required_when("fine_amount", contains("punish_type", "02"), "PUN-5", "处罚种类含罚款"),
        _pun6,
        required_when("confiscated_amount", contains("punish_type", "03"), "PUN-7", "处罚种类含没收违法所得、没收非法财物"),
        required_when("revoked_license", contains("punish_type", "05"), "PUN-8", "处罚种类含暂扣或者吊销许可证、执照"),
        _pun9,
        _pun10,
        required_when("filing_date", code_in("punish_procedure", "02"), "PUN-11", "处罚程序为普通程序"),
        *ACP_RULES,
    ),
)
