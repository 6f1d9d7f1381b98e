"""Fixtures for the engine tests: two fixture sources in ``specs/`` — ``scjgx`` (XML, shaped like scjg) and
``demo`` (JSON, shaped like the credit platform's 处罚 rows) — and their payloads in ``payloads/``."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from mappings.codes import CodeTables
from mappings.compiler import SourceContext
from mappings.engine import SpecMapper
from mappings.registry_port import InMemoryRegistry
from mappings.specfile import read_spec_file
from mappings.transforms import TRANSFORMS

HERE = Path(__file__).parent
SPECS = HERE / "specs"
PAYLOADS = HERE / "payloads"


@pytest.fixture
def registry() -> InMemoryRegistry:
    return InMemoryRegistry()


@pytest.fixture
def fixture_mapper(registry: InMemoryRegistry) -> SpecMapper:
    """The fixture sources, with a fresh in-memory registry."""
    return SpecMapper(SPECS, registry=registry)


@pytest.fixture(scope="session")
def transform() -> Callable[..., Any]:
    """``transform(name, params=None, labels=None, xml=False)`` → the compiled transform."""
    loc = read_spec_file(SPECS / "demo" / "CF.yaml").root

    def build(name: str, params: Any = None, labels: dict[str, dict[str, str]] | None = None, xml: bool = False) -> Any:
        ctx = SourceContext(CodeTables.load_default(), {}, labels or {}, {}, xml=xml)
        return TRANSFORMS[name].factory(params, ctx, loc)
    return build
