"""XYSGS_XK — 双公示 行政许可 (STANDARD.md §4.11), key ``license_org_code`` + ``license_document_number``; to
the credit platform.  Rules SGX-1, SGX-2 and the 行政相对人类别 rules XDR-1…8.

``XDR`` (the 行政相对人 fields of the 2020 双公示 templates) and ``XDR_RULES`` are shared with XYSGS_CF::

    FIELDS = (*XDR, ...)
    RULES = (*XDR_RULES, ...)
"""

from __future__ import annotations

from typing import Any

from mappings.standard.context import Ctx
from mappings.standard.groups import PERSONAL_CE_TYPES
from mappings.standard.schema import Cond, RecordType, Rule, code_in, not_before, only_when, required_when
from mappings.standard.types import Code, Date, Field, Ident, IdNo, Str

__all__ = ["ORG_CODES", "RECORD_TYPE", "XDR", "XDR_RULES"]


class _IdNoOf:
    """``idno(T)`` for a fixed CE_TYPE code T (``xdr_business_reg_no`` is ``idno(003)``)."""

    def __init__(self, ce_type: str) -> None:
        self.ce, self.idno = {"code": ce_type}, IdNo("")

    def __call__(self, value: Any, path: str, ctx: Ctx, label: str) -> Any:
        return self.idno.check_with(self.ce, value, path, ctx, label)


XDR = (
    Field("xdr_name", "行政相对人名称", Str(200), "M"),
    Field("xdr_category", "行政相对人类别", Code("CP_TYPE"), "M"),
    Field("xdr_uscc", "统一社会信用代码", Ident("uscc"), "C"),
    Field("xdr_business_reg_no", "工商注册号", _IdNoOf("003"), "C"),
    Field("xdr_org_code", "组织机构代码", Ident("org9"), "C"),
    Field("xdr_tax_reg_no", "税务登记号", _IdNoOf("004"), "C"),
    Field("xdr_institution_cert_no", "事业单位证书号", _IdNoOf("005"), "C"),
    Field("xdr_social_org_cert_no", "社会组织登记证号", _IdNoOf("006"), "C"),
    Field("legal_representative", "法定代表人", Str(50), "C"),
    Field("legal_representative_ce_type", "法定代表人证件类型", Code("CE_TYPE"), "O"),
    Field("legal_representative_id_number", "法定代表人证件号码", IdNo("legal_representative_ce_type"), "C"),
    Field("xdr_ce_type", "证件类型", Code("CE_TYPE"), "C"),
    Field("xdr_id_number", "证件号码", IdNo("xdr_ce_type"), "C"),
)

#: The six "org codes" of the XDR rules.
ORG_CODES = ("xdr_uscc", "xdr_business_reg_no", "xdr_org_code", "xdr_tax_reg_no", "xdr_institution_cert_no",
             "xdr_social_org_cert_no")
_LEGAL = ("legal_representative", "legal_representative_ce_type", "legal_representative_id_number")

_ORGANISATION = code_in("xdr_category", "1")
_PERSON = code_in("xdr_category", "2")
_INDIVIDUAL_BUSINESS = code_in("xdr_category", "3")


def _xdr1(ctx: Ctx) -> None:
    if ctx.values.get("xdr_category") == "1" and not any(name in ctx.present for name in ORG_CODES):
        ctx.add("data.xdr_uscc", "REQUIRED",
                "统一社会信用代码必填：法人及非法人组织没有统一社会信用代码时至少填写另一种机构代码（XDR-1）")


def _xdr5(ctx: Ctx) -> None:
    if ctx.values.get("xdr_category") == "3" and not {"xdr_uscc", "xdr_business_reg_no"} & ctx.present:
        ctx.add("data.xdr_uscc", "REQUIRED", "统一社会信用代码必填：个体工商户没有统一社会信用代码时填写工商注册号（XDR-5）")


def _xdr6(ctx: Ctx) -> None:
    uscc, org = ctx.values.get("xdr_uscc"), ctx.values.get("xdr_org_code")
    if uscc is not None and org is not None and uscc[8:17] != org:
        ctx.add("data.xdr_org_code", "REFERENCE", f"组织机构代码应等于统一社会信用代码第 9–17 位 {uscc[8:17]}（XDR-6）", org)


def _xdr78(ctx: Ctx) -> None:
    uscc, category = ctx.values.get("xdr_uscc"), ctx.values.get("xdr_category")
    if uscc is None:
        return
    if category == "1" and uscc.startswith("92"):
        ctx.add("data.xdr_uscc", "REFERENCE", "法人及非法人组织的统一社会信用代码不能以 92（个体工商户）开头（XDR-7）", uscc)
    elif category == "3" and not uscc.startswith("92"):
        ctx.add("data.xdr_uscc", "REFERENCE", "个体工商户的统一社会信用代码应以 92 开头（XDR-8）", uscc)


def _personal(name: str, rule: str) -> Rule:
    def check(ctx: Ctx) -> None:
        ce = ctx.values.get(name)
        if ce is not None and ce not in PERSONAL_CE_TYPES:
            ctx.add("data." + name, "REFERENCE", f"{ctx.labels[name]}只能是个人证件，实为 {ce}（{rule}）", ce)
    return check


def _not(cond: Cond) -> Cond:
    def negated(ctx: Ctx) -> bool | None:
        holds = cond(ctx)
        return None if holds is None else not holds
    return negated


XDR_RULES: tuple[Rule, ...] = (
    _xdr1,
    required_when("legal_representative", _ORGANISATION, "XDR-2", "行政相对人为法人及非法人组织"),
    *(only_when(name, _not(_ORGANISATION), "XDR-3", "行政相对人不是法人及非法人组织")
      for name in ("xdr_ce_type", "xdr_id_number")),
    *(required_when(name, _PERSON, "XDR-4", "行政相对人为自然人") for name in ("xdr_ce_type", "xdr_id_number")),
    *(only_when(name, _not(_PERSON), "XDR-4", "行政相对人不是自然人") for name in (*ORG_CODES, *_LEGAL)),
    _xdr5,
    required_when("legal_representative", _INDIVIDUAL_BUSINESS, "XDR-5", "行政相对人为个体工商户"),
    _xdr6,
    _xdr78,
    _personal("xdr_ce_type", "§4.11"),
    _personal("legal_representative_ce_type", "§4.11"),
    required_when("legal_representative_id_number", lambda ctx: "legal_representative_ce_type" in ctx.present,
                  "§4.11", "已填写法定代表人证件类型"),
)

FIELDS = (
    *XDR,
    Field("license_document_name", "行政许可决定文书名称", Str(100), "M"),
    Field("license_document_number", "行政许可决定文书号", Str(100), "M"),
    Field("license_type", "许可类别", Code("LICENSE_TYPE"), "M"),
    Field("license_certificate_name", "许可证书名称", Str(100), "O"),
    Field("license_number", "许可编号", Str(100), "O"),
    Field("license_content", "许可内容", Str(4000, lf=True), "M"),
    Field("decision_date", "许可决定日期", Date(), "M", act="SGX-2"),
    Field("valid_from", "有效期自", Date(), "M"),
    Field("valid_to", "有效期至", Date(), "M"),
    Field("license_org", "许可机关", Str(200), "M"),
    Field("license_org_code", "许可机关统一社会信用代码", Ident("uscc"), "M"),
    Field("license_status", "当前状态", Code("LICENSE_STATUS"), "M"),
    Field("data_source_org", "数据来源单位", Str(200), "M"),
    Field("data_source_org_code", "数据来源单位统一社会信用代码", Ident("uscc"), "M"),
    Field("remark", "备注", Str(500, lf=True), "O"),
)

RECORD_TYPE = RecordType(
    "XYSGS_XK",
    ("license_org_code", "license_document_number"),
    FIELDS,
    (*XDR_RULES, not_before("valid_to", "valid_from", "SGX-1")),
)
