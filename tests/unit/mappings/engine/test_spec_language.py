"""The spec-language additions, end to end on the fixture sources: XML paths and records, legacy column
aliases, templates, money, several specs per kind, registry-only specs, the subject registry (lookups that
explain their misses, remember), objects (``fields:``), and the ``input:`` block that tells kinds."""

from __future__ import annotations

import copy
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

from mappings.codes import CodeTables
from mappings.compiler import SourceContext, compile_fields
from mappings.engine import SpecMapper
from mappings.registry_port import InMemoryRegistry
from mappings.runner import Run, run_fields
from mappings.specfile import read_spec_file
from mappings.standard.types import Code, Dec, Field, Obj
from mappings.xmlinput import parse_xml
from santong.errors import ConfigError, DataError

from .conftest import PAYLOADS, SPECS

ITEM = "<item><NAME>对食品销售者的行政检查</NAME><CODE>113203 00000118</CODE></item>"


def _inspections() -> list[Any]:
    root = parse_xml((PAYLOADS / "scjgx_inspections.xml").read_bytes())
    return list(root.iter("record"))


def _rows() -> list[dict[str, Any]]:
    return json.loads((PAYLOADS / "demo_rows.json").read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def test_an_xml_record_maps_through_paths_splits_html_and_the_registry(fixture_mapper: SpecMapper) -> None:
    live = _inspections()[0]
    (before,) = fixture_mapper.map_all("scjgx", "XZJC", live)
    assert before.error is not None
    assert [(e.field, e.code) for e in before.error.errors] == [("data.supervise_item_code", "REQUIRED")]
    assert "登记簿" in before.error.errors[0].message and "对食品销售者的行政检查" in before.error.errors[0].message
    (item,) = fixture_mapper.map_all("scjgx", "ITEM", ITEM.encode())
    assert item.ok and item.record is None
    assert [r.as_dict() for r in item.remembered] == [
        {"kind": "scjg_item", "key": "对食品销售者的行政检查", "values": {"item_code": "11320300000118"}}]
    (record,) = fixture_mapper.map("scjgx", "XZJC", live)
    data = record.data
    assert record.cd_id == "scjgx:XZJC:A7C3E1F0B9D84265AE01C4D7B3F2E918"
    assert record.cd_time == "2025-11-19T10:21:37+08:00" and record.cd_source == "32108111321081MB1C87057L"
    assert data["supervise_item_code"] == "11320300000118"
    assert data["check_personnel"] == ["王建国", "李娜"]
    assert data["check_personnel_code"] == ["32108119005", "32108119017"]
    assert data["check_form"]["code"] == "1"                    # first of 现场检查、抽样检验
    assert data["check_content"] == "检查进货查验记录 & 临期食品管理\n未发现问题"
    assert data["administrative_cp"] == "仪征市佳鑫商贸有限公司"
    assert data["administrative_cp_ui_code"] == "91321081MA20QB7H6B"
    assert data["check_date"] == "2025-11-19"
    assert "task_id" not in data                                # <LHJGRWBH/> is no value


def test_an_xml_tombstone_and_the_three_payload_forms_agree(fixture_mapper: SpecMapper) -> None:
    element = _inspections()[1]
    as_element = fixture_mapper.map("scjgx", "XZJC", element)
    as_bytes = fixture_mapper.map("scjgx", "XZJC", etree.tostring(element, encoding="GBK", xml_declaration=True))
    assert as_element == as_bytes
    (stone,) = as_element
    assert stone.operation == "delete" and stone.data == {"check_action_code": "JC321081202511190004",
                                                          "delete_reason": "重复录入，作废"}


def test_an_xml_payload_that_is_not_xml_is_one_format_error(fixture_mapper: SpecMapper) -> None:
    (outcome,) = fixture_mapper.map_all("scjgx", "XZJC", b"<record><ID>1</ID>")
    assert outcome.error is not None and [(e.field, e.code) for e in outcome.error.errors] == [("", "FORMAT")]
    assert outcome.error.context["source"] == "scjgx"


def test_legacy_aliases_money_templates_and_registry_across_records(fixture_mapper: SpecMapper,
                                                                    registry: InMemoryRegistry) -> None:
    current, legacy = _rows()
    organ, punish = fixture_mapper.map_all("demo", "CF", current)        # CF.ORGAN.yaml sorts before CF.yaml
    assert organ.msg_type is None and organ.remembered[0].values == {"code": "11321081MB1C87057L"}
    assert punish.record is not None and punish.record.data["fine_amount"] == "25000.00"
    assert punish.record.data["punish_document_code"] == "仪市监处罚〔2025〕128号"
    assert registry.lookup("subject", "91321081MA1P8H3D78") == {"legal_representative": "刘志强"}
    (record,) = fixture_mapper.map("demo", "CF", legacy)                   # CF.ORGAN does not apply: no CF_CFJGDM
    data = record.data
    assert data["illegal_type"] == "销售过期食品案"                          # CF_CFMC, the alias of CF_WFXW
    assert data["fine_amount"] == "1500.00"                               # CF_FKJE in 元
    assert data["legal_representative"] == "刘志强"                        # from the registry, by USCC
    assert data["implement_org_code"] == "11321081MB1C87057L"             # from the registry, by organ name
    assert data["remark"] == "处罚类别2：从轻"                               # a template
    assert data["set_date"] == "2025-11-10" and data["filing_date"] == "2025-10-08"


def test_a_registry_miss_with_missing_reference_is_that_error_whatever_the_flag(fixture_mapper: SpecMapper) -> None:
    legacy = _rows()[1]
    with pytest.raises(DataError) as info:
        fixture_mapper.map("demo", "CF", legacy)
    found = {(e.field, e.code): e.message for e in info.value.errors}
    assert found.keys() == {("data.implement_org_code", "REFERENCE"), ("data.legal_representative", "REQUIRED")}
    assert "department 中也没有 仪征市市场监督管理局 的 code" in found[("data.implement_org_code", "REFERENCE")]
    assert "subject 中也没有 91321081MA1P8H3D78" in found[("data.legal_representative", "REQUIRED")]


def test_a_record_that_failed_remembers_nothing(fixture_mapper: SpecMapper, registry: InMemoryRegistry) -> None:
    current = _rows()[0]
    current["CF_JDRQ"] = "2025-02-30"
    organ, punish = fixture_mapper.map_all("demo", "CF", current)
    assert organ.ok and not punish.ok
    assert registry.lookup("subject", "91321081MA1P8H3D78") is None
    with pytest.raises(DataError) as info:                      # map refuses the raw record when any spec failed
        fixture_mapper.map("demo", "CF", current)
    assert [(e.field, e.code) for e in info.value.errors] == [("data.set_date", "FORMAT")]


def test_a_registry_only_spec_reports_a_missing_key(fixture_mapper: SpecMapper) -> None:
    (outcome,) = fixture_mapper.map_all("scjgx", "ITEM", b"<item><NAME> </NAME><CODE>1</CODE></item>")
    assert outcome.error is not None
    assert [(e.field, e.code) for e in outcome.error.errors] == [("cd_id", "REQUIRED"), ("remember.scjg_item.key", "REQUIRED")]


def test_kinds_are_told_by_rules_pages_elements_or_expect(fixture_mapper: SpecMapper, mapper: SpecMapper) -> None:
    current, legacy = _rows()
    assert fixture_mapper.kind_of("demo", current) == "CF" and fixture_mapper.kind_of("demo", legacy) == "CF"
    assert fixture_mapper.kind_of("demo", {"other": 1}) is None
    assert mapper.kind_of("sthj", {"record_type": "PENALTY"}) == "PENALTY"      # by the specs' expect
    assert mapper.kind_of("sthj", {"record_type": "PERMIT"}) is None


def test_an_object_target_is_built_from_its_fields() -> None:
    members = (Field("value", "金额", Dec(2), "M"), Field("unit", "单位", Code("PRICE_UNIT"), "M"))
    price = Field("price", "价格", Obj(members), "O")
    ctx = SourceContext(CodeTables.load_default(), {}, {}, {})
    loc = read_spec_file(SPECS / "demo" / "CF.yaml").root
    plans = compile_fields([{"target": "price", "fields": [
        {"target": "value", "source": "WIN_BID_PRICE", "transforms": [{"money": {"from": "元", "to": "元"}}]},
        {"target": "unit", "value": "0", "transforms": [{"code": "PRICE_UNIT"}]}]}], loc, {"price": price}, ctx)
    out: dict[str, Any] = {}
    run = Run()
    run_fields(plans, {"WIN_BID_PRICE": "1,234,567.80"}, out, "data.", run)
    assert run.errors == []
    assert out == {"price": {"value": "1234567.80", "unit": {"code": "0", "label": out["price"]["unit"]["label"]}}}
    run_fields(plans, {"WIN_BID_PRICE": "1.005"}, out := {}, "data.", run)
    assert [(e.field, e.code) for e in run.errors] == [("data.price.value", "FORMAT")]


def _copy(tmp_path: Path) -> Path:
    root = tmp_path / "specs"
    shutil.copytree(SPECS, root)
    return root


MISTAKES = [
    ("demo/CF.yaml", "registry: {key: {target: administrative_cp_ui_code}}",
     "registry: {key: {target: administrative_cp_ui_code}, colour: red}", "registry"),
    ("demo/CF.yaml", "transforms: [{split: \";；、\"}, {code: PUNISH_TYPE}, unique]",
     "transforms: [{code: PUNISH_TYPE}, {split: \";\"}, unique]", "split"),
    ("demo/CF.yaml", "{target: illegal_type, source: [CF_WFXW, CF_CFMC]", "{target: illegal_type, source: [CF_WFXW, \"CF..X\"]",
     "来源路径无效"),
    ("demo/CF.yaml", "{target: illegal_type, source: [CF_WFXW, CF_CFMC]", "{target: illegal_type, source: CF_WFXW.@x", "XML"),
    ("demo/CF.yaml", "when: {source: CF_XDR_SHXYM, matches: \"92.*\"}", "when: {source: CF_XDR_SHXYM, matches: \"92(\"}",
     "正则"),
    ("demo/CF.yaml", "{date: {also: [dotted, time]}}]}\n  - {target: set_date",
     "{date: {also: [never]}}]}\n  - {target: set_date", "also"),
    ("demo/CF.ORGAN.yaml", "cd_id: \"demo:CF:{ROW_ID}\"\n", "cd_id: \"demo:CF:{ROW_ID}\"\nfields: []\n", "null"),
    ("demo/CF.yaml", "registry: {kind: department, key: {target: implement_org}",
     "registry: {kind: department, key: {target: remark}", "前面"),
    ("demo/_source.yaml", "  pages: [{records: data.rows, kind: data.dataType}]\n",
     "  pages: [{records: data.rows, kind: data.dataType}]\n  records: {a/b: CF}\n", "records"),
    ("scjgx/ITEM.yaml", "kind: ITEM\n", "kind: ITEMS\n", "文件名"),
]


@pytest.mark.parametrize(("file", "old", "new", "problem"), MISTAKES, ids=[m[3] for m in MISTAKES])
def test_a_broken_addition_is_refused_with_its_file_and_line(tmp_path: Path, file: str, old: str, new: str,
                                                             problem: str) -> None:
    root = _copy(tmp_path)
    path = root / file
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")
    line = text[: text.index(old)].count("\n") + 1
    with pytest.raises(ConfigError) as info:
        SpecMapper(root)
    assert info.value.context["file"].endswith(file.split("/")[1])
    assert abs(info.value.context.get("line", line) - line) <= 3, str(info.value)
    assert problem in str(info.value)


def test_mapping_does_not_change_the_payload(fixture_mapper: SpecMapper) -> None:
    rows = _rows()
    before = copy.deepcopy(rows)
    for row in rows:
        fixture_mapper.map_all("demo", "CF", row)
    assert rows == before


NOTICE = {"ID": "N1", "SECTIONS": "S-001,S-002", "CODES": "ab-1, cd-2", "RATE": "0.05",
          "TIMES": ["2025-11-04 09:00:00", None, "2025-11-25 09:30:00", "2025-11-24 17:00:00"]}


def test_fan_out_makes_one_outcome_per_position(fixture_mapper: SpecMapper, registry: InMemoryRegistry) -> None:
    outcomes = fixture_mapper.map_all("demo", "NOTICE", NOTICE)
    assert [o.cd_id for o in outcomes] == ["demo:NOTICE:N1:S-001", "demo:NOTICE:N1:S-002"]
    assert registry.lookup("demo_section", "S-002") == {"notice": "N1", "trade_code": "CD2",
                                                        "latest": "2025-11-25T09:30:00+08:00", "rate": "5.0000"}
    assert fixture_mapper.kind_of("demo", NOTICE) == "NOTICE"


@pytest.mark.parametrize(("change", "code"), [({"CODES": "a,b,c"}, "REFERENCE"), ({"CODES": None}, "REQUIRED"),
                                              ({"CODES": {"a": 1}}, "FORMAT")])
def test_fan_out_lists_must_be_there_and_parallel(fixture_mapper: SpecMapper, change: dict[str, Any], code: str) -> None:
    (outcome,) = fixture_mapper.map_all("demo", "NOTICE", {**NOTICE, **change})
    assert outcome.error is not None and [(e.field, e.code) for e in outcome.error.errors] == [("", code)]
