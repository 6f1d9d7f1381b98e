"""How the simulated e路阳光 writes its answers: envelopes, rows, empty-versus-missing, the bytes.

    text = envelope("0000", reqid, server_time, body=page_body(1, 50, 3, rows_xml))
    data = encode(text, "GBK")        # GBK bytes with numeric references for what GBK lacks (§2)
"""

from __future__ import annotations

import random
from typing import Any
from xml.sax.saxutils import escape

from adapters.elu_yangguang.simdata import SimRecord
from adapters.elu_yangguang.wire import CODES, format_dt

__all__ = ["encode", "envelope", "page_body", "render_record", "token_body"]

_OMITTING = {"xm", "jd", "cjdw"}  # quirk 7: these omit a field without value; the others send it empty
_CDATA = {"GSNR"}


def envelope(code: str, reqid: str, server_s: float, body: str = "", *, detail: str = "", encoding: str = "UTF-8") -> str:
    msg = CODES[code][1].format(detail) if "{}" in CODES[code][1] else CODES[code][1]
    return (f'<?xml version="1.0" encoding="{encoding}"?>\n<RESPONSE>\n  <HEAD>\n    <CODE>{code}</CODE>\n'
            f"    <MSG>{escape(msg)}</MSG>\n    <REQID>{reqid}</REQID>\n    <SERVERTIME>{format_dt(server_s)}</SERVERTIME>\n"
            f"  </HEAD>\n{body}</RESPONSE>\n")


def token_body(token: str, ttl_s: int, refresh: str, refresh_ttl_s: int) -> str:
    return (f"  <BODY>\n    <TOKEN>{token}</TOKEN>\n    <EXPIRESIN>{ttl_s}</EXPIRESIN>\n"
            f"    <REFRESHTOKEN>{refresh}</REFRESHTOKEN>\n    <REFRESHEXPIRESIN>{refresh_ttl_s}</REFRESHEXPIRESIN>\n  </BODY>\n")


def page_body(page_no: int, page_size: int, total: int, rows: list[str]) -> str:
    pages = -(-total // page_size)
    inner = "".join(rows)
    rows_xml = f"    <ROWS>\n{inner}    </ROWS>\n" if rows else "    <ROWS/>\n"
    return (f"  <BODY>\n    <PAGE>\n      <PAGENO>{page_no}</PAGENO>\n      <PAGESIZE>{page_size}</PAGESIZE>\n"
            f"      <TOTAL>{total}</TOTAL>\n      <TOTALPAGES>{pages}</TOTALPAGES>\n    </PAGE>\n{rows_xml}  </BODY>\n")


def _empty(tag: str, rng: random.Random) -> str:
    return rng.choice((f"<{tag}/>", f"<{tag}></{tag}>", f"<{tag}>  </{tag}>"))


def _fields(fields: dict[str, Any], module: str, rng: random.Random, indent: str) -> list[str]:
    out: list[str] = []
    for tag, value in fields.items():
        if "@" in tag:
            continue
        if isinstance(value, list):
            child = tag[:-4]  # SPSXLIST -> SPSX, ZGTZLIST -> ZGTZ
            if not value:
                out.append(f"{indent}<{tag}/>\n")
                continue
            out.append(f"{indent}<{tag}>\n")
            for item in value:
                out.append(f"{indent}  <{child}>\n")
                out.extend(_fields(item, module, rng, indent + "    "))
                out.append(f"{indent}  </{child}>\n")
            out.append(f"{indent}</{tag}>\n")
        elif value is None:
            if module not in _OMITTING:
                out.append(indent + _empty(tag, rng) + "\n")
        else:
            attr = fields.get(f"{tag}@dw")
            open_tag = f'<{tag} dw="{attr}">' if attr else f"<{tag}>"
            text = f"<![CDATA[{value}]]>" if tag in _CDATA else escape(str(value))
            out.append(f"{indent}{open_tag}{text}</{tag}>\n")
    return out


def render_record(rec: SimRecord, module: str, rng: random.Random) -> str:
    """One row element, GXSJ last (as the document's examples), indented for ``ROWS``."""
    fields = dict(rec.fields)
    fields["GXSJ"] = format_dt(rec.gxsj)
    lines = _fields(fields, module, rng, "        ")
    return f"      <{rec.kind}>\n" + "".join(lines) + f"      </{rec.kind}>\n"


def encode(text: str, encoding: str) -> bytes:
    """The bytes of ``text`` in ``encoding``; outside GBK, numeric character references (§2)."""
    if encoding == "GBK":
        return text.encode("gbk", errors="xmlcharrefreplace")
    return text.encode("utf-8")
