"""Every record the simulator serves as valid maps to a standard record; every bad one fails naming its field.

The records are pulled through ``GgzySource`` (projects and 标段 first, as the hub reads them) and mapped
in that order with one registry, as the running hub would.  A TENDER_NOTICE of several 标段 fans out to one
GGZY_DEAL per trade code.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest

from adapters.ggzy import GgzySource
from mappings.engine import SpecMapper
from mappings.registry_port import InMemoryRegistry
from santong.errors import DataError
from tests.unit.adapters.ggzy.helpers import FakeClock, Serve, small

pytestmark = pytest.mark.timeout(60)

_PLAIN_RATE = re.compile(r"\s*[0-9]*[1-9][0-9]*(\.[0-9]+)?\s*")
_HYPHEN_ORG = re.compile(r"\s*[0-9A-Z]{8}-[0-9X]\s*")


def _is_rate(obj: dict[str, Any], member: str) -> bool:
    value = obj.get(member)
    return (obj.get("PRICE_FORM_CODE") == "2" or obj.get("PRICE_UNIT") in ("2", "3", "费率", "下浮率", "%")
            or (isinstance(value, str) and value.rstrip().endswith("%")))


def test_valid_records_map_and_bad_records_fail_on_the_named_field(
        serve: Serve, make_source: Callable[..., GgzySource], clock: FakeClock) -> None:
    sim = serve(small(projects=60, seed=13, bad_rate=0.1), clock)
    source = make_source()
    mapper = SpecMapper(registry=InMemoryRegistry())
    bad = sim.bad_records()
    outcomes: dict[str, int] = {"mapped": 0, "bad": 0, "gap": 0, "multi_section_notices": 0}
    cursor, more = None, True
    while more:
        page = source.poll(cursor)
        cursor, more = page.next_cursor, page.has_more
        for raw in page.records:
            key = (raw.kind, raw.source_id)
            try:
                records = mapper.map("ggzy", raw.kind, raw.payload)
            except DataError as exc:
                found = {(e.field, e.code) for e in exc.errors}
                if key in bad:
                    assert (bad[key].field, bad[key].code) in found, (key, bad[key], found)
                    outcomes["bad"] += 1
                else:
                    raise AssertionError(("a valid record was refused", key, raw.payload, found)) from exc
                continue
            assert key not in bad, (key, bad.get(key))
            outcomes["mapped"] += 1
            if raw.kind == "TENDER_NOTICE":  # one GGZY_DEAL per trade code (§7), each its own cd_id (STANDARD §2.11)
                codes = [c.strip() for c in str(raw.payload["TRADE_CODES"]).split(",")]
                assert [r.cd_id for r in records] == [f"ggzy:TENDER_NOTICE:{raw.source_id}:{c}" for c in codes], key
                assert [r.data["unified_deal_code"] for r in records] == codes, key
                outcomes["multi_section_notices"] += len(codes) > 1
    assert outcomes["mapped"] > 300 and outcomes["bad"] >= 20 and outcomes["multi_section_notices"] > 0, outcomes
    assert outcomes["bad"] == len(bad), "every bad record the simulator names was served and refused"
