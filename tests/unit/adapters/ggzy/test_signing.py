"""The §2.5 computed example, byte for byte, on the client's side and against the simulator."""

from __future__ import annotations

import pytest

from adapters.ggzy.signing import body_hash, canonical_query, encode_query, parse_query, signature, string_to_sign
from tests.unit.adapters.ggzy.conftest import Signed
from tests.unit.adapters.ggzy.helpers import KEY, SECRET, FakeClock, Serve

pytestmark = pytest.mark.timeout(30)

PARAMS = [("dataType", "WIN_RESULT"), ("since", "20251218020000"), ("sinceId", "3c9e6f0a7b2d4e18a5f1c0d2b4e6a8f0"),
          ("pageSize", "100"), ("regionCode", "321081")]
NONCE = "5f2b8c1d9e4a7f3b6c0d2e8a1b9f4c7d"
STS_SM3 = ("GET\n/ggzy/api/v2/deals\n"
           "dataType=WIN_RESULT&pageSize=100&regionCode=321081&since=20251218020000&sinceId=3c9e6f0a7b2d4e18a5f1c0d2b4e6a8f0\n"
           "YZGGZY321081ST01\n1766107815000\n5f2b8c1d9e4a7f3b6c0d2e8a1b9f4c7d\n"
           "1ab21d8355cfa17f8e61194831e81a8f22bec8c728fefb747ed035eb5082aa2b")


def test_string_to_sign_and_hmac_sm3_match_the_document() -> None:
    sts = string_to_sign("GET", "/ggzy/api/v2/deals", PARAMS, KEY, 1766107815000, NONCE, "HMAC-SM3")
    assert sts == STS_SM3
    assert signature(SECRET, sts, "HMAC-SM3") == "f4370947369e55daa39a7af8449d03695befce141b069175c08684b38494adfb"


def test_hmac_sha256_variant_matches_the_document() -> None:
    sts = string_to_sign("GET", "/ggzy/api/v2/deals", PARAMS, KEY, "1766107815000", NONCE, "HMAC-SHA256")
    assert sts.endswith("\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    assert signature(SECRET, sts, "HMAC-SHA256") == "a36305ef2e2ec5d16fd8e4d1d80ddeb08dabd18547e872fe7a59802915849be3"


def test_canonical_query_encodes_utf8_uppercase_hex_and_sorts_by_encoded_name() -> None:
    assert canonical_query([("b", "仪征 市"), ("a~", "x*y"), ("A", "")]) == "A=&a~=x%2Ay&b=%E4%BB%AA%E5%BE%81%20%E5%B8%82"
    assert canonical_query([]) == ""
    assert body_hash("HMAC-SM3") == "1ab21d8355cfa17f8e61194831e81a8f22bec8c728fefb747ed035eb5082aa2b"


def test_parse_query_reads_a_bare_name_as_empty_and_decodes_utf8() -> None:
    assert parse_query(b"flag&b=%E4%BB%AA&c=a+b") == [("flag", ""), ("b", "仪"), ("c", "a+b")]
    assert parse_query(encode_query([("x", "仪征 ~")])) == [("x", "仪征 ~")]


def test_simulator_accepts_the_documents_request_at_its_time(serve: Serve, signed: Signed, clock: FakeClock) -> None:
    """§8.1: the §2.5 request, signed with the document's nonce at 1766107815000, verifies byte for byte."""
    serve(clock=clock)
    raw = "dataType=WIN_RESULT&since=20251218020000&sinceId=3c9e6f0a7b2d4e18a5f1c0d2b4e6a8f0&pageSize=100&regionCode=321081"
    headers = {"X-Signature": "f4370947369e55daa39a7af8449d03695befce141b069175c08684b38494adfb"}
    response = signed("/deals", PARAMS, nonce=NONCE, ts_ms=1766107815000, headers=headers, raw_query=raw)
    assert response.status_code == 200, response.text
    assert response.json()["code"] == "0000"
    assert response.headers["content-type"] == "application/json;charset=UTF-8"
    assert response.headers["x-request-id"] == response.json()["requestId"]
