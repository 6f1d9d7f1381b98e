"""Golden cases of the province's downward inbox (``province`` adapter, shared/sources/province.md §4.6).

A raw record is one inbox item; its envelope already carries standard FXYJ / LHJG_TASK / TSJB records, which
the specs take over unchanged and the standard's validation judges.  Files in ``golden/province/``:

* ``<KIND>__<name>.in.json`` — one inbox item → ``.out.json`` (the ``MappedRecord``s) or ``.errors.json``, as in
  ``golden/README.md``;
* ``PAGE__s7_4_….page.json`` — the whole inbox page of §7.4, mapped without a kind (the items' ``msgType``);
* ``LHJG_TASK__s7_5_task_document.task.xml`` — the GBK bytes of the §7.5 task document.

Names: ``s7_4`` / ``s7_5`` / ``s4_6`` the examples and rules of that section, ``qNN`` data quirk NN of §6,
``h_`` a malformed item the standard refuses.  Besides the expected records, every mapped record is checked to be
the envelope's record itself: sealed again with the item's ``cd_operation`` and ``cd_batch`` it gives back the
province's record, and for the §7.4 items the province's own ``digest``.
"""

from __future__ import annotations

import base64
import copy
import dataclasses
import io
import json
from pathlib import Path
from typing import Any

import pytest

from hub.map_cmd import run_map
from mappings.dates import parse_date
from mappings.engine import SpecMapper, loads
from mappings.inputs import split_json
from mappings.standard import validate_record
from mappings.standard.records.lhjg_task import parse_task_xml
from santong.errors import DataError
from signatures.envelope import seal_record
from signatures.sm3 import sm3_hex

pytestmark = pytest.mark.timeout(20)

SOURCE = "province"
GOLDEN = Path(__file__).parent / "golden" / SOURCE
CASES = sorted(GOLDEN.glob("*.in.json"))
PAGE = GOLDEN / "PAGE__s7_4_inbox_page_one_item_of_each_type.page.json"
TASK_DOCUMENT = GOLDEN / "LHJG_TASK__s7_5_task_document.task.xml"
S7_4 = ("FXYJ__s7_4_red_warning_raw_signature", "LHJG_TASK__s7_4_s7_5_q10_gbk_task_xml",
        "TSJB__s7_4_q18_masked_name_and_phone")
TRANSPORT = ("seq", "inboxId", "deliveryCount", "leaseExpiresAt", "issuedAt")


def _stem(case: Path) -> str:
    return case.name[: -len(".in.json")]


def _expected(case: Path) -> tuple[str, Any]:
    present = [(k, case.with_name(f"{_stem(case)}.{k}.json")) for k in ("out", "errors")
               if case.with_name(f"{_stem(case)}.{k}.json").exists()]
    assert len(present) == 1, f"{case.name}: needs exactly one of .out.json and .errors.json"
    kind, path = present[0]
    return kind, json.loads(path.read_text(encoding="utf-8"))


def _as_dicts(records: list[Any]) -> list[dict[str, Any]]:
    return [{**dataclasses.asdict(r), "tables": list(r.tables)} for r in records]


@pytest.fixture(scope="module")
def mapper() -> SpecMapper:
    return SpecMapper()


def test_every_kind_example_and_data_quirk_has_a_case() -> None:
    assert {_stem(c).split("__")[0] for c in CASES} == {"FXYJ", "LHJG_TASK", "TSJB"}
    names = " ".join(_stem(c) for c in CASES)
    # quirk 8 (pages repeat items) is a page test below; 9–12 and 18 concern the records themselves
    for tag in ("s7_4", "s7_5", "s4_6", "q09", "q10", "q11", "q12", "q18"):
        assert tag in names, tag
    assert all((GOLDEN / f"{name}.in.json").exists() for name in S7_4)


@pytest.mark.parametrize("case", CASES, ids=[_stem(c) for c in CASES])
def test_golden_case(mapper: SpecMapper, case: Path) -> None:
    kind = _stem(case).split("__")[0]
    item = loads(case.read_bytes())
    outcome, expected = _expected(case)
    if outcome == "errors":
        with pytest.raises(DataError) as info:
            mapper.map(SOURCE, kind, item)
        assert [e.as_dict() for e in info.value.errors] == expected
        return
    records = mapper.map(SOURCE, kind, item)
    assert _as_dicts(records) == expected
    body = item["envelope"]["body"]
    assert len(records) == len(body)
    for record, sent in zip(records, body):
        # the record is the envelope's record, unchanged: nothing added, nothing left out, no transport state
        sealed = seal_record(record.unsealed(sent["cd_operation"]), sent["cd_batch"])
        assert {k: v for k, v in sealed.items() if k != "digest"} == {k: v for k, v in sent.items() if k != "digest"}
        if _stem(case) in S7_4:
            assert sealed["digest"] == sent["digest"]
        assert not set(TRANSPORT) & set(record.data)
        assert record.operation == ("delete" if sent["cd_operation"] == "d" else "upsert")
        assert validate_record(sealed, require_digest=False) == []


def _page_records(mapper: SpecMapper, page: Any) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for piece in split_json(page, mapper.input_of(SOURCE)):
        kind = mapper.kind_of(SOURCE, piece.record)
        assert kind == piece.record["msgType"]
        out += _as_dicts(mapper.map(SOURCE, kind, piece.record))
    return out


def _s7_4_expected() -> list[dict[str, Any]]:
    return [r for name in S7_4 for r in json.loads((GOLDEN / f"{name}.out.json").read_text(encoding="utf-8"))]


def test_s7_4_inbox_page_maps_without_a_kind(mapper: SpecMapper) -> None:
    page = loads(PAGE.read_bytes())
    assert _page_records(mapper, page) == _s7_4_expected()
    # the items of the page are the single-item cases
    for item, name in zip(page["data"]["items"], S7_4):
        assert item == loads((GOLDEN / f"{name}.in.json").read_bytes())


def test_s7_4_page_with_santong_map() -> None:
    out, err = io.StringIO(), io.StringIO()
    assert run_map(SOURCE, PAGE, None, False, out=out, err=err) == 0, err.getvalue()
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [(line["ok"], line["msgType"], line["record"]["cd_id"]) for line in lines] == [
        (True, "FXYJ", "js-province:FXYJ:YJ32000020251119000012"),
        (True, "LHJG_TASK", "js-province:LHJG_TASK:XT32100020251119000007"),
        (True, "TSJB", "js-province:TSJB:TS32000020251119000031"),
    ]
    assert [line["record"]["data"] for line in lines] == [r["data"] for r in _s7_4_expected()]


def test_q08_repeated_and_redelivered_items_map_to_the_same_record(mapper: SpecMapper) -> None:
    """Quirk 8: a page repeats the previous page's last item, and a redelivered copy comes under a new seq.  Each
    copy maps to the same standard record; processing an inboxId once is the journal's business."""
    page = loads(PAGE.read_bytes())
    items = page["data"]["items"]
    again = copy.deepcopy(items[0])
    again.update(seq=1000131, deliveryCount=2, leaseExpiresAt="2025-11-19T10:12:25+08:00")
    page["data"]["items"] = [items[2], *items, again]
    got = _page_records(mapper, page)
    fx, lh, ts = _s7_4_expected()
    assert got == [ts, fx, lh, ts, fx]


def test_s7_5_task_document_inside_the_lhjg_task_record() -> None:
    """§7.5: task_xml is base64 of 1015 GBK bytes (SM3 be80…), declared GBK, 张堃 outside GB2312; the document
    repeats the record's main facts (§5.2), BJQX in the form 2025年12月19日 (quirk 12)."""
    item = loads((GOLDEN / f"{S7_4[1]}.in.json").read_bytes())
    data = item["envelope"]["body"][0]["data"]
    document = base64.b64decode(data["task_xml"], validate=True)
    assert document == TASK_DOCUMENT.read_bytes()
    assert len(document) == 1015
    assert sm3_hex(document) == "be803124a78b8e7e6927b159451a32417c9332ec11ea76424d5ba5319555f1cf"
    assert document.startswith(b'<?xml version="1.0" encoding="GBK"?>')
    assert "<LXR>张堃</LXR>" in document.decode("gbk")
    with pytest.raises(UnicodeEncodeError):
        "堃".encode("gb2312")
    _assert_facts(parse_task_xml(document), data)


def test_q12_fullwidth_dates_in_the_task_xml_are_the_records_dates() -> None:
    item = loads((GOLDEN / "LHJG_TASK__q12_fullwidth_dates_in_task_xml.in.json").read_bytes())
    data = item["envelope"]["body"][0]["data"]
    root = parse_task_xml(base64.b64decode(data["task_xml"], validate=True))
    assert root.findtext("BJQX") == "２０２５年１２月１９日\u3000"
    _assert_facts(root, data)


def _assert_facts(root: Any, data: dict[str, Any]) -> None:
    assert not isinstance(root, str), root
    assert root.tag == "XTJGRW" and root.get("version") == "1.0"
    text = {name: (root.findtext(name) or "").strip() for name in
            ("RWBH", "RWMC", "RWLX", "FQBM", "FQBMDM", "QTBM", "QTBMDM", "KSRQ", "BJQX")}
    assert text["RWBH"] == data["task_id"]
    assert text["RWMC"] == data["task_name"]
    assert text["RWLX"] == data["task_type"]["label"]
    assert (text["FQBM"], text["FQBMDM"]) == (data["initiator_org"], data["initiator_org_code"])
    assert (text["QTBM"], text["QTBMDM"]) == (data["lead_org"], data["lead_org_code"])
    assert [{"org": bm.text, "org_code": bm.get("dm")} for bm in root.iterfind("PHBM/BM")] == data["cooperating_orgs"]
    assert root.find("JGSX").get("sxbm") in data["supervise_item_codes"]
    assert [(dx.findtext("DXMC"), dx.findtext("TYSHXYDM"), dx.findtext("DZ")) for dx in root.iterfind("JCDX/DX")] == [
        (s["name"], s["ui_code"], s["address"]) for s in data["subjects"]]
    assert str(parse_date(root.findtext("KSRQ"))) == data["start_date"]
    assert str(parse_date(root.findtext("BJQX"))) == data["end_date"]
