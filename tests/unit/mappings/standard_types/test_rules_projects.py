"""Rules of GGZY_DEAL (GGZ-*) and GCJS_PROJECT (GCJ-*), STANDARD.md §4.14–§4.15, on the standard's examples
(a stage-5 中标结果公示 with its price in 万元 and the bids in 元; a kind-2 施工许可 stage)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

Errors = Callable[[str, Any], set[tuple[str, str]]]

YUAN, WAN, RATE = {"code": "0", "label": "元"}, {"code": "1", "label": "万元"}, {"code": "3", "label": "下浮率%"}
CONTRACT = {"deal_stage": {"code": "6", "label": "合同签订"}, "contract_sign_date": "2025-10-21",
            "contract_amount": {"value": "8436215.37", "unit": YUAN}}


def _bidder(i: int, **changes: Any) -> Callable[[dict[str, Any]], None]:
    return lambda data: data["bidders"][i].update(changes)


def _stage(code: str, label: str) -> dict[str, Any]:
    return {"deal_stage": {"code": code, "label": label}}


KIND_1 = {"event_kind": {"code": "1", "label": "项目登记"}, "stage": ..., "stage_status": ..., "stage_start_time": ...,
          "stage_end_time": ..., "approvals": ..., "project_location": "仪征市仪扬河东路", "project_type": "审批",
          "current_stage": {"code": "3", "label": "施工许可"}}
PARTY = {"role": {"code": "1", "label": "建设单位"}, "name": "仪征市城建发展有限公司", "code": "91321081MA1NB2C441"}
KIND_3 = {"event_kind": {"code": "3", "label": "参建单位"}, "stage": ..., "stage_status": ..., "stage_start_time": ...,
          "stage_end_time": ..., "approvals": ..., "party": PARTY}


def _approval(**changes: Any) -> Callable[[dict[str, Any]], None]:
    def change(data: dict[str, Any]) -> None:
        for name, value in changes.items():
            if value is ...:
                data["approvals"][0].pop(name)
            else:
                data["approvals"][0][name] = value
    return change


CASES: list[tuple[str, str, Any, set[tuple[str, str]]]] = [
    # GGZY_DEAL: cd_time 2025-10-21T09:05:18; notice 09-16, opening 10-14 09:30, result 10-21 09:00
    ("GGZ-1", "GGZY_DEAL", {"deal_field": {"code": "B", "label": "政府采购"}}, {("data.deal_field", "REFERENCE")}),
    ("GGZ-2", "GGZY_DEAL", {"deal_method": {"code": "3", "label": "竞争性谈判"}}, {("data.deal_method", "REFERENCE")}),
    ("GGZ-3 stage 2", "GGZY_DEAL", {**_stage("2", "公告发布"), "notice_time": ...}, {("data.notice_time", "REQUIRED")}),
    ("GGZ-3 stage 3", "GGZY_DEAL", {**_stage("3", "开标"), "bid_open_time": ...}, {("data.bid_open_time", "REQUIRED")}),
    ("GGZ-3 stage 4", "GGZY_DEAL", {**_stage("4", "中标候选人公示"), "bidders": ...}, {("data.bidders", "REQUIRED")}),
    ("GGZ-3 stage 5", "GGZY_DEAL", {"win_bidder_ce_type": ..., "win_bid_price": ..., "win_notice_time": ...},
     {("data.win_bidder_ce_type", "REQUIRED"), ("data.win_bid_price", "REQUIRED"), ("data.win_notice_time", "REQUIRED")}),
    ("GGZ-3 stage 6", "GGZY_DEAL", _stage("6", "合同签订"),
     {("data.contract_sign_date", "REQUIRED"), ("data.contract_amount", "REQUIRED")}),
    ("GGZ-3 stage 6 valid", "GGZY_DEAL", CONTRACT, set()),
    ("GGZ-3 stage 9", "GGZY_DEAL", _stage("9", "终止"), {("data.termination_reason", "REQUIRED")}),
    ("GGZ-3 stage 1", "GGZY_DEAL", {**_stage("1", "项目登记"), "bidders": ..., "win_bidder_name": ..., "win_bidder_code": ...,
                                    "win_bidder_ce_type": ..., "win_bid_price": ..., "win_notice_time": ...}, set()),
    ("GGZ-4 opening", "GGZY_DEAL", {"bid_open_time": "2025-09-16T08:59:59+08:00"}, {("data.bid_open_time", "ORDER")}),
    ("GGZ-4 result", "GGZY_DEAL", {"win_notice_time": "2025-10-14T09:29:59+08:00"}, {("data.win_notice_time", "ORDER")}),
    ("GGZ-4 contract", "GGZY_DEAL", {**CONTRACT, "contract_sign_date": "2025-10-20"}, {("data.contract_sign_date", "ORDER")}),
    ("GGZ-5 two winners", "GGZY_DEAL", _bidder(1, is_winner=True), {("data.bidders", "REFERENCE")}),
    ("GGZ-5 no winner", "GGZY_DEAL", _bidder(0, is_winner=False), {("data.bidders", "REFERENCE")}),
    ("GGZ-5 winner's code", "GGZY_DEAL", {"win_bidder_code": "91320000MA1Y7R3E5G"}, {("data.bidders", "REFERENCE")}),
    ("GGZ-5 stage 4 is not bound", "GGZY_DEAL",
     lambda d: [d.update(_stage("4", "中标候选人公示")), d["bidders"][1].update(is_winner=True)],
     set()),
    ("GGZ-6", "GGZY_DEAL", {"win_bid_price": {"value": "843.621538", "unit": WAN}}, {("data.win_bid_price", "REFERENCE")}),
    ("GGZ-6 same unit", "GGZY_DEAL", {"win_bid_price": {"value": "8436215.37", "unit": YUAN}}, set()),
    ("GGZ-6 rate not compared", "GGZY_DEAL", {"win_bid_price": {"value": "7.5000", "unit": RATE}}, set()),
    ("GGZ-7", "GGZY_DEAL", {"control_price": {"value": "843.000000", "unit": WAN}}, {("data.win_bid_price", "RANGE")}),
    ("GGZ-8 wan", "GGZY_DEAL", {"win_bid_price": {"value": "843.62", "unit": WAN}}, {("data.win_bid_price.value", "FORMAT")}),
    ("GGZ-8 yuan", "GGZY_DEAL", _bidder(2, bid_price={"value": "8390442.2", "unit": YUAN}),
     {("data.bidders[2].bid_price.value", "FORMAT")}),
    ("GGZ-8 rate", "GGZY_DEAL", {"budget_amount": {"value": "5.50", "unit": RATE}}, {("data.budget_amount.value", "FORMAT")}),
    ("GGZ-8 not a decimal", "GGZY_DEAL", {"budget_amount": {"value": 9000000, "unit": YUAN}},
     {("data.budget_amount.value", "FORMAT")}),
    ("GGZ PRICE unit", "GGZY_DEAL", {"budget_amount": {"value": "9000000.00", "unit": {"code": "0", "label": "人民币元"}}},
     {("data.budget_amount.unit", "CODE_UNKNOWN")}),
    ("GGZ PRICE member", "GGZY_DEAL", {"budget_amount": {"value": "9000000.00", "unit": YUAN, "tax": "含税"}},
     {("data.budget_amount.tax", "SCHEMA")}),
    ("GGZ-9", "GGZY_DEAL", {"win_notice_time": "2025-10-21T09:05:19+08:00"}, {("data.win_notice_time", "ORDER")}),
    ("GGZ-9 contract", "GGZY_DEAL", {**CONTRACT, "contract_sign_date": "2025-10-22"}, {("data.contract_sign_date", "ORDER")}),
    ("GGZ tender_agency_code", "GGZY_DEAL", {"tender_agency_code": ...}, {("data.tender_agency_code", "REQUIRED")}),
    ("GGZ supervise_org_code", "GGZY_DEAL", {"supervise_org_code": ...}, {("data.supervise_org_code", "REQUIRED")}),
    ("GGZ bidder idno by its own ce_type", "GGZY_DEAL", _bidder(2, ce_type={"code": "111", "label": "居民身份证"}),
     {("data.bidders[2].code", "FORMAT")}),
    ("GGZ bidder role", "GGZY_DEAL", lambda d: d["bidders"][0].pop("role"), {("data.bidders[0].role", "REQUIRED")}),
    ("GGZ investment_project_code", "GGZY_DEAL", {"investment_project_code": "2509-321081-48-04-203517"},
     {("data.investment_project_code", "FORMAT")}),
    ("GGZ udc", "GGZY_DEAL", {"unified_deal_code": "12321000MB1F23582KA2025091500040B"},
     {("data.unified_deal_code", "CHECKSUM")}),
    # GCJS_PROJECT: cd_time 2025-11-12T15:47:03; stage 3 from 11-10 10:22:00 to 11-12 15:40:26
    ("GCJ-1 kind 2", "GCJS_PROJECT", {"stage": ..., "stage_start_time": ...},
     {("data.stage", "REQUIRED"), ("data.stage_start_time", "REQUIRED")}),
    ("GCJ-1 kind 1 valid", "GCJS_PROJECT", KIND_1, set()),
    ("GCJ-1 kind 1", "GCJS_PROJECT", {**KIND_1, "project_location": ..., "construction_unit_code": ...},
     {("data.project_location", "REQUIRED"), ("data.construction_unit_code", "REQUIRED")}),
    ("GCJ-1 kind 3 valid", "GCJS_PROJECT", KIND_3, set()),
    ("GCJ-1 kind 3", "GCJS_PROJECT", {**KIND_3, "party": ...}, {("data.party", "REQUIRED")}),
    ("GCJ-2 kind 1", "GCJS_PROJECT", {**KIND_1, "stage": {"code": "1", "label": "立项用地规划许可"}, "approvals": []},
     {("data.stage", "REFERENCE"), ("data.approvals", "REFERENCE")}),
    ("GCJ-2 kind 2", "GCJS_PROJECT", {"party": PARTY}, {("data.party", "REFERENCE")}),
    ("GCJ-2 kind 3", "GCJS_PROJECT", {**KIND_3, "stage_end_time": "2025-11-12T15:40:26+08:00"},
     {("data.stage_end_time", "REFERENCE")}),
    ("GCJ-3 stage", "GCJS_PROJECT", {"stage_end_time": ...}, {("data.stage_end_time", "REQUIRED")}),
    ("GCJ-3 stage in progress", "GCJS_PROJECT", {"stage_end_time": ..., "stage_status": {"code": "1", "label": "办理中"}}, set()),
    ("GCJ-3 approval finished", "GCJS_PROJECT", _approval(document_number=...),
     {("data.approvals[0].document_number", "REQUIRED")}),
    ("GCJ-3 approval refused", "GCJS_PROJECT",
     _approval(status={"code": "5", "label": "不予许可"}, decision_date=..., document_number=...),
     {("data.approvals[0].decision_date", "REQUIRED")}),
    ("GCJ-3 approval accepted", "GCJS_PROJECT",
     _approval(status={"code": "1", "label": "已受理"}, decision_date=..., document_number=...),
     set()),
    ("GCJ-4 stage", "GCJS_PROJECT", {"stage_end_time": "2025-11-10T10:21:59+08:00"}, {("data.stage_end_time", "ORDER")}),
    ("GCJ-4 approval", "GCJS_PROJECT", _approval(decision_date="2025-11-09"), {("data.approvals[0].decision_date", "ORDER")}),
    ("GCJ-4 approval same day", "GCJS_PROJECT", _approval(decision_date="2025-11-10"), set()),
    ("GCJ-5", "GCJS_PROJECT", {"planned_start_date": "2026-03-01", "planned_completion_date": "2026-02-28"},
     {("data.planned_completion_date", "ORDER")}),
    ("GCJ-6", "GCJS_PROJECT", {"project_type": "核准"}, {("data.project_type", "REFERENCE")}),
    ("GCJ-6 agrees", "GCJS_PROJECT", {"project_type": "审批"}, set()),
    ("GCJ project_type values", "GCJS_PROJECT", {"project_type": "其他"}, {("data.project_type", "FORMAT")}),
    ("GCJ-7", "GCJS_PROJECT", {**KIND_3, "party": PARTY | {"code": "91321000MA1P3E8U2W"}}, {("data.party.code", "REFERENCE")}),
    ("GCJ-7 another role", "GCJS_PROJECT", {**KIND_3, "party": PARTY | {"code": "91321000MA1P3E8U2W",
                                                                        "role": {"code": "4", "label": "施工单位"}}}, set()),
    ("GCJ-8 stage_start_time", "GCJS_PROJECT", {"stage_start_time": "2025-11-12T15:47:04+08:00"},
     {("data.stage_start_time", "ORDER"), ("data.stage_end_time", "ORDER")}),
    ("GCJ-8 stage_end_time", "GCJS_PROJECT", {"stage_end_time": "2025-11-12T15:47:04+08:00"}, {("data.stage_end_time", "ORDER")}),
    ("GCJ-8 accept_time", "GCJS_PROJECT", _approval(accept_time="2025-11-12T15:47:04+08:00"),
     {("data.approvals[0].accept_time", "ORDER")}),
    ("GCJ-8 decision_date", "GCJS_PROJECT", _approval(decision_date="2025-11-13"),
     {("data.approvals[0].decision_date", "ORDER")}),
    ("GCJ approvals unique", "GCJS_PROJECT", lambda d: d["approvals"].append(dict(d["approvals"][0])),
     {("data.approvals[1].approval_instance_id", "DUPLICATE")}),
    ("GCJ approval_item_code", "GCJS_PROJECT", _approval(approval_item_code="00010500100"),
     {("data.approvals[0].approval_item_code", "FORMAT")}),
    ("GCJ legacy_project_code", "GCJS_PROJECT", {"legacy_project_code": "32108120160001"},
     {("data.legacy_project_code", "FORMAT")}),
    ("GCJ legacy_project_code valid", "GCJS_PROJECT", {"legacy_project_code": "3210812016000135"}, set()),
    ("GCJ party org9", "GCJS_PROJECT", {**KIND_3, "party": PARTY | {"code": "MA1NB2C44"}}, {("data.party.code", "LENGTH")}),
    ("GCJ approvals may be empty", "GCJS_PROJECT", {"approvals": []}, set()),
]


@pytest.mark.parametrize(("rule", "msg_type", "change", "expected"), CASES, ids=[f"{c[1]}-{c[0]}" for c in CASES])
def test_rule(errors_after: Errors, rule: str, msg_type: str, change: Any, expected: set[tuple[str, str]]) -> None:
    assert errors_after(msg_type, change) == expected
