"""Fixtures: one uvicorn server on 127.0.0.1 per session; each test mounts a fresh simulator on it.

    def test_x(serve, signed):
        sim = serve(small(), clock)                 # serve.api is the /ggzy/api/v2 base URL
        r = signed("/deals", [("dataType", "WIN_RESULT"), ("since", "20250101000000")], clock=clock)
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest
from pydantic import SecretStr

from adapters.ggzy import GgzySettings, GgzySource
from adapters.ggzy.signing import encode_query, new_nonce, signature, string_to_sign
from adapters.ggzy.wire import API_PREFIX
from adapters.simserver import SimServer
from tests.unit.adapters.ggzy.helpers import KEY, SECRET, FakeClock, Serve, Switch


@pytest.fixture(scope="session")
def _ggzy_server() -> Iterator[tuple[SimServer, Switch]]:
    switch = Switch()
    with SimServer(switch) as server:
        yield server, switch


@pytest.fixture
def serve(_ggzy_server: tuple[SimServer, Switch]) -> Serve:
    return Serve(*_ggzy_server)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def http(serve: Serve) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=serve.url, timeout=10) as client:
        yield client


Signed = Callable[..., httpx.Response]


@pytest.fixture
def signed(http: httpx.Client, clock: FakeClock) -> Signed:
    """A signed request to ``API_PREFIX + path``; every piece overridable to build broken requests."""

    def call(path: str, params: list[tuple[str, str]] | None = None, *, key: str = KEY, secret: str = SECRET,
             method: str = "GET", sign_method: str = "HMAC-SM3", ts_ms: int | None = None, nonce: str | None = None,
             headers: dict[str, str | None] | None = None, raw_query: str | None = None) -> httpx.Response:
        params = params or []
        ts = str(ts_ms if ts_ms is not None else int(clock() * 1000))
        nonce = nonce or new_nonce()
        sts = string_to_sign(method, API_PREFIX + path, params, key, ts, nonce, sign_method)  # type: ignore[arg-type]
        h: dict[str, str | None] = {"X-App-Key": key, "X-Timestamp": ts, "X-Nonce": nonce,
                                    "X-Sign-Method": sign_method, "X-Signature": signature(secret, sts, sign_method)}  # type: ignore[arg-type]
        h.update(headers or {})
        query = raw_query if raw_query is not None else encode_query(params)
        return http.request(method, API_PREFIX + path + ("?" + query if query else ""),
                            headers={k: v for k, v in h.items() if v is not None})

    return call


@pytest.fixture
def make_source(serve: Serve, clock: FakeClock) -> Iterator[Callable[..., GgzySource]]:
    made: list[GgzySource] = []

    def make(**overrides: Any) -> GgzySource:
        fields: dict[str, Any] = {"base_url": serve.api, "app_key": KEY, "app_secret": SecretStr(SECRET), **overrides}
        settings = GgzySettings(**fields)
        source = GgzySource(settings, clock=clock)
        made.append(source)
        return source

    yield make
    for source in made:
        source.close()
