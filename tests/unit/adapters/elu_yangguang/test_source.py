"""EluSource against the simulator: a full run under faults loses nothing and applies nothing twice."""

from __future__ import annotations

import pytest
from lxml import etree

from adapters.base import Page
from adapters.elu_yangguang import EluSource
from santong.errors import TransientError
from tests.unit.adapters.elu_yangguang.conftest import Env, FakeClock

pytestmark = pytest.mark.timeout(60)


class Hub:
    """What the hub does: a record is applied once per (kind, key, GXSJ) — santong's message id."""

    def __init__(self) -> None:
        self.applied: dict[tuple[str, str], str] = {}
        self.seen: set[tuple[str, str, str]] = set()
        self.cursor: str | None = None
        self.transient = 0

    def run(self, source: EluSource, max_polls: int = 400) -> None:
        for _ in range(max_polls):
            try:
                page: Page = source.poll(self.cursor)
            except TransientError:
                self.transient += 1
                continue
            for r in page.records:
                ident = (r.kind, r.source_id, r.source_version)
                if ident in self.seen:
                    continue
                self.seen.add(ident)
                etree.fromstring(r.payload)  # a whole record element, parseable alone
                if r.source_version > self.applied.get((r.kind, r.source_id), ""):
                    self.applied[(r.kind, r.source_id)] = r.source_version
            self.cursor = page.next_cursor
            if not page.has_more:
                return
        raise AssertionError("never caught up")


def test_full_run_under_faults_loses_nothing_and_dedupes(env: Env, clock: FakeClock) -> None:
    sim = env.sim(clock, projects=40)
    sim.set_faults(rate_limit=False, error_rate=0.03, malformed_rate=0.05, gbk_mislabel_rate=0.3,
                   duplicate_rate=0.3, page_shift_rate=0.1)
    source = env.source(clock, page_size=7, window_s=86400 * 3)
    hub = Hub()
    hub.run(source)
    clock.advance(600)  # records moved by quirk 14 become readable
    sim.set_faults(page_shift_rate=0.0)
    hub.run(source)
    assert hub.applied == sim.final_versions()
    served = sim.served()
    assert len(served) > len(hub.seen)  # duplicates and re-reads happened and were recognised
    assert any(r["code"] == "9999" for r in sim.requests())


def test_same_second_shuffle_is_read_complete(env: Env, clock: FakeClock) -> None:
    """Quirk 13: many xm/jd rows share seconds; small pages still deliver every one."""
    sim = env.sim(clock, projects=30, quirks={"same_second_share": 0.6})
    sim.set_faults(rate_limit=False)
    source = env.source(clock, page_size=3, kinds=("XMXX", "JDSJ"))
    hub = Hub()
    hub.run(source)
    want = {k: v for k, v in sim.final_versions().items() if k[0] in ("XMXX", "JDSJ")}
    assert hub.applied == want
