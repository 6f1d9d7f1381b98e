"""Golden cases: raw source records in, standard records or field errors out (see ``golden/README.md``)."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

import pytest

from mappings.engine import SpecMapper, loads
from mappings.standard import validate_record
from santong.errors import DataError

GOLDEN = Path(__file__).parent / "golden"
CASES = sorted(GOLDEN.glob("*/*.in.json"))


def _expected(case: Path) -> tuple[str, Any]:
    stem = case.name[: -len(".in.json")]
    found = [(kind, case.with_name(f"{stem}.{kind}.json")) for kind in ("out", "errors")]
    present = [(kind, path) for kind, path in found if path.exists()]
    assert len(present) == 1, f"{case.name}: needs exactly one of .out.json and .errors.json"
    kind, path = present[0]
    return kind, json.loads(path.read_text(encoding="utf-8"))


def test_there_are_golden_cases_for_every_sthj_kind() -> None:
    kinds = {case.name.split("__")[0] for case in CASES if case.parent.name == "sthj"}
    assert kinds == {"INSPECTION", "PENALTY", "COERCIVE"}


@pytest.mark.parametrize("case", CASES, ids=[f"{c.parent.name}/{c.name[:-8]}" for c in CASES])
def test_golden_case(mapper: SpecMapper, case: Path) -> None:
    source, kind = case.parent.name, case.name.split("__")[0]
    payload = loads(case.read_bytes())
    outcome, expected = _expected(case)
    if outcome == "errors":
        with pytest.raises(DataError) as info:
            mapper.map(source, kind, payload)
        assert [e.as_dict() for e in info.value.errors] == expected
        return
    records = mapper.map(source, kind, payload)
    got = [{**dataclasses.asdict(r), "tables": list(r.tables)} for r in records]
    assert got == expected
    for record in records:  # what the engine produces is a valid standard record
        body = record.unsealed("d" if record.operation == "delete" else "i") | {"cd_batch": "2025111900001"}
        assert validate_record(body, require_digest=False) == []
