"""An independent check of a served sthj record against the national standard's rules (STANDARD.md §2, §4.1–4.3).

    problems(record)   # {} for a record the hub can map; else {sthj field path: reason}

Written from the standard, not from the generator, so that the simulator's claim "valid records
are valid once mapped, bad records are bad for the stated field" is tested, not assumed.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from typing import Any

from adapters.sthj.identifiers import id_number_valid, upgrade_id15, uscc_valid
from adapters.sthj.simbad import parse_date
from adapters.sthj.simjson import JavaNumber
from adapters.sthj.simrecords import day_of

_WS = "\u3000 \u00a0\t"
_ITEM_RE = re.compile(r"^1[1-4](00|[1-8][0-9])(0[1-9]|[1-9][0-9])(?!000000)[0-9]{6}[0-9]{2}$")
_PUNISH_CODES = {"警告": "01", "通报批评": "07", "罚款": "02", "没收违法所得": "03", "没收非法财物": "03",
                 "暂扣许可证件": "05", "降低资质等级": "08", "吊销许可证件": "05", "限制开展生产经营活动": "09",
                 "责令停产整治": "04", "责令停产停业": "04", "责令关闭": "10", "限制从业": "11", "其他": "99"}
_CHECK_TYPES = {"双随机抽查", "日常检查", "专项检查", "投诉举报核查", "交办督办核查", "其他"}
_CHECK_FORMS = {"现场检查", "非现场检查", "书面检查"}
_RESULTS = {"未发现环境违法行为", "发现问题已责令整改", "发现环境违法行为已立案", "移送其他部门处理", "检查对象已停产关闭"}
_MEASURES = {"查封", "扣押", "加处罚款", "代履行", "申请人民法院强制执行"}
_STATUSES = {"实施中", "已延期", "已解除", "已到期"}


def _value(obj: dict[str, Any], key: str) -> Any:
    value = obj.get(key)
    if isinstance(value, str):
        value = value.strip(_WS)
    return None if value in (None, "", []) else value


def _amount(value: Any, unit: Any) -> Decimal | None:
    if value is None:
        return None
    number = value.value if isinstance(value, JavaNumber) else Decimal(str(value))
    return number * 10000 if unit == "万元" else number


class _Check:
    def __init__(self, record: dict[str, Any]) -> None:
        self.record = record
        self.act_limit = day_of(record["updated_at"])
        self.errors: dict[str, str] = {}

    def fail(self, field: str, reason: str) -> None:
        self.errors.setdefault(field, reason)

    def read_date(self, section: str, key: str, *, required: bool = False, act: bool = False) -> date | None:
        text = _value(self.record[section], key)
        if text is None:
            if required:
                self.fail(f"{section}.{key}", "REQUIRED")
            return None
        try:
            value = parse_date(text)
        except ValueError:
            self.fail(f"{section}.{key}", "FORMAT")
            return None
        if act and value > self.act_limit:
            self.fail(f"{section}.{key}", "ORDER")
        return value

    def order(self, field: str, earlier: date | None, later: date | None, *, strict: bool = False) -> None:
        if earlier and later and (later <= earlier if strict else later < earlier):
            self.fail(field, "ORDER")


def problems(record: dict[str, Any]) -> dict[str, str]:
    """Field errors a mapping to the standard must raise for this live record ({} when valid)."""
    c = _Check(record)
    item = record.get("supervise_item_code")
    if not isinstance(item, str) or not _ITEM_RE.match(item):
        c.fail("supervise_item_code", "FORMAT")
    _target(c, record["target"])
    kind = record["record_type"]
    if kind == "INSPECTION":
        _inspection(c, record["inspection"])
    elif kind == "PENALTY":
        _penalty(c, record["penalty"], record["target"]["subject_type"] in ("个人", "自然人"))
    else:
        _coercive(c, record["coercive"])
    return c.errors


def _target(c: _Check, t: dict[str, Any]) -> None:
    kind = {"单位": 1, "法人": 1, "个人": 2, "自然人": 2, "个体工商户": 3}.get(t["subject_type"])
    if kind is None:
        c.fail("target.subject_type", "CODE_UNKNOWN")
        return
    if _value(t, "name") is None:
        c.fail("target.name", "REQUIRED")
    if kind in (1, 3):
        uscc = _value(t, "uscc")
        if uscc is None or not uscc_valid(str(uscc).upper()):
            c.fail("target.uscc", "CHECKSUM")
    if kind == 1 and _value(t, "legal_person") is None:
        c.fail("target.legal_person", "REQUIRED")
    if kind == 2:
        if _value(t, "legal_person") is not None:
            c.fail("target.legal_person", "REFERENCE")
        number = str(_value(t, "id_no") or "")
        if _value(t, "id_type") in ("身份证", "居民身份证"):
            number = upgrade_id15(number) if re.fullmatch(r"[0-9]{15}", number) else number.upper()
            if not id_number_valid(number) or date(int(number[6:10]), int(number[10:12]), int(number[12:14])) > c.act_limit:
                c.fail("target.id_no", "CHECKSUM")


def _inspection(c: _Check, body: dict[str, Any]) -> None:
    when = c.read_date("inspection", "inspect_date", required=True, act=True)
    if body["inspect_type"] not in _CHECK_TYPES:
        c.fail("inspection.inspect_type", "CODE_UNKNOWN")
    if body["inspect_form"] not in _CHECK_FORMS:
        c.fail("inspection.inspect_form", "CODE_UNKNOWN")
    if body["inspect_type"] == "双随机抽查" and _value(body, "random_plan_no") is None:
        c.fail("inspection.random_plan_no", "REQUIRED")
    people = body.get("inspectors") or []
    certs = [p.get("cert_no") for p in people]
    if not people or any(_value(p, "name") is None for p in people) or len(set(certs)) != len(certs) or \
            any(not isinstance(x, str) or not re.fullmatch(r"\S{1,32}", x) for x in certs):
        c.fail("inspection.inspectors", "REQUIRED")
    if body["result"] not in _RESULTS:
        c.fail("inspection.result", "CODE_UNKNOWN")
    deadline = c.read_date("inspection", "rectify_deadline")
    if deadline and body["result"] != "发现问题已责令整改":
        c.fail("inspection.rectify_deadline", "REFERENCE")
    c.order("inspection.rectify_deadline", when, deadline)


def _penalty(c: _Check, body: dict[str, Any], person: bool) -> None:
    filed = c.read_date("penalty", "file_date", act=True)
    decided = c.read_date("penalty", "decision_date", required=True, act=True)
    closed = c.read_date("penalty", "close_date", act=True)
    c.order("penalty.decision_date", filed, decided)
    if closed and ((decided and closed < decided) or (filed and closed < filed)):
        c.fail("penalty.close_date", "ORDER")
    c.order("penalty.publish_end_date", decided, c.read_date("penalty", "publish_end_date"))
    procedure = {"简易程序": "01", "一般程序": "02", "普通程序": "02"}.get(body["procedure"])
    if procedure is None:
        c.fail("penalty.procedure", "CODE_UNKNOWN")
    if procedure == "02" and filed is None:
        c.fail("penalty.file_date", "REQUIRED")
    types = body.get("penalty_types") or []
    codes = [_PUNISH_CODES.get(t) for t in types]
    if not types or None in codes or len(set(codes)) != len(codes) or "05" in codes:
        c.fail("penalty.penalty_types", "REQUIRED")  # 05 needs revoked_license, which no field carries
    if procedure == "01" and not set(codes) <= {"01", "02"}:
        c.fail("penalty.penalty_types", "REFERENCE")
    unit = _value(body, "amount_unit")
    fine = _amount(_value(body, "fine_amount"), unit)
    if "02" in codes and (fine is None or fine <= 0):
        c.fail("penalty.fine_amount", "REQUIRED")
    if fine is not None and fine > 0 and "02" not in codes:
        c.fail("penalty.fine_amount", "REFERENCE")
    if fine is not None and fine != fine.quantize(Decimal("0.01")):  # R-DEC: never rounded silently
        c.fail("penalty.fine_amount", "FORMAT")
    if procedure == "01" and fine is not None and fine > (200 if person else 3000):
        c.fail("penalty.fine_amount", "RANGE")
    if "03" in codes and _value(body, "confiscated_amount") is None:
        c.fail("penalty.confiscated_amount", "REQUIRED")


def _coercive(c: _Check, body: dict[str, Any]) -> None:
    measure, status = body["measure_type"], body["status"]
    if measure not in _MEASURES:
        c.fail("coercive.measure_type", "CODE_UNKNOWN")
    if status not in _STATUSES:
        c.fail("coercive.status", "CODE_UNKNOWN")
    start = c.read_date("coercive", "start_date", required=True, act=True)
    seizure = measure in ("查封", "扣押")
    end = c.read_date("coercive", "end_date", required=seizure)
    extended = c.read_date("coercive", "extended_end_date", required=status == "已延期")
    lift = c.read_date("coercive", "lift_date", required=status == "已解除", act=True)
    c.order("coercive.end_date", start, end)
    c.order("coercive.extended_end_date", end, extended, strict=True)
    c.order("coercive.lift_date", start, lift)
    if status == "已解除" and _value(body, "lift_decision_no") is None:
        c.fail("coercive.lift_decision_no", "REQUIRED")
    items = body.get("items") or []
    if seizure and (not items or any(Decimal(str(i["quantity"])) <= 0 or not i.get("unit") for i in items)):
        c.fail("coercive.items", "REQUIRED")
