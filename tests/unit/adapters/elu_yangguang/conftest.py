"""Fixtures: one uvicorn server on 127.0.0.1 per session; each test mounts a fresh simulator on it."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from adapters.elu_yangguang import DOC_APPKEY, DOC_APPSECRET, EluSettings, EluSimulator, EluSource, SimConfig
from adapters.elu_yangguang.wire import parse_dt
from adapters.simserver import SimServer


class FakeClock:
    """Epoch seconds that a test moves; starts at the §2.1 example's 2025-11-19 09:30:12 Beijing time."""

    def __init__(self, at: str = "2025-11-19 09:30:12") -> None:
        self.s = parse_dt(at).timestamp()

    def __call__(self) -> float:
        return self.s

    def advance(self, seconds: float) -> None:
        self.s += seconds


class Switch:
    def __init__(self) -> None:
        self.app: Any = None

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        await self.app(scope, receive, send)


class Env:
    def __init__(self, server: SimServer, switch: Switch) -> None:
        self.url, self.switch = server.url, switch
        self.base = server.url + "/elyg/api/v2"
        self.sources: list[EluSource] = []

    def sim(self, clock: FakeClock, **config: Any) -> EluSimulator:
        sim = EluSimulator(SimConfig(**{"projects": 20, **config}), clock=clock)
        self.switch.app = sim.app
        return sim

    def source(self, clock: FakeClock, **settings: Any) -> EluSource:
        base = {"base_url": self.base, "appkey": DOC_APPKEY, "appsecret": DOC_APPSECRET,
                "since": "2025-10-19 00:00:00", **settings}
        source = EluSource(EluSettings(**base), clock=clock)
        self.sources.append(source)
        return source


@pytest.fixture(scope="session")
def _server() -> Iterator[tuple[SimServer, Switch]]:
    switch = Switch()
    with SimServer(switch) as server:
        yield server, switch


@pytest.fixture
def env(_server: tuple[SimServer, Switch]) -> Iterator[Env]:
    e = Env(*_server)
    yield e
    for s in e.sources:
        s.close()


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()
