"""§3.7 through CreditQuery: HIT / CLEAN, and every other outcome UNKNOWN (quirks 7 and 14)."""

from __future__ import annotations

import pytest

from adapters.credit import CheckRequest, CreditQuery
from tests.unit.adapters.credit.helpers import Serve, quiet

pytestmark = pytest.mark.timeout(20)


def _listed(sim: object) -> tuple[str, str]:
    from adapters.credit.simcheck import memberships

    current = memberships(sim.events())  # type: ignore[attr-defined]
    event = next(e for e in current.values() if e["subject"].get("uscc") and e["listType"] == "JYYC")
    return event["subject"]["uscc"], event["subject"]["name"]


def test_hit_clean_and_unknowns(serve: Serve) -> None:
    sim = serve(quiet(events=80, query_timeout_s=0.2))
    query = CreditQuery(serve.settings(), clock=sim.now_s, sleep=lambda s: None)
    uscc, name = _listed(sim)
    hit = query.check(CheckRequest("Q1", "XZXK", uscc=uscc))
    assert hit.result == "HIT" and hit.query_id and hit.lists
    clean_uscc = "91321081MA1P8H3D78"
    sim.inject_events([{**sim.events()[0], "eventId": "EV202511190000000001", "action": "YC",
                        "recordId": "JYYC-CLEAN-1", "listType": "JYYC",
                        "subject": {**sim.events()[0]["subject"], "uscc": clean_uscc, "name": "仪征市真州建材贸易有限公司"}}])
    assert query.check(CheckRequest("Q2", "XZXK", uscc=clean_uscc)).result == "CLEAN"
    assert query.check(CheckRequest("Q3", "XZXK", uscc="91321081MA1R2B0K8Q")).reason == "checkResult NOT_FOUND"
    half_width = name.replace("（", "(").replace("）", ")")
    if half_width != name:  # quirk 14: exact names only
        assert query.check(CheckRequest("Q4", "XZXK", name=half_width)).result == "UNKNOWN"
    sim.set_faults(unavailable_lists=["ZDSSWF"])
    partial = query.check(CheckRequest("Q5", "XZXK", uscc=clean_uscc))
    assert (partial.result, partial.reason) == ("UNKNOWN", "checkResult PARTIAL")
    sim.set_faults(unavailable_lists=[], query_down=True)
    down = query.check(CheckRequest("Q6", "XZXK", uscc=clean_uscc))
    assert down.result == "UNKNOWN" and down.reason.startswith("5003")  # HTTP 200, never clean (quirk 7)
    sim.set_faults(query_down=False, query_timeout=True)
    assert query.check(CheckRequest("Q7", "XZXK", uscc=clean_uscc)).reason.startswith("5004")
    query.close()


def test_missing_subject_is_4006_and_unknown(serve: Serve) -> None:
    sim = serve(quiet(events=5))
    query = CreditQuery(serve.settings(), clock=sim.now_s, sleep=lambda s: None)
    verdict = query.check(CheckRequest("Q1", "XZXK"))
    assert verdict.result == "UNKNOWN" and "4006" in verdict.reason
    query.close()


def test_unreachable_platform_is_unknown() -> None:
    from pydantic import SecretStr

    from adapters.credit import CreditSettings
    from adapters.simserver import free_port
    from tests.unit.adapters.credit.helpers import APP_ID, SECRET

    settings = CreditSettings(base_url=f"http://127.0.0.1:{free_port()}/xyyz/api", app_id=APP_ID,
                              app_secret=SecretStr(SECRET))
    query = CreditQuery(settings, sleep=lambda s: None)
    assert query.check(CheckRequest("Q1", "XZXK", uscc="91321081MA1P8H3D78")).result == "UNKNOWN"
    query.close()
