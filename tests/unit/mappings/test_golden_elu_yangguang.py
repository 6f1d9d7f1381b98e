"""Golden cases of elu-yangguang (e路阳光), whose raw records are XML record elements:
``golden/elu-yangguang/<KIND>__<name>.in.xml`` (in its declared encoding: GBK for xm/jd/cjdw, UTF-8 otherwise,
one declared UTF-8 but GBK — quirk 2) → ``.out.json`` or ``.errors.json``, as in ``golden/README.md``.  A case
that needs the registry (关联整合: the project of a stage or unit, per-source code tables, the subject register)
names what it knows in ``<KIND>__<name>.registry.json``: ``[{kind, key, values}, …]``.  A registry-only kind
(GSXX) expects ``[]`` and, in ``<KIND>__<name>.remembered.json``, what it told the registry."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

import pytest

from mappings.engine import SpecMapper
from mappings.registry_port import InMemoryRegistry
from mappings.standard import validate_record
from santong.errors import DataError

pytestmark = pytest.mark.timeout(30)

SOURCE = "elu-yangguang"
GOLDEN = Path(__file__).parent / "golden" / SOURCE
CASES = sorted(GOLDEN.glob("*.in.xml"))


def _stem(case: Path) -> str:
    return case.name[: -len(".in.xml")]


def _registry(case: Path) -> InMemoryRegistry:
    registry = InMemoryRegistry()
    known = case.with_name(_stem(case) + ".registry.json")
    if known.exists():
        for entry in json.loads(known.read_text(encoding="utf-8")):
            registry.remember(entry["kind"], entry["key"], entry["values"])
    return registry


def _expected(case: Path) -> tuple[str, Any]:
    present = [(k, case.with_name(f"{_stem(case)}.{k}.json")) for k in ("out", "errors")
               if case.with_name(f"{_stem(case)}.{k}.json").exists()]
    assert len(present) == 1, f"{case.name}: needs exactly one of .out.json and .errors.json"
    kind, path = present[0]
    return kind, json.loads(path.read_text(encoding="utf-8"))


def test_there_are_golden_cases_for_every_kind() -> None:
    assert {case.name.split("__")[0] for case in CASES} == {"XMXX", "JDSJ", "CJDW", "JDJC", "XZCF", "GSXX"}


def test_every_section_6_example_and_data_quirk_has_a_case() -> None:
    names = " ".join(_stem(c) for c in CASES)
    for tag in ("s6_1", "s6_2", "s6_3", "s6_4", "s6_5", "s6_6",
                "q02", "q03", "q04", "q05", "q06", "q07", "q08", "q09", "q10", "q11", "q16"):
        assert tag in names, tag


@pytest.mark.parametrize("case", CASES, ids=[_stem(c) for c in CASES])
def test_golden_case(case: Path) -> None:
    registry = _registry(case)
    mapper = SpecMapper(registry=registry)
    kind = case.name.split("__")[0]
    outcome, expected = _expected(case)
    if outcome == "errors":
        with pytest.raises(DataError) as info:
            mapper.map(SOURCE, kind, case.read_bytes())
        assert [e.as_dict() for e in info.value.errors] == expected
        return
    records = mapper.map(SOURCE, kind, case.read_bytes())
    got = [{**dataclasses.asdict(r), "tables": list(r.tables)} for r in records]
    assert got == expected
    for record in records:  # what the engine produces is a valid standard record
        body = record.unsealed("d" if record.operation == "delete" else "i") | {"cd_batch": "2025111900001"}
        assert validate_record(body, require_digest=False) == []
    remembered = case.with_name(_stem(case) + ".remembered.json")
    if remembered.exists():
        for entry in json.loads(remembered.read_text(encoding="utf-8")):
            assert registry.lookup(entry["kind"], entry["key"]) == entry["values"]
