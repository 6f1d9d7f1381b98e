"""Fixtures: one uvicorn server on 127.0.0.1 per session whose app each test swaps for a fresh simulator.

    def test_x(serve, signed):
        sim = serve(quiet(events=20))            # mounted at once
        r = signed("GET", "/v2/lists/changes", [("afterSeq", "0")])
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest

from adapters.credit.signing import encode_query, signed_headers
from adapters.simserver import SimServer
from tests.unit.adapters.credit.helpers import APP_ID, SECRET, Serve, Switch


@pytest.fixture(scope="session")
def _credit_server() -> Iterator[tuple[SimServer, Switch]]:
    switch = Switch()
    with SimServer(switch) as server:
        yield server, switch


@pytest.fixture
def serve(_credit_server: tuple[SimServer, Switch]) -> Serve:
    return Serve(*_credit_server)


@pytest.fixture
def http(serve: Serve) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=serve.url, timeout=10) as client:
        yield client


Signed = Callable[..., httpx.Response]


@pytest.fixture
def signed(http: httpx.Client, serve: Serve) -> Signed:
    """A signed request to ``/xyyz/api`` + path; every piece overridable to build broken requests."""

    def call(method: str, path: str, params: list[tuple[str, str]] | None = None, *, body: Any = None,
             raw: bytes | None = None, app_id: str = APP_ID, secret: str = SECRET, timestamp: int | None = None,
             nonce: str | None = None, headers: dict[str, str | None] | None = None) -> httpx.Response:
        params = params or []
        data = raw if raw is not None else (json.dumps(body, ensure_ascii=False).encode() if body is not None else b"")
        full = "/xyyz/api" + path
        ts = timestamp if timestamp is not None else int(serve.sim.now_s() if serve.sim else 0)
        h: dict[str, str | None] = dict(signed_headers(app_id, secret, method, full, params, data, timestamp=ts, nonce=nonce))
        if method == "POST":
            h["Content-Type"] = "application/json;charset=UTF-8"
        h.update(headers or {})
        query = encode_query(params)
        return http.request(method, full + ("?" + query if query else ""), content=data if method == "POST" else None,
                            headers={k: v for k, v in h.items() if v is not None})

    return call
