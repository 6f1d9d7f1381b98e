"""Status events (§3.5–§3.6) accepted or refused per the state machine of §4.9, idempotently, with races."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from adapters.hotline12345 import EventConflict, EventRejected, HotlineClient, HotlineSimulator, HotlineSource
from santong.errors import TransientError

pytestmark = pytest.mark.timeout(20)
NO = "YZ12345-20251103-000123"
SIGN = {"dispatchSeq": 1, "unitCode": "3210810012", "signTime": "2025-11-03 10:02:13", "signer": "王建国",
        "signerPhone": "0514-83421234", "remark": ""}
EXTEND = {"dispatchSeq": 1, "unitCode": "3210810012", "applyTime": "2025-11-07 15:30:00", "extendDays": 5,
          "reason": "涉事餐饮店已抽样送检，检验报告预计11月13日出具，需待检验结果依法处理后答复。",
          "applicant": "王建国", "applicantPhone": "0514-83421234"}
FEEDBACK = {"dispatchSeq": 1, "unitCode": "3210810012", "feedbackTime": "2025-11-14 16:20:05", "handleResult": "1",
            "replyText": ("经我局执法人员11月4日现场检查，该店后厨存在地面油污、餐具消毒设施未正常使用等问题，"
                          "已责令立即整改并立案调查。"),
            "contacted": "1", "contactTime": "2025-11-14 15:40:00", "contactMethod": "1", "handler": "王建国",
            "handlerPhone": "0514-83421234"}


@pytest.fixture
def client(make_source: Callable[..., HotlineSource], sim: HotlineSimulator) -> HotlineClient:
    sim.set_clock("2025-11-03 10:02:14")
    return make_source().client


def transitions(sim: HotlineSimulator, order_no: str = NO) -> list[tuple[Any, ...]]:
    return [(e["from"], e["to"], e["cause"]) for e in sim.journal("transition") if e["orderNo"] == order_no]


def test_the_life_of_example_62(client: HotlineClient, sim: HotlineSimulator) -> None:
    """签收 → 延期申请 → 延期同意 → 办结反馈 → 回访办结, as §6.2 tells it."""
    assert client.post_event(NO, "sign", SIGN, f"{NO}:1:SIGN:1").data["status"] == "30"
    sim.set_clock("2025-11-07 15:30:01")
    result = client.post_event(NO, "extension", EXTEND, f"{NO}:1:EXTENSION:1")
    assert (result.data["status"], result.data["recordId"][:2]) == ("32", "YQ")
    sim.set_clock("2025-11-10 08:45:00")
    view = sim.hotline(NO, "approve_extension")
    assert view["handleDeadline"] == "2025-11-17 09:20:11"
    sim.set_clock("2025-11-14 16:20:06")
    assert client.post_event(NO, "feedback", FEEDBACK, f"{NO}:1:FEEDBACK:1").data["status"] == "50"
    sim.set_clock("2025-11-17 10:11:30")
    assert sim.hotline(NO, "visit", {"satisfaction": "1"})["status"] == "60"
    assert transitions(sim) == [("20", "30", "SIGNED"), ("30", "32", "EXTENSION_APPLIED"),
                                ("32", "30", "EXTENSION_APPROVED"), ("30", "50", "FEEDBACK_SUBMITTED"),
                                ("50", "60", "CLOSED")]


def test_a_resent_event_is_applied_once(client: HotlineClient, sim: HotlineSimulator) -> None:
    first = client.post_event(NO, "sign", SIGN, f"{NO}:1:SIGN:1")
    again = client.post_event(NO, "sign", SIGN, f"{NO}:1:SIGN:1")
    assert (first.replayed, again.replayed) == (False, True) and first.data == again.data
    assert len(transitions(sim)) == 1 and len(sim.journal("replay")) == 1


def test_same_key_other_body_is_refused(client: HotlineClient) -> None:
    client.post_event(NO, "sign", SIGN, f"{NO}:1:SIGN:1")
    with pytest.raises(EventRejected) as info:
        client.post_event(NO, "sign", SIGN | {"remark": "再次签收"}, f"{NO}:1:SIGN:1")
    assert info.value.context["code"] == "42201"


def test_an_action_the_state_does_not_allow_is_a_final_conflict(client: HotlineClient, sim: HotlineSimulator) -> None:
    client.post_event(NO, "sign", SIGN, f"{NO}:1:SIGN:1")
    with pytest.raises(EventConflict) as info:
        client.post_event(NO, "sign", SIGN, f"{NO}:1:SIGN:2")
    assert (info.value.context["code"], info.value.current["currentStatus"]) == ("40901", "30")


def test_stale_dispatch_after_redispatch_example_64(client: HotlineClient, sim: HotlineSimulator) -> None:
    """Quirk 4: dispatch 1 is gone (409 40902, current seq 2); signing dispatch 2 with a new key works."""
    no = "YZ12345-20251104-000207"
    sim.set_clock("2025-11-05 09:03:12")
    body = {"dispatchSeq": 1, "unitCode": "3210810012", "signTime": "2025-11-05 09:03:10", "signer": "孙志强",
            "signerPhone": "0514-83421236", "remark": ""}
    with pytest.raises(EventConflict) as info:
        client.post_event(no, "sign", body, f"{no}:1:SIGN:1")
    assert (info.value.context["code"], info.value.current["currentDispatchSeq"]) == ("40902", 2)
    assert client.post_event(no, "sign", body | {"dispatchSeq": 2}, f"{no}:2:SIGN:1").data["status"] == "30"


def test_race_cancel_and_race_reassign(client: HotlineClient, sim: HotlineSimulator) -> None:
    """Quirk 9: the hotline acts right before our POST; 40901 (撤销) / 40902 (改派 outside) are final."""
    sim.set_knobs(race_cancel=NO)
    with pytest.raises(EventConflict) as info:
        client.post_event(NO, "sign", SIGN, f"{NO}:1:SIGN:1")
    assert (info.value.context["code"], info.value.current["currentStatus"]) == ("40901", "80")
    no = "YZ12345-20251103-000131"
    sim.set_knobs(race_reassign=no)
    body = SIGN | {"dispatchSeq": 2, "unitCode": "3210810015", "signTime": "2025-11-03 14:10:00"}
    sim.set_clock("2025-11-03 14:30:00")
    with pytest.raises(EventConflict) as info:
        client.post_event(no, "sign", body, f"{no}:2:SIGN:1")
    assert (info.value.context["code"], info.value.current["currentDispatchSeq"]) == ("40902", 3)


def test_second_extension_while_pending_is_transient(client: HotlineClient, sim: HotlineSimulator) -> None:
    client.post_event(NO, "sign", SIGN, f"{NO}:1:SIGN:1")
    sim.set_clock("2025-11-07 15:30:01")
    client.post_event(NO, "extension", EXTEND, f"{NO}:1:EXTENSION:1")
    with pytest.raises(TransientError) as info:
        client.post_event(NO, "extension", EXTEND, f"{NO}:1:EXTENSION:2")
    assert info.value.context["code"] == "40903"
    result = client.post_event(NO, "feedback", FEEDBACK | {"feedbackTime": "2025-11-07 15:30:01"}, f"{NO}:1:FEEDBACK:1")
    assert result.data["status"] == "50"
    assert sim.store.orders[NO].current["extensions"][0]["reviewStatus"] == "3"  # closed as 已撤回


@pytest.mark.parametrize(("action", "body", "code", "field"), [
    ("return", {"dispatchSeq": 1, "unitCode": "3210810012", "returnTime": "2025-11-03 10:00:00", "reasonCode": "01",
                "reasonText": "非本单位职责", "operator": "王建国", "operatorPhone": "0514-83421234"}, "42202", "reasonText"),
    ("sign", SIGN | {"signTime": "2025-11-03T10:02:13+08:00"}, "40002", "signTime"),
    ("sign", SIGN | {"signTime": "2025-11-03 09:00:00"}, "42206", "signTime"),
    ("sign", SIGN | {"priority": "1"}, "40002", "priority"),
    ("sign", {k: v for k, v in SIGN.items() if k != "signer"}, "40001", "signer"),
])
def test_refused_bodies_name_the_field(client: HotlineClient, action: str, body: dict[str, Any], code: str,
                                       field: str) -> None:
    from santong.errors import PermanentError

    with pytest.raises(PermanentError) as info:
        client.post_event(NO, action, body, f"{NO}:1:{action.upper()}:9")
    assert info.value.context["code"] == code


def test_refused_400_is_not_stored_under_the_key(client: HotlineClient, sim: HotlineSimulator) -> None:
    from santong.errors import PermanentError

    with pytest.raises(PermanentError):
        client.post_event(NO, "sign", SIGN | {"signTime": "bad"}, f"{NO}:1:SIGN:1")
    assert client.post_event(NO, "sign", SIGN, f"{NO}:1:SIGN:1").replayed is False
