"""Shared fixtures: the documents' examples, the test-environment keys, a trust store.

The keys are the 联调测试密钥 of sources/province.md §3.5 — test keys only.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from signatures import Signer, SM2PrivateKey, TrustStore, load_public_key, loads_strict
from signatures.sm2 import N
from signatures.sm3 import sm3

FIXTURES = Path(__file__).parent / "fixtures"

TEST_KEYS: dict[str, dict[str, str]] = json.loads((FIXTURES / "keys_3_5.json").read_text("utf-8"))
SANTONG_D = TEST_KEYS["santong-321081"]["d"]
PROVINCE_D = TEST_KEYS["js-province"]["d"]


@pytest.fixture(scope="session")
def example_k() -> Callable[[str], int]:
    """STANDARD.md §6.6: the fixed k values are SM3(label) mod (n − 2) + 1."""
    return lambda label: int.from_bytes(sm3(label.encode("utf-8")), "big") % (N - 2) + 1


@pytest.fixture(scope="session")
def fixture_bytes() -> Callable[[str], bytes]:
    return lambda name: (FIXTURES / name).read_bytes()


@pytest.fixture
def load() -> Callable[[str], Any]:
    """Parse a fixture with the strict reader; every call returns a fresh object to mutate."""
    cache: dict[str, Any] = {}

    def _load(name: str) -> Any:
        if name not in cache:
            cache[name] = loads_strict((FIXTURES / name).read_bytes())
        return copy.deepcopy(cache[name])

    return _load


@pytest.fixture(scope="session")
def santong_key() -> SM2PrivateKey:
    return SM2PrivateKey.from_hex(SANTONG_D)


@pytest.fixture(scope="session")
def province_key() -> SM2PrivateKey:
    return SM2PrivateKey.from_hex(PROVINCE_D)


@pytest.fixture
def santong_signer(santong_key: SM2PrivateKey) -> Signer:
    return Signer(santong_key, "santong-321081")


@pytest.fixture
def province_signer(province_key: SM2PrivateKey) -> Signer:
    return Signer(province_key, "js-province")


@pytest.fixture
def trust() -> TrustStore:
    """Both parties registered with the PEM keys of province.md §3.5, default signer ID."""
    store = TrustStore()
    store.register("santong-321081", load_public_key(FIXTURES / "santong-321081.pub.pem"))
    store.register("js-province", load_public_key(FIXTURES / "js-province.pub.pem"))
    return store
