"""ggzy golden cases: the registry is fed the project and 标段 records first, then one raw record maps.

Files in ``golden/ggzy/`` (a naming of their own, so that the registry-less ``test_golden.py`` leaves them):

* ``_registry.json`` — the TENDER_PROJECT and BID_SECTION records (``[{"kind", "record"}]``) every case's
  registry learns first, as the running hub would have pulled them;
* ``<KIND>__<name>.raw.json`` — the raw record exactly as the platform sends it (``3.2568E6`` stays exact);
* ``<KIND>__<name>.out.json`` (expected ``MappedRecord``s) **or** ``.errors.json`` (expected field errors).

Names: ``s6_…`` are ggzy.md §6's examples, ``qNN_…`` its §5 quirks, ``h…`` its §7 hints.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

import pytest

from mappings.engine import SpecMapper, loads
from mappings.registry_port import InMemoryRegistry
from mappings.standard import validate_record
from santong.errors import DataError

pytestmark = pytest.mark.timeout(30)

GOLDEN = Path(__file__).parent / "golden" / "ggzy"
CASES = sorted(GOLDEN.glob("*.raw.json"))


def _stem(case: Path) -> str:
    return case.name[: -len(".raw.json")]


def _expected(case: Path) -> tuple[str, Any]:
    present = [(kind, case.with_name(f"{_stem(case)}.{kind}.json")) for kind in ("out", "errors")]
    found = [(kind, path) for kind, path in present if path.exists()]
    assert len(found) == 1, f"{case.name}: needs exactly one of .out.json and .errors.json"
    return found[0][0], json.loads(found[0][1].read_text(encoding="utf-8"))


def _mapper() -> SpecMapper:
    mapper = SpecMapper(registry=InMemoryRegistry())
    for item in loads((GOLDEN / "_registry.json").read_bytes()):
        mapper.map_all("ggzy", item["kind"], item["record"])  # a registry record that fails teaches nothing
    return mapper


def test_there_are_golden_cases_for_every_ggzy_kind() -> None:
    kinds = {_stem(case).split("__")[0] for case in CASES}
    assert kinds == {"TENDER_PROJECT", "BID_SECTION", "TENDER_NOTICE", "BID_OPEN", "WIN_CANDIDATE", "WIN_RESULT",
                     "CONTRACT"}


@pytest.mark.parametrize("case", CASES, ids=[_stem(c) for c in CASES])
def test_golden_case(case: Path) -> None:
    kind = _stem(case).split("__")[0]
    payload = loads(case.read_bytes())
    outcome, expected = _expected(case)
    mapper = _mapper()
    if outcome == "errors":
        with pytest.raises(DataError) as info:
            mapper.map("ggzy", kind, payload)
        assert [e.as_dict() for e in info.value.errors] == expected
        return
    records = mapper.map("ggzy", kind, payload)
    got = [{**dataclasses.asdict(r), "tables": list(r.tables)} for r in records]
    assert got == expected
    for record in records:  # what the engine produces is a valid standard record
        body = record.unsealed("d" if record.operation == "delete" else "i") | {"cd_batch": "2025121900001"}
        assert validate_record(body, require_digest=False) == []


def test_a_project_teaches_the_registry_what_its_stage_records_need() -> None:
    registry = InMemoryRegistry()
    mapper = SpecMapper(registry=registry)
    project = next(i for i in loads((GOLDEN / "_registry.json").read_bytes()) if i["kind"] == "TENDER_PROJECT")
    assert mapper.map("ggzy", "TENDER_PROJECT", project["record"]) == []
    assert registry.lookup("ggzy_project", "YZS-GC-2025-0173") == {
        "project_name": "仪征市新城镇中心小学综合楼新建工程", "investment_project_code": "2507-321081-04-01-586213",
        "deal_method": "1", "tenderer_name": "仪征市教育局", "tenderer_code": "11321081014027749K",
        "tender_agency_name": "江苏广陵工程咨询有限公司", "tender_agency_code": "91321002MA1Q9W4C2R"}
