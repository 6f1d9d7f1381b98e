"""Fixtures: one uvicorn server on 127.0.0.1 per session; each test mounts a fresh simulator on it.

    def test_x(serve, http, clock):
        sim = serve(quiet(size=20))            # mounted at once, on ``clock``
        post(http, "Ping", soap("Ping", {}, auth=False))
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest
from pydantic import SecretStr

from adapters.scjg import SERVICE_PATH, ScjgSettings, ScjgSimulator, ScjgSource, SimConfig
from adapters.simserver import SimServer
from tests.unit.adapters.scjg.helpers import PASSWORD, USER, FakeClock, Switch, quiet


@pytest.fixture(scope="session")
def _server() -> Iterator[tuple[SimServer, Switch]]:
    switch = Switch()
    with SimServer(switch) as server:
        yield server, switch


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def url(_server: tuple[SimServer, Switch]) -> str:
    return _server[0].url


@pytest.fixture
def serve(_server: tuple[SimServer, Switch], clock: FakeClock) -> Callable[..., ScjgSimulator]:
    def mount(config: SimConfig | None = None) -> ScjgSimulator:
        sim = ScjgSimulator(config or quiet(), clock=clock)
        _server[1].app = sim.app
        return sim

    return mount


@pytest.fixture
def http(url: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=url, timeout=10) as client:
        yield client


@pytest.fixture
def make_source(url: str, clock: FakeClock) -> Iterator[Callable[..., ScjgSource]]:
    made: list[ScjgSource] = []

    def make(**overrides: Any) -> ScjgSource:
        base: dict[str, Any] = {"service_url": url + SERVICE_PATH, "username": USER, "password": SecretStr(PASSWORD),
                                "since": "2025-11-01 00:00:00", "window_s": 3 * 86400, "page_size": 20,
                                "rescan_delay_s": None, "read_timeout_s": 5}
        base.update(overrides)
        source = ScjgSource(ScjgSettings(**base), clock=clock)
        made.append(source)
        return source

    yield make
    for source in made:
        source.close()
