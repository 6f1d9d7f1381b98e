"""The simulator as judge: hand-made envelopes meet the synchronous steps and the V4–V6 checks of §4.3."""

from __future__ import annotations

import secrets
import threading
import time
import uuid
from datetime import datetime, timedelta
from typing import Any

import httpx
import pytest

from adapters.province import FaultRates, ProvinceSimConfig, ProvinceSimulator
from adapters.province import testkeys as tk
from adapters.province.simauth import sign_request
from adapters.simserver import SimServer
from signatures.envelope import Signer, seal_record
from signatures.formats import BEIJING, format_datetime
from signatures.jcs import canonical
from signatures.sm2 import SM2PrivateKey

pytestmark = pytest.mark.timeout(30)

NODE_SIGNER = Signer(SM2PrivateKey.from_hex(tk.NODE_PRIVATE_KEY_HEX), tk.NODE_ID)


def envelope(kit: Any, *records: dict[str, Any], **header: Any) -> dict[str, Any]:
    """A correctly signed envelope around ``records``; ``header`` overrides members (None removes)."""
    h: dict[str, Any] = {
        "msgId": str(uuid.uuid4()), "msgType": "JGXW_CHECK", "specVersion": "JGXW_CHECK/1.0",
        "source": records[0]["cd_source"], "sender": tk.NODE_ID, "batchNo": kit.batch_no(),
        "operation": "i", "recordCount": len(records), "timestamp": format_datetime(datetime.now(BEIJING)),
        "nonce": secrets.token_hex(16), "digestAlg": "SM3", "signAlg": "SM2withSM3",
        "signerId": tk.DEFAULT_SIGNER_ID, "sigEncoding": "DER",
    }
    for name, value in header.items():
        if value is None:
            h.pop(name, None)
        else:
            h[name] = value
    return NODE_SIGNER.sign_object({"header": h, "body": list(records)})


def post(server: SimServer, sim: ProvinceSimulator, body: bytes, *, content_type: str = "application/json",
         path: str = "/exchange/v1/batches", method: str = "POST", now_ms: int | None = None) -> httpx.Response:
    """A §3.2-signed request, stamped on the simulator's clock unless ``now_ms`` is given."""
    headers = sign_request(tk.TEST_SECRET_KEY, method, path, [], tk.TEST_APP_KEY, now_ms or sim.clock.now_ms(),
                           secrets.token_hex(16), body)
    if body:
        headers["Content-Type"] = content_type
    return httpx.request(method, server.url + path, content=body or None, headers=headers, timeout=10)


def receipt_of(sim: ProvinceSimulator, env: dict[str, Any]) -> dict[str, Any]:
    stored = sim.batch(env["header"]["msgId"])
    assert stored is not None and stored["receipt"] is not None
    return stored["receipt"]  # type: ignore[no-any-return]


def pairs(errors: list[dict[str, Any]]) -> set[tuple[str, str]]:
    return {(e["field"], e["code"]) for e in errors}


@pytest.mark.parametrize(("body", "content_type", "status", "code"), [
    (b"{}", "text/plain", 415, "UNSUPPORTED_MEDIA_TYPE"),
    (b" " * 5_242_881, "application/json", 413, "PAYLOAD_TOO_LARGE"),
    (b"[]", "application/json", 400, "JSON_INVALID"),
    (b'{"header":{"msgId":"a"},"header":{}}', "application/json", 400, "JSON_INVALID"),
    (b'{"header":{"msgId":"7D3F0C1E-5B2A-4C8E-9F10-000000000101"}}', "application/json", 400, "MSGID_INVALID"),
    (b'{"header":{"msgId":"7d3f0c1e-5b2a-4c8e-9f10-000000000101","sender":"x"}}', "application/json", 403,
     "SENDER_MISMATCH"),
])
def test_synchronous_refusals_store_nothing(sim: ProvinceSimulator, server: SimServer, body: bytes,
                                            content_type: str, status: int, code: str) -> None:
    response = post(server, sim, body, content_type=content_type)
    assert (response.status_code, response.json()["code"]) == (status, code)
    assert response.json()["requestId"] == response.headers["X-JSJG-Request-Id"]
    assert response.headers["X-JSJG-Server-Time"].isdigit()
    assert sim.batches() == []


def test_time_needs_no_signature_and_errors_carry_platform_headers(sim: ProvinceSimulator, server: SimServer) -> None:
    sim.set_clock_offset(400)
    data = httpx.get(server.url + "/exchange/v1/time", timeout=5).json()["data"]
    assert abs(data["epochMillis"] / 1000 - sim.clock.now_s()) < 5 and data["serverTime"].endswith("+08:00")
    unsigned = httpx.post(server.url + "/exchange/v1/batches", content=b"{}", timeout=5)
    assert (unsigned.status_code, unsigned.json()["code"]) == (401, "AUTH_MISSING")
    assert "X-JSJG-Server-Time" in unsigned.headers and "X-JSJG-Request-Id" in unsigned.headers


def test_header_errors_are_reported_together(sim: ProvinceSimulator, server: SimServer, kit: Any) -> None:
    stale = format_datetime(datetime.now(BEIJING) - timedelta(minutes=10))
    env = envelope(kit, kit.check_record(), timestamp=stale, source="32108111321081MB1X00000X",
                   recordCount=3, batchNo="2025023000001", extra="x", digestAlg=None)
    assert post(server, sim, canonical(env)).status_code == 202
    receipt = receipt_of(sim, env)
    assert receipt["body"] == [] and receipt["header"]["status"] == "REJECTED"
    assert pairs(receipt["header"]["errors"]) == {
        ("header.timestamp", "TIME_WINDOW"), ("header.source", "REFERENCE"), ("header.recordCount", "RANGE"),
        ("header.batchNo", "FORMAT"), ("header.extra", "SCHEMA"), ("header.digestAlg", "REQUIRED"),
    }


@pytest.mark.parametrize(("override", "expected"), [
    ({"signerId": "0000000000000000"}, ("header.signerId", "SIGNATURE_INVALID")),
    ({"sigEncoding": "BER"}, ("header.sigEncoding", "CODE_UNKNOWN")),
])
def test_signature_step_failures(sim: ProvinceSimulator, server: SimServer, kit: Any,
                                 override: dict[str, str], expected: tuple[str, str]) -> None:
    env = envelope(kit, kit.check_record())
    env["header"].update(override)  # after signing: the signature step must catch it
    post(server, sim, canonical(env))
    assert pairs(receipt_of(sim, env)["header"]["errors"]) == {expected}


def test_nonce_reused_by_another_envelope_is_replay(sim: ProvinceSimulator, server: SimServer, kit: Any) -> None:
    nonce = secrets.token_hex(16)
    first, second = envelope(kit, kit.check_record(), nonce=nonce), envelope(kit, kit.check_record(), nonce=nonce)
    post(server, sim, canonical(first))
    post(server, sim, canonical(second))
    assert receipt_of(sim, first)["header"]["status"] == "ACCEPTED"
    assert pairs(receipt_of(sim, second)["header"]["errors"]) == {("header.nonce", "REPLAY")}


def test_record_checks_each_record_gets_its_errors(sim: ProvinceSimulator, server: SimServer, kit: Any) -> None:
    tampered = kit.check_record()
    tampered["data"]["check_content"] = "改过"
    other_source = kit.check_record()
    unsealed = {k: v for k, v in other_source.items() if k not in ("cd_batch", "digest")}
    other_source = seal_record({**unsealed, "cd_source": "32108111321081MB1L26308J"}, other_source["cd_batch"])
    first = kit.check_record()
    twin = kit.check_record(cd_id=first["cd_id"])
    env = envelope(kit, tampered, other_source, first, twin, recordCount=4)
    post(server, sim, canonical(env))
    body = receipt_of(sim, env)["body"]
    assert [e["status"] for e in body] == ["rejected", "rejected", "accepted", "rejected"]
    assert ("digest", "DIGEST_MISMATCH") in pairs(body[0]["errors"])
    assert ("cd_source", "REFERENCE") in pairs(body[1]["errors"])
    assert pairs(body[3]["errors"]) == {("cd_id", "DUPLICATE")}
    assert receipt_of(sim, env)["header"]["status"] == "PARTIAL"


def test_rate_limit_and_concurrency_limit(kit: Any) -> None:
    sim = ProvinceSimulator(ProvinceSimConfig(nightly_window=False, rate_per_s=0.5, rate_burst=2,
                                              max_concurrent_posts=1))
    with SimServer(sim.app) as server:
        codes = [post(server, sim, b"", method="GET", path="/exchange/v1/receipts").status_code for _ in range(3)]
        assert codes == [200, 200, 429]
        sim.set_knobs(rate_per_s=1000.0, rate_burst=1000)
        sim.set_faults(FaultRates(latency=1.0, latency_s=0.5))
        bodies = [canonical(envelope(kit, kit.check_record())) for _ in range(2)]
        answers: list[httpx.Response] = []
        threads = [threading.Thread(target=lambda b=b: answers.append(post(server, sim, b))) for b in bodies]
        for t in threads:
            t.start()
        for t in threads:
            t.join(10)
        assert sorted(a.status_code for a in answers) == [202, 429]
        refused = next(a for a in answers if a.status_code == 429)
        assert (refused.json()["code"], refused.headers["Retry-After"]) == ("CONCURRENCY_LIMIT", "1")


def test_test_interface_over_http(sim: ProvinceSimulator, server: SimServer, kit: Any) -> None:
    env = envelope(kit, kit.check_record())
    body = canonical(env)
    post(server, sim, body)
    post(server, sim, body)
    counters = httpx.get(server.url + "/_sim/counters", timeout=5).json()
    assert counters["batchReposts"] == {env["header"]["msgId"]: 1}
    batches = httpx.get(server.url + "/_sim/batches", timeout=5).json()
    assert batches[0]["ticket"].startswith("TK") and batches[0]["receipt"]["header"]["status"] == "ACCEPTED"
    assert httpx.post(server.url + "/_sim/clock", json={"offset_s": 400}, timeout=5).json()["offset_s"] == 400
    assert httpx.post(server.url + "/_sim/knobs", json={"faults": {"error_500": 1.0}}, timeout=5).status_code == 200
    assert post(server, sim, body, now_ms=int(time.time() * 1000)).status_code == 401  # 400 s behind it
    assert post(server, sim, body).status_code == 500


def test_receipts_expire_after_30_days(sim: ProvinceSimulator, server: SimServer, kit: Any) -> None:
    env = envelope(kit, kit.check_record())
    post(server, sim, canonical(env))
    sim.clock.advance(31 * 86_400)
    path = f"/exchange/v1/receipts/{env['header']['msgId']}"
    response = post(server, sim, b"", method="GET", path=path)
    assert (response.status_code, response.json()["code"]) == (410, "RECEIPT_EXPIRED")
