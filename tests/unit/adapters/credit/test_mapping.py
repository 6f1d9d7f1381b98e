"""The simulator's feed and the document's legacy rows through the credit specs (with a registry of departments).

Every event the simulator marks valid maps without error; every one it marks bad fails naming the field
it says.  The §6.3 legacy rows convert to what the document prints, once the 机关 codes are known.
"""

from __future__ import annotations

import calendar
import json
import re
from pathlib import Path
from typing import Any

import pytest

from adapters.credit import CreditSimulator, SimConfig
from adapters.credit.simdata import ORGANS
from mappings.engine import DEFAULT_SPEC_DIR, SpecMapper, loads
from mappings.registry_port import InMemoryRegistry
from santong.errors import DataError

pytestmark = pytest.mark.timeout(30)

DOC = (Path(__file__).parent / "fixtures" / "credit.md").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def mapper(tmp_path_factory: pytest.TempPathFactory) -> SpecMapper:
    # only the credit specs: a colleague's half-edited spec elsewhere must not decide these tests
    root = tmp_path_factory.mktemp("specs")
    (root / "credit").symlink_to(DEFAULT_SPEC_DIR / "credit", target_is_directory=True)
    registry = InMemoryRegistry()
    for name, uscc, area in ORGANS:  # the §3.8 directory, as the hub keeps it (by name and by USCC)
        registry.remember("department", name, {"uscc": uscc, "area_number": area})
        registry.remember("department", uscc, {"uscc": uscc, "area_number": area})
    return SpecMapper(root, registry=registry)


def _map(mapper: SpecMapper, kind: str, payload: Any) -> dict[str, Any] | list[tuple[str, str]]:
    try:
        records = mapper.map("credit", kind, loads(json.dumps(payload, ensure_ascii=False).encode()))
    except DataError as exc:
        return [(e.field, e.code) for e in exc.errors]
    assert len(records) == 1
    return dict(records[0].data)


def test_every_valid_event_maps_and_every_bad_one_fails_on_its_field(mapper: SpecMapper) -> None:
    sim = CreditSimulator(SimConfig(events=600, seed=5, bad_share=0.15))
    bad = sim.bad_records()
    assert 0 < len(bad) < 600
    for event in sim.events():
        got = _map(mapper, "LIST_CHANGE", event)
        if event["eventId"] in bad:
            assert isinstance(got, list), f"{event['eventId']} should fail on {bad[event['eventId']].field}"
            assert bad[event["eventId"]].field in {f for f, _ in got}, (event["eventId"], got)
        else:
            assert isinstance(got, dict), (event["eventId"], got)


def _legacy() -> list[dict[str, Any]]:
    section = DOC[DOC.index("### 6.3"):DOC.index("### 6.4")]
    return [json.loads(x) for x in re.findall(r"```json\n(.*?)```", section, re.S)]


def test_legacy_xk_converts_as_the_document_prints(mapper: SpecMapper) -> None:
    got = _map(mapper, "XK_2016", _legacy()[0])
    assert isinstance(got, dict)
    assert got["xdr_category"]["label"] == "法人及非法人组织" and "xdr_uscc" not in got  # placeholder = no value
    assert (got["xdr_org_code"], got["xdr_business_reg_no"], got["legal_representative"]) == (
        "703865123", "321081000012345", "黄立新")
    assert (got["decision_date"], got["valid_from"], got["valid_to"]) == ("2025-11-03", "2025-11-03", "2099-12-31")
    assert got["license_org_code"] == got["data_source_org_code"] == "113210810141268357"
    assert got["license_status"]["code"] == "1" and got["license_document_name"] == "建筑工程施工许可证核发"


@pytest.mark.parametrize(("zt", "status"), [("", "1"), ("0", "1"), ("1", "2")])
def test_q10_legacy_status_is_recoded_not_looked_up(mapper: SpecMapper, zt: str, status: str) -> None:
    row = {**_legacy()[0], "XK_ZT": zt}
    got = _map(mapper, "XK_2016", row)
    assert isinstance(got, dict) and got["license_status"]["code"] == status


def test_legacy_cf_converts_with_the_derived_publish_end_date(mapper: SpecMapper) -> None:
    """q9 元 → 万元, q11 15-digit ID, q12 lenient date; 公示截止期 = 决定日期 + 1 year (+ 3 months for 警告 alone)."""
    row = {**_legacy()[1], "SJC": "2025-11-12 08:30:00"}
    got = _map(mapper, "CF_2016", row)
    assert isinstance(got, dict), got
    year, rest = got["set_date"].split("-", 1)
    warning_only = str(row.get("CF_CFLB1", "")).strip() == "警告"
    if not warning_only:
        assert got["publish_end_date"] == f"{int(year) + 1}-{rest}"
    warned = _map(mapper, "CF_2016", {**row, "CF_CFLB1": "警告", "CF_FKJE": "", "CF_MSJE": ""})
    assert isinstance(warned, dict), warned
    y, m, d = (int(x) for x in warned["set_date"].split("-"))
    y, m = (y + 1, m - 9) if m > 9 else (y, m + 3)
    assert warned["publish_end_date"] == f"{y:04d}-{m:02d}-{min(d, calendar.monthrange(y, m)[1]):02d}"


def test_legacy_cf_date_only_sjc_is_not_given_a_time(mapper: SpecMapper) -> None:
    assert ("cd_time", "FORMAT") in _map(mapper, "CF_2016", _legacy()[1])  # type: ignore[operator]


def test_legacy_subject_without_any_identifier_is_refused(mapper: SpecMapper) -> None:
    row = {**_legacy()[0], "XK_XDR_ZDM": "", "XK_XDR_GSDJ": ""}
    assert ("data.xdr_uscc", "REQUIRED") in _map(mapper, "XK_2016", row)  # type: ignore[operator]
