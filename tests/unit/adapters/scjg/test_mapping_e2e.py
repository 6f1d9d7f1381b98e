"""End to end: what the simulator serves, read by the adapter, through the scjg mapping specs.

Every live record the simulator calls valid maps without error; every record it spoiled is quarantined
with an error on the standard field that corresponds to the SJJH field the simulator names.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from adapters.base import RawRecord
from adapters.scjg import ScjgSimulator, ScjgSource
from adapters.scjg.simdata import AGENCY, AGENCY_CODE
from mappings.engine import SpecMapper
from mappings.registry_port import InMemoryRegistry
from santong.errors import DataError
from tests.unit.adapters.scjg.helpers import FakeClock, quiet

pytestmark = pytest.mark.timeout(40)

# SJJH field the simulator spoiled → the standard fields an error may name (by kind)
_STANDARD = {
    "TYSHXYDM": {"data.administrative_cp_ui_code", "data.xdr_uscc", "data.subject_ui_code"},
    "XKJDRQ": {"data.decision_date"}, "CFJDRQ": {"data.set_date"}, "LRRQ": {"data.include_date"},
    "FDDBRZJHM": {"data.legal_representative_id_number"},
    "XKJDSWH": {"data.license_document_number"}, "JCRY": {"data.check_personnel"},
    "CFJDSWH": {"data.punish_document_code"}, "LRYY": {"data.include_reason"},
}
ITEM_CODE = "11320100001201"  # §2.6's example of a 市场监管 item, known to the registry of this test


def _registry(sim: ScjgSimulator) -> InMemoryRegistry:
    """What the hub's registry would know: the 市场监管局, the item codes, the 登记 subjects."""
    registry = InMemoryRegistry()
    registry.remember("department", AGENCY, {"org_code": AGENCY_CODE, "area_number": "321081"})
    registry.remember("supervise_item", "320117023000", {"supervise_item_code": ITEM_CODE})
    registry.remember("supervise_item", "销售超过保质期的食品", {"supervise_item_code": ITEM_CODE})
    for subject in sim.data.subjects:
        kind = "3" if subject.category == "个体工商户" else "1"
        for key in (subject.uscc, subject.regno):
            if key:
                registry.remember("subject", key, {"administrative_cp_type": kind})
    return registry


def test_valid_records_map_and_bad_ones_name_their_field(serve: Callable[..., ScjgSimulator],
                                                         make_source: Callable[..., ScjgSource],
                                                         clock: FakeClock) -> None:
    sim = serve(quiet(size=300, bad_rate=0.1, tombstone_rate=0.05, duplicate_rate=0.02, legacy_share=0.3))
    source = make_source(window_s=7 * 86400, page_size=100)
    seen: list[RawRecord] = []
    cursor = None
    while True:
        clock.advance(1)
        page = source.poll(cursor)
        seen.extend(page.records)
        cursor = page.next_cursor
        if not page.has_more:
            break
    mapper = SpecMapper(registry=_registry(sim))
    bad = sim.bad_records()
    assert bad, "the simulator spoiled some records"
    mapped = quarantined = 0
    for record in seen:
        key = (record.kind, record.source_id)
        try:
            results = mapper.map("scjg", record.kind, record.payload)
        except DataError as exc:
            assert key in bad, f"{key} is valid but was quarantined: {exc}"
            fields = {e.field for e in exc.errors}
            assert fields & _STANDARD[bad[key].field], (key, bad[key], fields)
            quarantined += 1
            continue
        assert key not in bad, f"{key} was spoiled ({bad[key]}) but mapped"
        assert results and all(r.cd_id == f"scjg:{record.kind}:{record.source_id}" for r in results)
        mapped += 1
    assert quarantined == len(bad) and mapped == len(seen) - len(bad)
