"""Fixtures: one uvicorn server on 127.0.0.1 per session whose app each test swaps for a fresh simulator.

    def test_x(sim, make_source):
        source = make_source()               # the document's client against ``sim``
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from adapters.hotline12345 import HotlineSimulator, HotlineSource, SimConfig
from adapters.simserver import SimServer
from tests.unit.adapters.hotline12345.helpers import Switch, settings


@pytest.fixture(scope="session")
def _server() -> Iterator[tuple[SimServer, Switch]]:
    switch = Switch()
    with SimServer(switch) as server:
        yield server, switch


@pytest.fixture
def url(_server: tuple[SimServer, Switch]) -> str:
    return _server[0].url


@pytest.fixture
def serve(_server: tuple[SimServer, Switch]) -> Callable[..., HotlineSimulator]:
    """Mount a fresh simulator built from ``SimConfig(**kwargs)``."""

    def mount(**kwargs: Any) -> HotlineSimulator:
        sim = HotlineSimulator(SimConfig(**kwargs))
        _server[1].app = sim.app
        return sim

    return mount


@pytest.fixture
def sim(serve: Callable[..., HotlineSimulator]) -> HotlineSimulator:
    return serve(orders=30)


@pytest.fixture
def make_source(url: str, sim: HotlineSimulator) -> Iterator[Callable[..., HotlineSource]]:
    """A source whose token clock is the simulator's (``real_clock=True``: the adapter's own)."""
    made: list[HotlineSource] = []

    def make(*, real_clock: bool = False, **overrides: Any) -> HotlineSource:
        import time

        source = HotlineSource(settings(url, **overrides), clock=time.time if real_clock else sim.now_s)
        made.append(source)
        return source

    yield make
    for source in made:
        source.close()
