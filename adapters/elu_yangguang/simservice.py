"""The interface logic of the simulated e路阳光: one request in, one answer out (§2–§3.4).

    answer = serve(sim, Request(path="/elyg/api/v2/xm/query", headers={...}, body=b"<?xml …"))
    answer.status, answer.headers, answer.body     # bytes, in the module's encoding

Order of checks: auth paths (format, APPKEY, digest, clock, nonce, rate) — or for queries the
token (1001/1003/1002), rate limits (3001–3003), the document (2001), then 2002/1009/2003/2004/2005.
Call with ``sim.lock`` held.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from lxml import etree

from adapters.elu_yangguang.auth import digest
from adapters.elu_yangguang.simxml import encode, envelope, page_body, render_record, token_body
from adapters.elu_yangguang.wire import API_PREFIX, AUTH_PATH, CODES, KINDS, MAX_REQUEST_BYTES, REFRESH_PATH, format_dt, parse_dt
from adapters.elu_yangguang.xmlsafe import MalformedXml, UnsafeXml, parse_body, text_of

if TYPE_CHECKING:
    from adapters.elu_yangguang.simulator import EluSimulator

__all__ = ["Answer", "Request", "fail", "serve"]

_DT_RE = re.compile(r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$")
_MODULES = {k.path: k for k in KINDS.values()}


@dataclass
class Request:
    path: str
    headers: dict[str, str]
    body: bytes


@dataclass
class Answer:
    status: int
    body: bytes
    code: str
    headers: dict[str, str] = field(default_factory=dict)
    rows: list[tuple[str, str, str]] = field(default_factory=list)  # (kind, key, GXSJ) served
    appkey: str | None = None


def fail(sim: EluSimulator, code: str, *, detail: str = "", retry_after: int | None = None,
          appkey: str | None = None) -> Answer:
    status = CODES[code][0]
    text = envelope(code, secrets.token_hex(16), sim.now(), detail=detail)
    headers = {"Retry-After": str(retry_after)} if retry_after is not None else {}
    return Answer(status, encode(text, "UTF-8"), code, headers, appkey=appkey)


def _document(sim: EluSimulator, req: Request, root: str) -> etree._Element | Answer:
    body = req.body
    if len(body) > MAX_REQUEST_BYTES or not body.lstrip().startswith(b'<?xml version="1.0" encoding="UTF-8"?>'):
        return fail(sim, "2001")
    try:
        body.decode("utf-8")
        doc = parse_body(body)
    except (UnicodeDecodeError, MalformedXml, UnsafeXml):
        return fail(sim, "2001")
    return doc if doc.tag == root else fail(sim, "2001")


def serve(sim: EluSimulator, req: Request) -> Answer:
    """The answer to ``req`` (a POST under ``/elyg/api/v2``)."""
    path = req.path[len(API_PREFIX):]
    if path in (AUTH_PATH, REFRESH_PATH):
        return _auth(sim, req, path)
    kind = _MODULES[path]
    header = req.headers.get("authorization")
    if header is None:
        return fail(sim, "1001")
    scheme, _, token = header.partition(" ")
    state = sim.tokens.get(token) if scheme == "Token" else None
    if state is None:
        return fail(sim, "1003")
    appkey, expires_at = state
    if sim.now() >= expires_at:
        return fail(sim, "1002", appkey=appkey)
    limited = sim.limits.query(appkey, sim.now())
    if limited is not None:
        return fail(sim, limited[0], retry_after=limited[1], appkey=appkey)
    doc = _document(sim, req, "QUERY")
    if isinstance(doc, Answer):
        return doc
    return _query(sim, kind.name, doc, appkey)


def _auth(sim: EluSimulator, req: Request, path: str) -> Answer:
    doc = _document(sim, req, "AUTH" if path == AUTH_PATH else "REFRESH")
    if isinstance(doc, Answer):
        return doc
    appkey = text_of(doc, "APPKEY") or ""
    key = sim.keys.get(appkey)
    if key is None or not key.enabled:
        return fail(sim, "1004")
    limited = sim.limits.auth(appkey, sim.now())
    if limited is not None:
        return fail(sim, "3001", retry_after=limited, appkey=appkey)
    now = sim.now()
    if path == REFRESH_PATH:
        refresh = text_of(doc, "REFRESHTOKEN") or ""
        owner = sim.refresh_tokens.pop(refresh, None)
        if owner is None or owner[0] != appkey or now >= owner[1]:
            return fail(sim, "1008", appkey=appkey)
        return _issue(sim, appkey)
    ts, nonce, dig = (text_of(doc, t) or "" for t in ("TIMESTAMP", "NONCE", "DIGEST"))
    if not re.fullmatch(r"\d{14}", ts) or not re.fullmatch(r"[0-9a-f]{32}", nonce):
        return fail(sim, "2003", detail="TIMESTAMP" if not re.fullmatch(r"\d{14}", ts) else "NONCE")
    if dig.upper() != digest(appkey, ts, nonce, key.appsecret):
        return fail(sim, "1005", appkey=appkey)
    try:
        sent = parse_dt(f"{ts[:4]}-{ts[4:6]}-{ts[6:8]} {ts[8:10]}:{ts[10:12]}:{ts[12:14]}").timestamp()
    except ValueError:
        return fail(sim, "2003", detail="TIMESTAMP")
    if abs(sent - now) > sim.config.clock_skew_s:
        return fail(sim, "1006", appkey=appkey)
    seen = sim.nonces.setdefault(appkey, {})
    if nonce in seen and now - seen[nonce] < sim.config.nonce_ttl_s:
        return fail(sim, "1007", appkey=appkey)
    seen[nonce] = now
    return _issue(sim, appkey)


def _issue(sim: EluSimulator, appkey: str) -> Answer:
    f, now = sim.faults, sim.now()
    token, refresh = "TK" + secrets.token_hex(20), "RT" + secrets.token_hex(20)
    sim.tokens[token] = (appkey, now + f.token_ttl_s)
    sim.refresh_tokens[refresh] = (appkey, now + f.refresh_ttl_s)
    live = sim.live_tokens.setdefault(appkey, [])
    live.append(token)
    while len(live) > sim.config.max_tokens:  # a sixth revokes the oldest
        sim.tokens.pop(live.pop(0), None)
    text = envelope("0000", secrets.token_hex(16), now, token_body(token, f.token_ttl_s, refresh, f.refresh_ttl_s))
    return Answer(200, encode(text, "UTF-8"), "0000", appkey=appkey)


def _int(doc: etree._Element, tag: str, default: int) -> int | None:
    value = text_of(doc, tag)
    if value is None:
        return default
    return int(value) if value.isdigit() else None


def _query(sim: EluSimulator, kind: str, doc: etree._Element, appkey: str) -> Answer:
    area = text_of(doc, "XZQHDM")
    if area is None:
        return fail(sim, "2002", detail="XZQHDM", appkey=appkey)
    if area not in sim.keys[appkey].areas:
        return fail(sim, "1009", appkey=appkey)
    start, end, xmdm = text_of(doc, "GXSJQ"), text_of(doc, "GXSJZ"), text_of(doc, "XMDM")
    for tag, value in (("GXSJQ", start), ("GXSJZ", end)):
        if value is not None and not _DT_RE.match(value):
            return fail(sim, "2003", detail=tag, appkey=appkey)
    page_no, page_size = _int(doc, "PAGENO", 1), _int(doc, "PAGESIZE", 20)
    if page_no is None or page_no < 1:
        return fail(sim, "2003", detail="PAGENO", appkey=appkey)
    if page_size is None:
        return fail(sim, "2003", detail="PAGESIZE", appkey=appkey)
    if not 1 <= page_size <= 50:
        return fail(sim, "2004", appkey=appkey)
    window: tuple[int, int] | None = None
    if start is not None and end is not None:
        try:
            window = (int(parse_dt(start).timestamp()), int(parse_dt(end).timestamp()))
        except ValueError:
            return fail(sim, "2003", detail="GXSJQ", appkey=appkey)
        if window[0] >= window[1] or window[1] - window[0] > 604_800:
            return fail(sim, "2005", appkey=appkey)
    elif xmdm is None:
        return fail(sim, "2002", detail="GXSJQ" if start is None else "GXSJZ", appkey=appkey)
    if page_no >= 2 and window is not None:
        sim.maybe_shift(kind, window)  # quirk 14
    matches = sim.store.select(kind, window, xmdm, sim.now(), shuffle=sim.faults.same_second_shuffle and sim.quirk(13),
                               rng=sim.rng)
    total = len(matches)
    chosen = matches[(page_no - 1) * page_size: page_no * page_size]
    if chosen and page_no >= 2 and sim.roll(sim.faults.duplicate_rate):
        chosen = [matches[(page_no - 1) * page_size - 1], *chosen]
    module = KINDS[kind].module
    encoding = sim.faults.encoding.get(module, KINDS[kind].encoding) if sim.quirk(1) else "UTF-8"
    rows = [render_record(rec, module, sim.rng) for rec in chosen]
    mislabel = module == "xm" and sim.quirk(2) and sim.roll(sim.faults.gbk_mislabel_rate)
    declared = "UTF-8" if mislabel else encoding
    text = envelope("0000", secrets.token_hex(16), sim.now(), page_body(page_no, page_size, total, rows),
                    encoding=declared)
    data = encode(text, "GBK" if mislabel else encoding)
    if sim.quirk(15) and sim.roll(sim.faults.malformed_rate):
        data = sim.malform(data)
    return Answer(200, data, "0000", rows=[(r.kind, r.key, format_dt(r.gxsj)) for r in chosen],
                  appkey=appkey)
