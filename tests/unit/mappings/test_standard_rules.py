"""Every numbered rule of STANDARD.md §4.1–§4.3 (CHK-*, PUN-*, FRC-*, ACP-*, R-ACT): one negative case
or more each, built by changing the standard's own valid example record."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from mappings.standard import validate_data, validate_record

Mutation = Callable[[dict[str, Any]], None]

NATURAL_PERSON = {
    "administrative_cp": "吴桂兰",
    "administrative_cp_ui_code": "321081199311080429",
    "administrative_cp_ce_type": {"code": "111", "label": "居民身份证"},
    "administrative_cp_type": {"code": "2", "label": "自然人"},
}


def _set(**values: Any) -> Mutation:
    return lambda data: data.update(values)


def _drop(*names: str) -> Mutation:
    def mutate(data: dict[str, Any]) -> None:
        for name in names:
            del data[name]
    return mutate


def _all(*mutations: Mutation) -> Mutation:
    def mutate(data: dict[str, Any]) -> None:
        for m in mutations:
            m(data)
    return mutate


def _person(data: dict[str, Any]) -> None:
    data.update(NATURAL_PERSON)
    data.pop("legal_representative", None)


def _item(i: int, **values: Any) -> Mutation:
    return lambda data: data["items"][i].update(values)


PT = {c: {"code": c, "label": lab} for c, lab in [("01", "警告"), ("02", "罚款"), ("03", "没收违法所得、没收非法财物"),
                                                 ("04", "责令停产停业"), ("05", "暂扣或者吊销许可证、暂扣或者吊销执照")]}
SIMPLE = {"code": "01", "label": "简易程序"}

CASES: list[tuple[str, str, Mutation, tuple[str, str]]] = [
    # JGXW_CHECK, cd_time 2025-11-12
    ("CHK-1", "JGXW_CHECK", _drop("plan_id"), ("data.plan_id", "REQUIRED")),
    ("CHK-2", "JGXW_CHECK", _set(check_personnel_code=["32108119017"]), ("data.check_personnel_code", "REFERENCE")),
    ("CHK-3", "JGXW_CHECK", _set(check_date="2025-11-13"), ("data.check_date", "ORDER")),
    ("CHK-4", "JGXW_CHECK", _set(check_result={"code": "1", "label": "未发现问题"}), ("data.rectify_deadline", "REFERENCE")),
    ("CHK-5", "JGXW_CHECK", _set(rectify_deadline="2025-11-11"), ("data.rectify_deadline", "ORDER")),
    ("CHK-6", "JGXW_CHECK", _set(related_punish_action_code="YZSJ-CF-2025-000001"),
     ("data.related_punish_action_code", "REFERENCE")),
    ("CHK-7", "JGXW_CHECK", _set(supervise_item_code="11320100001202"), ("data.implement_list_code", "REFERENCE")),
    ("ACP-1", "JGXW_CHECK", _set(administrative_cp_ce_type={"code": "111", "label": "居民身份证"},
                                  administrative_cp_ui_code="321081199005171234"),
     ("data.administrative_cp_ce_type", "REFERENCE")),
    ("ACP-1", "JGXW_CHECK", _all(_person, _set(administrative_cp_ce_type={"code": "001", "label": "统一社会信用代码"},
                                               administrative_cp_ui_code="913210817382Q41H7N")),
     ("data.administrative_cp_ce_type", "REFERENCE")),
    ("ACP-2", "JGXW_CHECK", _drop("legal_representative"), ("data.legal_representative", "REQUIRED")),
    ("ACP-3", "JGXW_CHECK", _all(_person, _set(legal_representative="吴桂兰")), ("data.legal_representative", "REFERENCE")),
    ("ACP-4", "JGXW_CHECK", _set(legal_representative_ce_type={"code": "111", "label": "居民身份证"}),
     ("data.legal_representative_id_number", "REQUIRED")),
    ("ACP-4", "JGXW_CHECK", _set(legal_representative_id_number="321081199005171234"),
     ("data.legal_representative_id_number", "REFERENCE")),
    ("ACP legal_representative_ce_type", "JGXW_CHECK",
     _set(legal_representative_ce_type={"code": "001", "label": "统一社会信用代码"},
          legal_representative_id_number="913210817382Q41H7N"), ("data.legal_representative_ce_type", "REFERENCE")),
    ("ACP idno by type", "JGXW_CHECK", _all(_person, _set(administrative_cp_ui_code="321081931108042")),
     ("data.administrative_cp_ui_code", "LENGTH")),
    # JGXW_PUNISH, cd_time 2025-11-13; filing 09-02 ≤ set 10-27 ≤ closing 11-12
    ("PUN-1", "JGXW_PUNISH", _set(filing_date="2025-10-28"), ("data.set_date", "ORDER")),
    ("PUN-2", "JGXW_PUNISH", _set(closing_date="2025-10-26"), ("data.closing_date", "ORDER")),
    ("PUN-2", "JGXW_PUNISH", _set(closing_date="2025-09-01"), ("data.closing_date", "ORDER")),
    ("PUN-3", "JGXW_PUNISH", _set(filing_date="2025-11-14"), ("data.filing_date", "ORDER")),
    ("PUN-3", "JGXW_PUNISH", _set(set_date="2025-11-14"), ("data.set_date", "ORDER")),
    ("PUN-3", "JGXW_PUNISH", _set(closing_date="2025-11-14"), ("data.closing_date", "ORDER")),
    ("PUN-4", "JGXW_PUNISH", _set(publish_end_date="2025-10-26"), ("data.publish_end_date", "ORDER")),
    ("PUN-5", "JGXW_PUNISH", _drop("fine_amount"), ("data.fine_amount", "REQUIRED")),
    ("PUN-6", "JGXW_PUNISH", _set(punish_type=[PT["01"]]), ("data.fine_amount", "REFERENCE")),
    ("PUN-7", "JGXW_PUNISH", _set(punish_type=[PT["02"], PT["03"]]), ("data.confiscated_amount", "REQUIRED")),
    ("PUN-8", "JGXW_PUNISH", _set(punish_type=[PT["02"], PT["05"]]), ("data.revoked_license", "REQUIRED")),
    ("PUN-9", "JGXW_PUNISH", _set(punish_procedure=SIMPLE, punish_type=[PT["02"], PT["04"]], fine_amount="200.00"),
     ("data.punish_type", "REFERENCE")),
    ("PUN-10", "JGXW_PUNISH", _set(punish_procedure=SIMPLE, fine_amount="3000.01"), ("data.fine_amount", "RANGE")),
    ("PUN-10", "JGXW_PUNISH", _all(_person, _set(punish_procedure=SIMPLE, fine_amount="200.01")),
     ("data.fine_amount", "RANGE")),
    ("PUN-11", "JGXW_PUNISH", _drop("filing_date"), ("data.filing_date", "REQUIRED")),
    ("PUN-12", "JGXW_PUNISH", _set(punish_type=[PT["01"], PT["02"], PT["01"]]), ("data.punish_type[2]", "DUPLICATE")),
    ("PUN fine > 0", "JGXW_PUNISH", _set(fine_amount="0.00"), ("data.fine_amount", "RANGE")),
    ("ACP-2", "JGXW_PUNISH", _drop("legal_representative"), ("data.legal_representative", "REQUIRED")),
    # JGXW_FORCE, cd_time 2025-11-06; 扣押 from 10-20 to 11-18, lifted 11-06
    ("FRC-1", "JGXW_FORCE", _drop("coercive_measure_type"), ("data.coercive_measure_type", "REQUIRED")),
    ("FRC-1", "JGXW_FORCE", _all(_drop("coercive_measure_type", "items", "force_end_date"),
                                 _set(force_type={"code": "2", "label": "行政强制执行"})), ("data.enforce_mode", "REQUIRED")),
    ("FRC-2", "JGXW_FORCE", _set(enforce_mode={"code": "5", "label": "代履行"}), ("data.enforce_mode", "REFERENCE")),
    ("FRC-2", "JGXW_FORCE", _set(force_type={"code": "2", "label": "行政强制执行"}, enforce_mode={"code": "5", "label": "代履行"}),
     ("data.coercive_measure_type", "REFERENCE")),
    ("FRC-3", "JGXW_FORCE", _set(force_end_date="2025-10-19"), ("data.force_end_date", "ORDER")),
    ("FRC-4", "JGXW_FORCE", _set(force_extend_date="2025-11-18"), ("data.force_extend_date", "ORDER")),
    ("FRC-5", "JGXW_FORCE", _all(_drop("lift_date", "lift_decision_number"),
                                 _set(force_status={"code": "2", "label": "已延期"})), ("data.force_extend_date", "REQUIRED")),
    ("FRC-6", "JGXW_FORCE", _drop("lift_date"), ("data.lift_date", "REQUIRED")),
    ("FRC-6", "JGXW_FORCE", _drop("lift_decision_number"), ("data.lift_decision_number", "REQUIRED")),
    ("FRC-7", "JGXW_FORCE", _set(lift_date="2025-10-19"), ("data.lift_date", "ORDER")),
    ("FRC-8", "JGXW_FORCE", _set(finish_date="2025-10-19"), ("data.finish_date", "ORDER")),
    ("FRC-9", "JGXW_FORCE", _drop("items"), ("data.items", "REQUIRED")),
    ("FRC-9", "JGXW_FORCE", _set(items=[]), ("data.items", "REQUIRED")),
    ("FRC-10", "JGXW_FORCE", _item(1, quantity="0.000"), ("data.items[1].quantity", "RANGE")),
    ("FRC-11", "JGXW_FORCE", _set(mandatory_decision_sev_date="2025-11-07"), ("data.mandatory_decision_sev_date", "ORDER")),
    ("FRC-11", "JGXW_FORCE", _set(lift_date="2025-11-07"), ("data.lift_date", "ORDER")),
    ("FRC-11", "JGXW_FORCE", _set(finish_date="2025-11-07"), ("data.finish_date", "ORDER")),
    ("§4.3 force_end_date", "JGXW_FORCE", _drop("force_end_date"), ("data.force_end_date", "REQUIRED")),
    ("§4.3 finish_date", "JGXW_FORCE", _set(force_status={"code": "4", "label": "已执行完毕"}), ("data.finish_date", "REQUIRED")),
    ("§4.3 frozen_amount", "JGXW_FORCE", _all(_drop("items"), _set(coercive_measure_type={"code": "4", "label": "冻结存款、汇款"})),
     ("data.frozen_amount", "REQUIRED")),
    ("ACP-3", "JGXW_FORCE", _all(_person, _set(legal_representative="马俊")), ("data.legal_representative", "REFERENCE")),
]


@pytest.mark.parametrize(("rule", "msg_type", "mutate", "expected"), CASES,
                         ids=[f"{c[0]}-{c[1]}-{i}" for i, c in enumerate(CASES)])
def test_rule_violation_is_reported(example: Callable[[str], dict[str, Any]], rule: str, msg_type: str,
                                    mutate: Mutation, expected: tuple[str, str]) -> None:
    record = example(msg_type)
    mutate(record["data"])
    errors = validate_data(msg_type, record["data"], cd_time=record["cd_time"])
    assert expected in [(e.field, e.code) for e in errors], errors
    assert all(e.message for e in errors)


def test_rule_messages_name_the_rule(example: Callable[[str], dict[str, Any]]) -> None:
    record = example("JGXW_CHECK")
    del record["data"]["plan_id"]
    (error,) = validate_data("JGXW_CHECK", record["data"], cd_time=record["cd_time"])
    assert error.message == "抽查计划编号必填：检查类别为双随机抽查（CHK-1）"


@pytest.mark.parametrize("msg_type", ["JGXW_CHECK", "JGXW_PUNISH", "JGXW_FORCE"])
def test_the_standard_examples_validate_clean(example: Callable[[str], dict[str, Any]], msg_type: str) -> None:
    record = example(msg_type)
    assert validate_record(record) == []
    assert validate_data(msg_type, record["data"], cd_time=record["cd_time"]) == []


def test_an_order_violation_is_reported_once_per_later_field(example: Callable[[str], dict[str, Any]]) -> None:
    """R-ORDER: closing_date before both set_date and filing_date, and after cd_time: one ORDER."""
    record = example("JGXW_PUNISH")
    record["data"]["closing_date"] = "2025-09-01"
    errors = validate_data("JGXW_PUNISH", record["data"], cd_time=record["cd_time"])
    assert [(e.field, e.code) for e in errors] == [("data.closing_date", "ORDER")]


def test_r_act_is_skipped_without_cd_time(example: Callable[[str], dict[str, Any]]) -> None:
    record = example("JGXW_CHECK")
    record["data"]["check_date"] = "2099-01-01"
    record["data"].pop("rectify_deadline")
    assert validate_data("JGXW_CHECK", record["data"], cd_time=None) == []


def test_rules_stay_silent_when_the_field_they_read_is_itself_wrong(example: Callable[[str], dict[str, Any]]) -> None:
    """An unknown check_result is reported once; CHK-4 does not pile on rectify_deadline."""
    record = example("JGXW_CHECK")
    record["data"]["check_result"] = {"code": "8", "label": "其他"}
    errors = validate_data("JGXW_CHECK", record["data"], cd_time=record["cd_time"])
    assert [(e.field, e.code) for e in errors] == [("data.check_result", "CODE_UNKNOWN")]


def test_simple_procedure_within_limits_is_valid(example: Callable[[str], dict[str, Any]]) -> None:
    record = example("JGXW_PUNISH")
    record["data"].update(punish_procedure=SIMPLE, fine_amount="3000.00")
    assert validate_data("JGXW_PUNISH", record["data"], cd_time=record["cd_time"]) == []
