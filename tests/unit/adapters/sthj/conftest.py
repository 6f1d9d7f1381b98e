"""Fixtures: one uvicorn server on 127.0.0.1 per session whose app each test swaps for a fresh simulator.

    def test_x(serve, signed):
        sim = serve(SimConfig(size=20))          # mounted at once; serve.url is the base URL
        r = signed("/api/v2/records", [("page_size", "5")])
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest
from pydantic import SecretStr

from adapters.simserver import SimServer
from adapters.sthj import SthjSettings, SthjSource
from adapters.sthj.signing import encode_query, new_nonce, sign
from tests.unit.adapters.sthj.helpers import APP_ID, SECRET, Serve, Signed, Switch


@pytest.fixture(scope="session")
def _server() -> Iterator[tuple[SimServer, Switch]]:
    switch = Switch()
    with SimServer(switch) as server:
        yield server, switch


@pytest.fixture
def serve(_server: tuple[SimServer, Switch]) -> Serve:
    return Serve(*_server)


@pytest.fixture
def http(serve: Serve) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=serve.url, timeout=10) as client:
        yield client


@pytest.fixture
def signed(http: httpx.Client) -> Signed:
    """A signed GET, every piece overridable to build broken requests."""

    def call(path: str, params: list[tuple[str, str]] | None = None, *, app_id: str = APP_ID, secret: str = SECRET,
             ts_ms: int | None = None, nonce: str | None = None, headers: dict[str, str] | None = None,
             method: str = "GET", sign_path: str | None = None) -> httpx.Response:
        params = params or []
        ts = str(ts_ms if ts_ms is not None else int(time.time() * 1000))
        nonce = nonce or new_nonce()
        _, sig = sign(secret, method, sign_path or path, params, ts, nonce)
        h = {"X-App-Id": app_id, "X-Timestamp": ts, "X-Nonce": nonce, "X-Signature": sig}
        h.update(headers or {})
        query = encode_query(params)
        return http.request(method, path + ("?" + query if query else ""), headers={k: v for k, v in h.items() if v is not None})

    return call


@pytest.fixture
def make_source(serve: Serve) -> Iterator[Callable[..., SthjSource]]:
    made: list[SthjSource] = []

    def make(clock: Callable[[], float] = time.time, **overrides: Any) -> SthjSource:
        settings = SthjSettings(base_url=serve.url, app_id=APP_ID, app_secret=SecretStr(SECRET), **overrides)
        source = SthjSource(settings, clock=clock)
        made.append(source)
        return source

    yield make
    for source in made:
        source.close()
