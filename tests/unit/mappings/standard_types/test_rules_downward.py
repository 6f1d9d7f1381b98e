"""Rules of FXYJ (FXY-*), LHJG_TASK (LHJ-*) and TASK_STATUS (TST-1, TST-2, the cd_time bound of TST-5),
STANDARD.md §4.8–§4.10, on the standard's examples."""

from __future__ import annotations

import base64
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

Errors = Callable[[str, Any], set[tuple[str, str]]]

MARKET = {"org": "仪征市市场监督管理局", "org_code": "11321081MB1C87057L"}
FIRE = {"org": "仪征市消防救援大队", "org_code": "11321081MB1C7N442F"}
PERSON = {"name": "吴桂兰", "ui_code": "321081199311080429", "ce_type": {"code": "111", "label": "居民身份证"},
          "cp_type": {"code": "2", "label": "自然人"}}
_TASK = json.loads((Path(__file__).parent / "examples" / "LHJG_TASK.json").read_text(encoding="utf-8"))
XML = base64.b64decode(_TASK["data"]["task_xml"])


def _xml(document: bytes) -> dict[str, str]:
    return {"task_xml": base64.b64encode(document).decode("ascii")}


def _status(code: str, label: str, **more: Any) -> dict[str, Any]:
    return {"status": {"code": code, "label": label}, **more}


CASES: list[tuple[str, str, Any, set[tuple[str, str]]]] = [
    # FXYJ: cd_time 2025-11-18T08:55:00, issued 08:50:00, deadline 11-21 17:00
    ("FXY-1", "FXYJ", {"handle_deadline": "2025-11-18T08:49:59+08:00"}, {("data.handle_deadline", "ORDER")}),
    ("FXY-2", "FXYJ", {"issue_time": "2025-11-18T08:55:01+08:00"}, {("data.issue_time", "ORDER")}),
    ("FXY-3", "FXYJ", lambda d: d["receiver_orgs"].append(dict(d["receiver_orgs"][0])),
     {("data.receiver_orgs[1].org_code", "DUPLICATE")}),
    ("FXY two receivers", "FXYJ", lambda d: d["receiver_orgs"].append(MARKET), set()),
    ("FXY receiver_orgs M", "FXYJ", {"receiver_orgs": []}, {("data.receiver_orgs", "REQUIRED")}),
    ("FXY ORGREF member", "FXYJ", {"receiver_orgs": [{"org": "仪征市应急管理局"}]},
     {("data.receiver_orgs[0].org_code", "REQUIRED")}),
    ("FXY ORGREF unknown member", "FXYJ", {"receiver_orgs": [MARKET | {"phone": "0514-1"}]},
     {("data.receiver_orgs[0].phone", "SCHEMA")}),
    ("FXY SUBJ idno by its own ce_type", "FXYJ",
     lambda d: d["subjects"][0].update(ce_type={"code": "111", "label": "居民身份证"}),
     {("data.subjects[0].ui_code", "FORMAT")}),
    ("FXY SUBJ natural person", "FXYJ", lambda d: d["subjects"].append(PERSON), set()),
    ("FXY SUBJ cp_type", "FXYJ", lambda d: d["subjects"][0].pop("cp_type"), {("data.subjects[0].cp_type", "REQUIRED")}),
    ("FXY subjects may be empty", "FXYJ", {"subjects": []}, set()),
    ("FXY feedback_required bool", "FXYJ", {"feedback_required": "是"}, {("data.feedback_required", "FORMAT")}),
    ("FXY risk_level", "FXYJ", {"risk_level": {"code": "2", "label": "橙"}}, {("data.risk_level", "CODE_UNKNOWN")}),
    # LHJG_TASK: cd_time 2025-11-19T09:00:00, issued 08:58, 2025-11-20 … 12-05, feedback by 12-10 17:00
    ("LHJ-1", "LHJG_TASK", {"end_date": "2025-11-19"}, {("data.end_date", "ORDER")}),
    ("LHJ-2", "LHJG_TASK", {"feedback_deadline": "2025-11-19T08:57:59+08:00"}, {("data.feedback_deadline", "ORDER")}),
    ("LHJ-3", "LHJG_TASK", {"cooperating_orgs": [FIRE, MARKET]}, {("data.cooperating_orgs[1].org_code", "REFERENCE")}),
    ("LHJ cooperating_orgs unique", "LHJG_TASK", {"cooperating_orgs": [FIRE, FIRE]},
     {("data.cooperating_orgs[1].org_code", "DUPLICATE")}),
    ("LHJ-4 not base64", "LHJG_TASK", {"task_xml": "PD94bWwg dmVyc2lvbj0iMS4wIj8+"}, {("data.task_xml", "FORMAT")}),
    ("LHJ-4 base64 without padding", "LHJG_TASK", {"task_xml": "PFhUSkdSVy8"}, {("data.task_xml", "FORMAT")}),
    ("LHJ-4 not well-formed", "LHJG_TASK", _xml(XML.replace(b"</RWMC>", b"</RWM>")), {("data.task_xml", "FORMAT")}),
    ("LHJ-4 DOCTYPE", "LHJG_TASK", _xml(XML.replace(b"<XTJGRW", b"<!DOCTYPE XTJGRW>\n<XTJGRW", 1)),
     {("data.task_xml", "FORMAT")}),
    ("LHJ-4 entity declaration", "LHJG_TASK",
     _xml(XML.replace(b"<XTJGRW", b'<!DOCTYPE XTJGRW [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n<XTJGRW', 1)),
     {("data.task_xml", "FORMAT")}),
    ("LHJ-4 root", "LHJG_TASK", _xml(XML.replace(b"XTJGRW", b"RENWU")), {("data.task_xml", "FORMAT")}),
    ("LHJ-4 bytes not in the declared encoding", "LHJG_TASK",
     _xml(XML.replace("仪征市冬季".encode(), "仪征市冬季".encode("utf-16-le"))), {("data.task_xml", "FORMAT")}),
    ("LHJ-4 undeclared encoding", "LHJG_TASK", _xml(XML.replace(b'"UTF-8"', b'"ISO-8859-1"')), {("data.task_xml", "FORMAT")}),
    ("LHJ-4 GBK document", "LHJG_TASK", _xml(XML.decode().replace('"UTF-8"', '"GBK"').encode("gbk")), set()),
    ("LHJ-4 larger than 1 MiB", "LHJG_TASK", _xml(XML + b" " * 1_048_576), {("data.task_xml", "RANGE")}),
    ("LHJ-5", "LHJG_TASK", _xml(XML.replace(b"000058</RWBH>", b"000059</RWBH>")), {("data.task_xml", "REFERENCE")}),
    ("LHJ-5 RWBH missing", "LHJG_TASK", _xml(XML.replace(b"<RWBH>XT32000020251119000058</RWBH>", b"")),
     {("data.task_xml", "REFERENCE")}),
    ("LHJ-6", "LHJG_TASK", {"issue_time": "2025-11-19T09:00:01+08:00"}, {("data.issue_time", "ORDER")}),
    ("LHJ supervise_item_codes unique", "LHJG_TASK", {"supervise_item_codes": ["11320100001201"] * 2},
     {("data.supervise_item_codes[1]", "DUPLICATE")}),
    ("LHJ subjects", "LHJG_TASK", {"subjects": [PERSON]}, set()),
    # TASK_STATUS: cd_time 2025-11-19T10:12:40, 认领 at 10:12:33
    ("TST-1 feedback", "TASK_STATUS", _status("4", "反馈", result_text=...), {("data.result_text", "REQUIRED")}),
    ("TST-1 close", "TASK_STATUS", _status("3", "结束"), {("data.result_code", "REQUIRED")}),
    ("TST-1 close without text", "TASK_STATUS", _status("3", "结束", result_text=...),
     {("data.result_code", "REQUIRED"), ("data.result_text", "REQUIRED")}),
    ("TST-1 return", "TASK_STATUS", _status("5", "退回", result_text=...), {("data.result_text", "REQUIRED")}),
    ("TST-1 claim needs no text", "TASK_STATUS", {"result_text": ...}, set()),
    ("TST-1 close valid", "TASK_STATUS", _status("3", "结束", result_code={"code": "1", "label": "已处置"}), set()),
    ("TST-2 short", "TASK_STATUS", _status("5", "退回", result_text="不属实"), {("data.result_text", "LENGTH")}),
    ("TST-2 long", "TASK_STATUS", _status("5", "退回", result_text="理" * 501), {("data.result_text", "LENGTH")}),
    ("TST-2 bounds", "TASK_STATUS", _status("5", "退回", result_text="非本部门职责"), set()),
    ("TST-5 after cd_time", "TASK_STATUS", {"status_time": "2025-11-19T10:12:41+08:00"}, {("data.status_time", "ORDER")}),
    ("TST ref_type", "TASK_STATUS", {"ref_type": "XY_LIST"}, {("data.ref_type", "CODE_UNKNOWN")}),
    ("TST status_seq", "TASK_STATUS", {"status_seq": 0}, {("data.status_seq", "RANGE")}),
    ("TST handler_phone", "TASK_STATUS", {"handler_phone": "0514-83421076"}, set()),
]


@pytest.mark.parametrize(("rule", "msg_type", "change", "expected"), CASES, ids=[f"{c[1]}-{c[0]}" for c in CASES])
def test_rule(errors_after: Errors, rule: str, msg_type: str, change: Any, expected: set[tuple[str, str]]) -> None:
    assert errors_after(msg_type, change) == expected
