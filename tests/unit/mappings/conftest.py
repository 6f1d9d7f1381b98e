"""Fixtures for the mapping tests.

``fixtures/standard_examples.json`` holds the example records of STANDARD.md §4.0–§4.3 exactly as
printed there (keys: JGXW_CHECK, JGXW_PUNISH, JGXW_FORCE, TOMBSTONE); tests deep-copy before mutating.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from mappings.engine import SpecMapper
from mappings.registry import default_mapper

HERE = Path(__file__).parent
_EXAMPLES = json.loads((HERE / "fixtures" / "standard_examples.json").read_text(encoding="utf-8"))


@pytest.fixture
def example() -> Callable[[str], dict[str, Any]]:
    """A fresh deep copy of one of the standard's example records."""
    return lambda name: copy.deepcopy(_EXAMPLES[name])


@pytest.fixture(scope="session")
def mapper() -> SpecMapper:
    return default_mapper()
