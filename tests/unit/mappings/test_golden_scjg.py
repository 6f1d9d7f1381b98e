"""Golden cases of scjg, whose raw records are XML: ``golden/scjg/<KIND>__<name>.in.xml`` (in its declared
encoding) → ``.out.json`` or ``.errors.json``, as in ``golden/README.md``.  A case that needs the subject
registry (关联整合) names what it knows in ``<KIND>__<name>.registry.json``: ``[{kind, key, values}, …]``."""

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

GOLDEN = Path(__file__).parent / "golden" / "scjg"
CASES = sorted(GOLDEN.glob("*.in.xml"))


def _mapper(case: Path) -> SpecMapper:
    registry = InMemoryRegistry()
    known = case.with_name(case.name[: -len(".in.xml")] + ".registry.json")
    if known.exists():
        for entry in json.loads(known.read_text(encoding="utf-8")):
            registry.remember(entry["kind"], entry["key"], entry["values"])
    return SpecMapper(registry=registry)


def _expected(case: Path) -> tuple[str, Any]:
    stem = case.name[: -len(".in.xml")]
    present = [(k, case.with_name(f"{stem}.{k}.json")) for k in ("out", "errors")
               if case.with_name(f"{stem}.{k}.json").exists()]
    assert len(present) == 1, f"{case.name}: needs exactly one of .out.json and .errors.json"
    kind, path = present[0]
    return kind, json.loads(path.read_text(encoding="utf-8"))


def test_there_are_golden_cases_for_every_scjg_kind() -> None:
    assert {case.name.split("__")[0] for case in CASES} == {"XZXK", "XZJC", "XZCF", "JYYC"}


@pytest.mark.parametrize("case", CASES, ids=[c.name[: -len(".in.xml")] for c in CASES])
def test_golden_case(case: Path) -> None:
    mapper = _mapper(case)
    kind = case.name.split("__")[0]
    outcome, expected = _expected(case)
    if outcome == "errors":
        with pytest.raises(DataError) as info:
            mapper.map("scjg", kind, case.read_bytes())
        assert [e.as_dict() for e in info.value.errors] == expected
        return
    records = mapper.map("scjg", kind, case.read_bytes())
    got = [{**dataclasses.asdict(r), "tables": list(r.tables)} for r in records]
    assert got == expected
    for record in records:  # what the engine produces is a valid standard record
        body = record.unsealed("d" if record.operation == "delete" else "i") | {"cd_batch": "2025111900001"}
        assert validate_record(body, require_digest=False) == []
