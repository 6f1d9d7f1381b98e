"""The legacy channel (§3.4–§3.5) and the 机关目录 (§3.8), for tools that still speak them.

    legacy = LegacyUploader(client)
    ticket = legacy.upload("2025111300045", "XK", rows)     # legacy ≈2016 rows, as departments send them
    legacy.result(ticket)                                   # the §3.3 object (channel "v1")
    legacy.export(ticket)                                   # the GBK CSV, decoded to text
    organs(client, "321081")                                # every 机关 of the area (all pages)

santong itself delivers 双公示 through v2 (CreditSink); this is for re-sending legacy rows
unchanged when an integrator must, and for the simulator's conformance checks.
"""

from __future__ import annotations

import json
from typing import Any

from adapters.credit.client import CreditClient
from adapters.credit.wire import ORGANS_PATH, V1_UPLOAD_PATH
from santong.errors import TransientError

__all__ = ["LegacyUploader", "organs"]


class LegacyUploader:
    """``POST /v1/sgs/upload`` and its results."""

    def __init__(self, client: CreditClient) -> None:
        self._client = client

    def upload(self, batch_no: str, data_type: str, rows: list[dict[str, Any]]) -> str:
        body = json.dumps({"batchNo": batch_no, "dataType": data_type, "rows": rows}, ensure_ascii=False,
                          separators=(",", ":")).encode("utf-8")
        data = self._client.call("POST", V1_UPLOAD_PATH, body=body).data
        if not isinstance(data, dict) or not isinstance(data.get("ticket"), str):
            raise TransientError("受理应答无 ticket / accepted without a ticket", source="credit")
        return str(data["ticket"])

    def result(self, ticket: str) -> dict[str, Any]:
        data = self._client.call("GET", f"{V1_UPLOAD_PATH}/{ticket}").data
        return data if isinstance(data, dict) else {}

    def export(self, ticket: str) -> str:
        """The CSV export decoded from GBK (quirk 8)."""
        return self._client.call("GET", f"{V1_UPLOAD_PATH}/{ticket}/export", raw=True).content.decode("gbk")


def organs(client: CreditClient, area_code: str, page_size: int = 200) -> list[dict[str, Any]]:
    """Every organ of ``area_code`` from §3.8, all pages."""
    items: list[dict[str, Any]] = []
    page = 1
    while True:
        data = client.call("GET", ORGANS_PATH, params=[("areaCode", area_code), ("pageNo", str(page)),
                                                       ("pageSize", str(page_size))]).data
        batch = data.get("items") if isinstance(data, dict) else None
        if not isinstance(batch, list):
            raise TransientError("机关目录应答无 items / organ page without items", source="credit")
        items.extend(batch)
        if not batch or len(items) >= int(data.get("total") or 0):
            return items
        page += 1
