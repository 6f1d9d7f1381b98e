"""GGZY_DEAL — 公共资源交易 (STANDARD.md §4.14), key ``unified_deal_code`` + ``deal_stage``: one transaction
(标段/包) at one stage; prices are PRICE objects that keep their unit.  Rules GGZ-1…9."""

from __future__ import annotations

from mappings.standard.context import Ctx
from mappings.standard.objects import PRICE, Group, elements, to_yuan
from mappings.standard.schema import RecordType, Rule, code_in, not_before, required_when
from mappings.standard.types import Bool, Code, Date, DateTime, Field, Ident, IdNo, List, Str

__all__ = ["ALLOWED_METHODS", "BIDDER_FIELDS", "RECORD_TYPE"]

BIDDER_FIELDS = (
    Field("name", "名称", Str(200), "M"),
    Field("code", "证件号码", IdNo("ce_type"), "M"),
    Field("ce_type", "证件类型", Code("CE_TYPE"), "M"),
    Field("role", "角色", Code("BIDDER_ROLE"), "M"),
    Field("bid_price", "投标报价", PRICE, "O"),
    Field("is_winner", "是否中标", Bool(), "M"),
)

FIELDS = (
    Field("unified_deal_code", "统一交易标识码", Ident("udc"), "M"),
    Field("project_code", "项目编号", Str(50), "M"),
    Field("project_name", "项目名称", Str(200), "M"),
    Field("tender_project_code", "招标项目编号", Str(50), "O"),
    Field("investment_project_code", "投资项目统一代码", Ident("pcode"), "O"),
    Field("bid_section_code", "标段(包)编号", Str(50), "M"),
    Field("bid_section_name", "标段(包)名称", Str(200), "M"),
    Field("deal_field", "交易类型", Code("GGZY_FIELD"), "M"),
    Field("deal_method", "交易方式", Code("GGZY_METHOD"), "M"),
    Field("deal_stage", "交易阶段", Code("GGZY_STAGE"), "M"),
    Field("tenderer_name", "招标人", Str(200), "M"),
    Field("tenderer_code", "招标人统一社会信用代码", Ident("uscc"), "M"),
    Field("tender_agency_name", "代理机构", Str(200), "O"),
    Field("tender_agency_code", "代理机构统一社会信用代码", Ident("uscc"), "C"),
    Field("budget_amount", "预算金额", PRICE, "O"),
    Field("control_price", "最高投标限价", PRICE, "O"),
    Field("notice_time", "公告发布时间", DateTime(), "C", act="GGZ-9"),
    Field("bid_open_time", "开标时间", DateTime(), "C", act="GGZ-9"),
    Field("bidders", "投标人", List(Group(BIDDER_FIELDS), 1, 200), "C"),
    Field("win_bidder_name", "中标人", Str(200), "C"),
    Field("win_bidder_code", "中标人证件号码", IdNo("win_bidder_ce_type"), "C"),
    Field("win_bidder_ce_type", "中标人证件类型", Code("CE_TYPE"), "C"),
    Field("win_bid_price", "中标价", PRICE, "C"),
    Field("win_notice_time", "中标结果公示时间", DateTime(), "C", act="GGZ-9"),
    Field("contract_sign_date", "合同签订日期", Date(), "C", act="GGZ-9"),
    Field("contract_amount", "合同金额", PRICE, "C"),
    Field("termination_reason", "终止原因", Str(1000, lf=True), "C"),
    Field("supervise_org", "行业监管部门", Str(200), "O"),
    Field("supervise_org_code", "行业监管部门统一社会信用代码", Ident("uscc"), "C"),
    Field("area_number", "交易所在区划", Ident("area"), "M"),
)

#: GGZ-2: the 交易方式 each 交易类型 allows (Z 其他交易: any).
ALLOWED_METHODS = {
    "A": frozenset("12"),
    "B": frozenset("123456"),
    "C": frozenset("178"),
    "D": frozenset("178"),
    "E": frozenset("789"),
}

#: GGZ-3: the fields "M at stage n", with the stage's label.
_STAGE_FIELDS = {
    "2": ("公告发布", ("notice_time",)),
    "3": ("开标", ("bid_open_time",)),
    "4": ("中标候选人公示", ("bidders",)),
    "5": ("中标结果公示", ("win_bidder_name", "win_bidder_code", "win_bidder_ce_type", "win_bid_price", "win_notice_time")),
    "6": ("合同签订", ("win_bidder_name", "win_bidder_code", "win_bidder_ce_type", "contract_sign_date", "contract_amount")),
    "9": ("终止", ("termination_reason",)),
}


def _ggz1(ctx: Ctx) -> None:
    udc, field = ctx.values.get("unified_deal_code"), ctx.values.get("deal_field")
    if udc is not None and field is not None and field != udc[18]:
        ctx.add("data.deal_field", "REFERENCE", f"交易类型 {field} 应等于统一交易标识码第 19 位 {udc[18]}（GGZ-1）", field)


def _ggz2(ctx: Ctx) -> None:
    field, method = ctx.values.get("deal_field"), ctx.values.get("deal_method")
    allowed = ALLOWED_METHODS.get(field or "")
    if allowed is not None and method is not None and method not in allowed:
        ctx.add("data.deal_method", "REFERENCE",
                f"交易类型 {field} 的交易方式只能是 {'、'.join(sorted(allowed))}，实为 {method}（GGZ-2）", method)


def _winners(ctx: Ctx) -> list[dict[str, object]] | None:
    """The bidders marked as winners, or ``None`` when some is_winner cannot be read."""
    if type(ctx.values.get("bidders")) is not list:
        return None
    found = list(elements(ctx, "bidders"))
    if len(found) != len(ctx.data["bidders"]) or any("is_winner" not in parsed for _, _, parsed in found):
        return None
    return [parsed for _, _, parsed in found if parsed["is_winner"]]


def _ggz5(ctx: Ctx) -> None:
    if ctx.values.get("deal_stage") not in ("5", "6"):
        return
    winners = _winners(ctx)
    if winners is None:
        return
    win_code = ctx.values.get("win_bidder_code")
    if len(winners) != 1:
        why = f"应恰有一个投标人中标，实有 {len(winners)} 个"
    elif win_code is not None and "code" in winners[0] and winners[0]["code"] != win_code:
        why = f"中标的投标人证件号码应等于中标人证件号码 {win_code}"
    else:
        return
    ctx.add("data.bidders", "REFERENCE", f"投标人：{why}（GGZ-5）")


def _ggz6(ctx: Ctx) -> None:
    winners = _winners(ctx)
    won = to_yuan(ctx.values.get("win_bid_price"))
    if not winners or len(winners) != 1 or won is None:
        return
    bid = to_yuan(winners[0].get("bid_price"))
    if bid is not None and bid != won:
        ctx.add("data.win_bid_price", "REFERENCE", f"中标价 {won} 元与中标投标人的投标报价 {bid} 元不一致（GGZ-6）",
                ctx.data.get("win_bid_price"))


def _ggz7(ctx: Ctx) -> None:
    won, limit = to_yuan(ctx.values.get("win_bid_price")), to_yuan(ctx.values.get("control_price"))
    if won is not None and limit is not None and won > limit:
        ctx.add("data.win_bid_price", "RANGE", f"中标价 {won} 元高于最高投标限价 {limit} 元（GGZ-7）",
                ctx.data.get("win_bid_price"))


_STAGE_RULES: tuple[Rule, ...] = tuple(
    required_when(name, code_in("deal_stage", stage), "GGZ-3", f"交易阶段为{label}")
    for stage, (label, names) in _STAGE_FIELDS.items() for name in names
)

RECORD_TYPE = RecordType(
    "GGZY_DEAL",
    ("unified_deal_code", "deal_stage"),
    FIELDS,
    (
        _ggz1,
        _ggz2,
        *_STAGE_RULES,
        required_when("tender_agency_code", lambda ctx: "tender_agency_name" in ctx.present, "§4.14", "已填写代理机构"),
        required_when("supervise_org_code", lambda ctx: "supervise_org" in ctx.present, "§4.14", "已填写行业监管部门"),
        not_before("bid_open_time", "notice_time", "GGZ-4"),
        not_before("win_notice_time", "bid_open_time", "GGZ-4"),
        not_before("contract_sign_date", "win_notice_time", "GGZ-4"),
        _ggz5,
        _ggz6,
        _ggz7,
    ),
)
