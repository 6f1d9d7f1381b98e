"""§3.2 request signatures: the published examples pass the simulator's verifier, in its check order."""

from __future__ import annotations

import pytest

from adapters.province import testkeys as tk
from adapters.province.simauth import RequestVerifier, canonical_query
from adapters.province.simclock import SimClock
from signatures.request_sign import province_headers

pytestmark = pytest.mark.timeout(10)

INBOX_QUERY = [("limit", "50"), ("cursor", "1000122"), ("wait", "10"), ("msgType", "LHJG_TASK")]
ACK_BODY = (
    b'{"acks":[{"inboxId":"XF32000020251119000123","msgId":"e4b2a7c9-0d1f-4a3b-8c5e-6f7a8b9c0d1e",'
    b'"disposition":"ACCEPTED"}]}'
)
EMPTY_SM3 = "1ab21d8355cfa17f8e61194831e81a8f22bec8c728fefb747ed035eb5082aa2b"

# (method, path, query, body, timestamp, nonce, {method name: published signature})
EXAMPLES = [
    ("GET", "/exchange/v1/inbox", INBOX_QUERY, b"", 1763515940000, "3b8f0c2d9e4a4f1b8c7d6e5f4a3b2c1d",
     {"HMAC-SM3": "6XLOLHJ/plVOQDfYVLN9qMcXB03q6+652NFO0P+qR08=",
      "HMAC-SHA256": "ukyWkTJqta8GaCBuZwS4YfO2zc15IrrxjT0qWmZEsb8="}),
    ("POST", "/exchange/v1/inbox/ack", [], ACK_BODY, 1763515981000, "9d8c7b6a5f4e4d3c2b1a0f9e8d7c6b5a",
     {"HMAC-SM3": "5Cb6SgQ18fifUv2uOmn1ujFjISIPOUs0okzLCt842tY=",
      "HMAC-SHA256": "EYbbSOIHVpWr7P+q62NLt3R6OHzDbbDcpdj6p5zxefM="}),
]


def verifier_at(timestamp_ms: int) -> RequestVerifier:
    clock = SimClock()
    clock.set_time(timestamp_ms / 1000)
    return RequestVerifier({tk.TEST_APP_KEY: tk.TEST_SECRET_KEY}, clock)


def published_headers(ts: int, nonce: str, body: bytes, method: str, signature: str) -> dict[str, str]:
    from adapters.province.simcrypto import sm3_hex

    return {"X-JSJG-AppKey": tk.TEST_APP_KEY, "X-JSJG-Timestamp": str(ts), "X-JSJG-Nonce": nonce,
            "X-JSJG-Content-SM3": sm3_hex(body), "X-JSJG-Signature-Method": method, "X-JSJG-Signature": signature}


def test_canonical_query_of_example_a() -> None:
    assert canonical_query(INBOX_QUERY) == "cursor=1000122&limit=50&msgType=LHJG_TASK&wait=10"
    assert canonical_query([("q", "a b"), ("Q", "é~")]) == "Q=%C3%A9~&q=a%20b"


@pytest.mark.parametrize("example", EXAMPLES, ids=["a-GET-inbox", "b-POST-ack"])
@pytest.mark.parametrize("method_name", ["HMAC-SM3", "HMAC-SHA256"])
def test_published_examples_verify(example: tuple, method_name: str) -> None:  # type: ignore[type-arg]
    method, path, query, body, ts, nonce, sigs = example
    headers = published_headers(ts, nonce, body, method_name, sigs[method_name])
    assert verifier_at(ts).verify(method, path, query, headers, body) is None


def test_empty_body_digest_is_the_published_sm3() -> None:
    assert published_headers(1, "0" * 32, b"", "HMAC-SM3", "x")["X-JSJG-Content-SM3"] == EMPTY_SM3


@pytest.mark.parametrize("example", EXAMPLES, ids=["a-GET-inbox", "b-POST-ack"])
def test_santong_signer_matches_the_published_values(example: tuple) -> None:  # type: ignore[type-arg]
    """The sink's signer (signatures.request_sign) and the simulator agree byte for byte."""
    method, path, query, body, ts, nonce, sigs = example
    for name, expected in sigs.items():
        h = province_headers(tk.TEST_APP_KEY, tk.TEST_SECRET_KEY, method, path, query, body,
                             timestamp_ms=ts, nonce=nonce, method_name=name)
        assert h["X-JSJG-Signature"] == expected
        assert verifier_at(ts).verify(method, path, query, h, body) is None


def test_checks_run_in_the_documented_order() -> None:
    method, path, query, body, ts, nonce, sigs = EXAMPLES[1]
    good = published_headers(ts, nonce, body, "HMAC-SM3", sigs["HMAC-SM3"])
    v = verifier_at(ts)

    def code(headers: dict[str, str], *, body_: bytes = body, at: RequestVerifier = v) -> str | None:
        failure = at.verify(method, path, query, headers, body_)
        return failure.code if failure else None

    assert code({k: val for k, val in good.items() if k != "X-JSJG-Nonce"}) == "AUTH_MISSING"
    assert code({**good, "X-JSJG-AppKey": "other"}) == "AUTH_APPKEY_UNKNOWN"
    # a wrong body and a stale clock: the timestamp is checked first
    assert code(good, body_=b"{}", at=verifier_at(ts + 301_000)) == "AUTH_TIMESTAMP_EXPIRED"
    assert code(good, at=verifier_at(ts - 299_000)) is None
    assert code(good, body_=b"{}") == "AUTH_CONTENT_DIGEST_MISMATCH"
    assert code({**good, "X-JSJG-Signature": sigs["HMAC-SHA256"]}) == "AUTH_SIGNATURE_INVALID"
    assert code(good) is None
    assert code(good) == "AUTH_NONCE_REUSED"


def test_forged_request_does_not_burn_the_nonce() -> None:
    method, path, query, body, ts, nonce, sigs = EXAMPLES[0]
    v = verifier_at(ts)
    forged = published_headers(ts, nonce, body, "HMAC-SM3", sigs["HMAC-SHA256"])
    assert v.verify(method, path, query, forged, body) is not None
    assert v.verify(method, path, query, published_headers(ts, nonce, body, "HMAC-SM3", sigs["HMAC-SM3"]), body) is None
