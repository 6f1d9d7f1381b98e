"""The object groups of STANDARD.md §1.10 nested in records — ATT (content xor url, size, SM3), checked through
the FXYJ example's ``attachments`` — and the list rules of §1.4/§1.5 they meet."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

Errors = Callable[[str, Any], set[tuple[str, str]]]

# GB/T 32905 appendix A example 1: SM3("abc")
ABC_SM3 = "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"
ATT = {"file_name": "abc.txt", "mime_type": "text/plain", "size": 3, "sm3": ABC_SM3, "content": "YWJj"}
LINKED = {"file_name": "预警附件.pdf", "mime_type": "application/pdf", "size": 20480, "sm3": ABC_SM3,
          "url": "https://files.example.gov.cn/yj/193.pdf"}


def _att(**changes: Any) -> dict[str, Any]:
    att = {**ATT, **changes}
    return {"attachments": [{k: v for k, v in att.items() if v is not ...}]}


CASES: list[tuple[str, Any, set[tuple[str, str]]]] = [
    ("content", _att(), set()),
    ("url", {"attachments": [LINKED]}, set()),
    ("two attachments", {"attachments": [ATT, LINKED]}, set()),
    ("no attachment", {"attachments": []}, set()),
    ("too many", {"attachments": [ATT] * 11}, {("data.attachments", "RANGE")}),
    ("sm3 mismatch", _att(sm3="0" * 64), {("data.attachments[0].sm3", "DIGEST_MISMATCH")}),
    ("sm3 upper case", _att(sm3=ABC_SM3.upper()), {("data.attachments[0].sm3", "FORMAT")}),
    ("size mismatch", _att(size=4), {("data.attachments[0].size", "REFERENCE")}),
    ("size 0", _att(size=0), {("data.attachments[0].size", "RANGE")}),
    ("size over 1 MiB", _att(size=1_048_577), {("data.attachments[0].size", "RANGE")}),
    ("size as text", _att(size="3"), {("data.attachments[0].size", "FORMAT")}),
    ("content and url", _att(url="https://files.example.gov.cn/abc.txt"), {("data.attachments[0].url", "REFERENCE")}),
    ("neither content nor url", _att(content=...), {("data.attachments[0].content", "REQUIRED")}),
    ("content without padding", _att(content="YWJjZA"), {("data.attachments[0].content", "FORMAT")}),
    ("content with a line break", _att(content="YWJj\nZA=="), {("data.attachments[0].content", "FORMAT")}),
    ("content url-safe alphabet", _att(content="-_8=", size=2), {("data.attachments[0].content", "FORMAT")}),
    ("content of another file", _att(content="YWJk"), {("data.attachments[0].sm3", "DIGEST_MISMATCH")}),
    ("content padding bits", _att(content="YWI=", size=2), {("data.attachments[0].sm3", "DIGEST_MISMATCH")}),
    ("content padding bits set", _att(content="YWJ=", size=2), {("data.attachments[0].content", "FORMAT")}),
    ("url not https", {"attachments": [LINKED | {"url": "http://files.example.gov.cn/yj/193.pdf"}]},
     {("data.attachments[0].url", "FORMAT")}),
    ("file_name M", _att(file_name=...), {("data.attachments[0].file_name", "REQUIRED")}),
    ("unknown member", _att(note="x"), {("data.attachments[0].note", "SCHEMA")}),
    ("not an object", {"attachments": ["YWJj"]}, {("data.attachments[0]", "FORMAT")}),
    ("blank element", {"attachments": [ATT, None]}, {("data.attachments[1]", "REQUIRED")}),
    ("null list", {"attachments": None}, {("data.attachments", "FORMAT")}),
]


@pytest.mark.parametrize(("case", "change", "expected"), CASES, ids=[c[0] for c in CASES])
def test_attachment(errors_after: Errors, case: str, change: Any, expected: set[tuple[str, str]]) -> None:
    assert errors_after("FXYJ", change) == expected
