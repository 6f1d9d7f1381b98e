"""The types of STANDARD.md §1.4, the text rules of §1.3 and the absent-value rules of §1.5, checked
through ``validate_data`` on the standard's JGXW_CHECK / JGXW_PUNISH / JGXW_FORCE examples."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from typing import Any

import pytest

from mappings.standard import validate_data
from santong.errors import ConfigError

Example = Callable[[str], dict[str, Any]]

CHECK_CASES: list[tuple[str, str, Any, tuple[str, str]]] = [
    # s(n): length, trimming, control characters, NFC
    ("s(n) too long", "administrative_cp", "仪" * 201, ("data.administrative_cp", "LENGTH")),
    ("s(n) leading space", "administrative_cp", " 仪征市绿洲食品有限公司", ("data.administrative_cp", "FORMAT")),
    ("s(n) U+3000", "administrative_cp", "仪征市绿洲食品有限公司\u3000", ("data.administrative_cp", "FORMAT")),
    ("s(n) U+FEFF", "administrative_cp", "\ufeff仪征市绿洲食品有限公司", ("data.administrative_cp", "FORMAT")),
    ("s(n) LF", "administrative_cp", "仪征市\n绿洲食品有限公司", ("data.administrative_cp", "FORMAT")),
    ("s(n) NFD", "administrative_cp", unicodedata.normalize("NFD", "Café 仪征"), ("data.administrative_cp", "FORMAT")),
    ("t(n) CR", "check_content", "检查\r\n完毕", ("data.check_content", "FORMAT")),
    ("t(n) control", "check_content", "检查\u0007完毕", ("data.check_content", "FORMAT")),
    ("t(n) too long", "check_content", "检" * 2001, ("data.check_content", "LENGTH")),
    # k(n): half-width, upper case, no white space
    ("k full-width", "check_action_code", "ＹＺＳＪ-JC-2025-004417", ("data.check_action_code", "FORMAT")),
    ("k lower case", "check_action_code", "yzsj-jc-2025-004417", ("data.check_action_code", "FORMAT")),
    ("k inner space", "check_action_code", "YZSJ JC", ("data.check_action_code", "FORMAT")),
    ("k too long", "check_action_code", "X" * 65, ("data.check_action_code", "LENGTH")),
    ("k not a string", "plan_id", 107, ("data.plan_id", "FORMAT")),
    # date
    ("date slashes", "check_date", "2025/11/12", ("data.check_date", "FORMAT")),
    ("date impossible", "check_date", "2025-02-30", ("data.check_date", "FORMAT")),
    ("date before 1900", "check_date", "1899-12-31", ("data.check_date", "RANGE")),
    ("date after 2099", "rectify_deadline", "2100-01-01", ("data.rectify_deadline", "RANGE")),
    ("date full-width", "check_date", "２０２５-11-12", ("data.check_date", "FORMAT")),
    # code(T)
    ("code not an object", "check_type", "1", ("data.check_type", "FORMAT")),
    ("code unknown", "check_type", {"code": "8", "label": "双随机抽查"}, ("data.check_type", "CODE_UNKNOWN")),
    ("code alias as label", "check_type", {"code": "1", "label": "双随机"}, ("data.check_type", "CODE_UNKNOWN")),
    ("code extra member", "check_type", {"code": "1", "label": "双随机抽查", "x": 1}, ("data.check_type.x", "SCHEMA")),
    ("code missing label", "check_type", {"code": "1"}, ("data.check_type.label", "REQUIRED")),
    ("code full-width", "check_form", {"code": "１", "label": "现场检查"}, ("data.check_form", "FORMAT")),
    ("code not a string", "check_form", {"code": 1, "label": "现场检查"}, ("data.check_form", "FORMAT")),
    # lists
    ("list too long", "check_personnel", ["甲"] * 21, ("data.check_personnel", "RANGE")),
    ("list not a list", "check_personnel", "吴志刚", ("data.check_personnel", "FORMAT")),
    ("list blank element", "check_personnel", ["吴志刚", " "], ("data.check_personnel[1]", "REQUIRED")),
    ("list element type", "check_personnel", ["吴志刚", 7], ("data.check_personnel[1]", "FORMAT")),
    ("list unique", "check_personnel_code", ["32108119017", "32108119017"], ("data.check_personnel_code[1]", "DUPLICATE")),
    ("cert no pattern", "check_personnel_code", ["32108119017", "A1"], ("data.check_personnel_code[1]", "FORMAT")),
    # identifier types
    ("uscc lower case", "implement_org_code", "11321081mb1c87057l", ("data.implement_org_code", "FORMAT")),
    ("uscc checksum", "administrative_cp_ui_code", "913210817382Q41H7M", ("data.administrative_cp_ui_code", "CHECKSUM")),
    ("area abolished", "area_number", "321088", ("data.area_number", "CODE_UNKNOWN")),
    ("area 9 digits", "area_number", "321081100", ("data.area_number", "FORMAT")),
    ("item length", "supervise_item_code", "113201000012", ("data.supervise_item_code", "LENGTH")),
    ("ilist area", "implement_list_code", "11320100001201321088001", ("data.implement_list_code", "CODE_UNKNOWN")),
    # §1.5 absent values
    ("M null", "supervise_item_code", None, ("data.supervise_item_code", "REQUIRED")),
    ("M empty", "supervise_item_code", "", ("data.supervise_item_code", "REQUIRED")),
    ("M blank", "administrative_cp", "\u3000 ", ("data.administrative_cp", "REQUIRED")),
    ("M empty list", "check_personnel", [], ("data.check_personnel", "REQUIRED")),
    ("O null", "check_content", None, ("data.check_content", "FORMAT")),
    ("O empty", "administrative_cp_address", "", ("data.administrative_cp_address", "FORMAT")),
    ("unknown member", "inspector_phone", "13952701846", ("data.inspector_phone", "SCHEMA")),
]


@pytest.mark.parametrize(("case", "name", "value", "expected"), CHECK_CASES, ids=[c[0] for c in CHECK_CASES])
def test_type_rule_on_jgxw_check(example: Example, case: str, name: str, value: Any, expected: tuple[str, str]) -> None:
    record = example("JGXW_CHECK")
    record["data"][name] = value
    found = [(e.field, e.code) for e in validate_data("JGXW_CHECK", record["data"], cd_time=record["cd_time"])]
    assert expected in found


@pytest.mark.parametrize("value", ["30000", "30000.0", "3.0E4", "030000.00", "-5.00", "30,000.00", "１0000.00",
                                   "12345678901234567.00", 30000, 30000.0])
def test_dec_2_accepts_only_the_canonical_form(example: Example, value: Any) -> None:
    record = example("JGXW_PUNISH")
    record["data"]["fine_amount"] = value
    errors = validate_data("JGXW_PUNISH", record["data"], cd_time=record["cd_time"])
    assert ("data.fine_amount", "FORMAT") in [(e.field, e.code) for e in errors]


@pytest.mark.parametrize("value", ["true", 1, "是", None])
def test_bool_is_json_boolean_only(example: Example, value: Any) -> None:
    record = example("JGXW_PUNISH")
    record["data"]["is_hearing"] = value
    errors = validate_data("JGXW_PUNISH", record["data"], cd_time=record["cd_time"])
    assert [(e.field, e.code) for e in errors] == [("data.is_hearing", "FORMAT")]


def test_nested_object_members(example: Example) -> None:
    record = example("JGXW_FORCE")
    record["data"]["items"][0]["colour"] = "黑"
    del record["data"]["items"][1]["unit"]
    record["data"]["items"][1]["quantity"] = "45"
    found = {(e.field, e.code) for e in validate_data("JGXW_FORCE", record["data"], cd_time=record["cd_time"])}
    assert found == {("data.items[0].colour", "SCHEMA"), ("data.items[1].unit", "REQUIRED"),
                     ("data.items[1].quantity", "FORMAT")}


def test_every_error_is_collected_not_only_the_first(example: Example) -> None:
    record = example("JGXW_CHECK")
    data = record["data"]
    data.update(check_date="2025/11/12", area_number="32108", check_type={"code": "8", "label": "x"}, foo=1)
    data["check_personnel"] = ["吴志刚", ""]
    del data["administrative_cp"]
    found = [(e.field, e.code) for e in validate_data("JGXW_CHECK", data, cd_time=record["cd_time"])]
    assert found == [
        ("data.foo", "SCHEMA"), ("data.check_type", "CODE_UNKNOWN"), ("data.check_date", "FORMAT"),
        ("data.check_personnel[1]", "REQUIRED"), ("data.administrative_cp", "REQUIRED"), ("data.area_number", "FORMAT"),
    ]


def test_a_c_field_sent_blank_is_required_when_its_rule_holds(example: Example) -> None:
    record = example("JGXW_CHECK")
    record["data"]["plan_id"] = ""
    errors = validate_data("JGXW_CHECK", record["data"], cd_time=record["cd_time"])
    assert [(e.field, e.code) for e in errors] == [("data.plan_id", "REQUIRED")]


def test_idno_follows_the_ce_type_beside_it(example: Example) -> None:
    record = example("JGXW_CHECK")
    data = record["data"]
    data.update(administrative_cp_type={"code": "3", "label": "个体工商户"},
                administrative_cp_ce_type={"code": "003", "label": "工商注册号"}, administrative_cp_ui_code="3210812000123")
    assert validate_data("JGXW_CHECK", data, cd_time=record["cd_time"]) == []
    data["administrative_cp_ui_code"] = "913210817382Q41H7N"
    errors = validate_data("JGXW_CHECK", data, cd_time=record["cd_time"])
    assert [(e.field, e.code) for e in errors] == [("data.administrative_cp_ui_code", "FORMAT")]


def test_id_card_born_after_cd_time_is_format(example: Example) -> None:
    record = example("JGXW_CHECK")
    data = record["data"]
    data.update(administrative_cp_type={"code": "2", "label": "自然人"}, administrative_cp_ce_type={"code": "111", "label": "居民身份证"},
                administrative_cp_ui_code="32108120251201123X")
    data.pop("legal_representative")
    errors = validate_data("JGXW_CHECK", data, cd_time=record["cd_time"])
    assert ("data.administrative_cp_ui_code", "FORMAT") in [(e.field, e.code) for e in errors]


@pytest.mark.parametrize("msg_type", ["JGXW_CHECK", "JGXW_PUNISH", "JGXW_FORCE"])
def test_tombstone_holds_only_the_key_and_a_delete_reason(msg_type: str) -> None:
    key = {"JGXW_CHECK": "check_action_code", "JGXW_PUNISH": "punish_action_code", "JGXW_FORCE": "force_action_code"}[msg_type]
    t = "2025-11-12T17:03:44+08:00"
    assert validate_data(msg_type, {key: "A-1", "delete_reason": "录入错误，已作废"}, cd_time=t, tombstone=True) == []
    assert validate_data(msg_type, {key: "A-1"}, cd_time=t, tombstone=True) == []
    errors = validate_data(msg_type, {"delete_reason": "x" * 201, "supervise_item_code": "11320100001201"},
                           cd_time=t, tombstone=True)
    assert {(e.field, e.code) for e in errors} == {
        ("data." + key, "REQUIRED"), ("data.delete_reason", "LENGTH"), ("data.supervise_item_code", "SCHEMA")}


def test_unknown_record_type_is_a_config_error() -> None:
    with pytest.raises(ConfigError):
        validate_data("NO_SUCH_TYPE", {}, cd_time=None)
