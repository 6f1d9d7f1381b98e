"""Records per second of the declarative mapping engine, per spec, beside a hand-written pydantic baseline.

    .venv/bin/python bench/mapping.py [--records 6000] [--rounds 5] [--seed 7]

Input: the sthj simulator's records (``adapters.sthj.SimData``, every quirk at its default rate), rendered as
the source sends them and parsed with ``mappings.engine.loads`` — the same parsed payloads for both sides.

Baseline (measured in the same run, interleaved round by round, best round kept): what a developer would
write by hand for the same specs — pydantic models of the source record whose ``BeforeValidator``s trim,
normalise and parse dates, then a function per kind that builds the standard ``data`` (code tables through
the hub's own ``CodeTables``), then the same standard validation (``RecordType.validate``) and the same
``MappedRecord``.  Before timing, every baseline output is checked equal to the engine's.

Printed per kind: records/s of the engine and of the baseline, their ratio, and the share of time both spend
in the shared validation (what is left is the mapping itself).  Targets: ≥ 20 000 records/s on one
core and ≥ 0.8× the baseline.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any, Optional

from pydantic import BaseModel, BeforeValidator, ConfigDict

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from adapters.sthj.simconfig import SimConfig  # noqa: E402
from adapters.sthj.simdata import SimData  # noqa: E402
from adapters.sthj.simjson import render  # noqa: E402
from mappings.base import MappedRecord  # noqa: E402
from mappings.codes import CodeTables  # noqa: E402
from mappings.engine import SpecMapper, loads  # noqa: E402
from mappings.identifiers import upgrade_idno15  # noqa: E402
from mappings.standard import record_type  # noqa: E402
from mappings.text import WHITESPACE, lookup_key, nfc, nfkc, squeeze_out  # noqa: E402

TABLES = CodeTables.load_default()
CD_SOURCE = "32108111321081MB1L26308J"
FORCE_LABELS = {lookup_key(k): v for k, v in {"查封": "1", "扣押": "1", "加处罚款": "2", "代履行": "2",
                                              "申请人民法院强制执行": "2"}.items()}


# ---- hand-written helpers (what the baseline's validators call) ------------------------------------------

def trim(v: Any) -> Any:
    if v is None:
        return None
    text = str(v).strip(WHITESPACE)
    return (text if text.isascii() else nfc(text)) or None


def text(v: Any) -> Any:
    return trim(v.replace("\r\n", "\n").replace("\r", "\n")) if isinstance(v, str) else trim(v)


def ident(v: Any) -> Any:
    t = trim(v)
    return None if t is None else (t if t.isascii() else nfkc(t)).upper()


def plain(v: Any) -> Any:
    t = trim(v)
    return None if t is None else (t if t.isascii() else nfkc(t))


def day(v: Any) -> Any:
    t = trim(v)
    if t is None:
        return None
    t = squeeze_out(nfkc(t)).replace("年", "-").replace("月", "-").replace("日", "").replace("/", "-")
    if len(t) == 8 and t.isdigit():
        t = f"{t[:4]}-{t[4:6]}-{t[6:]}"
    y, m, d = t.split("-")
    return f"{int(y):04d}-{int(m):02d}-{int(d):02d}"


def flag(v: Any) -> Any:
    if v is None or isinstance(v, bool):
        return v
    return lookup_key(str(v)).lower() in ("true", "是", "1")


def code(table: str, v: Any, own: dict[str, str] | None = None) -> Any:
    if v is None:
        return None
    t = TABLES.table(table)
    found = (own or {}).get(lookup_key(str(v))) or t.resolve(v)
    if found is None:
        raise ValueError(f"{v} not in {table}")
    return {"code": found, "label": t.codes[found].label}


def amount(v: Any, places: int, factor: Decimal = Decimal(1)) -> Any:
    if v is None:
        return None
    number = v if isinstance(v, Decimal) else Decimal(squeeze_out(nfkc(str(v))).replace(",", ""))
    exact = number * factor
    quantized = exact.quantize(Decimal(1).scaleb(-places))
    if quantized != exact:
        raise ValueError(f"{v} needs more than {places} decimals")
    return format(quantized, "f")


Trim = Annotated[Optional[str], BeforeValidator(trim)]
Text = Annotated[Optional[str], BeforeValidator(text)]
Ident = Annotated[Optional[str], BeforeValidator(ident)]
Plain = Annotated[Optional[str], BeforeValidator(plain)]
Day = Annotated[Optional[str], BeforeValidator(day)]
Flag = Annotated[Optional[bool], BeforeValidator(flag)]
Label = Annotated[Optional[str], BeforeValidator(trim)]
Many = BeforeValidator(lambda v: v or [])
Number = Annotated[Optional[Any], BeforeValidator(lambda v: None if isinstance(v, str) and not v.strip(WHITESPACE) else v)]


class Loose(BaseModel):
    model_config = ConfigDict(extra="ignore", arbitrary_types_allowed=True)


class Org(Loose):
    name: Trim = None
    uscc: Ident = None
    region_code: Plain = None


class Target(Loose):
    subject_type: Label = None
    name: Trim = None
    uscc: Ident = None
    legal_person: Trim = None
    id_type: Label = None
    id_no: Ident = None
    address: Trim = None


class Inspector(Loose):
    name: Trim = None
    cert_no: Ident = None


class Inspection(Loose):
    inspect_date: Day = None
    inspect_type: Label = None
    inspect_form: Label = None
    random_plan_no: Ident = None
    inspectors: Annotated[list[Inspector], Many] = []
    result: Label = None
    findings: Text = None
    rectify_deadline: Day = None


class Penalty(Loose):
    decision_no: Trim = None
    file_date: Day = None
    decision_date: Day = None
    close_date: Day = None
    procedure: Label = None
    illegal_type: Trim = None
    illegal_fact: Text = None
    basis: Text = None
    penalty_types: Annotated[list[Label], Many] = []
    penalty_content: Text = None
    fine_amount: Number = None
    confiscated_amount: Number = None
    amount_unit: Label = None
    daily_continuous: Flag = None
    hearing_held: Flag = None
    related_inspection_id: Ident = None
    publish_end_date: Day = None


class Item(Loose):
    name: Trim = None
    spec: Trim = None
    quantity: Number = None
    unit: Trim = None
    location: Trim = None


class Coercive(Loose):
    decision_no: Trim = None
    measure_type: Label = None
    start_date: Day = None
    end_date: Day = None
    extended_end_date: Day = None
    status: Label = None
    lift_date: Day = None
    lift_decision_no: Trim = None
    illegal_fact: Text = None
    basis: Text = None
    items: Annotated[list[Item], Many] = []


class Record(Loose):
    record_id: Ident = None
    record_type: str
    updated_at: int
    task_no: Ident = None
    case_no: Trim = None
    supervise_item_code: Plain = None
    org: Org = Org()
    target: Target = Target()
    inspection: Optional[Inspection] = None
    penalty: Optional[Penalty] = None
    coercive: Optional[Coercive] = None


def _acp(t: Target, data: dict[str, Any]) -> None:
    data["administrative_cp"] = t.name
    cp = code("CP_TYPE", t.subject_type)
    data["administrative_cp_type"] = cp
    kind = cp["code"] if cp else None
    ce = None
    if kind in ("1", "3") and t.uscc:
        ce = code("CE_TYPE", "001")
    elif kind in ("2", "3"):
        ce = code("CE_TYPE", t.id_type)
    data["administrative_cp_ce_type"] = ce
    if ce and ce["code"] == "001":
        data["administrative_cp_ui_code"] = t.uscc
    elif ce and ce["code"] == "111":
        data["administrative_cp_ui_code"] = upgrade_idno15(t.id_no) if t.id_no and len(t.id_no) == 15 else t.id_no
    elif kind in ("2", "3"):
        data["administrative_cp_ui_code"] = t.id_no
    if kind in ("1", "3"):
        data["legal_representative"] = t.legal_person
        if kind == "3" and ce and ce["code"] == "001" and t.id_no:
            lce = code("CE_TYPE", t.id_type)
            data["legal_representative_ce_type"] = lce
            if lce:
                data["legal_representative_id_number"] = (upgrade_idno15(t.id_no) if lce["code"] == "111" and t.id_no
                                                          and len(t.id_no) == 15 else t.id_no)
    data["administrative_cp_address"] = t.address


def _org(o: Org, data: dict[str, Any]) -> None:
    data["implement_org"] = o.name
    data["implement_org_code"] = o.uscc
    area = o.region_code
    data["area_number"] = area[:6] if area and len(area) in (9, 12) and area.isdigit() else area


def inspection(r: Record) -> dict[str, Any]:
    i = r.inspection or Inspection()
    data: dict[str, Any] = {"check_action_code": r.record_id, "supervise_item_code": r.supervise_item_code,
                            "check_type": code("CHECK_TYPE", i.inspect_type), "check_form": code("CHECK_FORM", i.inspect_form),
                            "plan_id": i.random_plan_no, "task_id": r.task_no, "check_date": i.inspect_date,
                            "check_personnel": [p.name for p in i.inspectors] or None,
                            "check_personnel_code": [p.cert_no for p in i.inspectors] or None}
    _acp(r.target, data)
    data.update(check_result=code("CHECK_RESULT", i.result), check_content=i.findings, rectify_deadline=i.rectify_deadline)
    _org(r.org, data)
    return data


def penalty(r: Record) -> dict[str, Any]:
    p = r.penalty or Penalty()
    factor = Decimal(10000) if p.amount_unit and lookup_key(p.amount_unit) == "万元" else Decimal(1)
    kinds, seen = [], set()
    for label in p.penalty_types:
        entry = code("PUNISH_TYPE", label)
        if entry and entry["code"] not in seen:
            seen.add(entry["code"])
            kinds.append(entry)
    data: dict[str, Any] = {"punish_action_code": r.record_id, "supervise_item_code": r.supervise_item_code,
                            "case_number": r.case_no, "punish_document_code": p.decision_no,
                            "punish_procedure": code("PUNISH_PROCEDURE", p.procedure), "punish_type": kinds or None,
                            "illegal_type": p.illegal_type, "illegal_fact": p.illegal_fact, "punish_basis": p.basis,
                            "punish_content": p.penalty_content, "fine_amount": amount(p.fine_amount, 2, factor),
                            "confiscated_amount": amount(p.confiscated_amount, 2, factor), "is_daily_penalty": p.daily_continuous,
                            "filing_date": p.file_date, "set_date": p.decision_date, "closing_date": p.close_date,
                            "is_hearing": p.hearing_held, "publish_end_date": p.publish_end_date,
                            "related_check_action_code": p.related_inspection_id}
    _acp(r.target, data)
    _org(r.org, data)
    return data


def coercive(r: Record) -> dict[str, Any]:
    c = r.coercive or Coercive()
    force = code("FORCE_TYPE", c.measure_type, FORCE_LABELS)
    data: dict[str, Any] = {"force_action_code": r.record_id, "supervise_item_code": r.supervise_item_code,
                            "mandatory_decision_number": c.decision_no, "force_type": force}
    if force and force["code"] == "1":
        data["coercive_measure_type"] = code("COERCIVE_MEASURE", c.measure_type)
    elif force and force["code"] == "2":
        data["enforce_mode"] = code("ENFORCE_MODE", c.measure_type)
    items = [{k: v for k, v in {"name": i.name, "spec": i.spec, "quantity": amount(i.quantity, 3), "unit": i.unit,
                                "location": i.location}.items() if v is not None} for i in c.items]
    data.update(mandatory_decision_sev_date=c.start_date, force_end_date=c.end_date, force_extend_date=c.extended_end_date,
                force_status=code("FORCE_STATUS", c.status), lift_date=c.lift_date, lift_decision_number=c.lift_decision_no,
                illegal_fact=c.illegal_fact, basis=c.basis, items=items or None)
    _acp(r.target, data)
    _org(r.org, data)
    return data


BUILDERS: dict[str, tuple[str, Callable[[Record], dict[str, Any]]]] = {
    "INSPECTION": ("JGXW_CHECK", inspection), "PENALTY": ("JGXW_PUNISH", penalty), "COERCIVE": ("JGXW_FORCE", coercive)}


def baseline(kind: str, raw: dict[str, Any], spec_name: str, tables: tuple[str, ...]) -> MappedRecord:
    """The hand-written mapper: parse, build, validate with the standard, wrap."""
    msg_type, build = BUILDERS[kind]
    record = Record.model_validate(raw)
    data = {k: v for k, v in build(record).items() if v is not None}
    seconds = record.updated_at // 1000
    cd_time = time.strftime("%Y-%m-%dT%H:%M:%S+08:00", time.gmtime(seconds + 8 * 3600))
    errors = record_type(msg_type).validate(data, cd_time=cd_time, tables=TABLES)
    if errors:
        raise ValueError(errors)
    cd_id = f"sthj:{kind}:{trim(raw['record_id'])}"
    return MappedRecord(msg_type, cd_id, "upsert", CD_SOURCE, cd_time, data, spec_name, tables)


def _runner(one: Callable[[Any], Any], items: list[Any]) -> Callable[[], None]:
    def run() -> None:
        for item in items:
            one(item)
    return run


def _rate(fn: Callable[[], None], n: int) -> float:
    started = time.perf_counter()
    fn()
    return n / (time.perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--records", type=int, default=6000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    mapper = SpecMapper()
    seeded = SimData(SimConfig(seed=args.seed, size=args.records, bad_rate=0.0)).seed_records()
    by_kind: dict[str, list[dict[str, Any]]] = {}
    for seed_record in seeded:
        raw = loads(render(seed_record.live))
        by_kind.setdefault(raw["record_type"], []).append(raw)
    print(f"sthj simulator seed {args.seed}: {sum(map(len, by_kind.values()))} records; best of {args.rounds} rounds")
    print(f"{'spec':24} {'records':>7} {'engine/s':>10} {'baseline/s':>11} {'ratio':>6} {'validation share':>17}")
    for kind in ("INSPECTION", "PENALTY", "COERCIVE"):
        payloads = by_kind.get(kind, [])
        (spec,) = mapper.specs[("sthj", kind)]
        expected = [mapper.map("sthj", kind, p)[0] for p in payloads]
        got = [baseline(kind, p, spec.name, spec.tables) for p in payloads]
        mismatches = sum(1 for a, b in zip(expected, got) if a != b)
        if mismatches:
            raise SystemExit(f"{kind}: the baseline differs from the engine on {mismatches} records")
        rtype = spec.record_type
        assert rtype is not None

        engine_run = _runner(lambda p, k=kind: mapper.map("sthj", k, p), payloads)
        baseline_run = _runner(lambda p, k=kind, s=spec: baseline(k, p, s.name, s.tables), payloads)
        validation_run = _runner(lambda r, t=rtype: t.validate(r.data, cd_time=r.cd_time, tables=TABLES), expected)

        best = {"engine": 0.0, "baseline": 0.0, "validation": 0.0}
        for _ in range(args.rounds):
            for name, fn in (("engine", engine_run), ("baseline", baseline_run), ("validation", validation_run)):
                best[name] = max(best[name], _rate(fn, len(payloads)))
        share = best["engine"] / best["validation"]
        print(f"{spec.name:24} {len(payloads):7d} {best['engine']:10.0f} {best['baseline']:11.0f} "
              f"{best['engine'] / best['baseline']:6.2f} {share:16.0%}")


if __name__ == "__main__":
    main()
