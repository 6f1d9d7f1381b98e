"""What the sink makes of the platform's refusals: retry hints, clock skew, receipts that do not verify."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from adapters.base import PreparedBatch
from adapters.province import (
    FaultRates,
    ProvinceSimulator,
    ProvinceSink,
    parse_retry_after,
)
from adapters.province.simclock import beijing
from santong.errors import AuthError, PermanentError, SignatureInvalid, TransientError
from signatures.jcs import loads_strict

pytestmark = pytest.mark.timeout(30)


def test_nightly_window_html_503_gives_retry_after_from_http_date(
    sim: ProvinceSimulator, sink: ProvinceSink, kit: Any
) -> None:
    sim.set_knobs(nightly_window=True)
    sim.set_time(beijing(2025, 11, 20, 0, 10, 0))
    sink.sync_clock()  # GET /time answers during the window
    batch = sink.prepare(kit.draft_of(kit.check_record()))
    with pytest.raises(TransientError) as err:
        sink.post(batch)
    assert err.value.context["status"] == 503 and err.value.context["code"] is None
    assert err.value.retry_after_s is not None and 1190 <= err.value.retry_after_s <= 1200
    assert sim.batches() == []


def test_retry_after_forms() -> None:
    now = beijing(2025, 11, 20, 0, 10, 0)
    assert parse_retry_after("Wed, 19 Nov 2025 16:30:00 GMT", now) == 1200
    assert parse_retry_after("7", now) == 7
    assert parse_retry_after("Wed, 19 Nov 2025 16:00:00 GMT", now) == 0
    assert parse_retry_after("soon", now) is None and parse_retry_after(None, now) is None


@pytest.mark.parametrize(("faults", "status", "retry_after_s"), [
    (FaultRates(rate_429=1.0), 429, 1),
    (FaultRates(busy_503=1.0, busy_retry_after_s=7), 503, 7),
    (FaultRates(error_500=1.0), 500, None),
])
def test_json_refusals_are_transient_with_seconds(
    sim: ProvinceSimulator, sink: ProvinceSink, kit: Any, faults: FaultRates, status: int, retry_after_s: int | None
) -> None:
    sim.set_faults(faults)
    with pytest.raises(TransientError) as err:
        sink.post(sink.prepare(kit.draft_of(kit.check_record())))
    assert err.value.context["status"] == status and err.value.retry_after_s == retry_after_s
    assert sim.batches() == []


def test_platform_clock_skew_is_learned_from_a_401(sim: ProvinceSimulator, sink: ProvinceSink, kit: Any) -> None:
    """Quirk 5: the first POST gets AUTH_TIMESTAMP_EXPIRED, the sink corrects its offset and retries once."""
    sim.set_clock_offset(400)
    batch = sink.prepare(kit.draft_of(kit.check_record()))  # stamped before the offset was known
    sink.post(batch)
    assert 395 <= sink.clock_offset_s <= 405
    out = kit.wait_outcome(sink, batch.batch_id)
    assert [(e["field"], e["code"]) for e in out.batch_errors] == [("header.timestamp", "TIME_WINDOW")]
    fresh = sink.prepare(kit.draft_of(kit.check_record()))  # now stamped on the platform's clock
    sink.post(fresh)
    assert kit.wait_outcome(sink, fresh.batch_id).records[0].status == "accepted"


def test_wrong_secret_is_an_auth_error(sim: ProvinceSimulator, make_sink: Callable[..., ProvinceSink],
                                       settings: Any, kit: Any) -> None:
    sink = make_sink(settings=type(settings)(**{**settings.model_dump(), "secret_key": "x" * 32}))
    with pytest.raises(AuthError) as err:
        sink.post(sink.prepare(kit.draft_of(kit.check_record())))
    assert err.value.context["code"] == "AUTH_SIGNATURE_INVALID"


def test_unreachable_platform_is_transient(make_sink: Callable[..., ProvinceSink], settings: Any, kit: Any) -> None:
    from adapters.simserver import free_port

    sink = make_sink(settings=type(settings)(**{**settings.model_dump(), "base_url": f"http://127.0.0.1:{free_port()}/exchange/v1"}))
    with pytest.raises(TransientError) as err:
        sink.post(sink.prepare(kit.draft_of(kit.check_record())))
    assert isinstance(err.value.__cause__, httpx.HTTPError)


def test_unknown_msgid_is_msg_not_found(sink: ProvinceSink, kit: Any) -> None:
    batch = sink.prepare(kit.draft_of(kit.check_record()))  # prepared, never posted
    with pytest.raises(PermanentError) as err:
        sink.outcome(batch.batch_id)
    assert (err.value.context["status"], err.value.context["code"]) == (404, "MSG_NOT_FOUND")


class _Tamper(httpx.BaseTransport):
    """Passes requests through and edits receipt answers on the way back."""

    def __init__(self, edit: Callable[[bytes], bytes]) -> None:
        self._inner = httpx.HTTPTransport()
        self._edit = edit

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        response = self._inner.handle_request(request)
        if request.method == "GET" and "/receipts/" in request.url.path:
            body = self._edit(response.read())
            return httpx.Response(response.status_code, headers=response.headers, content=body)
        return response

    def close(self) -> None:
        self._inner.close()


def test_tampered_receipt_is_signature_invalid(sim: ProvinceSimulator, make_sink: Callable[..., ProvinceSink],
                                               kit: Any) -> None:
    sink = make_sink(transport=_Tamper(lambda b: b.replace(b'"status":"accepted"', b'"status":"duplicate"')))
    batch = sink.prepare(kit.draft_of(kit.check_record()))
    sink.post(batch)
    with pytest.raises(SignatureInvalid) as err:
        kit.wait_outcome(sink, batch.batch_id)
    assert (err.value.code, err.value.field) == ("SIGNATURE_INVALID", "signature")


def test_receipt_of_another_batch_is_refused(sim: ProvinceSimulator, sink: ProvinceSink, kit: Any) -> None:
    """Quirk 4: correctly signed, but for a batch this node never sent."""
    stray = sim.misrouted_receipt(str(uuid.uuid4()), [{"cd_id": "scjg:CHECK:X-1", "digest": "0" * 64,
                                                       "status": "accepted", "errors": []}])
    with pytest.raises(SignatureInvalid) as err:
        sink.open_receipt(stray)
    assert (err.value.code, err.value.field) == ("REFERENCE", "header.refMsgId")


def test_receipt_answered_for_another_msgid_is_refused(sim: ProvinceSimulator, make_sink: Callable[..., ProvinceSink],
                                                       kit: Any) -> None:
    """A DONE answer whose receipt names another of our batches never closes this one."""
    sink = make_sink()
    one = sink.prepare(kit.draft_of(kit.check_record()))
    two = sink.prepare(kit.draft_of(kit.check_record()))
    sink.post(one)
    sink.post(two)
    kit.wait_outcome(sink, one.batch_id)
    swapped = sim.receipt_bytes(one.batch_id)
    assert swapped is not None
    sink2 = make_sink(transport=_Tamper(lambda b: b if b'"PENDING"' in b else
                                        b[: b.index(b'"receipt":') + 10] + swapped + b"}}"))
    sink2.remember(PreparedBatch(two.batch_id, two.payload))
    with pytest.raises(SignatureInvalid) as err:
        sink2.outcome(two.batch_id)
    assert err.value.code == "REFERENCE"


def test_remember_after_restart_allows_verification(sim: ProvinceSimulator, make_sink: Callable[..., ProvinceSink],
                                                    kit: Any) -> None:
    before = make_sink()
    batch = before.prepare(kit.draft_of(kit.check_record()))
    before.post(batch)
    after = make_sink()  # a new process: nothing in memory
    with pytest.raises(PermanentError):
        after.outcome(batch.batch_id)
    after.remember(PreparedBatch(batch.batch_id, batch.payload))
    out = kit.wait_outcome(after, batch.batch_id)
    assert out is not None and loads_strict(out.evidence)["header"]["refMsgId"] == batch.batch_id


def test_read_timeout_is_transient(sim: ProvinceSimulator, make_sink: Callable[..., ProvinceSink],
                                   settings: Any, kit: Any) -> None:
    sim.set_faults(FaultRates(latency=1.0, latency_s=1.0))
    sink = make_sink(settings=type(settings)(**{**settings.model_dump(), "read_timeout_s": 0.2}))
    with pytest.raises(TransientError) as err:
        sink.post(sink.prepare(kit.draft_of(kit.check_record())))
    assert isinstance(err.value.__cause__, httpx.TimeoutException)
