"""Every known quirk of the sthj REST interface (sources/sthj-rest.md §5) as the mapper must handle it,
one test (or more) per quirk, named after its number.  Quirks 10, 11 and 16 are mostly the adapter's
business (versions, page repeats, HTML pages); here we prove the mapping side of each."""

from __future__ import annotations

import copy
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from mappings.engine import SpecMapper, loads
from santong.errors import DataError

GOLDEN = Path(__file__).parent / "golden" / "sthj"


def _raw(name: str) -> dict[str, Any]:
    (path,) = GOLDEN.glob(f"*__{name}.in.json")
    return loads(path.read_bytes())  # type: ignore[no-any-return]


@pytest.fixture
def inspection() -> dict[str, Any]:
    return _raw("s3_2_3_inspection_unit")


@pytest.fixture
def penalty() -> dict[str, Any]:
    return _raw("s6_2_penalty_daily_exponent")


@pytest.fixture
def coercive() -> dict[str, Any]:
    return _raw("s6_4_coercive_seizure_lifted")


def _map(mapper: SpecMapper, payload: dict[str, Any]) -> dict[str, Any]:
    (record,) = mapper.map("sthj", payload["record_type"], payload)
    return record.data


def _errors(mapper: SpecMapper, payload: dict[str, Any]) -> list[tuple[str, str]]:
    with pytest.raises(DataError) as info:
        mapper.map("sthj", payload["record_type"], payload)
    return [(e.field, e.code) for e in info.value.errors]


@pytest.mark.parametrize("sent", ["2025/11/3", "2025-11-03", "20251103", "2025年11月3日", "2025年11月03日", "2025/11/03"])
def test_quirk_01_every_date_form_reads_the_same(mapper: SpecMapper, penalty: dict[str, Any], sent: str) -> None:
    penalty["penalty"]["close_date"] = sent
    assert _map(mapper, penalty)["closing_date"] == "2025-11-03"


@pytest.mark.parametrize("sent", ["2024/2/30", "2025/14/3", "2025-11-31", "20250229", "2025年2月29日"])
def test_quirk_01_an_impossible_date_is_format_on_its_target_never_corrected(mapper: SpecMapper, inspection: dict[str, Any],
                                                                          sent: str) -> None:
    inspection["inspection"]["inspect_date"] = sent
    with pytest.raises(DataError) as info:
        mapper.map("sthj", "INSPECTION", inspection)
    (error,) = info.value.errors
    assert (error.field, error.code, error.value) == ("data.check_date", "FORMAT", sent)
    assert sent in error.message and "检查日期" in error.message


def test_quirk_02_epoch_ms_become_beijing_time_without_shifting_the_instant(mapper: SpecMapper, penalty: dict[str, Any]) -> None:
    (record,) = mapper.map("sthj", "PENALTY", penalty)
    assert record.cd_time == "2025-11-18T14:20:09+08:00"
    instant = datetime.fromtimestamp(penalty["updated_at"] / 1000, UTC)
    assert datetime.fromisoformat(record.cd_time) == instant.replace(microsecond=0)
    assert datetime.fromisoformat(record.cd_time).utcoffset() == timedelta(hours=8)


@pytest.mark.parametrize("pad", ["\u3000", " ", "\u00a0", "\t"])
def test_quirk_03_padding_is_trimmed_inner_characters_kept(mapper: SpecMapper, inspection: dict[str, Any], pad: str) -> None:
    inspection["target"].update(name=f"{pad}仪征市 瑞丰化工有限公司{pad}", legal_person=f"钱志刚{pad}", address=f"{pad}仪征市青山镇")
    inspection["inspection"]["inspectors"][0]["name"] = f"{pad}周海峰{pad}"
    data = _map(mapper, inspection)
    assert (data["administrative_cp"], data["legal_representative"], data["administrative_cp_address"]) == (
        "仪征市 瑞丰化工有限公司", "钱志刚", "仪征市青山镇")
    assert data["check_personnel"][0] == "周海峰"


def test_quirk_04_legacy_and_lower_case_id_numbers(mapper: SpecMapper) -> None:
    person = _raw("s6_1_inspection_person_id15")
    assert _map(mapper, person)["administrative_cp_ui_code"] == "321081195802241057"
    person["target"]["id_no"] = "32108119790314153x"
    assert _map(mapper, person)["administrative_cp_ui_code"] == "32108119790314153X"
    person["target"]["id_no"] = "321081199005171235"
    assert _errors(mapper, person) == [("data.administrative_cp_ui_code", "CHECKSUM")]


def test_quirk_04_the_operator_id_of_an_individual_business_is_upgraded_too(mapper: SpecMapper, coercive: dict[str, Any]) -> None:
    coercive["target"]["id_no"] = "321081750422031"
    data = _map(mapper, coercive)
    assert data["legal_representative_id_number"] == "321081197504220310"


@pytest.mark.parametrize(("literal", "expected"), [(b"1.08E7", "10800000.00"), (b"10800000.0", "10800000.00"),
                                                   (b"52000.0", "52000.00"), (b"3650.5", "3650.50"), (b"2.0E7", "20000000.00")])
def test_quirk_05_amounts_are_read_exactly_from_the_json_literal(mapper: SpecMapper, literal: bytes, expected: str) -> None:
    (path,) = GOLDEN.glob("*__s6_2_penalty_daily_exponent.in.json")
    payload = loads(path.read_bytes().replace(b"1.08E7", literal))
    assert _map(mapper, payload)["fine_amount"] == expected


def test_quirk_06_wanyuan_is_converted_to_yuan(mapper: SpecMapper) -> None:
    migrated = _raw("s6_3_penalty_migrated_wanyuan")
    assert _map(mapper, migrated)["fine_amount"] == "25000.00"
    migrated["penalty"]["amount_unit"] = None
    assert _map(mapper, migrated)["fine_amount"] == "2.50"
    del migrated["penalty"]["amount_unit"]
    assert _map(mapper, migrated)["fine_amount"] == "2.50"


@pytest.mark.parametrize(("path", "sent", "field", "code"), [
    (("penalty", "procedure"), "一般程序", "punish_procedure", "02"),
    (("penalty", "procedure"), "普通程序", "punish_procedure", "02"),
    (("penalty", "procedure"), "简易程序", "punish_procedure", "01"),
    (("target", "subject_type"), "法人", "administrative_cp_type", "1"),
    (("target", "subject_type"), "单位", "administrative_cp_type", "1"),
])
def test_quirk_07_labels_and_synonyms_map_to_one_code(mapper: SpecMapper, penalty: dict[str, Any], path: tuple[str, str],
                                                    sent: str, field: str, code: str) -> None:
    penalty[path[0]][path[1]] = sent
    if sent == "简易程序":
        penalty["penalty"].update(penalty_types=["罚款"], fine_amount=200)
    assert _map(mapper, penalty)[field]["code"] == code


@pytest.mark.parametrize("id_type", ["身份证", "居民身份证"])
@pytest.mark.parametrize("subject_type", ["个人", "自然人"])
def test_quirk_07_person_synonyms(mapper: SpecMapper, subject_type: str, id_type: str) -> None:
    person = _raw("s6_1_inspection_person_id15")
    person["target"].update(subject_type=subject_type, id_type=id_type)
    data = _map(mapper, person)
    assert (data["administrative_cp_type"]["code"], data["administrative_cp_ce_type"]["code"]) == ("2", "111")


@pytest.mark.parametrize(("section", "member", "sent", "field"), [
    ("inspection", "result", "基本合格", "data.check_result"),
    ("inspection", "inspect_type", "夜查", "data.check_type"),
    ("target", "subject_type", "合伙企业", "data.administrative_cp_type"),
])
def test_quirk_07_an_unknown_label_is_rejected_not_guessed(mapper: SpecMapper, inspection: dict[str, Any], section: str,
                                                          member: str, sent: str, field: str) -> None:
    inspection[section][member] = sent
    with pytest.raises(DataError) as info:
        mapper.map("sthj", "INSPECTION", inspection)
    # one error: fields that depend on the unknown one (its identifier, say) are not reported again
    assert [(e.field, e.code, e.value) for e in info.value.errors] == [(field, "CODE_UNKNOWN", sent)]


@pytest.mark.parametrize("state", ["null", "empty", "blank", "absent"])
def test_quirk_08_null_empty_and_absent_are_alike(mapper: SpecMapper, inspection: dict[str, Any], state: str) -> None:
    expected = _map(mapper, copy.deepcopy(inspection))
    del expected["administrative_cp_address"], expected["task_id"], expected["check_content"]
    for section, member in [("target", "address"), ("inspection", "findings"), ("", "task_no")]:
        holder = inspection[section] if section else inspection
        if state == "absent":
            del holder[member]
        else:
            holder[member] = {"null": None, "empty": "", "blank": " \u3000"}[state]
    assert _map(mapper, inspection) == expected


@pytest.mark.parametrize("state", [None, "", [], "absent"])
def test_quirk_08_a_required_member_without_value_is_required(mapper: SpecMapper, inspection: dict[str, Any], state: Any) -> None:
    if state == "absent":
        del inspection["inspection"]["inspect_form"]
    else:
        inspection["inspection"]["inspect_form"] = state
    assert _errors(mapper, inspection) == [("data.check_form", "REQUIRED")]


def test_quirk_09_a_tombstone_is_a_delete_of_the_same_identity(mapper: SpecMapper, inspection: dict[str, Any]) -> None:
    tombstone = _raw("s3_2_3_inspection_tombstone")
    (record,) = mapper.map("sthj", "INSPECTION", tombstone)
    assert (record.operation, record.cd_id) == ("delete", "sthj:INSPECTION:HBZF-JC-2025-004290")
    assert record.data == {"check_action_code": "HBZF-JC-2025-004290", "delete_reason": "录入错误"}
    assert record.cd_time == "2025-11-13T10:27:41+08:00"
    del tombstone["delete_reason"]
    assert mapper.map("sthj", "INSPECTION", tombstone)[0].data == {"check_action_code": "HBZF-JC-2025-004290"}


def test_quirk_10_every_version_of_a_record_has_the_same_identity(mapper: SpecMapper, inspection: dict[str, Any]) -> None:
    later = copy.deepcopy(inspection)
    later.update(version=4, updated_at=inspection["updated_at"] + 86_400_000)
    first, fourth = mapper.map("sthj", "INSPECTION", inspection)[0], mapper.map("sthj", "INSPECTION", later)[0]
    assert first.cd_id == fourth.cd_id and first.cd_time < fourth.cd_time
    restored = copy.deepcopy(later)
    restored.update(version=6, updated_at=later["updated_at"] + 1000)
    deleted = {"record_id": inspection["record_id"], "record_type": "INSPECTION", "version": 5, "deleted": True,
               "updated_at": later["updated_at"] + 500, "deleted_at": later["updated_at"] + 500}
    assert mapper.map("sthj", "INSPECTION", deleted)[0].cd_id == first.cd_id
    assert mapper.map("sthj", "INSPECTION", restored)[0].operation == "upsert"


def test_quirk_11_a_repeated_record_maps_to_the_identical_record(mapper: SpecMapper, inspection: dict[str, Any]) -> None:
    first = mapper.map("sthj", "INSPECTION", inspection)[0]
    again = mapper.map("sthj", "INSPECTION", json.loads(json.dumps(inspection)))[0]
    assert first == again
    first.data["check_personnel"].append("x")  # results share no state
    assert mapper.map("sthj", "INSPECTION", inspection)[0] == again


@pytest.mark.parametrize(("uscc", "code"), [
    ("91321081MA20C7LJ47", "CHECKSUM"), ("91321081MA1N8K2R1", "LENGTH"), ("91321081MA1N8K2R180", "LENGTH"),
    ("91321081MA1N8K2RI8", "FORMAT"), ("91321081MA1N8K2RO8", "FORMAT"), ("91321081MA1N8K2RZ8", "FORMAT"),
    ("91321081MA1N8K2RS8", "FORMAT"), ("91321081MA1N8K2RV8", "FORMAT"), ("14105213-8", "LENGTH"), ("141052138", "LENGTH"),
])
def test_quirk_12_an_invalid_uscc_is_rejected_never_repaired(mapper: SpecMapper, inspection: dict[str, Any], uscc: str,
                                                            code: str) -> None:
    inspection["target"]["uscc"] = uscc
    with pytest.raises(DataError) as info:
        mapper.map("sthj", "INSPECTION", inspection)
    assert [(e.field, e.code, e.value) for e in info.value.errors] == [("data.administrative_cp_ui_code", code, uscc)]


def test_quirk_12_a_unit_without_uscc_is_not_given_an_identifier(mapper: SpecMapper, inspection: dict[str, Any]) -> None:
    inspection["target"]["uscc"] = None
    assert _errors(mapper, inspection) == [("data.administrative_cp_ui_code", "REQUIRED"),
                                           ("data.administrative_cp_ce_type", "REQUIRED")]


@pytest.mark.parametrize(("sent", "code"), [(None, "REQUIRED"), ("", "REQUIRED"), ("absent", "REQUIRED"),
                                            ("1132 0300000118", "FORMAT"), ("113203000001", "LENGTH")])
def test_quirk_13_supervise_item_code_is_never_filled_in(mapper: SpecMapper, inspection: dict[str, Any], sent: Any,
                                                       code: str) -> None:
    if sent == "absent":
        del inspection["supervise_item_code"]
    else:
        inspection["supervise_item_code"] = sent
    assert _errors(mapper, inspection) == [("data.supervise_item_code", code)]


def test_quirk_14_date_order_is_enforced_on_the_later_field(mapper: SpecMapper, penalty: dict[str, Any],
                                                           coercive: dict[str, Any]) -> None:
    penalty["penalty"]["close_date"] = "2025/9/1"
    assert _errors(mapper, penalty) == [("data.closing_date", "ORDER")]
    coercive["coercive"].update(start_date="2025/11/20", lift_date="2025/11/25")
    assert ("data.force_end_date", "ORDER") in _errors(mapper, coercive)
    extended = _raw("s6_4_coercive_seizure_lifted")
    extended["coercive"].update(status="已延期", extended=True, extended_end_date="2025/11/19", lift_date=None, lift_decision_no=None)
    assert _errors(mapper, extended) == [("data.force_extend_date", "ORDER")]


def test_quirk_15_empty_inspectors_are_rejected_never_filled(mapper: SpecMapper, inspection: dict[str, Any]) -> None:
    inspection["inspection"]["inspectors"] = []
    assert _errors(mapper, inspection) == [("data.check_personnel", "REQUIRED"), ("data.check_personnel_code", "REQUIRED")]


def test_quirk_15_an_inspector_without_certificate_number_is_named(mapper: SpecMapper, inspection: dict[str, Any]) -> None:
    inspection["inspection"]["inspectors"][1]["cert_no"] = " "
    assert _errors(mapper, inspection) == [("data.check_personnel_code[1]", "REQUIRED")]


def test_quirk_16_an_html_error_page_is_never_parsed_as_a_record() -> None:
    """The adapter treats a text/html 502/504 as transient; should such a body reach ``loads`` it is refused."""
    with pytest.raises(DataError):
        loads(b"<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body></body>\r\n</html>")


def test_hint_revoked_license_is_never_invented(mapper: SpecMapper, penalty: dict[str, Any]) -> None:
    for label in ("暂扣许可证件", "吊销许可证件"):
        penalty["penalty"]["penalty_types"] = ["罚款", label]
        assert _errors(mapper, penalty) == [("data.revoked_license", "REQUIRED")]


def test_hint_measure_type_decides_force_type_and_its_detail(mapper: SpecMapper, coercive: dict[str, Any]) -> None:
    expected = {"查封": ("1", "coercive_measure_type", "2"), "扣押": ("1", "coercive_measure_type", "3"),
                "加处罚款": ("2", "enforce_mode", "1"), "代履行": ("2", "enforce_mode", "5"),
                "申请人民法院强制执行": ("2", "enforce_mode", "6")}
    for measure, (force_type, field, code) in expected.items():
        payload = copy.deepcopy(coercive)
        payload["coercive"]["measure_type"] = measure
        data = _map(mapper, payload)
        other = "enforce_mode" if field == "coercive_measure_type" else "coercive_measure_type"
        assert (data["force_type"]["code"], data[field]["code"], other in data) == (force_type, code, False)


@pytest.mark.parametrize(("status", "code"), [("实施中", "1"), ("已延期", "2"), ("已解除", "3"), ("已到期", "5")])
def test_hint_coercive_status(mapper: SpecMapper, coercive: dict[str, Any], status: str, code: str) -> None:
    coercive["coercive"].update(status=status, extended_end_date="2025/12/19")
    assert _map(mapper, coercive)["force_status"]["code"] == code


def test_hint_cd_source_and_identity(mapper: SpecMapper, coercive: dict[str, Any]) -> None:
    (record,) = mapper.map("sthj", "COERCIVE", coercive)
    assert (record.cd_source, record.cd_id, record.spec) == (
        "32108111321081MB1L26308J", "sthj:COERCIVE:HBZF-QZ-2025-000031", "sthj/COERCIVE@1")
    assert record.area == "321081"
