"""GgzySource against the simulator: whole runs under faults and re-stamping lose nothing and apply nothing twice."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import Any

import pytest

from adapters.base import Page
from adapters.ggzy import GgzySource
from adapters.ggzy.simulator import GgzySimulator
from adapters.ggzy.source import FeedCursor, content_version
from santong.errors import AuthError, TransientError
from tests.unit.adapters.ggzy.helpers import FakeClock, Serve, small

pytestmark = pytest.mark.timeout(60)

MakeSource = Callable[..., GgzySource]


class Hub:
    """What santong does with pages: a record whose (kind, source_id, source_version) was seen is not applied."""

    def __init__(self) -> None:
        self.seen: set[tuple[str, str, str]] = set()
        self.state: dict[tuple[str, str], dict[str, Any]] = {}
        self.applied: list[tuple[str, str, str]] = []
        self.retries = 0

    def take(self, page: Page) -> None:
        for record in page.records:
            msg = (record.kind, record.source_id, record.source_version)
            if msg in self.seen:
                continue  # the deterministic message id recognises it
            self.seen.add(msg)
            self.applied.append(msg)
            self.state[(record.kind, record.source_id)] = record.payload

    def run(self, source: GgzySource, cursor: str | None, clock: FakeClock, *, max_polls: int = 500) -> str | None:
        """Poll one round to ``has_more`` false, waiting ``Retry-After`` on the (fake) clock after transient errors."""
        for _ in range(max_polls):
            try:
                page = source.poll(cursor)
            except TransientError as exc:
                self.retries += 1
                clock.advance(exc.retry_after_s or 1)
                continue
            self.take(page)  # stored first, then the cursor
            cursor = page.next_cursor
            if not page.has_more:
                return cursor
        raise AssertionError("the feed did not end")


def _assert_complete(hub: Hub, sim: GgzySimulator) -> None:
    current = sim.current_versions()
    assert set(hub.state) == set(current), "records lost or foreign records received"
    served = set(sim.served())
    for key, stamp in current.items():
        assert (*key, stamp) in served, key  # the node was handed every latest version ...
        latest = sim.record(*key)
        assert latest is not None and content_version(hub.state[key]) == content_version(latest), key  # ... and holds it
    versions = Counter((k, rid, content_version(p)) for (k, rid), p in hub.state.items())
    assert max(Counter(hub.applied).values()) == 1 and max(versions.values()) == 1


def test_full_run_under_faults_and_restamping_loses_nothing_and_applies_nothing_twice(
        serve: Serve, make_source: MakeSource, clock: FakeClock) -> None:
    sim = serve(small(projects=40, seed=9), clock)
    sim.set_faults(internal_error_rate=0.08, truncated_rate=0.08, throttle_rate=0.05, maintenance_rate=0.03,
                   restamp_per_page=2, restamp_changed=0.5, tombstone_per_page=1)
    hub = Hub()
    cursor = hub.run(make_source(page_size=37), None, clock)
    assert hub.retries > 0
    sim.set_faults(internal_error_rate=0, truncated_rate=0, throttle_rate=0, maintenance_rate=0,
                   restamp_per_page=0, tombstone_per_page=0)
    clock.advance(121)  # the re-published versions pass the watermark
    cursor = hub.run(make_source(page_size=100), cursor, clock)  # a new process resumes from the stored cursor
    _assert_complete(hub, sim)
    unchanged = sim.restamp(30, kind="WIN_RESULT", changed=False)  # the nightly re-stamp: no new facts
    clock.advance(121)
    before = len(hub.applied)
    cursor = hub.run(make_source(page_size=100), cursor, clock)
    served = set(sim.served())
    assert all(("WIN_RESULT", rid, ts) in served for _, rid, ts in unchanged)  # served again ...
    assert hub.applied[before:] == []  # ... and recognised: nothing applied twice
    _assert_complete(hub, sim)
    assert FeedCursor.parse(cursor).index == 0


def test_every_kind_is_read_in_order_projects_and_sections_first(serve: Serve, make_source: MakeSource,
                                                                 clock: FakeClock) -> None:
    serve(small(), clock)
    hub = Hub()
    hub.run(make_source(), None, clock)
    kinds = [k for k, _, _ in hub.applied]
    first = {k: kinds.index(k) for k in set(kinds)}
    assert sorted(first, key=first.get) == ["TENDER_PROJECT", "BID_SECTION", "TENDER_NOTICE", "BID_OPEN",  # type: ignore[arg-type]
                                            "WIN_CANDIDATE", "WIN_RESULT", "CONTRACT"]


def test_records_keep_their_wire_form_and_identity(serve: Serve, make_source: MakeSource, clock: FakeClock) -> None:
    serve(small(), clock)
    source = make_source(data_types=("WIN_RESULT",), page_size=100, initial_since="20251218000000")
    page = source.poll(None)
    fixture = next(r for r in page.records if r.source_id == "3d9add823468687a56fcf2abf51c6f50")
    assert str(fixture.payload["WIN_BID_PRICE"]) == "3.2568E+6"  # a Decimal, not a float
    assert fixture.kind == "WIN_RESULT" and fixture.changed_at_ms == 1765994400000
    assert fixture.source_version == content_version(fixture.payload)
    assert source.fetch("WIN_RESULT", "3d9add823468687a56fcf2abf51c6f50") == fixture
    assert source.fetch("WIN_RESULT", "0" * 32) is None


def test_auth_failures_are_not_retried(serve: Serve, make_source: MakeSource, clock: FakeClock) -> None:
    serve(small(), clock)
    with pytest.raises(AuthError):
        make_source(app_key="YZGGZY321081ST09").poll(None)
