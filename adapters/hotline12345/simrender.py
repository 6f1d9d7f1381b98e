"""How the simulated hotline puts a unit view on the wire: masks, quirks 7/14/16, links.

    render_view(view, pii=False, knobs=knobs, now=now, base_url="http://127.0.0.1:8080")
"""

from __future__ import annotations

import copy
import hashlib
from datetime import datetime, timedelta
from typing import Any

from adapters.hotline12345.simconfig import Knobs
from adapters.hotline12345.wire import BEIJING, FILE_PATH, format_time

__all__ = ["mask_appellant", "omit_nulls", "render_view"]

_TIME_KEYS = ("callTime", "registerTime", "dispatchTime", "signDeadline", "returnDeadline", "handleDeadline",
              "signTime", "updateTime")
_EMPTY_KEYS = ("eventAddress", "dispatchOpinion")


def _draw(*parts: Any) -> float:
    """A stable pseudo-random number in [0, 1) for the same inputs (same version → same bytes)."""
    digest = hashlib.sha256("|".join(str(p) for p in parts).encode()).digest()
    return int.from_bytes(digest[:4], "big") / 2**32


def mask_appellant(appellant: dict[str, Any]) -> dict[str, Any]:
    """§4.4 masks for a client without ``pii.read``."""
    a = dict(appellant)
    name = a.get("name")
    if name and name != "匿名":
        a["name"] = name[0] + "*" * (len(name) - 1)
    digits = "".join(c for c in str(a.get("phone") or "") if c.isdigit())
    if a.get("phone"):
        a["phone"] = digits[-11:][:3] + "****" + digits[-4:]
    if a.get("idNo"):
        a["idNo"] = a["idNo"][:6] + "*" * (len(a["idNo"]) - 10) + a["idNo"][-4:]
    if a.get("address"):
        text = a["address"]
        cut = max(text.find("镇"), text.find("区"))
        a["address"] = text[: cut + 1] if cut > 0 else "仪征市"
    return a


def omit_nulls(value: Any) -> Any:
    """The webhook form of a record (quirk 14): null members left out, recursively."""
    if isinstance(value, dict):
        return {k: omit_nulls(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [omit_nulls(v) for v in value]
    return value


def render_view(view: dict[str, Any], *, pii: bool, knobs: Knobs, now: datetime, base_url: str) -> dict[str, Any]:
    """The unit view as an API response carries it to one client."""
    out = copy.deepcopy(view)
    if not pii:
        out["appellant"] = mask_appellant(out["appellant"])
    version = out["version"]
    if knobs.ts_jdbc_suffix_rate:
        for key in _TIME_KEYS:
            if out.get(key) and _draw(out["orderNo"], version, key) < knobs.ts_jdbc_suffix_rate:
                out[key] = out[key] + ".0"
    expires = now + timedelta(seconds=knobs.attachment_url_ttl_s)
    epoch = int(expires.replace(tzinfo=BEIJING).timestamp())
    for att in out.get("attachments") or []:
        sign = hashlib.sha256(f"{att['fileId']}:{epoch}".encode()).hexdigest()[:10]
        att["url"] = f"{base_url}{FILE_PATH}?fileId={att['fileId']}&expires={epoch}&sign={sign}"
        att["urlExpireTime"] = format_time(expires)
    if knobs.null_style == "empty":
        for key in _EMPTY_KEYS:
            if out.get(key) is None:
                out[key] = ""
        if out.get("reportedObject") and out["reportedObject"].get("objAddress") is None:
            out["reportedObject"]["objAddress"] = ""
    elif knobs.null_style == "omit":
        out = omit_nulls(out)
    return out
