"""§3.6 list-change feed through CreditListSource: paging to the end under faults, quirk 6, 4101."""

from __future__ import annotations

import time

import pytest

from adapters.credit import CreditListSource
from adapters.credit.wire import KIND_LIST_CHANGE
from santong.errors import TransientError
from tests.unit.adapters.credit.helpers import Serve, quiet

pytestmark = pytest.mark.timeout(30)


def _drain(source: CreditListSource, cursor: str | None, published: list[str], max_calls: int = 2000) -> str | None:
    """What the hub does: poll, 'publish', store the cursor; retry transient failures."""
    for _ in range(max_calls):
        try:
            page = source.poll(cursor)
        except TransientError as exc:
            assert exc.retry_after_s is None or exc.retry_after_s <= 60
            continue
        published.extend(r.source_id for r in page.records)
        cursor = page.next_cursor
        if not page.has_more:
            return cursor
    raise AssertionError("feed never ended")


def test_paging_under_faults_loses_nothing_and_applies_nothing_twice(serve: Serve) -> None:
    """Random 5001/5032, the feed growing while paging and a platform restart (quirk 6) in the middle."""
    sim = serve(quiet(events=400, seed=11))
    source = CreditListSource(serve.settings(page_size=37), clock=sim.now_s)
    published: list[str] = []
    sim.set_faults(error_rate=0.2, append_per_request=2)
    cursor = None
    for _ in range(4):  # a few pages, then the platform restarts
        page = None
        while page is None:
            try:
                page = source.poll(cursor)
            except TransientError:
                continue
        published.extend(r.source_id for r in page.records)
        cursor = page.next_cursor
    assert sim.restart() > 0
    cursor = _drain(source, cursor, published)
    sim.set_faults(error_rate=0.0, append_per_request=0)
    _drain(source, cursor, published)
    distinct = {e["eventId"] for e in sim.events()}
    assert len(published) == len(set(published)), "an event was handed over twice"
    assert set(published) == distinct, "an event was lost"
    source.close()


def test_restart_repeats_are_recognised_by_event_id_even_by_a_fresh_source(serve: Serve) -> None:
    """The raw record's identity is eventId, not seq: a re-published event gets the same message id."""
    sim = serve(quiet(events=30))
    first: list[tuple[str, str, str]] = []
    source = CreditListSource(serve.settings(), clock=sim.now_s)
    page = source.poll(None)
    first = [(r.kind, r.source_id, r.source_version) for r in page.records]
    cursor = page.next_cursor
    sim.restart()
    fresh = CreditListSource(serve.settings(), clock=sim.now_s)  # no memory of what was seen
    again = fresh.poll(cursor).records
    assert again and {(r.kind, r.source_id, r.source_version) for r in again} <= set(first)
    assert all(r.kind == KIND_LIST_CHANGE for r in again)
    source.close()
    fresh.close()


def test_expired_cursor_restarts_at_oldest_and_is_reported(serve: Serve) -> None:
    sim = serve(quiet(events=50))
    oldest = sim.expire_events(20)
    source = CreditListSource(serve.settings(), clock=sim.now_s)
    page = source.poll('{"v":1,"seq":5}')
    assert source.resyncs == [(5, oldest)]
    assert len(page.records) == 20
    source.close()


def test_next_cursor_follows_next_seq_across_gaps(serve: Serve) -> None:
    sim = serve(quiet(events=10))
    source = CreditListSource(serve.settings(page_size=3), clock=sim.now_s)
    page = source.poll(None)
    seqs = [e["seq"] for e in sim.events()]
    assert any(b - a > 1 for a, b in zip(seqs, seqs[1:])), "the simulator serves gaps"
    assert page.next_cursor == '{"v":1,"seq":%d}' % seqs[2]
    source.close()


def test_rate_limit_answers_429_with_retry_after(serve: Serve) -> None:
    sim = serve(quiet(events=5, rate_limits=True))
    source = CreditListSource(serve.settings(), clock=sim.now_s)
    started = time.monotonic()
    with pytest.raises(TransientError) as info:
        for _ in range(31):
            source.poll(None)
    assert info.value.context["code"] == "4291" and info.value.retry_after_s and info.value.retry_after_s <= 60
    assert time.monotonic() - started < 10
    source.close()
