"""Seeded data (§8): determinism, shares, identifiers, every §5 quirk, and exactly the announced bad records."""

from __future__ import annotations

import collections
import re
from typing import Any

import pytest

from adapters.sthj import SimConfig, SthjSimulator
from adapters.sthj.identifiers import (
    id_number_valid,
    make_id_number,
    make_org_code,
    make_uscc,
    upgrade_id15,
    uscc_valid,
)
from adapters.sthj.simjson import JavaNumber, java_double_text, render
from tests.unit.adapters.sthj.helpers import FakeClock, beijing_ms
from tests.unit.adapters.sthj.stdcheck import problems

pytestmark = pytest.mark.timeout(60)

# near the end of the seeded data, so that no tombstone is past its retention
CLOCK = FakeClock(beijing_ms(2025, 11, 20, 12, 0))


@pytest.fixture(scope="module")
def big() -> SthjSimulator:
    return SthjSimulator(SimConfig(seed=11, size=4000), clock=CLOCK)


def texts(sim: SthjSimulator) -> list[str]:
    return sorted(e.text for e in sim.store.entries())


def test_same_seed_same_records_other_seed_other_records() -> None:
    a, b = (SthjSimulator(SimConfig(seed=5, size=300), clock=CLOCK) for _ in range(2))
    assert texts(a) == texts(b) and a.bad_records() == b.bad_records()
    assert texts(SthjSimulator(SimConfig(seed=6, size=300), clock=CLOCK)) != texts(a)


def test_kind_shares_follow_config(big: SthjSimulator) -> None:
    counts = collections.Counter(e.kind for e in big.store.entries())
    assert abs(counts["INSPECTION"] / 4000 - 0.6) < 0.03
    assert abs(counts["PENALTY"] / 4000 - 0.3) < 0.03
    assert abs(counts["COERCIVE"] / 4000 - 0.1) < 0.02
    other = SthjSimulator(SimConfig(size=500, shares={"COERCIVE": 1.0}), clock=CLOCK)
    assert {e.kind for e in other.store.entries()} == {"COERCIVE"}


@pytest.mark.parametrize("rate", [0.05, 0.2, 0.0])
def test_bad_share_matches_config(rate: float) -> None:
    sim = SthjSimulator(SimConfig(seed=3, size=1000, bad_rate=rate), clock=CLOCK)
    live = sum(1 for e in sim.store.entries() if not e.deleted)
    assert len(sim.bad_records()) == round(rate * live)


def test_valid_records_pass_the_standard_and_bad_ones_fail_on_the_named_field(big: SthjSimulator) -> None:
    bad = big.bad_records()
    assert {b.reason for b in bad.values()} == {"IMPOSSIBLE_DATE", "BAD_USCC", "BAD_ITEM_CODE", "DATE_ORDER",
                                                "NO_INSPECTORS", "REVOKED_LICENSE"}
    for entry in big.store.entries():
        if entry.deleted:
            continue
        found = problems(entry.payload)
        if entry.record_id in bad:
            assert bad[entry.record_id].field in found, (entry.record_id, bad[entry.record_id], found)
        else:
            assert found == {}, (entry.record_id, found, entry.text)


def test_runtime_inserts_and_updates_stay_valid_or_stay_bad() -> None:
    clock = FakeClock(beijing_ms(2026, 3, 1, 9, 0))
    sim = SthjSimulator(SimConfig(seed=4, size=50, bad_rate=0.3), clock=clock)
    added = sim.add_records(200)
    for rid in added[:100]:
        clock.advance(60)
        sim.update_record(rid)
    bad = sim.bad_records()
    assert 30 < sum(1 for rid in added if rid in bad) < 100
    sim.set_faults(malformed_rate=1.0)
    assert set(sim.add_records(5)) <= set(sim.bad_records())
    for rid in added:
        found = problems(sim.record(rid))  # type: ignore[arg-type]
        assert (bad[rid].field in found) if rid in bad else found == {}, (rid, found)
        assert rid.startswith("HBZF-") and "-2026-" in rid


def test_identifiers_follow_gb_standards() -> None:
    assert make_uscc("91", "321081", make_org_code("MA1N7G5T")) == "91321081MA1N7G5T0R"
    assert uscc_valid("11321081MB1L26308J") and uscc_valid("92321081MA1MX4T71E")
    assert not uscc_valid("91321081MA20C7LJ47") and not uscc_valid("91321081MA1N7G5T1W")
    assert make_id_number("321081", __import__("datetime").date(1990, 5, 17), 123) == "321081199005171234"
    assert upgrade_id15("321081580224105") == "321081195802241057"
    assert id_number_valid("32108119790314153X") and not id_number_valid("321081199002301232")


def test_java_double_rendering() -> None:
    from decimal import Decimal

    assert [java_double_text(Decimal(x)) for x in ("10800000", "20000000", "52000", "3650.5", "2.5", "0")] == [
        "1.08E7", "2.0E7", "52000.0", "3650.5", "2.5", "0.0"]
    assert java_double_text(Decimal(10800000), full=True) == "10800000.0"
    assert render({"a": JavaNumber("1.08E7"), "b": [Decimal("1.5"), None, True, "仪征"]}) == \
        '{"a":1.08E7,"b":[1.5,null,true,"仪征"]}'


def _walk(value: Any) -> Any:
    if isinstance(value, dict):
        for k, v in value.items():
            yield k, v
            yield from _walk(v)
    elif isinstance(value, list):
        for v in value:
            yield from _walk(v)


def test_every_quirk_occurs(big: SthjSimulator) -> None:
    """Quirks 1–11 are all present in a default seeded set (12–15 are the bad records)."""
    entries = list(big.store.entries())
    all_text = "\n".join(e.text for e in entries)
    live = [e.payload for e in entries if not e.deleted]
    dates = [v for e in live for k, v in _walk(e) if k.endswith("_date") and isinstance(v, str) and v]
    assert all(any(re.fullmatch(p, d) for d in dates) for p in (
        r"\d{4}/\d{1,2}/\d{1,2}", r"\d{4}-\d{2}-\d{2}", r"\d{8}", r"\d{4}年\d{1,2}月\d{1,2}日", r"\d{4}年0\d月\d{2}日"))
    assert all(ch in all_text for ch in ("\u3000", "\\t", "\u00a0"))  # quirk 3
    ids = [e["target"].get("id_no") for e in live if e["target"]["subject_type"] in ("个人", "自然人")]
    assert any(re.fullmatch(r"\d{15}", i or "") for i in ids) and any((i or "").endswith("x") for i in ids)  # 4
    assert re.search(r'"fine_amount":\d\.\d+E7', all_text) and re.search(r'"fine_amount":\d{8}\.0', all_text)  # 5
    assert re.search(r'"amount_unit":"万元"', all_text) and '"entry_channel":"历史迁移"' in all_text  # 6
    for label in ("普通程序", "一般程序", "居民身份证", "法人", "自然人"):  # 7
        assert f'"{label}"' in all_text, label
    assert '"case_no":null' in all_text and '"permit_no":""' in all_text  # 8: null and ""
    assert any("task_no" not in e for e in live) and any("entry_channel" in e for e in live)
    stones = [e.payload for e in entries if e.deleted]
    assert stones and all(len(s) <= 7 and "org" not in s for s in stones)  # 9
    assert any(e.version >= 4 for e in entries) and any(e.version > 1 and not e.deleted for e in entries)  # 10
    stamps = collections.Counter(e.updated_at for e in entries)
    assert any(n > 1 for n in stamps.values())  # 11b needs neighbours sharing a millisecond
    assert any(re.search(r"仪环立[\[【（]", e.get("case_no") or "") for e in live)
