"""信用核查 (§3.7) for 嵌入式信用审查: a verdict that is never "clean" by accident.

    query = CreditQuery(settings)
    verdict = query.check(CheckRequest(request_id="YZ-QRY-20251119-000031", uscc="91321081MA1P8H3D78",
                                       scene="XZXK"))
    verdict.result          # "HIT" | "CLEAN" | "UNKNOWN" (核查结果未知，须人工核查)
    verdict.query_id        # keep with the 许可 file (信用审查留痕)

Everything but HTTP 200 + code "0" + checkResult HIT/CLEAN is UNKNOWN (5003, 5004, 4202,
PARTIAL, NOT_FOUND, any 4xx/5xx, timeouts, unreadable bodies).  One retry after
``query_retry_delay_ms`` is made for transient failures; results are never cached.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

import httpx

from adapters.credit.client import CreditClient
from adapters.credit.settings import CreditSettings
from adapters.credit.wire import CHECK_PATH
from santong.errors import SantongError, TransientError

__all__ = ["CheckRequest", "CreditQuery", "Verdict"]

_ANSWER_CODES = frozenset({"4202", "5003", "5004"})


@dataclass(frozen=True)
class CheckRequest:
    """One §3.7 question: ``uscc``, or ``name`` (+ ``id_type``/``id_no`` for a 自然人)."""

    request_id: str
    scene: str
    uscc: str | None = None
    name: str | None = None
    subject_type: str | None = None
    id_type: str | None = None
    id_no: str | None = None
    matter: dict[str, str] | None = None
    operator: dict[str, str] | None = None

    def body(self) -> bytes:
        doc: dict[str, Any] = {"requestId": self.request_id}
        for key, value in (("uscc", self.uscc), ("name", self.name), ("subjectType", self.subject_type),
                           ("idType", self.id_type), ("idNo", self.id_no)):
            if value:
                doc[key] = value
        doc["scene"] = self.scene
        if self.matter:
            doc["matter"] = self.matter
        if self.operator:
            doc["operator"] = self.operator
        return json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


@dataclass(frozen=True)
class Verdict:
    """``result`` HIT / CLEAN / UNKNOWN; ``reason`` says why UNKNOWN; ``data`` the platform's answer."""

    result: Literal["HIT", "CLEAN", "UNKNOWN"]
    reason: str
    query_id: str | None = None
    lists: list[dict[str, Any]] = field(default_factory=list)
    data: dict[str, Any] | None = None


class CreditQuery:
    """The synchronous credit check with the §3.7 timeouts (1 s connect, 4 s total)."""

    def __init__(self, settings: CreditSettings, *, transport: httpx.BaseTransport | None = None,
                 clock: Callable[[], float] = time.time, sleep: Callable[[float], None] = time.sleep) -> None:
        timeout = httpx.Timeout(settings.query_total_timeout_s, connect=settings.query_connect_timeout_s)
        self._client = CreditClient(settings, transport=transport, clock=clock, timeout=timeout)
        self._delay_s = settings.query_retry_delay_ms / 1000
        self._sleep = sleep

    def close(self) -> None:
        self._client.close()

    def check(self, request: CheckRequest) -> Verdict:
        """Ask once, retry once on a transient failure or 5003/5004; never raises."""
        verdict = self._ask(request)
        if verdict.result == "UNKNOWN" and verdict.reason.startswith(("transient", "5003", "5004")):
            self._sleep(self._delay_s)
            verdict = self._ask(request)
        return verdict

    def _ask(self, request: CheckRequest) -> Verdict:
        try:
            reply = self._client.call("POST", CHECK_PATH, body=request.body(), ok_codes=_ANSWER_CODES)
        except TransientError as exc:
            return Verdict("UNKNOWN", f"transient: {exc.message}")
        except SantongError as exc:
            return Verdict("UNKNOWN", f"refused: {exc.message}")
        if reply.status != 200 or reply.code != "0":
            return Verdict("UNKNOWN", f"{reply.code}: {reply.msg}")
        data = reply.data if isinstance(reply.data, dict) else None
        result = data.get("checkResult") if data else None
        query_id = data.get("queryId") if data else None
        found = data.get("lists") if data else None
        lists: list[dict[str, Any]] = list(found) if isinstance(found, list) else []
        if result == "HIT" and lists:
            return Verdict("HIT", "HIT", query_id, lists, data)
        if result == "CLEAN" and not (data or {}).get("unavailableLists"):
            return Verdict("CLEAN", "CLEAN", query_id, [], data)
        return Verdict("UNKNOWN", f"checkResult {result}", query_id, lists, data)
