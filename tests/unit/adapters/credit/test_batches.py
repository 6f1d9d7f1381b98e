"""§3.1–§3.3 against the simulator: the §6.1 batch and its documented results, idempotency, the sink."""

from __future__ import annotations

import json
import re
import time
from pathlib import Path
from typing import Any

import pytest

from adapters.base import BatchDraft, SealedRecord
from adapters.credit import CreditSink
from tests.unit.adapters.credit.conftest import Signed
from tests.unit.adapters.credit.helpers import Serve, quiet

pytestmark = pytest.mark.timeout(20)

DOC = (Path(__file__).parent / "fixtures" / "credit.md").read_text(encoding="utf-8")


def _json_after(heading: str) -> str:
    section = DOC[DOC.index(heading):]
    return re.search(r"```json\n(.*?)```", section, re.S).group(1)  # type: ignore[union-attr]


def _wait(signed: Signed, ticket: str) -> dict[str, Any]:
    for _ in range(100):
        data = signed("GET", f"/v2/sgs/batches/{ticket}").json()["data"]
        if data["status"] in ("DONE", "FAILED"):
            return data
        time.sleep(0.02)
    raise AssertionError("batch never finished")


def test_document_batch_gets_the_documented_row_results(serve: Serve, signed: Signed) -> None:
    serve(quiet())
    raw = _json_after("### 6.1").encode("utf-8")
    first = signed("POST", "/v2/sgs/batches", raw=raw)
    assert first.status_code == 202 and first.headers["x-xy-requestid"] == first.json()["requestId"]
    accepted = first.json()["data"]
    assert accepted["status"] == "QUEUED" and accepted["duplicateBatch"] is False and accepted["rowCount"] == 3
    result = _wait(signed, accepted["ticket"])
    documented = json.loads(_json_after("### 3.3"))["data"]
    assert result["rows"] == documented["rows"]
    assert (result["acceptedCount"], result["rejectedCount"], result["channel"]) == (2, 1, "v2")
    again = signed("POST", "/v2/sgs/batches", raw=raw)
    assert again.status_code == 200 and again.json()["data"]["duplicateBatch"] is True
    assert again.json()["data"]["ticket"] == accepted["ticket"]
    other = signed("POST", "/v2/sgs/batches", raw=raw.replace(b"2.5", b"2.6"))
    assert (other.status_code, other.json()["code"]) == (409, "4091")


def test_batch_shape_errors(serve: Serve, signed: Signed) -> None:
    serve(quiet())
    base = {"batchNo": "B1", "dataType": "CF", "specVersion": "2020", "rows": [{}]}
    assert signed("POST", "/v2/sgs/batches", body={**base, "rows": []}).json()["code"] == "4003"
    assert signed("POST", "/v2/sgs/batches", body={**base, "extra": 1}).json()["code"] == "4001"
    assert signed("POST", "/v2/sgs/batches", body={**base, "dataType": "QT"}).json()["code"] == "4002"
    bom = signed("POST", "/v2/sgs/batches", raw=b"\xef\xbb\xbf" + json.dumps(base).encode())
    assert (bom.status_code, bom.json()["code"]) == (400, "4005")
    ctype = signed("POST", "/v2/sgs/batches", body=base, headers={"Content-Type": "text/plain"})
    assert (ctype.status_code, ctype.json()["code"]) == (415, "4007")


def _cf(n: int, doc_no: str, **data: Any) -> SealedRecord:
    body = {"xdr_name": "仪征市真州建材贸易有限公司", "xdr_category": {"code": "1", "label": "法人及非法人组织"},
            "xdr_uscc": "91321081MA1P8H3D78", "xdr_org_code": "MA1P8H3D7", "legal_representative": "刘志强",
            "punish_document_code": doc_no, "illegal_type": "销售不合格产品", "illegal_fact": "当事人销售不合格钢筋。",
            "punish_basis": "《中华人民共和国产品质量法》第四十九条",
            "punish_type": [{"code": "02", "label": "罚款"}, {"code": "03", "label": "没收违法所得、没收非法财物"}],
            "punish_content": "1.没收违法所得3865元；2.罚款25000元。", "fine_amount_wan": "2.500000",
            "confiscated_amount_wan": "0.386500", "set_date": "2025-11-14", "punish_valid_until": "2099-12-31",
            "publish_end_date": "2026-11-14", "punish_org": "仪征市市场监督管理局", "punish_org_code": "11321081MB1C87057L",
            "data_source_org": "仪征市市场监督管理局", "data_source_org_code": "11321081MB1C87057L"}
    body.update(data)
    op = "d" if "delete_reason" in data else "u" if data.pop("_u", False) or body.pop("_u", False) else "i"
    if op == "d":
        body = {"punish_org_code": "11321081MB1C87057L", "punish_document_code": doc_no, **data}
    record = {"cd_id": f"scjg:XZCF:{doc_no}", "cd_operation": op, "cd_time": "2025-11-19T09:00:00+08:00",
              "specVersion": "XYSGS_CF/1.0", "data": body, "digest": f"{n:064x}"}
    return SealedRecord(msg_id=f"m{n}", msg_type="XYSGS_CF", record=record)


def _outcome(sink: CreditSink, batch_id: str) -> dict[str, tuple[str, list[str]]]:
    for _ in range(200):
        outcome = sink.outcome(batch_id)
        if outcome is not None:
            return {r.cd_id: (r.status, [f"{e['field']}:{e['code']}" for e in r.errors]) for r in outcome.records}
        time.sleep(0.02)
    raise AssertionError("no outcome")


def test_sink_push_with_per_row_results_update_and_withdrawal(serve: Serve) -> None:
    """Rows map back to records by position; 1006 is a duplicate; u → U; d → D with the delivered 相对人."""
    sim = serve(quiet())
    sink = CreditSink(serve.settings(), clock=sim.now_s)
    good, bad = _cf(1, "仪市监处罚〔2025〕128号"), _cf(2, "仪市监处罚〔2025〕131号", xdr_uscc="91321081MA1Q4R6T3Q",
                                                      xdr_org_code="MA1Q4R6T3")
    batch = sink.prepare(BatchDraft("XYSGS_CF", "scjg", "2025111900003", [good, bad]))
    sink.post(batch)
    sink.post(batch)  # a re-post after a lost answer: same bytes, same ticket
    got = _outcome(sink, batch.batch_id)
    assert got[good.cd_id] == ("accepted", [])
    assert got[bad.cd_id] == ("rejected", ["data.xdr_uscc:1002"])
    # the same record sent again in a new batch (the hub retried after losing the outcome)
    again = sink.prepare(BatchDraft("XYSGS_CF", "scjg", "2025111900004", [good]))
    sink.post(again)
    assert _outcome(sink, again.batch_id)[good.cd_id][0] == "duplicate"
    fixed = _cf(3, "仪市监处罚〔2025〕128号", _u=True, punish_content="1.没收违法所得3865元；2.罚款25000元（更正）。")
    withdrawn = _cf(4, "仪市监处罚〔2025〕128号", delete_reason="经行政复议，原处罚决定已撤销")
    later = sink.prepare(BatchDraft("XYSGS_CF", "scjg", "2025111900005", [fixed, withdrawn]))
    parts = json.loads(later.payload)["parts"]
    assert [json.loads(p["body"]).get("operation") for p in parts] == ["U", "D"]
    assert set(json.loads(parts[1]["body"])["rows"][0]) == {"CF_WSH", "CF_XDR_MC", "CF_XDR_SHXYM", "CF_XDR_ZJHM", "BZ"}
    sink.post(later)
    assert list(_outcome(sink, later.batch_id).values()) == [("accepted", [])]
    ops = [(r["operation"], r["key"]) for r in sim.received()]
    assert ops == [("I", "CF|仪市监处罚〔2025〕128号|91321081MA1P8H3D78"), ("U", "CF|仪市监处罚〔2025〕128号|91321081MA1P8H3D78"),
                   ("D", "CF|仪市监处罚〔2025〕128号|91321081MA1P8H3D78")]
    assert sim.repeats == 1  # the row received twice, counted
    sink.close()


def test_tombstone_without_reason_is_refused_locally(serve: Serve) -> None:
    sim = serve(quiet())
    delivered = {"CF|11321081MB1C87057L|X1": {"CF_WSH": "X1", "CF_XDR_MC": "甲"}}
    sink = CreditSink(serve.settings(), clock=sim.now_s, delivered=delivered)
    batch = sink.prepare(BatchDraft("XYSGS_CF", "scjg", "B9", [_cf(1, "X1", delete_reason="")]))
    assert json.loads(batch.payload)["parts"] == []
    outcome = sink.outcome(batch.batch_id, batch)
    assert outcome is not None and outcome.records[0].status == "rejected"
    assert outcome.records[0].errors[0]["field"] == "data.delete_reason"
    sink.close()


def test_update_that_changes_the_subject_is_withdrawal_plus_insert(serve: Serve) -> None:
    """§7: the platform keys by (文书号, 相对人); a u with another 相对人 becomes D of the old row + a new row."""
    sim = serve(quiet())
    sink = CreditSink(serve.settings(), clock=sim.now_s)
    first = sink.prepare(BatchDraft("XYSGS_CF", "scjg", "2025111900021", [_cf(1, "仪市监处罚〔2025〕140号")]))
    sink.post(first)
    assert _outcome(sink, first.batch_id)["scjg:XZCF:仪市监处罚〔2025〕140号"][0] == "accepted"
    moved = _cf(2, "仪市监处罚〔2025〕140号", _u=True, xdr_name="扬州捷达物流有限公司", xdr_uscc="91321081MA1Q4R6T3P",
                xdr_org_code="MA1Q4R6T3", legal_representative="吴海峰")
    batch = sink.prepare(BatchDraft("XYSGS_CF", "scjg", "2025111900022", [moved]))
    ops = [json.loads(p["body"]).get("operation", "I") for p in json.loads(batch.payload)["parts"]]
    assert ops == ["D", "I"]
    sink.post(batch)
    assert _outcome(sink, batch.batch_id) == {moved.cd_id: ("accepted", [])}
    assert [r["key"].split("|")[2] for r in sim.received()] == ["91321081MA1P8H3D78"] * 2 + ["91321081MA1Q4R6T3P"]
    sink.close()


def test_too_many_open_tickets_is_4292_with_retry_after(serve: Serve, signed: Signed) -> None:
    serve(quiet(max_open_tickets=1, process_delay_ms=60_000))
    body = {"batchNo": "O1", "dataType": "CF", "specVersion": "2020", "rows": [{}]}
    assert signed("POST", "/v2/sgs/batches", body=body).status_code == 202
    second = signed("POST", "/v2/sgs/batches", body={**body, "batchNo": "O2"})
    assert (second.status_code, second.json()["code"]) == (429, "4292") and int(second.headers["retry-after"]) > 0
    pending = signed("GET", "/v2/sgs/batches/" + signed("POST", "/v2/sgs/batches", body=body).json()["data"]["ticket"])
    assert pending.json()["data"]["rows"] == [] and pending.json()["data"]["status"] in ("QUEUED", "PROCESSING")
