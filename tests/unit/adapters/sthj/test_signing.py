"""§2.2 signing: the document's vectors, the canonical query rules, and what the client puts on the wire."""

from __future__ import annotations

import httpx
import pytest
from pydantic import SecretStr

from adapters.sthj import SthjSettings
from adapters.sthj.client import SthjClient
from adapters.sthj.signing import canonical_query, encode_query, parse_query, sign

pytestmark = pytest.mark.timeout(10)

SECRET = "Yz8fT2kQ7mLx4Rc9Wv3Nb6Hs1Jd5Pg0A"
CURSOR_A = (
    "eyJ2IjoyLCJ1IjoxNzYzNDQ2ODA5NzMxLCJyIjoiSEJaRi1DRi0yMDI1LTAwMDExNyIsImYiOiJDT0VSQ0lWRSxJTlNQRUNUSU9OLFBFTkFMVFkifQ"
    ".9e08a9f1a6a9c133"
)


def test_vector_a_next_page_with_comma_encoded() -> None:
    params = [("page_size", "200"), ("record_type", "INSPECTION,PENALTY,COERCIVE"), ("cursor", CURSOR_A)]
    sts, sig = sign(SECRET, "GET", "/api/v2/records", params, 1763602212345, "5b0e1c7a9d3f48e2a6c4b8d0f2e4a6c8")
    assert sts == (f"GET\n/api/v2/records\ncursor={CURSOR_A}&page_size=200&record_type=INSPECTION%2CPENALTY%2CCOERCIVE"
                   "\n1763602212345\n5b0e1c7a9d3f48e2a6c4b8d0f2e4a6c8")
    assert sig == "bb22b57946068c8248564a48b194bbb3f6e17ac2a83d94e0aec458e147f90a41"


def test_vector_b_single_record_has_empty_query_line() -> None:
    sts, sig = sign(SECRET, "GET", "/api/v2/records/HBZF-CF-2025-000117", [], 1763602215018,
                    "0c9a4e6f21d84b7f93e5a1c2d7b80f46")
    assert sts == "GET\n/api/v2/records/HBZF-CF-2025-000117\n\n1763602215018\n0c9a4e6f21d84b7f93e5a1c2d7b80f46"
    assert sig == "8f884abeeb79e1626cbd95807483422ddbde07f48e62a6367ca94dccedb9a940"


def test_vector_c_since_sorted_before_nothing() -> None:
    params = [("since", "1761926400000"), ("page_size", "100")]
    sts, sig = sign(SECRET, "get", "/api/v2/records", params, 1763602210007, "a41f7d2c9e8b4065b3c1d0e9f8a7b6c5")
    assert sts == "GET\n/api/v2/records\npage_size=100&since=1761926400000\n1763602210007\na41f7d2c9e8b4065b3c1d0e9f8a7b6c5"
    assert sig == "c9e8575dc5332d53b38f6bbc355685f856a9aaffefc6d2f215391df0ea35102f"


def test_section_3_2_3_example_signature() -> None:
    params = [("page_size", "2"), ("record_type", "INSPECTION"), ("since", "1762876800000")]
    _, sig = sign(SECRET, "GET", "/api/v2/records", params, 1763517600000, "9d41c6a0b2e84f37a1c5d9e3f7b20468")
    assert sig == "49de271db581b8948a597c6912d77f273dc9e5c273b599810f08b0f4733128ed"


def test_canonical_query_rfc3986_rules() -> None:
    """Space → %20, + → %2B, upper-case hex, UTF-8 bytes, empty value as ``name=``, byte-order sort."""
    assert canonical_query([("b", "x y+z"), ("a", ""), ("a", "~-._"), ("名", "值")]) == (
        "%E5%90%8D=%E5%80%BC&a=&a=~-._&b=x%20y%2Bz"  # '%' (0x25) sorts before letters
    )
    assert canonical_query([]) == ""


def test_server_side_decoding_keeps_plus_literal() -> None:
    assert parse_query("record_type=INSPECTION,PENALTY&x=a+b&flag&y=%2B") == [
        ("record_type", "INSPECTION,PENALTY"), ("x", "a+b"), ("flag", ""), ("y", "+"),
    ]
    assert parse_query(encode_query([("k", "a b+c,d")])) == [("k", "a b+c,d")]


def test_client_signs_exactly_what_it_sends_with_fresh_nonce_each_attempt() -> None:
    """The wire query is RFC 3986 encoded, and every attempt carries a new nonce and timestamp."""
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        code = 40103 if len(seen) == 1 else 0
        return httpx.Response(401 if code else 200, json={"code": code, "message": "", "data": {"ok": True}})

    clock_ms = [1763602212345]
    settings = SthjSettings(base_url="http://sthj.test:8090", app_id="yzhb_3f9a0c51d7e2", app_secret=SecretStr(SECRET))
    client = SthjClient(settings, transport=httpx.MockTransport(handler), clock=lambda: clock_ms[0] / 1000)
    try:
        assert client.get("/api/v2/records", [("record_type", "INSPECTION,PENALTY"), ("page_size", "2")]) == {"ok": True}
    finally:
        client.close()
    assert len(seen) == 2
    first, second = seen
    assert first.url.raw_path == b"/api/v2/records?record_type=INSPECTION%2CPENALTY&page_size=2"
    assert first.headers["X-Nonce"] != second.headers["X-Nonce"]
    for request in seen:
        params = parse_query(request.url.query.decode())
        _, expected = sign(SECRET, "GET", request.url.path, params, request.headers["X-Timestamp"],
                           request.headers["X-Nonce"])
        assert request.headers["X-Signature"] == expected
        assert request.headers["X-Timestamp"] == "1763602212345"
