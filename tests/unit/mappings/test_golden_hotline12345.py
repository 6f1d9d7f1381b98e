"""Golden sequences of the 12345 source: records that need the registry (关联整合) filled by earlier ones.

``golden/hotline12345/SEQ__<name>.seq.json`` is a list of steps ``{"kind", "in", "out" | "errors"}`` mapped
in order by one mapper with a fresh in-memory registry (an EVENT remembers a 撤销 or 督办 that a later
ORDER reads).  Single records are ordinary golden cases, run by ``test_golden.py``.
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

pytestmark = pytest.mark.timeout(20)
FOLDER = Path(__file__).parent / "golden" / "hotline12345"
SEQUENCES = sorted(FOLDER.glob("SEQ__*.seq.json"))


def test_every_kind_and_quirk_group_has_cases() -> None:
    names = [p.name for p in FOLDER.glob("*.json")]
    kinds = {n.split("__")[0] for n in names if n.endswith(".in.json")}
    assert kinds == {"ORDER"} and SEQUENCES
    quirks = {n.split("__")[1][:3] for n in names if n.split("__")[1].startswith("q")}
    # quirks 1 2 3 6 7 8 12 13 14 15 concern the mapping; 4 5 9 10 11 16 are transport (adapter tests)
    assert {"q01", "q02", "q03", "q06", "q07", "q08", "q12", "q13", "q14", "q15"} <= quirks


@pytest.fixture(scope="module")
def specs_dir() -> Path:
    return Path(__file__).resolve().parents[3] / "mappings" / "specs"


@pytest.mark.parametrize("case", SEQUENCES, ids=[c.name[5:-9] for c in SEQUENCES])
def test_sequence(case: Path, specs_dir: Path) -> None:
    mapper = SpecMapper(specs_dir, registry=InMemoryRegistry())
    for step in json.loads(case.read_text(encoding="utf-8")):
        payload = loads(json.dumps(step["in"], ensure_ascii=False))
        if "errors" in step:
            with pytest.raises(DataError) as info:
                mapper.map("hotline12345", step["kind"], payload)
            assert [e.as_dict() for e in info.value.errors] == step["errors"]
            continue
        records = mapper.map("hotline12345", step["kind"], payload)
        got: list[dict[str, Any]] = json.loads(json.dumps(
            [{**dataclasses.asdict(r), "tables": list(r.tables)} for r in records], default=str))
        assert got == step["out"]
        for record in records:
            body = record.unsealed("i") | {"cd_batch": "2025111900001"}
            assert validate_record(body, require_digest=False) == []
