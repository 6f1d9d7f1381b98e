"""Rules of TSJB, STANDARD.md §4.7 (TSJ-1…9 and the field table's conditions), on the stage-4 example
(cd_time 2025-11-11T14:26:09+08:00; registered 11-10 09:41:27, transferred 10:05:02, answered 11-11 14:20:45)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

Errors = Callable[[str, Any], set[tuple[str, str]]]


def _stage(code: str, label: str) -> dict[str, Any]:
    return {"code": code, "label": label}


STAGE_1 = {"handling_stage": _stage("1", "登记"), "transfer_time": ..., "handling_org": ..., "handling_org_code": ...,
           "deadline": ..., "reply_time": ..., "reply_content": ..., "handling_result": ...}
WITHDRAWN = {**STAGE_1, "handling_stage": _stage("6", "撤销"), "withdraw_time": "2025-11-11T09:00:00+08:00",
             "withdraw_reason": "诉求人来电撤销。"}
SUPERVISED = {"handling_stage": _stage("3", "督办"), "supervise_time": "2025-11-11T09:00:00+08:00",
              "supervise_opinion": "请加快办理。"}
CLOSED = {"handling_stage": _stage("5", "办结"), "close_time": "2025-11-11T14:25:00+08:00"}
PROVINCE_ID = "TS32000020251110000031"

CASES: list[tuple[str, Any, set[tuple[str, str]]]] = [
    ("TSJ-1", {"complainant_name": ...}, {("data.complainant_name", "REQUIRED")}),
    ("TSJ-2", {"is_anonymous": True}, {("data.complainant_name", "REFERENCE"), ("data.complainant_phone", "REFERENCE"),
                                       ("data.complainant_id_number", "REFERENCE"), ("data.complainant_address", "REFERENCE")}),
    ("TSJ-2 anonymous", {"is_anonymous": True, "complainant_name": ..., "complainant_phone": ..., "complainant_ce_type": ...,
                         "complainant_id_number": ..., "complainant_address": ...}, set()),
    ("TSJ-3 transfer_time", {"transfer_time": ...}, {("data.transfer_time", "REQUIRED")}),
    ("TSJ-3 handling_org", {"handling_org": ..., "handling_org_code": ...},
     {("data.handling_org", "REQUIRED"), ("data.handling_org_code", "REQUIRED")}),
    ("TSJ-3 deadline", {"deadline": ...}, {("data.deadline", "REQUIRED")}),
    ("TSJ-3 reply", {"reply_time": ..., "reply_content": ..., "handling_result": ...},
     {("data.reply_time", "REQUIRED"), ("data.reply_content", "REQUIRED"), ("data.handling_result", "REQUIRED")}),
    ("TSJ-3 stage 3", {"handling_stage": _stage("3", "督办")}, {("data.supervise_time", "REQUIRED")}),
    ("TSJ-3 stage 3 valid", SUPERVISED, set()),
    ("TSJ-3 supervise_opinion", {**SUPERVISED, "supervise_opinion": ...}, {("data.supervise_opinion", "REQUIRED")}),
    ("TSJ-3 stage 5", {"handling_stage": _stage("5", "办结")}, {("data.close_time", "REQUIRED")}),
    ("TSJ-3 stage 5 valid", CLOSED, set()),
    ("TSJ-3 stage 1 needs nothing", STAGE_1, set()),
    ("TSJ-3 stage 6 needs only withdraw_*", WITHDRAWN, set()),
    ("TSJ-3 stage 6", {**WITHDRAWN, "withdraw_time": ..., "withdraw_reason": ...},
     {("data.withdraw_time", "REQUIRED"), ("data.withdraw_reason", "REQUIRED")}),
    ("TSJ-4", {"transfer_time": "2025-11-10T09:41:26+08:00"}, {("data.transfer_time", "ORDER")}),
    ("TSJ-5", {**SUPERVISED, "supervise_time": "2025-11-10T10:05:01+08:00"}, {("data.supervise_time", "ORDER")}),
    ("TSJ-6", {"reply_time": "2025-11-10T10:05:01+08:00"}, {("data.reply_time", "ORDER")}),
    ("TSJ-7", {**CLOSED, "close_time": "2025-11-11T14:20:44+08:00"}, {("data.close_time", "ORDER")}),
    ("TSJ-8", {"deadline": "2025-11-10T10:05:01+08:00"}, {("data.deadline", "ORDER")}),
    ("TSJ-9 one second after cd_time", {"reply_time": "2025-11-11T14:26:10+08:00"}, {("data.reply_time", "ORDER")}),
    ("TSJ-9 at cd_time", {"reply_time": "2025-11-11T14:26:09+08:00"}, set()),
    ("TSJ-9 register_time", {"register_time": "2025-11-12T08:00:00+08:00"},
     {("data.register_time", "ORDER"), ("data.transfer_time", "ORDER")}),
    ("TSJ-9 close_time", {**CLOSED, "close_time": "2025-11-11T14:30:00+08:00"}, {("data.close_time", "ORDER")}),
    ("TSJ-9 deadline is planned", {"deadline": "2025-12-01T17:30:00+08:00"}, set()),
    # the field table's conditions
    ("complainant_id_number M with its type", {"complainant_id_number": ...}, {("data.complainant_id_number", "REQUIRED")}),
    ("complainant_ce_type personal only", {"complainant_ce_type": {"code": "001", "label": "统一社会信用代码"},
                                           "complainant_id_number": "91321081MA1X4K9D9F"},
     {("data.complainant_ce_type", "REFERENCE")}),
    ("complainant_id_number by type", {"complainant_id_number": "32108119790314153Y"},
     {("data.complainant_id_number", "FORMAT")}),
    ("respondent_ce_type M with the number", {"respondent_ce_type": ...}, {("data.respondent_ce_type", "REQUIRED")}),
    ("respondent without identifier", {"respondent_ce_type": ..., "respondent_ui_code": ...}, set()),
    ("phone", {"complainant_phone": "139-5270 1846"}, {("data.complainant_phone", "FORMAT")}),
    ("is_anonymous M", {"is_anonymous": ...}, {("data.is_anonymous", "REQUIRED")}),
    ("related_action_codes", {"related_action_codes": ["YZSJ-JC-2025-004417", "yzsj"]},
     {("data.related_action_codes[1]", "FORMAT")}),
    ("related_action_codes may be empty", {"related_action_codes": []}, set()),
    ("area_number 9 digits", {"area_number": "321081100"}, {("data.area_number", "FORMAT")}),
    ("handling_stage code", {"handling_stage": _stage("7", "撤销")}, {("data.handling_stage", "CODE_UNKNOWN")}),
    # §4.7: masks are accepted only in a work order issued by the province (complaint_id = its taskNo)
    ("masked downward", {"complaint_id": PROVINCE_ID, "complainant_name": "周**", "complainant_phone": "139****1846",
                         "complainant_id_number": "321081********153X"}, set()),
    ("masked upward", {"complainant_phone": "139****1846", "complainant_id_number": "321081********153X"},
     {("data.complainant_phone", "FORMAT"), ("data.complainant_id_number", "FORMAT")}),
    ("downward clear values are still checked", {"complaint_id": PROVINCE_ID, "complainant_id_number": "321081199005171235"},
     {("data.complainant_id_number", "CHECKSUM")}),
]


@pytest.mark.parametrize(("rule", "change", "expected"), CASES, ids=[c[0] for c in CASES])
def test_rule(errors_after: Errors, rule: str, change: Any, expected: set[tuple[str, str]]) -> None:
    assert errors_after("TSJB", change) == expected
