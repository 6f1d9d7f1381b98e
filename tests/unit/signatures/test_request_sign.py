"""The province request signature, sources/province.md §3.2: both worked examples, both methods, every check."""

from __future__ import annotations

from typing import Any

import pytest

from signatures.request_sign import (
    NonceMemory,
    canonical_query,
    province_headers,
    string_to_sign,
    verify_province_request,
)
from signatures.sm3 import sm3_hex

APP_KEY = "jsjg-ak-321081-01"
SECRET = "q8Vn2mXr7LcT4wYb9KpE3sHd6JfU1aZg"
EMPTY_SM3 = "1ab21d8355cfa17f8e61194831e81a8f22bec8c728fefb747ed035eb5082aa2b"

# (a) GET /exchange/v1/inbox?limit=50&cursor=1000122&wait=10&msgType=LHJG_TASK
A: dict[str, Any] = {
    "method": "GET", "path": "/exchange/v1/inbox",
    "query": [("limit", "50"), ("cursor", "1000122"), ("wait", "10"), ("msgType", "LHJG_TASK")],
    "body": b"", "ts": 1763515940000, "nonce": "3b8f0c2d9e4a4f1b8c7d6e5f4a3b2c1d",
    "sm3": "6XLOLHJ/plVOQDfYVLN9qMcXB03q6+652NFO0P+qR08=", "sha256": "ukyWkTJqta8GaCBuZwS4YfO2zc15IrrxjT0qWmZEsb8=",
}  # fmt: skip
# (b) POST /exchange/v1/inbox/ack with a 119-byte body
B: dict[str, Any] = {
    "method": "POST", "path": "/exchange/v1/inbox/ack", "query": [],
    "body": b'{"acks":[{"inboxId":"XF32000020251119000123","msgId":"e4b2a7c9-0d1f-4a3b-8c5e-6f7a8b9c0d1e","disposition":"ACCEPTED"}]}',
    "ts": 1763515981000, "nonce": "9d8c7b6a5f4e4d3c2b1a0f9e8d7c6b5a",
    "sm3": "5Cb6SgQ18fifUv2uOmn1ujFjISIPOUs0okzLCt842tY=", "sha256": "EYbbSOIHVpWr7P+q62NLt3R6OHzDbbDcpdj6p5zxefM=",
}  # fmt: skip


def headers_of(ex: dict[str, Any], method_name: str = "HMAC-SM3") -> dict[str, str]:
    return province_headers(
        APP_KEY, SECRET, ex["method"], ex["path"], ex["query"], ex["body"],
        timestamp_ms=ex["ts"], nonce=ex["nonce"], method_name=method_name,
    )  # fmt: skip


def check(ex: dict[str, Any], headers: dict[str, str], *, now_ms: int | None = None, nonces: NonceMemory | None = None,
          path: str | None = None, body: bytes | None = None) -> str | None:  # fmt: skip
    return verify_province_request(
        ex["method"], path or ex["path"], ex["query"], ex["body"] if body is None else body, headers,
        secrets={APP_KEY: SECRET}, now_ms=ex["ts"] if now_ms is None else now_ms, nonces=NonceMemory() if nonces is None else nonces,
    )  # fmt: skip


def test_example_a_string_to_sign() -> None:
    query = canonical_query(A["query"])
    assert query == "cursor=1000122&limit=50&msgType=LHJG_TASK&wait=10"
    text = string_to_sign("GET", A["path"], query, APP_KEY, str(A["ts"]), A["nonce"], EMPTY_SM3)
    assert text == (
        "GET\n/exchange/v1/inbox\ncursor=1000122&limit=50&msgType=LHJG_TASK&wait=10\njsjg-ak-321081-01\n"
        "1763515940000\n3b8f0c2d9e4a4f1b8c7d6e5f4a3b2c1d\n" + EMPTY_SM3
    )
    assert len(text.encode()) == 202


def test_example_b_body_digest_and_empty_query_line() -> None:
    assert len(B["body"]) == 119
    assert sm3_hex(B["body"]) == "b7139b9b9e0f29cba60877a15d08baa1b249923f1d4765a505537f3e3af2e14f"
    text = string_to_sign("POST", B["path"], canonical_query([]), APP_KEY, str(B["ts"]), B["nonce"], sm3_hex(B["body"]))
    assert text.split("\n")[2] == "" and len(text.split("\n")) == 7


@pytest.mark.parametrize("ex", [A, B], ids=["a", "b"])
@pytest.mark.parametrize(("method_name", "key"), [("HMAC-SM3", "sm3"), ("HMAC-SHA256", "sha256")])
def test_worked_examples_give_the_published_signatures(ex: dict[str, Any], method_name: str, key: str) -> None:
    headers = headers_of(ex, method_name)
    assert headers == {
        "X-JSJG-AppKey": APP_KEY,
        "X-JSJG-Timestamp": str(ex["ts"]),
        "X-JSJG-Nonce": ex["nonce"],
        "X-JSJG-Content-SM3": sm3_hex(ex["body"]),
        "X-JSJG-Signature-Method": method_name,
        "X-JSJG-Signature": ex[key],
    }
    assert check(ex, headers) is None


def test_headers_are_case_insensitive_and_the_method_defaults_to_sm3() -> None:
    headers = {k.lower(): v for k, v in headers_of(A).items() if k != "X-JSJG-Signature-Method"}
    assert check(A, headers) is None


def test_canonical_query_percent_encoding() -> None:
    params = [("q", "仪征 市"), ("a~b", "x+y*z"), ("q", "A"), ("a", "/")]
    # byte order of the encoded forms: "%" (0x25) sorts before "A"
    assert canonical_query(params) == "a=%2F&a~b=x%2By%2Az&q=%E4%BB%AA%E5%BE%81%20%E5%B8%82&q=A"


@pytest.mark.parametrize(
    ("change", "code"),
    [
        (lambda h: h.pop("X-JSJG-Nonce"), "AUTH_MISSING"),
        (lambda h: h.update({"X-JSJG-Signature": ""}), "AUTH_MISSING"),
        (lambda h: h.update({"X-JSJG-Nonce": "3B8F0C2D9E4A4F1B8C7D6E5F4A3B2C1D"}), "AUTH_MISSING"),
        (lambda h: h.update({"X-JSJG-AppKey": "jsjg-ak-321081-02"}), "AUTH_APPKEY_UNKNOWN"),
        (lambda h: h.update({"X-JSJG-Timestamp": "1763515940"}), "AUTH_TIMESTAMP_EXPIRED"),
        (lambda h: h.update({"X-JSJG-Content-SM3": "0" * 64}), "AUTH_CONTENT_DIGEST_MISMATCH"),
        (lambda h: h.update({"X-JSJG-Content-SM3": EMPTY_SM3.upper()}), "AUTH_CONTENT_DIGEST_MISMATCH"),
        (lambda h: h.update({"X-JSJG-Signature-Method": "HMAC-SHA256"}), "AUTH_SIGNATURE_INVALID"),
        (lambda h: h.update({"X-JSJG-Signature-Method": "HMAC-MD5"}), "AUTH_SIGNATURE_INVALID"),
        (lambda h: h.update({"X-JSJG-Signature": A["sha256"]}), "AUTH_SIGNATURE_INVALID"),
    ],
)
def test_each_failure_has_its_code(change: Any, code: str) -> None:
    headers = headers_of(A)
    change(headers)
    assert check(A, headers) == code


def test_timestamp_window_is_300_s_either_way() -> None:
    headers = headers_of(A)
    for delta in (-300_000, 300_000):
        assert check(A, headers, now_ms=A["ts"] + delta) is None
    for delta in (-300_001, 300_001):
        assert check(A, headers, now_ms=A["ts"] + delta) == "AUTH_TIMESTAMP_EXPIRED"


def test_path_query_and_body_are_signed() -> None:
    headers = headers_of(B)
    assert check(B, headers, path="/exchange/v1/inbox/ack/") == "AUTH_SIGNATURE_INVALID"
    assert check(B, headers, body=B["body"] + b" ") == "AUTH_CONTENT_DIGEST_MISMATCH"
    assert check(dict(A, query=A["query"][:-1]), headers_of(A)) == "AUTH_SIGNATURE_INVALID"


def test_nonce_reuse_is_the_last_check_and_expires_after_15_minutes() -> None:
    nonces = NonceMemory()
    headers = headers_of(A)
    assert check(A, dict(headers, **{"X-JSJG-Signature": A["sha256"]}), nonces=nonces) == "AUTH_SIGNATURE_INVALID"
    assert check(A, headers, nonces=nonces) is None  # a forged request did not burn the nonce
    assert check(A, headers, nonces=nonces) == "AUTH_NONCE_REUSED"
    assert check(A, headers, nonces=nonces, now_ms=A["ts"] + 299_000) == "AUTH_NONCE_REUSED"
    assert nonces.check_and_store(APP_KEY, A["nonce"], A["ts"] + 900_000)  # forgotten after the TTL
    assert nonces.check_and_store("another-app-key", B["nonce"], A["ts"]) and len(nonces) == 2
