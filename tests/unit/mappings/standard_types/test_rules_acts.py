"""Rules of JGXW_LICENSE (LIC-*), JGXW_OTHER (OTH-*) and MLQD_ITEM (MLQ-*), STANDARD.md §4.4–§4.6: each case
changes the standard's example and expects exactly the listed ``(field, code)`` errors."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

Errors = Callable[[str, Any], set[tuple[str, str]]]

PERSON = {
    "administrative_cp": "吴桂兰",
    "administrative_cp_ui_code": "321081199311080429",
    "administrative_cp_ce_type": {"code": "111", "label": "居民身份证"},
    "administrative_cp_type": {"code": "2", "label": "自然人"},
}
INVALID = {"code": "2", "label": "无效"}
LIST_0 = {"implement_list_code": "11320100001201321081001", "implement_org": "仪征市市场监督管理局",
          "implement_org_code": "11321081MB1C87057L", "area_number": "321081"}


def _list(**changes: Any) -> Callable[[dict[str, Any]], None]:
    return lambda data: data["implement_lists"][0].update(changes)


CASES: list[tuple[str, str, Any, set[tuple[str, str]]]] = [
    # JGXW_LICENSE: cd_time 2025-11-03; applied 10-28, decided 11-03, valid 2025-11-03 … 2030-11-02
    ("LIC-1", "JGXW_LICENSE", {"decision_date": "2025-10-27"}, {("data.decision_date", "ORDER")}),
    ("LIC-2", "JGXW_LICENSE", {"valid_to": "2025-11-02"}, {("data.valid_to", "ORDER")}),
    ("LIC-3", "JGXW_LICENSE", {"license_status": INVALID}, {("data.invalid_date", "REQUIRED")}),
    ("LIC-4", "JGXW_LICENSE", {"license_status": INVALID, "invalid_date": "2025-11-02"}, {("data.invalid_date", "ORDER")}),
    ("LIC-5 decision", "JGXW_LICENSE", {"decision_date": "2025-11-04"}, {("data.decision_date", "ORDER")}),
    ("LIC-5 application", "JGXW_LICENSE", {"application_date": "2025-11-04"},
     {("data.application_date", "ORDER"), ("data.decision_date", "ORDER")}),
    ("LIC valid invalid_date", "JGXW_LICENSE", {"license_status": INVALID, "invalid_date": "2025-11-03",
                                                "invalid_reason": "注销"}, set()),
    ("ACP-1", "JGXW_LICENSE", {"administrative_cp_ce_type": {"code": "004", "label": "税务登记号"},
                               "administrative_cp_ui_code": "92321081MA1R2B0"},
     {("data.administrative_cp_ce_type", "REFERENCE")}),
    ("ACP-2", "JGXW_LICENSE", {"administrative_cp_type": {"code": "1", "label": "法人及非法人组织"}, "legal_representative": ...},
     {("data.legal_representative", "REQUIRED")}),
    ("ACP-3", "JGXW_LICENSE", PERSON, {("data.legal_representative", "REFERENCE")}),
    ("ACP-4", "JGXW_LICENSE", {"legal_representative_ce_type": {"code": "111", "label": "居民身份证"}},
     {("data.legal_representative_id_number", "REQUIRED")}),
    ("license_type code", "JGXW_LICENSE", {"license_type": {"code": "1", "label": "普通许可"}},
     {("data.license_type", "CODE_UNKNOWN")}),
    # JGXW_OTHER: cd_time 2025-11-04, action 11-03
    ("OTH-1", "JGXW_OTHER", {"action_date": "2025-11-05"}, {("data.action_date", "ORDER")}),
    ("OTH amount dec(2)", "JGXW_OTHER", {"amount": "5000"}, {("data.amount", "FORMAT")}),
    ("OTH amount", "JGXW_OTHER", {"amount": "5000.00"}, set()),
    ("ACP-2", "JGXW_OTHER", {"legal_representative": ...}, {("data.legal_representative", "REQUIRED")}),
    # MLQD_ITEM: item 11320100001201 (子项 01 of 主项 113201000012, 市场监管)
    ("MLQ-1", "MLQD_ITEM", {"main_item_code": "113201000013"}, {("data.main_item_code", "REFERENCE")}),
    ("MLQ-2", "MLQD_ITEM", {"supervise_dept": {"code": "02", "label": "应急管理"}}, {("data.supervise_dept", "REFERENCE")}),
    ("MLQ-3", "MLQD_ITEM", {"sub_item_name": ...}, {("data.sub_item_name", "REQUIRED")}),
    ("MLQ-4", "MLQD_ITEM", {"item_code": "11320100001200", "implement_lists": ...}, {("data.sub_item_name", "REFERENCE")}),
    ("MLQ-4 main item valid", "MLQD_ITEM", {"item_code": "11320100001200", "implement_lists": ..., "sub_item_name": ...}, set()),
    ("MLQ-5", "MLQD_ITEM", {"item_status": {"code": "2", "label": "停用"}}, {("data.expiry_date", "REQUIRED")}),
    ("MLQ-6", "MLQD_ITEM", {"item_status": {"code": "2", "label": "停用"}, "expiry_date": "2025-10-14"},
     {("data.expiry_date", "ORDER")}),
    ("MLQ-7 item", "MLQD_ITEM", _list(implement_list_code="11320100001202321081001"),
     {("data.implement_lists[0].implement_list_code", "REFERENCE")}),
    ("MLQ-7 item code", "MLQD_ITEM", {"item_code": "11320100001202", "sub_item_name": "对食品经营者的监督检查"},
     {("data.implement_lists[0].implement_list_code", "REFERENCE")}),
    ("MLQ-7 area", "MLQD_ITEM", _list(area_number="321084"), {("data.implement_lists[0].implement_list_code", "REFERENCE")}),
    ("MLQ-9", "MLQD_ITEM", {"implement_lists": [LIST_0, LIST_0]}, {("data.implement_lists[1].implement_list_code", "DUPLICATE")}),
    ("MLQ-9 other list number", "MLQD_ITEM",
     {"implement_lists": [LIST_0, LIST_0 | {"implement_list_code": "11320100001201321081002"}]},
     set()),
    ("MLQ implement_lists may be empty", "MLQD_ITEM", {"implement_lists": []}, set()),
    ("MLQ implement_lists member", "MLQD_ITEM", _list(implement_org_code="11321081MB1C87057M"),
     {("data.implement_lists[0].implement_org_code", "CHECKSUM")}),
    ("MLQ implement_lists too many", "MLQD_ITEM", {"implement_lists": [LIST_0] * 201}, {("data.implement_lists", "RANGE")}),
    ("MLQ supervise_mode unique", "MLQD_ITEM", {"supervise_mode": [{"code": "1", "label": "双随机、一公开监管"}] * 2},
     {("data.supervise_mode[1]", "DUPLICATE")}),
    ("MLQ supervise_mode M", "MLQD_ITEM", {"supervise_mode": []}, {("data.supervise_mode", "REQUIRED")}),
    ("MLQ supervise_level unique", "MLQD_ITEM", {"supervise_level": [{"code": "3", "label": "县级"}] * 2},
     {("data.supervise_level[1]", "DUPLICATE")}),
    ("MLQ item_version 0", "MLQD_ITEM", {"item_version": 0}, {("data.item_version", "RANGE")}),
    ("MLQ item_version 10000", "MLQD_ITEM", {"item_version": 10000}, {("data.item_version", "RANGE")}),
    ("MLQ item_version string", "MLQD_ITEM", {"item_version": "3"}, {("data.item_version", "FORMAT")}),
    ("MLQ catalog area", "MLQD_ITEM", {"catalog_area_number": "321088"}, {("data.catalog_area_number", "CODE_UNKNOWN")}),
]


@pytest.mark.parametrize(("rule", "msg_type", "change", "expected"), CASES, ids=[f"{c[1]}-{c[0]}" for c in CASES])
def test_rule(errors_after: Errors, rule: str, msg_type: str, change: Any, expected: set[tuple[str, str]]) -> None:
    assert errors_after(msg_type, change) == expected
