"""XYSGS_CF — 双公示 行政处罚 (STANDARD.md §4.12), key ``punish_org_code`` + ``punish_document_code``; to the
credit platform, amounts in 万元 with exactly 6 decimals.  Rules SGC-1…5 and XDR-1…8 (shared with XYSGS_XK)."""

from __future__ import annotations

from datetime import date

from mappings.standard.context import Ctx
from mappings.standard.records.xysgs_xk import XDR, XDR_RULES
from mappings.standard.schema import RecordType, contains, not_before, required_when
from mappings.standard.types import Code, Date, Dec, Field, Ident, List, Str

__all__ = ["RECORD_TYPE"]

FIELDS = (
    *XDR,
    Field("punish_document_code", "行政处罚决定书文号", Str(100), "M"),
    Field("illegal_type", "违法行为类型", Str(200), "M"),
    Field("illegal_fact", "违法事实", Str(4000, lf=True), "M"),
    Field("punish_basis", "处罚依据", Str(2000, lf=True), "M"),
    Field("punish_type", "处罚类别", List(Code("PUNISH_TYPE"), 1, 12, unique="unique"), "M"),
    Field("punish_content", "处罚内容", Str(2000, lf=True), "M"),
    # SGC-4: an amount with other than 6 decimals (a 元 value sent unconverted) is the dec(6) FORMAT error
    Field("fine_amount_wan", "罚款金额（万元）", Dec(6, positive=True), "C"),
    Field("confiscated_amount_wan", "没收违法所得、没收非法财物的金额（万元）", Dec(6), "C"),
    Field("revoked_license", "暂扣或吊销证照名称及编号", Str(200), "C"),
    Field("set_date", "处罚决定日期", Date(), "M", act="SGC-3"),
    Field("punish_valid_until", "处罚有效期", Date(), "M"),
    Field("publish_end_date", "公示截止期", Date(), "M"),
    Field("punish_org", "处罚机关", Str(200), "M"),
    Field("punish_org_code", "处罚机关统一社会信用代码", Ident("uscc"), "M"),
    Field("data_source_org", "数据来源单位", Str(200), "M"),
    Field("data_source_org_code", "数据来源单位统一社会信用代码", Ident("uscc"), "M"),
    Field("remark", "备注", Str(500, lf=True), "O"),
)


def _three_years_after(day: str) -> str:
    d = date.fromisoformat(day)
    try:
        return d.replace(year=d.year + 3).isoformat()
    except ValueError:  # 29 February: three years on there is none, the last day of February is the limit
        return d.replace(year=d.year + 3, day=28).isoformat()


def _sgc5(ctx: Ctx) -> None:
    set_date, end = ctx.values.get("set_date"), ctx.values.get("publish_end_date")
    if set_date is None or end is None:
        return
    limit = _three_years_after(set_date)
    if end > limit:
        ctx.add("data.publish_end_date", "RANGE", f"公示截止期 {end} 不能晚于处罚决定日期后三年 {limit}（SGC-5）", end)


RECORD_TYPE = RecordType(
    "XYSGS_CF",
    ("punish_org_code", "punish_document_code"),
    FIELDS,
    (
        *XDR_RULES,
        required_when("fine_amount_wan", contains("punish_type", "02"), "SGC-1", "处罚类别含罚款"),
        required_when("confiscated_amount_wan", contains("punish_type", "03"), "SGC-1", "处罚类别含没收违法所得、没收非法财物"),
        required_when("revoked_license", contains("punish_type", "05"), "SGC-1", "处罚类别含暂扣或者吊销许可证、执照"),
        not_before("publish_end_date", "set_date", "SGC-2"),
        not_before("punish_valid_until", "set_date", "SGC-2"),
        _sgc5,
    ),
)
