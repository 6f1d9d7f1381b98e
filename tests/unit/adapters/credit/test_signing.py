"""§2.2/§2.3: the document's computed examples, canonical query rules, and the simulator verifying them."""

from __future__ import annotations

import pytest

from adapters.credit.signing import canonical_query, signature, string_to_sign
from adapters.credit.simconfig import SimConfig
from adapters.credit.simguard import Guard
from adapters.credit.wire import DOC_APP_ID, DOC_APP_SECRET

pytestmark = pytest.mark.timeout(10)

BODY_B = b'{"requestId":"YZ-QRY-20251119-000031","uscc":"91321081MA1P8H3D78","scene":"XZXK"}'
PARAMS_A = [("listTypes", "SXBZXR,JYYC"), ("afterSeq", "1048576"), ("limit", "200")]


def test_example_a_string_to_sign_and_signature() -> None:
    sts = string_to_sign("GET", "/xyyz/api/v2/lists/changes", PARAMS_A, DOC_APP_ID, "1763515815",
                         "9f1c2e3d4b5a69788796a5b4c3d2e1f0", b"")
    assert sts == ("GET\n/xyyz/api/v2/lists/changes\nafterSeq=1048576&limit=200&listTypes=SXBZXR%2CJYYC\n"
                   "yz-santong-321081\n1763515815\n9f1c2e3d4b5a69788796a5b4c3d2e1f0\n"
                   "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    assert signature(DOC_APP_SECRET, sts) == "Z6uKNdC6Jsw2529pgLm28p6xvTIDMY7xjlrqV3WyHX8="


def test_example_b_post_with_body() -> None:
    assert len(BODY_B) == 81
    sts = string_to_sign("POST", "/xyyz/api/v2/credit/check", [], DOC_APP_ID, "1763515862",
                         "0a1b2c3d4e5f60718293a4b5c6d7e8f9", BODY_B)
    assert sts.split("\n")[2] == ""  # empty query line
    assert sts.endswith("098a8563d11f904cd563eaa6f4802935b08c1916a298b7ebe5facb2577b0a29f")
    assert signature(DOC_APP_SECRET, sts) == "5k9vDVCzgq0soILIOMF+uDq+857W18rLMfBvca6KrJA="


def test_canonical_query_encodes_and_sorts_by_name_then_value() -> None:
    assert canonical_query([("b", "x y"), ("a", "2"), ("a", "1"), ("c", "仪")]) == "a=1&a=2&b=x%20y&c=%E4%BB%AA"
    assert canonical_query([("k", "-._~")]) == "k=-._~"


@pytest.mark.parametrize(("now", "headers", "code"), [
    (1763515815, {}, None),
    (1763515815 + 301, {}, "4013"),
    (1763515815, {"x-xy-signature": "Z6uKNdC6Jsw2529pgLm28p6xvTIDMY7xjlrqV3WyHX9="}, "4012"),
    (1763515815, {"x-xy-appid": "someone-else"}, "4011"),
    (1763515815, {"x-xy-signmethod": "HMAC-SHA1"}, "4015"),
    (1763515815, {"x-xy-nonce": ""}, "4015"),
])
def test_simulator_verifies_example_a_exactly(now: int, headers: dict[str, str], code: str | None) -> None:
    """The simulator accepts the document's example A and refuses each broken variant with its code."""
    guard = Guard(SimConfig(events=0))
    base = {"x-xy-appid": DOC_APP_ID, "x-xy-timestamp": "1763515815", "x-xy-nonce": "9f1c2e3d4b5a69788796a5b4c3d2e1f0",
            "x-xy-signmethod": "HMAC-SHA256", "x-xy-signature": "Z6uKNdC6Jsw2529pgLm28p6xvTIDMY7xjlrqV3WyHX8="}
    assert guard.verify("GET", "/xyyz/api/v2/lists/changes", PARAMS_A, {**base, **headers}, b"", now) == code


def test_simulator_verifies_example_b_and_remembers_the_nonce() -> None:
    guard = Guard(SimConfig(events=0))
    headers = {"x-xy-appid": DOC_APP_ID, "x-xy-timestamp": "1763515862", "x-xy-nonce": "0a1b2c3d4e5f60718293a4b5c6d7e8f9",
               "x-xy-signmethod": "HMAC-SHA256", "x-xy-signature": "5k9vDVCzgq0soILIOMF+uDq+857W18rLMfBvca6KrJA="}
    assert guard.verify("POST", "/xyyz/api/v2/credit/check", [], headers, BODY_B, 1763515862) is None
    assert guard.verify("POST", "/xyyz/api/v2/credit/check", [], headers, BODY_B, 1763515870) == "4014"
