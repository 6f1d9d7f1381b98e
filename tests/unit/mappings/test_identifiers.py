"""Identifier checks (STANDARD.md §2): every worked example, every invalid example, every §6.7 vector."""

from __future__ import annotations

from datetime import date

import pytest

from mappings.identifiers import (
    check_area,
    check_batch_no,
    check_cd_id,
    check_cd_source,
    check_idno,
    check_ilist,
    check_item,
    check_org9,
    check_pcode,
    check_udc,
    check_uscc,
    id_card_check_char,
    org9_check_char,
    upgrade_idno15,
    uscc_check_char,
)
from santong.errors import DataError, FieldError


def _result(errors: list[FieldError]) -> str:
    return errors[0].code if errors else "valid"


VECTORS_6_7 = [
    ("uscc", "91321081MA1N7G5T0R", "valid"),
    ("uscc", "913210817382Q41H7N", "valid"),
    ("uscc", "92321081MA1R2B0K8Q", "valid"),
    ("uscc", "11321081MB1C87057L", "valid"),
    ("uscc", "91321081MA1N7G5T0Q", "CHECKSUM"),
    ("uscc", "91321081MA1N7G5TOR", "FORMAT"),
    ("uscc", "91321081ma1n7g5t0r", "FORMAT"),
    ("uscc", "91321081MA1N7G5T0", "LENGTH"),
    ("uscc", "91321081MA1N7G5T1W", "CHECKSUM"),
    ("org9", "MA1N7G5T0", "valid"),
    ("org9", "73800004X", "valid"),
    ("org9", "738000090", "valid"),
    ("org9", "738000041", "CHECKSUM"),
    ("org9", "73800004x", "FORMAT"),
    ("idno111", "321081199005171234", "valid"),
    ("idno111", "32108119790314153X", "valid"),
    ("idno111", "321081199311080429", "valid"),
    ("idno111", "321081199005171235", "CHECKSUM"),
    ("idno111", "321081199002301232", "FORMAT"),
    ("idno111", "32108119790314153x", "FORMAT"),
    ("idno111", "32108119900517123", "LENGTH"),
    ("area", "321081", "valid"),
    ("area", "321088", "CODE_UNKNOWN"),
    ("area", "32108", "FORMAT"),
    ("item", "11320100001201", "valid"),
    ("item", "11320300000402", "valid"),
    ("item", "1132010000120", "LENGTH"),
    ("item", "15320100001201", "FORMAT"),
    ("item", "11990100001201", "FORMAT"),
    ("item", "11320100000001", "FORMAT"),
    ("ilist", "11320100001201321081001", "valid"),
    ("ilist", "11320100001201321081000", "FORMAT"),
    ("ilist", "11320100001201321088001", "CODE_UNKNOWN"),
    ("udc", "12321000MB1F23582KA2025091500040A", "valid"),
    ("udc", "12321000MB1F23582KA2025091500040B", "CHECKSUM"),
    ("udc", "12321000MB1F23582KA2025093100040A", "FORMAT"),
    ("udc", "12321000MB1F23582KK20250915000406", "CODE_UNKNOWN"),
    ("udc", "12321000MB1F23582KA2025091500040", "LENGTH"),
    ("pcode", "2509-321081-48-01-203517", "valid"),
    ("pcode", "2509-321081-48-04-203517", "FORMAT"),
    ("pcode", "2513-321081-48-01-203517", "FORMAT"),
    ("pcode", "3210812016000135", "FORMAT"),
    ("cd_batch", "2025111300017", "valid"),
    ("cd_batch", "2025111300000", "FORMAT"),
    ("cd_batch", "2025023000001", "FORMAT"),
    ("cd_batch", "202511130001", "FORMAT"),  # §2.10 example
    ("cd_source", "32108111321081MB1C87057L", "valid"),
    ("cd_source", "32108811321081MB1C87057L", "CODE_UNKNOWN"),
    ("cd_source", "32108111321081MB1C87057M", "CHECKSUM"),
    ("cd_id", "scjg:CHECK:YZSJ-JC-2025-004417", "valid"),
    ("cd_id", "SCJG:CHECK:YZSJ-JC-2025-004417", "FORMAT"),
    ("cd_id", "scjg:check:YZSJ-JC-2025-004417", "FORMAT"),
    ("cd_id", "scjg:CHECK:YZSJ JC 2025", "FORMAT"),
]

CHECKS = {
    "uscc": check_uscc, "org9": check_org9, "idno111": lambda v: check_idno(v, "111"), "area": check_area,
    "item": check_item, "ilist": check_ilist, "udc": check_udc, "pcode": check_pcode, "cd_batch": check_batch_no,
    "cd_source": check_cd_source, "cd_id": check_cd_id,
}


@pytest.mark.parametrize(("kind", "value", "expected"), VECTORS_6_7)
def test_section_6_7_vector(kind: str, value: str, expected: str) -> None:
    assert _result(CHECKS[kind](value)) == expected


@pytest.mark.parametrize(("value", "expected"), [
    ("321081680923041", "321081196809230419"),
    ("321081551201302", "321081195512013021"),
    ("321081580224105", "321081195802241057"),  # sthj-rest.md quirk 4
])
def test_upgrade_idno15_gives_the_18_character_number(value: str, expected: str) -> None:
    assert upgrade_idno15(value) == expected
    assert check_idno(expected, "111") == []


def test_upgrade_idno15_refuses_an_impossible_birth_date() -> None:
    with pytest.raises(DataError) as info:
        upgrade_idno15("321081680230041", "data.administrative_cp_ui_code")
    (error,) = info.value.errors
    assert (error.field, error.code, error.value) == ("data.administrative_cp_ui_code", "FORMAT", "321081680230041")
    assert "出生日期不存在" in error.message and "1968" not in error.message


def test_uscc_errors_name_the_reason_in_chinese() -> None:
    (error,) = check_uscc("91321081MA1N7G5T0Q", "data.administrative_cp_ui_code")
    assert (error.field, error.code) == ("data.administrative_cp_ui_code", "CHECKSUM")
    assert error.message == "统一社会信用代码校验位应为 R，实为 Q"
    assert check_uscc("91321081MA1N7G5T1W")[0].message == "主体标识码(组织机构代码)校验位错误"
    assert "17 位" in check_uscc("91321081MA1N7G5T0")[0].message
    assert "“O”" in check_uscc("91321081MA1N7G5TOR")[0].message


def test_uscc_worked_example_of_2_1() -> None:
    assert uscc_check_char("91321081MA1N7G5T0") == "R"
    assert org9_check_char("MA1N7G5T") == "0"


@pytest.mark.parametrize("code", [
    "11321081MB1C87057L", "11321081MB1K44070E", "113210810141268357", "11321081MB1C440570", "1132108101415C6D7Y",
    "11321081MB1C7N442F", "12321081MB1G3P0529", "12321000MB1E8W4013", "12321000MB1F23582K", "11320000MB0G37254D",
])
def test_department_codes_of_2_1_are_valid(code: str) -> None:
    assert check_uscc(code) == []


def test_uscc_area_positions_must_be_digits_but_need_not_exist() -> None:
    body = "9132A081MA1N7G5T0"
    assert check_uscc(body + uscc_check_char(body))[0].code == "FORMAT"
    body = "91321088MA1N7G5T0"  # 321088 was abolished in 2011: codes registered under it stay valid
    assert check_uscc(body + uscc_check_char(body)) == []


def test_org9_with_hyphen_is_format() -> None:
    assert _result(check_org9("73800004-X")) == "FORMAT"


@pytest.mark.parametrize(("ce_type", "value", "expected"), [
    ("001", "91321081MA1N7G5T0R", "valid"),
    ("002", "MA1N7G5T0", "valid"),
    ("003", "3210812000123", "valid"),
    ("003", "321081000012345", "valid"),
    ("003", "32108100001234", "FORMAT"),
    ("004", "321081738200047", "valid"),
    ("004", "32108173820004", "FORMAT"),
    ("005", "112345", "valid"),
    ("006", "51321081MJ1234567X", "valid"),
    ("006", "12345", "FORMAT"),
    ("111", "321081199005171234", "valid"),
    ("414", "E12345678", "valid"),
    ("516", "H1234567(8)", "valid"),
    ("511", "1234", "FORMAT"),
    ("553", "usa123456", "FORMAT"),
    ("999", "ABC-12345", "valid"),
])
def test_idno_is_checked_by_ce_type(ce_type: str, value: str, expected: str) -> None:
    assert _result(check_idno(value, ce_type)) == expected


def test_id_card_province_and_birth_date_rules() -> None:
    first17 = "99108119900517123"
    assert _result(check_idno(first17 + id_card_check_char(first17), "111")) == "FORMAT"
    # a birth date after the record's cd_time is FORMAT; the abolished 321088 江都市 stays valid for life
    assert _result(check_idno("321081199005171234", "111", latest=date(1990, 5, 16))) == "FORMAT"
    first17 = "32108819900517123"
    assert _result(check_idno(first17 + id_card_check_char(first17), "111")) == "valid"


def test_unknown_ce_type_is_a_programming_error() -> None:
    with pytest.raises(ValueError):
        check_idno("X", "123")


def test_ilist_must_repeat_a_valid_item() -> None:
    assert _result(check_ilist("15320100001201321081001")) == "FORMAT"
    assert _result(check_ilist("1132010000120132108100")) == "LENGTH"


def test_area_accepts_every_prefecture_of_jiangsu_and_refuses_full_width() -> None:
    for code in ("320000", "320100", "321000", "321300", "321081", "320614", "320685"):
        assert check_area(code) == [], code
    assert _result(check_area("３２１０８１")) == "FORMAT"
    assert _result(check_area("320684")) == "CODE_UNKNOWN"  # 海门市, a district since 2020


def test_udc_legacy_layout() -> None:
    body = "12321000MB1F23582KA1809150000040"
    p = 0
    chars = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ*"
    for c in body:
        p = ((p + chars.index(c)) * 2) % 37
    assert check_udc(body + chars[(38 - p) % 37]) == []


def test_cd_id_allows_colons_in_the_record_id_and_limits_length() -> None:
    assert check_cd_id("ggzy:DEAL:A:B:C") == []
    assert _result(check_cd_id("sthj:INSPECTION:" + "X" * 129)) == "FORMAT"
    assert _result(check_cd_id("sthj:INSPECTION")) == "FORMAT"


def test_cd_source_length() -> None:
    assert _result(check_cd_source("32108111321081MB1C87057")) == "LENGTH"
