"""The simulator's interface (§2–§3) and the client's translation of every answer."""

from __future__ import annotations

import httpx
import pytest

from adapters.elu_yangguang import DOC_APPKEY, DOC_APPSECRET
from adapters.elu_yangguang.auth import auth_document, document, query_document, refresh_document
from adapters.elu_yangguang.xmlsafe import MalformedXml, UnsafeXml, parse_body
from santong.errors import AuthError, PermanentError, TransientError
from tests.unit.adapters.elu_yangguang.conftest import Env, FakeClock

pytestmark = pytest.mark.timeout(30)

DOC_AUTH = document("AUTH", {"APPKEY": DOC_APPKEY, "TIMESTAMP": "20251119093012",
                             "NONCE": "5f2c8e1a9b3d4f6072e8c1a5b9d3f7e2",
                             "DIGEST": "48B29F483ED55886D530D8FF66091E5C107FEAC977D2F8197B7B1CBED7269C9A"})
WINDOW = {"XZQHDM": "321081", "GXSJQ": "2025-11-18 00:00:00", "GXSJZ": "2025-11-19 00:00:00"}


def _code(response: httpx.Response) -> str:
    return str(parse_body(response.content).findtext("HEAD/CODE"))


def _token(env: Env) -> str:
    r = httpx.post(env.base + "/auth/token", content=DOC_AUTH)
    assert _code(r) == "0000"
    return str(parse_body(r.content).findtext("BODY/TOKEN"))


def test_digest_example_is_accepted_and_nonce_refused_twice(env: Env, clock: FakeClock) -> None:
    env.sim(clock)
    assert _token(env).startswith("TK")
    assert _code(httpx.post(env.base + "/auth/token", content=DOC_AUTH)) == "1007"


def test_error_codes_and_statuses(env: Env, clock: FakeClock) -> None:
    sim = env.sim(clock)
    token = _token(env)
    post = lambda path, body, **h: httpx.post(env.base + path, content=body, headers=h)  # noqa: E731
    assert post("/xm/query", query_document(WINDOW)).status_code == 401  # 1001
    r = post("/xm/query", query_document(WINDOW), Authorization=f"Bearer {token}")
    assert (r.status_code, _code(r)) == (401, "1003")
    auth = {"Authorization": f"Token {token}"}
    r = post("/xm/query", query_document({**WINDOW, "PAGESIZE": "51"}), **auth)
    assert (r.status_code, _code(r)) == (200, "2004")
    assert _code(post("/xm/query", query_document({"XZQHDM": "321081"}), **auth)) == "2002"
    assert _code(post("/xm/query", query_document({**WINDOW, "XZQHDM": "321002"}), **auth)) == "1009"
    assert _code(post("/xm/query", query_document({**WINDOW, "GXSJZ": "2025-11-30 00:00:00"}), **auth)) == "2005"
    assert _code(post("/xm/query", b"<QUERY>", **auth)) == "2001"
    assert r.headers["content-type"] == "text/xml;charset=UTF-8"
    r = post("/xm/query", query_document(WINDOW), **auth)
    assert r.content.startswith(b'<?xml version="1.0" encoding="GBK"?>')
    sim.set_faults(maintenance=True)
    r = post("/jdjc/query", query_document(WINDOW), **auth)
    assert (r.status_code, _code(r), r.headers["retry-after"]) == (503, "9001", "600")
    sim.set_faults(maintenance=False)
    for _ in range(12):
        r = post("/jdjc/query", query_document(WINDOW), **auth)
    assert (r.status_code, _code(r), r.headers["retry-after"]) == (429, "3001", "1")
    assert httpx.get(env.base + "/xm/query").status_code == 405
    assert httpx.post(env.base + "/nothing", content=b"").status_code == 404
    clock.advance(7201)
    sim.set_faults(rate_limit=False)
    r = post("/jdjc/query", query_document(WINDOW), **auth)
    assert (r.status_code, _code(r)) == (200, "1002")


def test_sixth_token_revokes_first_and_refresh_works_once(env: Env, clock: FakeClock) -> None:
    env.sim(clock)
    first = httpx.post(env.base + "/auth/token", content=auth_document(DOC_APPKEY, DOC_APPSECRET, clock()))
    refresh = str(parse_body(first.content).findtext("BODY/REFRESHTOKEN"))
    token = str(parse_body(first.content).findtext("BODY/TOKEN"))
    for _ in range(4):
        assert _code(httpx.post(env.base + "/auth/token", content=auth_document(DOC_APPKEY, DOC_APPSECRET, clock()))) == "0000"
    assert _code(httpx.post(env.base + "/auth/refresh", content=refresh_document(DOC_APPKEY, refresh))) == "0000"
    assert _code(httpx.post(env.base + "/auth/refresh", content=refresh_document(DOC_APPKEY, refresh))) == "1008"
    r = httpx.post(env.base + "/xm/query", content=query_document(WINDOW), headers={"Authorization": f"Token {token}"})
    assert _code(r) == "1003"


def test_client_refreshes_on_expiry_and_translates_errors(env: Env, clock: FakeClock) -> None:
    sim = env.sim(clock, faults={"token_ttl_s": 5, "rate_limit": False})
    source = env.source(clock)
    source.client.query("/xm/query", WINDOW)
    clock.advance(6)  # expired: the client refreshes first (margin) or on 1002
    source.client.query("/xm/query", WINDOW)
    assert any(r["path"].endswith("/auth/refresh") for r in sim.requests())
    sim.set_faults(maintenance=True)
    with pytest.raises(TransientError) as info:
        source.client.query("/xm/query", WINDOW)
    assert info.value.retry_after_s == 600
    sim.set_faults(maintenance=False)
    with pytest.raises(PermanentError):
        source.client.query("/xm/query", {**WINDOW, "PAGESIZE": "0"})
    wrong = env.source(clock, appsecret="x" * 32)
    with pytest.raises(AuthError):
        wrong.client.query("/xm/query", WINDOW)


def test_xml_bodies_gbk_mislabelled_and_hostile() -> None:
    gbk = '<?xml version="1.0" encoding="GBK"?><RESPONSE><X>仪征&#x4DAE;</X></RESPONSE>'.encode("gbk")
    assert parse_body(gbk).findtext("X") == "仪征\u4dae"
    mislabelled = '<?xml version="1.0" encoding="UTF-8"?><RESPONSE><XMMC>仪征</XMMC></RESPONSE>'.encode("gbk")
    assert parse_body(mislabelled).findtext("XMMC") == "仪征"
    xxe = b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><r>&x;</r>'
    with pytest.raises(UnsafeXml):
        parse_body(xxe)
    with pytest.raises(MalformedXml):
        parse_body(b'<?xml version="1.0" encoding="UTF-8"?><RESPONSE><WTMS>a&b</WTMS></RESPONSE>')
