"""The common field groups of STANDARD.md §1.10 — ACP (行政相对人) and ORG (实施机关) — and rules ACP-1…4.

A record type that "includes ACP" splices ``ACP`` into its fields and ``ACP_RULES`` into its rules::

    FIELDS = (..., *ACP, ..., *ORG, remark)
    RULES = (..., *ACP_RULES)
"""

from __future__ import annotations

from mappings.standard.context import Ctx
from mappings.standard.schema import Rule, code_in, only_when, required_when
from mappings.standard.types import Code, Field, Ident, IdNo, Str

__all__ = ["ACP", "ACP_RULES", "ALLOWED_CE_TYPES", "ORG", "PERSONAL_CE_TYPES"]

PERSONAL_CE_TYPES = frozenset({"111", "414", "511", "516", "553", "999"})

#: administrative_cp_type → the administrative_cp_ce_type codes it allows (§1.10).
ALLOWED_CE_TYPES = {
    "1": frozenset({"001", "002", "003", "004", "005", "006"}),
    "2": PERSONAL_CE_TYPES,
    "3": frozenset({"001", "003", "111"}),
}

ACP = (
    Field("administrative_cp", "行政相对人名称", Str(200), "M"),
    Field("administrative_cp_ui_code", "行政相对人证件号码", IdNo("administrative_cp_ce_type"), "M"),
    Field("administrative_cp_ce_type", "行政相对人证件类型", Code("CE_TYPE"), "M"),
    Field("administrative_cp_type", "行政相对人类别", Code("CP_TYPE"), "M"),
    Field("legal_representative", "法定代表人", Str(50), "C"),
    Field("legal_representative_ce_type", "法定代表人证件类型", Code("CE_TYPE"), "O"),
    Field("legal_representative_id_number", "法定代表人证件号码", IdNo("legal_representative_ce_type"), "C"),
    Field("administrative_cp_address", "行政相对人地址", Str(200), "O"),
)

ORG = (
    Field("implement_org", "实施机关名称", Str(200), "M"),
    Field("implement_org_code", "实施机关统一社会信用代码", Ident("uscc"), "M"),
    Field("area_number", "实施机关所在行政区划代码", Ident("area"), "M"),
)


def _acp1(ctx: Ctx) -> None:
    cp, ce = ctx.values.get("administrative_cp_type"), ctx.values.get("administrative_cp_ce_type")
    if cp is None or ce is None or ce in ALLOWED_CE_TYPES[cp]:
        return
    allowed = "、".join(sorted(ALLOWED_CE_TYPES[cp]))
    ctx.add("data.administrative_cp_ce_type", "REFERENCE",
            f"行政相对人类别为 {cp} 时证件类型只能是 {allowed}，实为 {ce}（ACP-1）", ce)


def _legal_ce_personal(ctx: Ctx) -> None:
    ce = ctx.values.get("legal_representative_ce_type")
    if ce is not None and ce not in PERSONAL_CE_TYPES:
        ctx.add("data.legal_representative_ce_type", "REFERENCE",
                f"法定代表人证件类型只能是个人证件（{'、'.join(sorted(PERSONAL_CE_TYPES))}），实为 {ce}（§1.10）", ce)


def _acp4(ctx: Ctx) -> None:
    has_type = "legal_representative_ce_type" in ctx.present
    has_number = "legal_representative_id_number" in ctx.present
    if has_type and not has_number:
        ctx.add("data.legal_representative_id_number", "REQUIRED", "法定代表人证件号码必填：已填写法定代表人证件类型（ACP-4）")
    elif has_number and not has_type:
        ctx.add("data.legal_representative_id_number", "REFERENCE",
                "法定代表人证件号码只能与法定代表人证件类型一起填写（ACP-4）", ctx.data.get("legal_representative_id_number"))


ACP_RULES: tuple[Rule, ...] = (
    _acp1,
    required_when("legal_representative", code_in("administrative_cp_type", "1"), "ACP-2", "行政相对人为法人及非法人组织"),
    only_when("legal_representative", code_in("administrative_cp_type", "1", "3"), "ACP-3", "行政相对人不是自然人"),
    _legal_ce_personal,
    _acp4,
)
