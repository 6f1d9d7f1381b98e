"""The simulator as a client following the document sees it: v1 channel and GBK export, §3.2, windows, auth."""

from __future__ import annotations

import json
import re
import time
from pathlib import Path
from typing import Any

import pytest

from adapters.credit.client import CreditClient
from adapters.credit.legacy import LegacyUploader, organs
from tests.unit.adapters.credit.conftest import Signed
from tests.unit.adapters.credit.helpers import Serve, quiet

pytestmark = pytest.mark.timeout(20)

DOC = (Path(__file__).parent / "fixtures" / "credit.md").read_text(encoding="utf-8")
HEADER_HEX = ("d0 d0 ba c5 2c b4 a6 c0 ed bd e1 b9 fb 2c b4 ed ce f3 b4 fa c2 eb 2c b4 ed ce f3 d7 d6 b6 ce 2c b4 ed "
              "ce f3 cb b5 c3 f7 2c d0 d0 d5 fe cf e0 b6 d4 c8 cb c3 fb b3 c6 2c ce c4 ca e9 ba c5 0d 0a")


def _legacy() -> list[dict[str, Any]]:
    section = DOC[DOC.index("### 6.3"):DOC.index("### 6.4")]
    return [json.loads(x) for x in re.findall(r"```json\n(.*?)```", section, re.S)]


def _done(signed: Signed, path: str) -> dict[str, Any]:
    for _ in range(100):
        data = signed("GET", path).json()["data"]
        if data["status"] == "DONE":
            return data
        time.sleep(0.02)
    raise AssertionError("not done")


def test_v1_upload_converts_warns_2001_and_exports_gbk_exactly(serve: Serve) -> None:
    sim = serve(quiet(now="2025-11-13 16:27:11"))
    client = CreditClient(serve.settings(), clock=sim.now_s)
    legacy = LegacyUploader(client)
    ticket = legacy.upload("2025111300045", "XK", [_legacy()[0]])
    assert ticket.startswith("L")
    for _ in range(100):
        result = legacy.result(ticket)
        if result["status"] == "DONE":
            break
    assert result["channel"] == "v1" and result["rows"][0]["recordKey"] == "XK|仪住建许〔2025〕第0087号|仪征市化纤机械厂"
    raw = client.call("GET", f"/v1/sgs/upload/{ticket}/export", raw=True)
    assert raw.headers["content-type"] == "application/octet-stream"
    assert raw.headers["content-disposition"] == f'attachment; filename="result_{ticket}.csv"'
    assert raw.content.startswith(bytes.fromhex(HEADER_HEX.replace(" ", "")))
    line = "1,成功（警告）,2001,XK_JDRQ,超期报送（决定日期后超过7个工作日）,仪征市化纤机械厂,仪住建许〔2025〕第0087号\r\n"
    assert raw.content[len(HEADER_HEX.split()):] == line.encode("gbk")
    assert sim.received()[0]["channel"] == "v1"
    client.close()


def test_update_and_withdrawal_rules(serve: Serve, signed: Signed) -> None:
    """1013 for an unknown key, 1016 for a non-key column in D, and quirk 3: another bracket style is a new key."""
    serve(quiet())
    section = DOC[DOC.index("### 6.1"):]
    batch = json.loads(re.search(r"```json\n(.*?)```", section, re.S).group(1))  # type: ignore[union-attr]
    first = signed("POST", "/v2/sgs/batches", body=batch).json()["data"]["ticket"]
    _done(signed, f"/v2/sgs/batches/{first}")
    row = batch["rows"][0]
    update = {"batchNo": "U1", "dataType": "CF", "specVersion": "2020", "operation": "U",
              "rows": [{**row, "CF_WSH": "仪市监处罚〔2025〕999号"}]}
    got = _done(signed, "/v2/sgs/batches/" + signed("POST", "/v2/sgs/batches/update", body=update).json()["data"]["ticket"])
    assert got["channel"] == "v2-update" and got["rows"][0]["errors"][0]["errCode"] == "1013"
    withdraw = {"batchNo": "D1", "dataType": "CF", "specVersion": "2020", "operation": "D",
                "rows": [{"CF_WSH": row["CF_WSH"], "CF_XDR_MC": row["CF_XDR_MC"], "CF_XDR_SHXYM": row["CF_XDR_SHXYM"],
                          "CF_JDRQ": "2025-11-14", "BZ": "撤销"}]}
    got = _done(signed, "/v2/sgs/batches/" + signed("POST", "/v2/sgs/batches/update", body=withdraw).json()["data"]["ticket"])
    assert [e["errCode"] for e in got["rows"][0]["errors"]] == ["1016"]
    again = {**batch, "batchNo": "Q3", "rows": [{**row, "CF_WSH": "仪市监处罚[2025]128号"}]}
    got = _done(signed, "/v2/sgs/batches/" + signed("POST", "/v2/sgs/batches", body=again).json()["data"]["ticket"])
    assert got["rows"][0]["result"] == "ACCEPTED"  # quirk 3: a second public record, not a correction


def test_night_window_and_auth_refusals(serve: Serve, signed: Signed, http: Any) -> None:
    serve(quiet(night_window=True, now="2025-11-19 00:45:00"))
    body = {"batchNo": "N1", "dataType": "CF", "specVersion": "2020", "rows": [{}]}
    night = signed("POST", "/v2/sgs/batches", body=body)
    assert (night.status_code, night.json()["code"], night.headers["retry-after"]) == (503, "5031", "900")
    assert night.json()["data"]["retryAfter"] == 900
    assert signed("GET", "/v2/lists/changes", [("afterSeq", "1000000")]).status_code == 200  # GETs stay open
    missing = signed("GET", "/v2/lists/changes", [("afterSeq", "1000000")], headers={"X-XY-Nonce": None})
    assert (missing.status_code, missing.json()["code"]) == (401, "4015")
    wrong = signed("GET", "/v2/lists/changes", [("afterSeq", "1000000")], secret="x" * 32)
    assert (wrong.status_code, wrong.json()["code"]) == (401, "4012")
    other_area = signed("GET", "/v2/lists/changes", [("afterSeq", "1000000"), ("areaCode", "321002")])
    assert (other_area.status_code, other_area.json()["code"]) == (403, "4031")
    assert wrong.headers["x-xy-requestid"] == wrong.json()["requestId"]


def test_organ_directory_pages(serve: Serve) -> None:
    sim = serve(quiet())
    client = CreditClient(serve.settings(), clock=sim.now_s)
    items = organs(client, "321081", page_size=2)
    assert [i["uscc"] for i in items] == sorted(i["uscc"] for i in items) and len(items) == 6
    client.close()


def test_control_endpoints(serve: Serve, http: Any) -> None:
    """``/_sim/``: clock, faults, restart (quirk 6), injected events, expiry, evidence."""
    sim = serve(quiet(events=10))
    assert http.post("/_sim/clock", json={"now": "2025-11-13 16:27:11"}).json()["now"] == "2025-11-13 16:27:11"
    assert http.post("/_sim/faults", json={"queryDown": True, "latencyMs": 0}).json()["queryDown"] is True
    assert sim.faults.query_down is True
    assert http.post("/_sim/faults", json={"nonsense": 1}).status_code == 400
    before = len(sim.events())
    assert http.post("/_sim/restart").json()["republished"] == before
    seqs = http.post("/_sim/lists/events", json={"append": 3}).json()["seqs"]
    assert len(seqs) == 3 and seqs == sorted(seqs)
    assert http.post("/_sim/lists/expire", json={"keep": 5}).json()["oldestSeq"] == sim.events()[0]["seq"]
    assert http.get("/_sim/received").json() == {"rows": [], "repeats": 0}
    assert set(http.get("/_sim/bad").json()) == set(sim.bad_records())
