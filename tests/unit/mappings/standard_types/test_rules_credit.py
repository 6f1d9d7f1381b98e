"""Rules of XYSGS_XK (SGX-*), XYSGS_CF (SGC-*), their 行政相对人类别 rules XDR-1…8 and XY_LIST (XYL-*),
STANDARD.md §4.11–§4.13, on the standard's examples (XK: a 个体工商户; CF: a 法人)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

Errors = Callable[[str, Any], set[tuple[str, str]]]

ID_CARD = {"code": "111", "label": "居民身份证"}
ORGANISATION = {"xdr_category": {"code": "1", "label": "法人及非法人组织"}, "xdr_uscc": "91321081MA1WAC4R10"}
PERSON = {"xdr_category": {"code": "2", "label": "自然人"}, "xdr_name": "吴桂兰", "xdr_uscc": ..., "legal_representative": ...,
          "xdr_ce_type": ID_CARD, "xdr_id_number": "321081199311080429"}
PT = {c: {"code": c, "label": label} for c, label in [("01", "警告"), ("02", "罚款"), ("03", "没收违法所得、没收非法财物"),
                                                 ("05", "暂扣或者吊销许可证、暂扣或者吊销执照")]}
REMOVED = {"change_type": {"code": "2", "label": "移出"}, "remove_date": "2025-11-05", "remove_reason": "已补报年度报告并公示。",
           "remove_org": "仪征市市场监督管理局", "remove_org_code": "11321081MB1C87057L"}

XDR_CASES: list[tuple[str, Any, set[tuple[str, str]]]] = [
    ("XDR-1", {**ORGANISATION, "xdr_uscc": ...}, {("data.xdr_uscc", "REQUIRED")}),
    ("XDR-1 another org code", {**ORGANISATION, "xdr_uscc": ..., "xdr_org_code": "738000090"}, set()),
    ("XDR-1 social organisation", {**ORGANISATION, "xdr_uscc": ..., "xdr_social_org_cert_no": "SZ3210810012"}, set()),
    ("XDR-2", {**ORGANISATION, "legal_representative": ...}, {("data.legal_representative", "REQUIRED")}),
    ("XDR-3", {**ORGANISATION, "xdr_ce_type": ID_CARD, "xdr_id_number": "321081199311080429"},
     {("data.xdr_ce_type", "REFERENCE"), ("data.xdr_id_number", "REFERENCE")}),
    ("XDR-4 valid", PERSON, set()),
    ("XDR-4 required", {**PERSON, "xdr_ce_type": ..., "xdr_id_number": ...},
     {("data.xdr_ce_type", "REQUIRED"), ("data.xdr_id_number", "REQUIRED")}),
    ("XDR-4 org codes absent", {**PERSON, "xdr_uscc": "92321081MA1R2B0K8Q", "xdr_business_reg_no": "3210812000123"},
     {("data.xdr_uscc", "REFERENCE"), ("data.xdr_business_reg_no", "REFERENCE")}),
    ("XDR-4 legal representative absent", {**PERSON, "legal_representative": "吴桂兰", "legal_representative_ce_type": ID_CARD,
                                           "legal_representative_id_number": "321081199311080429"},
     {("data.legal_representative", "REFERENCE"), ("data.legal_representative_ce_type", "REFERENCE"),
      ("data.legal_representative_id_number", "REFERENCE")}),
    ("XDR-5 uscc", {"xdr_uscc": ...}, {("data.xdr_uscc", "REQUIRED")}),
    ("XDR-5 business registration number", {"xdr_uscc": ..., "xdr_business_reg_no": "321081600123456"}, set()),
    ("XDR-5 legal representative", {"legal_representative": ...}, {("data.legal_representative", "REQUIRED")}),
    ("XDR-5 operator's document", {"xdr_ce_type": ID_CARD, "xdr_id_number": "321081199311080429"}, set()),
    ("XDR-6", {"xdr_org_code": "738000090"}, {("data.xdr_org_code", "REFERENCE")}),
    ("XDR-6 equal", {"xdr_org_code": "MA1R2B0K8"}, set()),
    ("XDR-7", {**ORGANISATION, "xdr_uscc": "92321081MA1R2B0K8Q"}, {("data.xdr_uscc", "REFERENCE")}),
    ("XDR-8", {"xdr_uscc": "91321081MA1WAC4R10"}, {("data.xdr_uscc", "REFERENCE")}),
    ("XDR personal types only",
     {"xdr_ce_type": {"code": "001", "label": "统一社会信用代码"}, "xdr_id_number": "92321081MA1R2B0K8Q"},
     {("data.xdr_ce_type", "REFERENCE")}),
    ("XDR legal representative's number", {"legal_representative_ce_type": ID_CARD},
     {("data.legal_representative_id_number", "REQUIRED")}),
    ("XDR idno(003)", {"xdr_business_reg_no": "32108120001234"}, {("data.xdr_business_reg_no", "FORMAT")}),
    ("XDR idno(004)", {"xdr_tax_reg_no": "3210816001234567"}, {("data.xdr_tax_reg_no", "FORMAT")}),
    ("XDR org9", {"xdr_org_code": "MA1R2B0K-8"}, {("data.xdr_org_code", "FORMAT")}),
]

CASES: list[tuple[str, str, Any, set[tuple[str, str]]]] = [
    *((rule, "XYSGS_XK", change, expected) for rule, change, expected in XDR_CASES),
    # XYSGS_XK: cd_time 2025-11-03, decided 11-03, valid 2025-11-03 … 2030-11-02
    ("SGX-1", "XYSGS_XK", {"valid_to": "2025-11-02"}, {("data.valid_to", "ORDER")}),
    ("SGX-2", "XYSGS_XK", {"decision_date": "2025-11-04"}, {("data.decision_date", "ORDER")}),
    ("XK license_status", "XYSGS_XK", {"license_status": ...}, {("data.license_status", "REQUIRED")}),
    # XYSGS_CF: cd_time 2025-11-13, set 10-27, valid 2099-12-31, published until 2026-04-27
    ("XDR-2", "XYSGS_CF", {"legal_representative": ...}, {("data.legal_representative", "REQUIRED")}),
    ("XDR-7", "XYSGS_CF", {"xdr_uscc": "92321081MA1R2B0K8Q"}, {("data.xdr_uscc", "REFERENCE")}),
    ("SGC-1 fine", "XYSGS_CF", {"fine_amount_wan": ...}, {("data.fine_amount_wan", "REQUIRED")}),
    ("SGC-1 confiscation", "XYSGS_CF", {"punish_type": [PT["02"], PT["03"]]}, {("data.confiscated_amount_wan", "REQUIRED")}),
    ("SGC-1 revocation", "XYSGS_CF", {"punish_type": [PT["02"], PT["05"]]}, {("data.revoked_license", "REQUIRED")}),
    ("SGC-1 confiscation of goods only", "XYSGS_CF", {"punish_type": [PT["02"], PT["03"]], "confiscated_amount_wan": "0.000000"},
     set()),
    ("SGC-2 publish_end_date", "XYSGS_CF", {"publish_end_date": "2025-10-26"}, {("data.publish_end_date", "ORDER")}),
    ("SGC-2 punish_valid_until", "XYSGS_CF", {"punish_valid_until": "2025-10-26"}, {("data.punish_valid_until", "ORDER")}),
    ("SGC-3", "XYSGS_CF", {"set_date": "2025-11-14"}, {("data.set_date", "ORDER")}),
    ("SGC-4 yuan unconverted", "XYSGS_CF", {"fine_amount_wan": "30000.00"}, {("data.fine_amount_wan", "FORMAT")}),
    ("SGC-4 confiscation", "XYSGS_CF", {"punish_type": [PT["02"], PT["03"]], "confiscated_amount_wan": "0.32405"},
     {("data.confiscated_amount_wan", "FORMAT")}),
    ("SGC-5", "XYSGS_CF", {"publish_end_date": "2028-10-28"}, {("data.publish_end_date", "RANGE")}),
    ("SGC-5 three years", "XYSGS_CF", {"publish_end_date": "2028-10-27"}, set()),
    ("SGC-5 29 February", "XYSGS_CF", {"set_date": "2024-02-29", "publish_end_date": "2027-03-01"},
     {("data.publish_end_date", "RANGE")}),
    ("SGC-5 29 February bound", "XYSGS_CF", {"set_date": "2024-02-29", "publish_end_date": "2027-02-28"}, set()),
    ("CF fine > 0", "XYSGS_CF", {"fine_amount_wan": "0.000000"}, {("data.fine_amount_wan", "RANGE")}),
    ("CF punish_type unique", "XYSGS_CF", {"punish_type": [PT["01"], PT["02"], PT["01"]]},
     {("data.punish_type[2]", "DUPLICATE")}),
    ("CF punish_content M", "XYSGS_CF", {"punish_content": ...}, {("data.punish_content", "REQUIRED")}),
    # XY_LIST: cd_time 2025-11-06, included 07-02
    ("XYL-1", "XY_LIST", {"change_type": {"code": "2", "label": "移出"}},
     {("data.remove_date", "REQUIRED"), ("data.remove_reason", "REQUIRED"), ("data.remove_org", "REQUIRED"),
      ("data.remove_org_code", "REQUIRED")}),
    ("XYL-1 removal valid", "XY_LIST", REMOVED, set()),
    ("XYL-2", "XY_LIST", {"remove_document_number": "仪市监异移〔2025〕88号", "remove_date": "2025-11-05"},
     {("data.remove_document_number", "REFERENCE"), ("data.remove_date", "REFERENCE")}),
    ("XYL-2 correction may carry them", "XY_LIST", {**REMOVED, "change_type": {"code": "3", "label": "更正"}}, set()),
    ("XYL-3", "XY_LIST", {**REMOVED, "remove_date": "2025-07-01"}, {("data.remove_date", "ORDER")}),
    ("XYL-4", "XY_LIST", {"list_type": {"code": "01", "label": "失信被执行人"}}, {("data.case_number", "REQUIRED")}),
    ("XYL-4 valid", "XY_LIST", {"list_type": {"code": "01", "label": "失信被执行人"}, "case_number": "(2025)苏1081执1234号"},
     set()),
    ("XYL-5", "XY_LIST", {"subject_ce_type": ID_CARD, "subject_ui_code": "32108119790314153X"},
     {("data.subject_ce_type", "REFERENCE")}),
    ("XYL-6 include_date", "XY_LIST", {"include_date": "2025-11-07"}, {("data.include_date", "ORDER")}),
    ("XYL-6 remove_date", "XY_LIST", {**REMOVED, "remove_date": "2025-11-07"}, {("data.remove_date", "ORDER")}),
    ("XY legal representative of a person", "XY_LIST",
     {"subject_type": {"code": "2", "label": "自然人"}, "subject_ce_type": ID_CARD, "subject_ui_code": "32108119790314153X"},
     {("data.legal_representative", "REFERENCE")}),
    ("XY list_record_id with Chinese", "XY_LIST", {"list_record_id": "(2025)苏1081执1234号"}, set()),
    ("XY list_record_id white space", "XY_LIST", {"list_record_id": "YZYC-2025 000312"}, {("data.list_record_id", "FORMAT")}),
    ("XY list_record_id ideographic space", "XY_LIST", {"list_record_id": "苏1081执\u30001234号"},
     {("data.list_record_id", "FORMAT")}),
]


@pytest.mark.parametrize(("rule", "msg_type", "change", "expected"), CASES, ids=[f"{c[1]}-{c[0]}" for c in CASES])
def test_rule(errors_after: Errors, rule: str, msg_type: str, change: Any, expected: set[tuple[str, str]]) -> None:
    assert errors_after(msg_type, change) == expected
