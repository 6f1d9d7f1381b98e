"""Builds one live record of the simulated 执法系统, valid under the national standard once mapped.

    builder = RecordBuilder(random.Random(7), QuirkRates())
    built = builder.build("PENALTY", "HBZF-CF-2025-000117", created_ms, limit_ms, migrated=False)
    built.record          # dict as served (version 1, updated_at = built.floor_ms until the caller sets it)

Every quirk that a conforming consumer must *accept* is applied here at its configured rate
(date forms, padding, 15-digit IDs, Java doubles, 万元, labels and synonyms, null/""/absent,
ext members).  Breaking a record on purpose is :mod:`adapters.sthj.simbad`'s job.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any

from adapters.sthj import simvocab as v
from adapters.sthj.identifiers import (
    USCC_CHARS,
    make_id_number,
    make_org_code,
    make_uscc,
)
from adapters.sthj.simconfig import QuirkRates
from adapters.sthj.simjson import JavaNumber

__all__ = ["BEIJING", "Built", "RecordBuilder", "day_of", "day_start_ms", "render_date"]

BEIJING = timezone(timedelta(hours=8))
_PADS = ("\u3000", " ", "\u00a0", "\t")
_BRACKETS = (("[", "]"), ("【", "】"), ("（", "）"))
_ID_AREAS = ("321081", "321081", "321081", "321081", "321088", "321002", "321023", "320684")


def day_of(ms: int) -> date:
    """Calendar date (+08:00) of an epoch-ms instant."""
    return datetime.fromtimestamp(ms / 1000, BEIJING).date()


def day_start_ms(d: date) -> int:
    return int(datetime(d.year, d.month, d.day, tzinfo=BEIJING).timestamp() * 1000)


def render_date(d: date, form: str, zero_pad: bool = False) -> str:
    """One of the four forms of quirk 1."""
    if form == "iso":
        return f"{d:%Y-%m-%d}"
    if form == "compact":
        return f"{d:%Y%m%d}"
    if form == "cn":
        return f"{d.year}年{d.month:02d}月{d.day:02d}日" if zero_pad else f"{d.year}年{d.month}月{d.day}日"
    return f"{d.year}/{d.month}/{d.day}"


@dataclass
class Built:
    """A fresh record and the earliest ``updated_at`` its act dates allow."""

    record: dict[str, Any]
    floor_ms: int


class RecordBuilder:
    """Seeded generator of live records; one instance per random stream."""

    def __init__(self, rng: random.Random, quirks: QuirkRates) -> None:
        self.rng = rng
        self.q = quirks
        self._forms = list(quirks.date_forms)
        self._form_w = list(quirks.date_forms.values())
        self._nv = list(quirks.no_value_forms)
        self._nv_w = list(quirks.no_value_forms.values())
        self.inspection_ids: list[str] = []  # for penalty.related_inspection_id
        self._doc_no = 0

    # -- small helpers -------------------------------------------------------------------
    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    def fmt(self, d: date) -> str:
        form = self.rng.choices(self._forms, self._form_w)[0]
        return render_date(d, form, self.chance(self.q.cn_zero_pad))

    def pad(self, text: str) -> str:
        if not self.chance(self.q.padding):
            return text
        side = self.rng.randrange(3)
        lead = self.rng.choice(_PADS) if side in (0, 2) else ""
        tail = self.rng.choice(_PADS) if side in (1, 2) else ""
        return lead + text + tail

    def opt(self, obj: dict[str, Any], key: str, value: Any, migrated: bool, *, array: bool = False) -> None:
        """Set an optional member, or one of the quirk-8 forms of "no value" (V1 records omit it)."""
        if value not in (None, "", []):
            obj[key] = value
            return
        form = "absent" if migrated else self.rng.choices(self._nv, self._nv_w)[0]
        if form == "null":
            obj[key] = None
        elif form == "empty":
            obj[key] = [] if array else ""

    def ext(self, obj: dict[str, Any], key: str, value: Any, migrated: bool) -> None:
        """Ext members come from newer entry paths only: present at the configured rate."""
        if value is not None and not migrated and self.chance(self.q.ext_members):
            obj[key] = value

    def person(self) -> str:
        return self.rng.choice(v.SURNAMES) + self.rng.choice(v.GIVEN_NAMES)

    def doc_no(self) -> int:
        self._doc_no += 1
        return 1 + (self._doc_no * 37) % 400

    def bracketed(self, prefix: str, year: int, number: str) -> str:
        left, right = self.rng.choice(_BRACKETS) if self.chance(self.q.bracket_variant) else ("〔", "〕")
        return f"{prefix}{left}{year}{right}{number}号"

    def address(self, company: bool) -> str:
        town = self.rng.choice(v.TOWNS)
        if company and self.chance(0.5):
            return f"仪征市{town}{self.rng.choice(v.PARKS)}{self.rng.choice(v.ROADS)}{self.rng.randint(1, 88)}号"
        if not company and self.chance(0.5):
            return f"仪征市{town}{self.rng.choice(v.VILLAGES)}{self.rng.choice('一二三四五六七八')}组"
        return f"仪征市{town}{self.rng.choice(v.ROADS)}{self.rng.randint(1, 300)}号"

    def id_number(self, created: date) -> str:
        area = self.rng.choice(_ID_AREAS)
        born = date(1935, 1, 1) + timedelta(days=self.rng.randrange(65 * 365))
        born = min(born, created - timedelta(days=18 * 366))
        if self.chance(self.q.legacy_id15):
            born = min(born, date(1999, 12, 31))  # a 15-digit number always means 19YY
            return f"{area}{born:%y%m%d}{self.rng.randrange(1000):03d}"
        start = self.rng.randrange(1000)
        want_x = self.chance(0.1)
        for i in range(1000):
            number = make_id_number(area, born, (start + i) % 1000)
            if not want_x or number.endswith("X"):
                break
        return number.lower() if number.endswith("X") and self.chance(self.q.lower_x) else number

    def org_body(self, migrated: bool) -> str:
        if migrated:
            return "".join(self.rng.choice("0123456789") for _ in range(8))
        return "MA" + "".join(self.rng.choice(USCC_CHARS) for _ in range(6))

    # -- the parts of a record -----------------------------------------------------------
    def target(self, created: date, migrated: bool, *, person_ok: bool = True) -> dict[str, Any]:
        kind = self.rng.choices(["单位", "个体工商户", "个人"], [0.7, 0.15, 0.15 if person_ok else 0.0])[0]
        t: dict[str, Any] = {}
        syn = migrated and self.chance(max(self.q.synonym, 0.5))
        if kind == "个人":
            t["subject_type"] = "自然人" if syn else "个人"
            t["name"] = self.pad(self.person())
            self.opt(t, "uscc", None, migrated)
            self.opt(t, "permit_no", None, migrated)
            self.opt(t, "legal_person", None, migrated)
            t["id_type"] = "居民身份证" if self.chance(self.q.synonym) else "身份证"
            t["id_no"] = self.id_number(created)
            t["address"] = self.pad(self.address(False))
            self.opt(t, "industry", None, migrated)
            t["source_type"] = "其他"
            return t
        if kind == "个体工商户":
            shop, industry = self.rng.choice(v.SHOPS)
            owner = self.person()
            who = "老" + owner[0] if self.chance(0.4) else owner
            t["subject_type"] = "个体工商户"
            t["name"] = self.pad(f"仪征市{self.rng.choice(v.TOWNS)}{who}{shop}")
            t["uscc"] = make_uscc("92", "321081", make_org_code(self.org_body(False)))
            self.opt(t, "permit_no", None, migrated)
            self.opt(t, "legal_person", self.pad(owner) if self.chance(0.8) else None, migrated)
            with_id = self.chance(0.5)
            self.opt(t, "id_type", "身份证" if with_id else None, migrated)
            self.opt(t, "id_no", make_id_number("321081", date(1975, 4, 22) + timedelta(days=self.rng.randrange(9000)),
                                                self.rng.randrange(1000)) if with_id else None, migrated)
            self.opt(t, "address", self.pad(self.address(True)), migrated)
            self.opt(t, "industry", industry, migrated)
            self.opt(t, "source_type", self.rng.choice(("排污登记单位", "其他")), migrated)
            return t
        word, industry = self.rng.choice(v.COMPANY_KINDS)
        uscc = make_uscc("91", "321081", make_org_code(self.org_body(migrated)))
        source_type = self.rng.choice(v.SOURCE_TYPES)
        t["subject_type"] = "法人" if syn else "单位"
        t["name"] = self.pad(f"仪征市{self.rng.choice(v.BRANDS)}{word}{self.rng.choice(v.COMPANY_SUFFIXES)}")
        t["uscc"] = uscc
        permit = source_type in ("重点排污单位", "一般排污单位") and self.chance(0.7)
        self.opt(t, "permit_no", f"{uscc}{self.rng.randint(1, 3):03d}{self.rng.choice('PUVQ')}" if permit else None, migrated)
        t["legal_person"] = self.pad(self.person())  # ACP-2: M for 法人及非法人组织
        self.opt(t, "id_type", None, migrated)
        self.opt(t, "id_no", None, migrated)
        t["address"] = self.pad(self.address(True))
        self.opt(t, "industry", industry, migrated)
        self.opt(t, "source_type", source_type, migrated)
        return t

    def inspectors(self) -> list[dict[str, str]]:
        chosen = self.rng.sample(v.OFFICERS, 3 if self.chance(0.2) else 2)
        return [{"name": self.pad(name), "cert_no": cert} for name, cert in chosen]

    def build(self, kind: str, record_id: str, created_ms: int, limit_ms: int, *, migrated: bool) -> Built:
        """A live record (version 1) created at ``created_ms`` whose act dates are ≤ ``limit_ms``."""
        created = day_of(created_ms)
        limit = day_of(limit_ms)
        rec: dict[str, Any] = {
            "record_id": record_id, "record_type": kind, "version": 1, "deleted": False,
            "created_at": created_ms, "updated_at": created_ms,
        }
        task = f"YZHB-RW-{created - timedelta(days=self.rng.randint(0, 5)):%Y%m%d}-{self.rng.randint(1, 12):03d}"
        self.opt(rec, "task_no", task if self.chance(0.7) and not migrated else None, migrated)
        case_no = self.bracketed("仪环立", created.year, f"{self.doc_no():03d}")
        if kind == "INSPECTION":
            self.opt(rec, "case_no", None, migrated)
        else:
            rec["case_no"] = case_no
        rec["supervise_item_code"] = self.rng.choice(v.ITEM_CODES[kind])
        if migrated:
            rec["entry_channel"] = "历史迁移"
        else:
            self.ext(rec, "entry_channel", self.rng.choice(("PC端", "移动执法", "移动执法", "批量导入")), migrated)
        rec["org"] = dict(v.ORG)
        if kind == "INSPECTION":
            rec["target"] = self.target(created, migrated)
            last = self._inspection(rec, created, limit, migrated)
            self.inspection_ids.append(record_id)
        elif kind == "PENALTY":
            rec["target"] = self.target(created, migrated)
            last = self._penalty(rec, created, limit, migrated)
        else:
            rec["target"] = self.target(created, migrated, person_ok=False)
            last = self._coercive(rec, created, limit, migrated)
        floor = max(created_ms, day_start_ms(last) + self.rng.randrange(8 * 3600_000, 18 * 3600_000))
        return Built(rec, min(floor, max(limit_ms, created_ms)))

    def _inspection(self, rec: dict[str, Any], created: date, limit: date, migrated: bool) -> date:
        when = min(created - timedelta(days=self.rng.choice((0, 0, 0, 1, 2))), limit)
        itype = self.rng.choices(["双随机抽查", "日常检查", "专项检查", "投诉举报核查", "交办督办核查", "其他"],
                                 [25, 35, 15, 15, 5, 5])[0]
        result = self.rng.choices(list(v.FINDINGS), [50, 30, 10, 5, 5])[0]
        body: dict[str, Any] = {"inspect_date": self.fmt(when), "inspect_type": itype,
                                "inspect_form": self.rng.choices(["现场检查", "非现场检查", "书面检查"], [80, 12, 8])[0]}
        plan = f"SSJ-{when.year}-321081-{self.rng.randint(1, 120):04d}" if itype == "双随机抽查" else None
        self.opt(body, "random_plan_no", plan, migrated)
        body["inspectors"] = self.inspectors()
        body["result"] = result
        self.opt(body, "findings", self.rng.choice(v.FINDINGS[result]), migrated)
        self.ext(body, "record_no", f"仪环检笔〔{when.year}〕{self.rng.randint(100, 1500)}号", migrated)
        if result == "发现问题已责令整改":  # CHK-4: a deadline only with result 2
            self.ext(body, "rectify_deadline", self.fmt(when + timedelta(days=self.rng.choice((7, 14, 15, 30)))), migrated)
        rec["inspection"] = body
        return when

    def _amount(self, yuan: Decimal, wan: bool) -> JavaNumber:
        if wan:
            return JavaNumber.of(yuan / 10000)
        return JavaNumber.of(yuan, full=yuan >= 10_000_000 and self.chance(self.q.batch_full_amount))

    def _penalty(self, rec: dict[str, Any], created: date, limit: date, migrated: bool) -> date:
        person = rec["target"]["subject_type"] in ("个人", "自然人")
        filed = min(created, limit)
        decided = min(filed + timedelta(days=self.rng.randint(10, 75)), limit)
        closed: date | None = decided + timedelta(days=self.rng.randint(5, 60))
        if closed is not None and (closed > limit or self.chance(0.2)):
            closed = None
        simple = self.chance(0.08) and not migrated
        wan = migrated and self.chance(self.q.wan_yuan)
        daily = False
        if simple:
            procedure = "简易程序"
            types = self.rng.choice((["警告"], ["罚款"], ["警告", "罚款"]))
            fine = Decimal(self.rng.choice((50, 100, 200) if person else (500, 1000, 2000, 3000)))
        else:
            modern = "普通程序" if filed.year >= 2021 else "一般程序"
            procedure = modern if not self.chance(self.q.synonym) else ("一般程序" if modern == "普通程序" else "普通程序")
            types = list(self.rng.choices(_PENALTY_COMBOS, [c[1] for c in _PENALTY_COMBOS])[0][0])
            if self.chance(self.q.big_amount) and not wan:
                fine, daily = Decimal(self.rng.choice((10_800_000, 20_000_000, 12_600_000, 15_300_000))), True
                if "罚款" not in types:
                    types.insert(0, "罚款")
            elif wan:
                fine = Decimal(self.rng.choice(("0.5", "1", "2", "2.5", "3", "5", "8", "10"))) * 10000
            elif self.chance(self.q.fraction_amount):
                fine = Decimal(self.rng.choice(("3650.5", "12345.6", "8762.25", "45800.5")))
            else:
                fine = Decimal(self.rng.choice((5000, 10000, 20000, 30000, 50000, 52000, 80000, 100000, 200000, 500000)))
        illegal_type, fact, basis = self.rng.choice(v.PENALTY_CASES)
        body: dict[str, Any] = {
            "decision_no": self.bracketed("仪环罚", decided.year, str(self.rng.randint(1, 260))),
            "file_date": self.fmt(filed), "decision_date": self.fmt(decided),
        }
        self.opt(body, "close_date", self.fmt(closed) if closed else None, migrated)
        body.update(procedure=procedure, illegal_type=illegal_type, illegal_fact=fact, basis=basis, penalty_types=types)
        self.opt(body, "fine_amount", self._amount(fine, wan) if "罚款" in types else None, migrated)
        confiscated = "没收违法所得" in types or "没收非法财物" in types
        amount = Decimal(self.rng.choice(("0", "3200", "12345.6", "86000")))
        self.opt(body, "confiscated_amount", self._amount(amount, wan) if confiscated else None, migrated)
        if wan:
            body["amount_unit"] = "万元"
        self.ext(body, "penalty_content", f"罚款人民币{fine.normalize():f}元" if "罚款" in types else None, migrated)
        body["daily_continuous"] = daily
        body["hearing_held"] = not simple and fine >= 100000 and self.chance(0.5)
        related = self.rng.choice(self.inspection_ids[-50:]) if self.inspection_ids and self.chance(0.5) else None
        self.opt(body, "related_inspection_id", related, migrated)
        self.opt(body, "publish_end_date", self.fmt(decided + timedelta(days=365)) if self.chance(0.6) else None, migrated)
        rec["penalty"] = body
        return closed or decided

    def _coercive(self, rec: dict[str, Any], created: date, limit: date, migrated: bool) -> date:
        measure = self.rng.choices(list(v.COERCIVE_CASES), [45, 30, 10, 5, 10])[0]
        prefix, fact, basis = v.COERCIVE_CASES[measure]
        start = min(created, limit)
        body: dict[str, Any] = {"decision_no": self.bracketed(prefix, start.year, str(self.rng.randint(1, 60))),
                                "measure_type": measure, "illegal_fact": fact, "basis": basis,
                                "start_date": self.fmt(start)}
        last, status, lift, extended_to = start, "实施中", None, None
        if measure in ("查封", "扣押"):
            end = start + timedelta(days=29)
            body["end_date"] = self.fmt(end)
            roll = self.rng.random()
            if roll < 0.45:
                lift = min(start + timedelta(days=self.rng.randint(3, 29)), limit)
                status, last = "已解除", lift
            elif roll < 0.6:
                extended_to, status = end + timedelta(days=self.rng.randint(10, 30)), "已延期"
            elif end < limit:
                status = "已到期"
        else:
            planned = start + timedelta(days=self.rng.randint(30, 90)) if self.chance(0.4) else None
            self.opt(body, "end_date", self.fmt(planned) if planned else None, migrated)
        body["extended"] = extended_to is not None
        self.opt(body, "extended_end_date", self.fmt(extended_to) if extended_to else None, migrated)
        body["status"] = status
        self.opt(body, "lift_date", self.fmt(lift) if lift else None, migrated)
        lift_no = self.bracketed("仪环解封" if measure == "查封" else "仪环解扣", last.year, str(self.rng.randint(1, 30)))
        self.opt(body, "lift_decision_no", lift_no if lift else None, migrated)
        items = None
        if measure in v.SEIZED_ITEMS:
            items = []
            for name, spec, unit, fractional in self.rng.sample(v.SEIZED_ITEMS[measure], self.rng.randint(1, 3)):
                qty: Any = Decimal(self.rng.choice(("1.5", "2.25", "0.8"))) if fractional else self.rng.randint(1, 6)
                items.append({"name": name, "spec": spec, "quantity": qty, "unit": unit, "location": "本局罚没物品仓库"})
        self.opt(body, "items", items, migrated, array=True)
        rec["coercive"] = body
        return last


# (penalty_types, weight) for 普通程序; no two labels share a standard code (PUN-12)
_PENALTY_COMBOS: tuple[tuple[tuple[str, ...], float], ...] = (
    (("罚款",), 55), (("警告", "罚款"), 10), (("罚款", "责令停产整治"), 8), (("罚款", "没收违法所得"), 6),
    (("责令停产整治",), 4), (("罚款", "限制开展生产经营活动"), 3), (("通报批评",), 2), (("责令关闭",), 2),
    (("没收非法财物",), 3), (("警告",), 4), (("罚款", "降低资质等级"), 1), (("罚款", "限制从业"), 1), (("其他",), 1),
)
