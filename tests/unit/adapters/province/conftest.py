"""Fixtures: a province simulator on 127.0.0.1, a sink pointed at it, and fresh sealed records."""

from __future__ import annotations

import copy
import itertools
import json
import secrets
import time
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from pydantic import SecretStr

from adapters.base import BatchDraft, SealedRecord
from adapters.province import (
    PlatformKey,
    ProvinceSettings,
    ProvinceSimConfig,
    ProvinceSimulator,
    ProvinceSink,
)
from adapters.province import testkeys as tk
from adapters.simserver import SimServer
from signatures.envelope import seal_record
from signatures.formats import BEIJING, format_datetime
from signatures.sm2 import SM2PrivateKey

DATA = Path(__file__).parent / "data"
_batch_seq = itertools.count(1)


def load(name: str) -> Any:
    return json.loads((DATA / name).read_text(encoding="utf-8"))


def batch_no() -> str:
    return datetime.now(BEIJING).strftime("%Y%m%d") + f"{next(_batch_seq):05d}"


def check_record(*, op: str = "i", cd_id: str | None = None, cd_time: str | None = None,
                 cd_batch: str | None = None) -> dict[str, Any]:
    """The STANDARD.md §4.1 example record with a fresh cd_id and cd_time, sealed."""
    example = load("check_record_4_1.json")
    code = f"YZSJ-JC-2025-{secrets.token_hex(4).upper()}"
    unsealed = {k: copy.deepcopy(v) for k, v in example.items() if k not in ("cd_batch", "digest")}
    unsealed["cd_id"] = cd_id or f"scjg:CHECK:{code}"
    unsealed["data"]["check_action_code"] = unsealed["cd_id"].split(":", 2)[2]
    unsealed["cd_operation"] = op
    unsealed["cd_time"] = cd_time or format_datetime(datetime.now(BEIJING))
    return seal_record(unsealed, cd_batch or batch_no())


def draft_of(*records: dict[str, Any], msg_type: str = "JGXW_CHECK") -> BatchDraft:
    sealed = [SealedRecord(msg_id=f"m-{r['cd_id']}", msg_type=msg_type, record=r) for r in records]
    return BatchDraft(msg_type=msg_type, source=records[0]["cd_source"], batch_no=batch_no(), records=sealed)


@pytest.fixture
def sim() -> ProvinceSimulator:
    # The nightly window is switched off unless a test moves the clock into it on purpose.
    return ProvinceSimulator(ProvinceSimConfig(nightly_window=False, seed=1))


@pytest.fixture
def server(sim: ProvinceSimulator) -> Iterator[SimServer]:
    with SimServer(sim.app) as running:
        yield running


@pytest.fixture
def settings(server: SimServer) -> ProvinceSettings:
    return ProvinceSettings(
        base_url=server.url + "/exchange/v1",
        app_key=tk.TEST_APP_KEY,
        secret_key=SecretStr(tk.TEST_SECRET_KEY),
        platform_keys=(PlatformKey(public_key=tk.PLATFORM_PUBLIC_KEY_PEM),),
        read_timeout_s=5.0,
    )


@pytest.fixture
def node_key() -> SM2PrivateKey:
    return SM2PrivateKey.from_hex(tk.NODE_PRIVATE_KEY_HEX)


@pytest.fixture
def make_sink(settings: ProvinceSettings, node_key: SM2PrivateKey) -> Iterator[Callable[..., ProvinceSink]]:
    made: list[ProvinceSink] = []

    def make(**kwargs: Any) -> ProvinceSink:
        key = kwargs.pop("node_key", node_key)
        sink = ProvinceSink(kwargs.pop("settings", settings), key, **kwargs)
        made.append(sink)
        return sink

    yield make
    for s in made:
        s.close()


@pytest.fixture
def sink(make_sink: Callable[..., ProvinceSink]) -> ProvinceSink:
    return make_sink()


def wait_outcome(sink: ProvinceSink, batch_id: str, timeout_s: float = 5.0) -> Any:
    """Poll ``sink.outcome`` until the receipt is there (the simulator answers within its delay)."""
    deadline = time.monotonic() + timeout_s
    while True:
        out = sink.outcome(batch_id)
        if out is not None or time.monotonic() > deadline:
            return out
        time.sleep(0.05)


class Kit:
    """The helpers above, handed to tests as the ``kit`` fixture (tests cannot import conftest)."""

    load = staticmethod(load)
    batch_no = staticmethod(batch_no)
    check_record = staticmethod(check_record)
    draft_of = staticmethod(draft_of)
    wait_outcome = staticmethod(wait_outcome)


@pytest.fixture
def kit() -> Kit:
    return Kit()
