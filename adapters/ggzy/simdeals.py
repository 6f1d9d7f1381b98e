"""Seeded deals: one project with its 标段 and every stage the clock has reached (ggzy.md §4.3).

    factory = DealFactory(random.Random(7), QuirkRates(), bad_rate=0.05)
    records = factory.deal("321081", created_ms, end_ms)     # [(kind, record), ...] in stamp order
    factory.bad                                              # {(kind, ID): BadRecord(reason, field, code)}

Members are in the document's order; ``ABSENT`` marks a member the writing module left out.
Bad records break exactly one thing the standard checks; ``BadRecord.field``/``code`` is the
field error santong must report for it.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from adapters.ggzy.simconfig import QuirkRates
from adapters.ggzy.simprice import amount_text, unit_value
from adapters.ggzy.simstages import build_stages
from adapters.ggzy.simtext import ABSENT, dt_text, name_as_sent, optional
from adapters.ggzy.simvocab import PLACES, authority, firm, project_name
from adapters.ggzy.tradecode import UDC_CHARS, make_trade_code
from adapters.ggzy.wire import BEIJING, ms_to_d14
from adapters.sthj.identifiers import USCC_CHARS

__all__ = ["BadRecord", "DealFactory", "PLATFORM", "PUB_PLATFORM"]

PLATFORM = "12321000MB1F23582K"
PUB_PLATFORM = "12320000MB0C75425U"
_LEGACY_ISSUER = "12321081466452615W"
_ABBR = {"A": "GC", "B": "CG", "C": "TD", "D": "KY", "E": "CQ"}
_MODES = {"A": "1122111111", "B": "1111234456", "C": "1178", "D": "178", "E": "7789"}
_BULLETIN = {"A": "1", "B": "3", "C": "4", "D": "4", "E": "5"}
_SECTIONS = {"A": ("施工", "监理", "设计"), "B": ("第1包", "第2包", "第3包"), "C": ("宗地",), "D": ("矿权",), "E": ("标的",)}
_DAY = 86_400_000
_DATE_ONLY = re.compile(r"^([0-9]{8}|[0-9]{4}年[0-9]{1,2}月[0-9]{1,2}日)$")
#: kind → (DT member, the datetime field of GGZY_DEAL it maps to)
_DATETIME_TARGETS = {"TENDER_NOTICE": ("NOTICE_SEND_TIME", "data.notice_time"),
                     "BID_OPEN": ("BID_OPEN_TIME", "data.bid_open_time"),
                     "WIN_RESULT": ("NOTICE_SEND_TIME", "data.win_notice_time")}


@dataclass(frozen=True)
class BadRecord:
    """Why a record is invalid under the standard, and the field error mapping must name."""

    reason: str
    field: str
    code: str


class DealFactory:
    """Builds deals one after another; serial numbers and project numbers never repeat."""

    def __init__(self, rng: random.Random, quirks: QuirkRates, bad_rate: float) -> None:
        self.rng, self.q, self.bad_rate = rng, quirks, bad_rate
        self.bad: dict[tuple[str, str], BadRecord] = {}
        self._serials: dict[tuple[str, str], int] = {}
        self._project_seq: dict[tuple[str, int], int] = {}
        self.end_ms = 0

    # -- small helpers ------------------------------------------------------------------------
    def _id(self) -> str:
        return f"{self.rng.getrandbits(128):032x}"

    def _trade_code(self, trade_type: str, day: date) -> str:
        issuer = PLATFORM if day.year >= 2019 or self.rng.random() < 0.5 else _LEGACY_ISSUER
        key = (issuer, day.isoformat() if day.year >= 2019 else "legacy")
        self._serials[key] = self._serials.get(key, 200 if day.year < 2019 else 0) + 1 + self.rng.randrange(3)
        return make_trade_code(issuer, trade_type, day, self._serials[key])

    def _subject(self, trade_type: str, when: datetime) -> dict[str, Any]:
        """A bidder as sent: USCC under 97, or before 三证合一 (2016-10) a 组织机构代码 (quirk 6)."""
        name, uscc = firm(self.rng, trade_type, area=self.rng.choice(("321081", "321081", "321000", "321003")),
                          legacy=when.year < 2017)
        if self.rng.random() < self.q.brackets:
            name = name.replace("有限公司", "有限公司（仪征分公司）")
        if when < datetime(2016, 10, 1, tzinfo=BEIJING):
            code = uscc[8:17]
            if self.rng.random() < self.q.hyphen:
                code = code[:8] + "-" + code[8]
            kind = "97" if self.rng.random() < self.q.legacy_97 else "01"
            return {"NAME": name_as_sent(self.rng, name, self.q), "CODE_TYPE": kind, "CODE": code}
        return {"NAME": name_as_sent(self.rng, name, self.q), "CODE_TYPE": "97", "CODE": uscc}

    def _dt(self, ms: int) -> str:
        return dt_text(self.rng, ms, self.q)

    # -- one deal -----------------------------------------------------------------------------
    def deal(self, region: str, created_ms: int, end_ms: int) -> list[tuple[str, dict[str, Any]]]:
        """Every record of one new project whose DATA_TIMESTAMP is not after ``end_ms``."""
        rng, q = self.rng, self.q
        self.end_ms = end_ms
        trade_type = rng.choices("ABCDE", weights=(50, 30, 8, 2, 10))[0]
        created = datetime.fromtimestamp(created_ms / 1000, BEIJING)
        year = created.year
        seq_key = (_ABBR[trade_type], year)
        self._project_seq[seq_key] = self._project_seq.get(seq_key, 199) + 1
        project = f"YZS-{_ABBR[trade_type]}-{year}-{self._project_seq[seq_key]:04d}"
        tenderer = authority(rng, trade_type)
        mode = rng.choice(_MODES[trade_type])
        pname = project_name(rng, trade_type, year)
        common = {"REGION_CODE": region, "TRADE_TYPE": trade_type, "DATA_STATE": "1",
                  "PLATFORM_CODE": PLATFORM, "PUB_SERVICE_PLAT_CODE": PUB_PLATFORM}
        out: list[tuple[str, dict[str, Any]]] = []

        def add(kind: str, stamp_ms: int, fields: dict[str, Any]) -> dict[str, Any]:
            record = {"ID": self._id(), **common, **fields, "DATA_TIMESTAMP": ms_to_d14(stamp_ms)}
            out.append((kind, record))
            return record

        agency = None
        if trade_type in "AB" and rng.random() < 0.8:
            agency = (f"江苏{rng.choice(('广陵', '正衡', '华诚', '中信'))}工程咨询有限公司",
                      firm(rng, "A", area="321000")[1])
        add("TENDER_PROJECT", created_ms + rng.randrange(1, 30) * 1000, {
            "TENDER_PROJECT_CODE": project, "TENDER_PROJECT_NAME": pname,
            **({"PROJECT_CODE": f"{year % 100:02d}{created.month:02d}-321081-{rng.choice(('04', '48', '47'))}-01-"
                                f"{rng.randrange(10**6):06d}", "TENDER_PROJECT_TYPE": f"A0{rng.randint(1, 7)}"}
               if trade_type == "A" and year >= 2017 else {}),
            "TENDER_MODE": mode, "TENDER_ORGANIZE_FORM": "2" if agency else "1",
            "TENDERER_NAME": name_as_sent(rng, tenderer[0], q), "TENDERER_CODE_TYPE": "97", "TENDERER_CODE": tenderer[1],
            **({"TENDER_AGENCY_NAME": agency[0], "TENDER_AGENCY_CODE": agency[1]} if agency else {}),
            "PROJECT_ADDRESS": optional(rng, q, f"仪征市{rng.choice(PLACES)}{rng.randint(1, 300)}号"),
            "CREATE_TIME": self._dt(created_ms)})
        names = _SECTIONS[trade_type][: rng.randint(1, 3 if trade_type in "AB" else 1)]
        notice_ms = (created_ms // _DAY + rng.randint(1, 3)) * _DAY + 3_600_000  # 09:00 Beijing
        open_ms = notice_ms + rng.randint(20, 25) * _DAY + 1_800_000
        sections = []
        for i, sname in enumerate(names, start=1):
            code = self._trade_code(trade_type, created.date())
            rate = trade_type == "A" and sname != "施工"
            low, high = (3_000_000, 400_000_000) if rate else (80_000_000, 4_000_000_000)
            reckon = (Decimal(rng.randrange(low, high)) / 100).quantize(Decimal("0.01"))
            wan = rng.random() < 0.4
            shown = (reckon / 10000).quantize(Decimal("0.0001")) if wan else reckon
            reckon = shown * 10000 if wan else reckon
            add("BID_SECTION", created_ms + (30 + i) * 1000, {
                "TENDER_PROJECT_CODE": project, "BID_SECTION_CODE": f"{project}-{i:03d}", "BID_SECTION_NAME": sname,
                "TRADE_CODE": code, "BID_SECTION_CONTENT": optional(rng, q, pname + sname),
                "CONTRACT_RECKON_PRICE": amount_text(rng, shown, year=year, quirks=q), "PRICE_FORM_CODE": "1",
                "PRICE_UNIT": unit_value(rng, "1" if wan else "0", year=year, quirks=q, is_rate=False),
                "CURRENCY_CODE": "CNY", "TIME_LIMIT": rng.randint(60, 720), "QUAL_TYPE": "2",
                "CREATE_TIME": self._dt(created_ms + (30 + i) * 1000)})
            sections.append((i, sname, code, rate, reckon))
        add("TENDER_NOTICE", notice_ms + rng.randrange(5, 60) * 1000, {
            "TENDER_PROJECT_CODE": project,
            "BID_SECTION_CODES": ",".join(f"{project}-{i:03d}" for i, *_ in sections),
            "TRADE_CODES": ",".join(code for _, _, code, _, _ in sections),
            "NOTICE_TITLE": pname + "、".join(n for _, n, *_ in sections) + "招标公告", "BULLETIN_TYPE": _BULLETIN[trade_type],
            "NOTICE_NATURE": "1", "TENDER_MODE": mode, "NOTICE_SEND_TIME": self._dt(notice_ms),
            "BID_DOC_REFER_END_TIME": self._dt(open_ms), "BID_OPEN_TIME": self._dt(open_ms)})
        session_ms = open_ms + rng.randint(3600, 7200) * 1000  # one 开标 session: one DATA_TIMESTAMP
        for i, sname, code, rate, reckon in sections:
            self._stages(add, trade_type, project, pname, tenderer, (i, sname, code, rate, reckon), open_ms, session_ms)
        out.sort(key=lambda t: (t[1]["DATA_TIMESTAMP"], t[1]["ID"]))
        end = ms_to_d14(end_ms)
        kept = [(kind, record) for kind, record in out if record["DATA_TIMESTAMP"] <= end]
        for kind, record in out[len(kept):]:
            self.bad.pop((kind, record["ID"]), None)
        for kind, record in kept:
            self._date_only(kind, record)
        return kept

    def _date_only(self, kind: str, record: dict[str, Any]) -> None:
        """Quirk 11's date-only forms where the standard wants a date-time: FORMAT, no time is invented."""
        member, field = _DATETIME_TARGETS.get(kind, ("", ""))
        value = record.get(member)
        if record["DATA_STATE"] == "2":  # a tombstone carries only its key
            return
        if isinstance(value, str) and _DATE_ONLY.match(value) and (kind, record["ID"]) not in self.bad:
            self.bad[(kind, record["ID"])] = BadRecord(f"{member} is a date without a time", field, "FORMAT")

    def _stages(self, add: Any, trade_type: str, project: str, pname: str, tenderer: tuple[str, str],
                section: tuple[int, str, str, bool, Decimal], open_ms: int, session_ms: int) -> None:
        build_stages(self, add, trade_type, project, pname, tenderer, section, open_ms, session_ms)

    def corrupt(self, kind: str, record: dict[str, Any]) -> None:
        """Break one checked thing of a stage record, at ``bad_rate``; registers it in ``bad``."""
        rng = self.rng
        if kind not in ("BID_OPEN", "WIN_CANDIDATE", "WIN_RESULT", "CONTRACT") or rng.random() >= self.bad_rate:
            return
        options = ["trade_code"]
        bidders = record.get("BIDDER_LIST") or record.get("CANDIDATE_LIST") or []
        if kind in ("WIN_RESULT", "CONTRACT") and len(str(record.get("WIN_BIDDER_CODE"))) == 18:
            options.append("winner_code")
        if bidders and len(str(bidders[0].get("BIDDER_CODE"))) == 18:
            options.append("bidder_code")
        if kind == "WIN_RESULT":
            options.append("notice_time")
        if kind == "CONTRACT":
            options.append("signing_time")
        if kind == "BID_OPEN" and bidders and bidders[0].get("PRICE_FORM_CODE") == "2":
            options.append("rate_unit")
        reason = rng.choice(options)
        if reason == "trade_code":
            good = record["TRADE_CODE"]
            record["TRADE_CODE"] = good[:32] + UDC_CHARS[(UDC_CHARS.index(good[32]) + 1 + rng.randrange(35)) % 37]
            bad = BadRecord("TRADE_CODE with a wrong check character", "data.unified_deal_code", "CHECKSUM")
        elif reason in ("winner_code", "bidder_code"):
            holder, key = (record, "WIN_BIDDER_CODE") if reason == "winner_code" else (bidders[0], "BIDDER_CODE")
            good = holder[key]
            holder[key] = good[:17] + USCC_CHARS[(USCC_CHARS.index(good[17]) + 1 + rng.randrange(29)) % 31]
            field = "data.win_bidder_code" if reason == "winner_code" else "data.bidders[0].code"
            bad = BadRecord(f"{key} with a wrong check character", field, "CHECKSUM")
        elif reason == "notice_time":
            record["NOTICE_SEND_TIME"] = ""
            bad = BadRecord("NOTICE_SEND_TIME empty", "data.win_notice_time", "REQUIRED")
        elif reason == "signing_time":
            record["SIGNING_TIME"] = f"{record['DATA_TIMESTAMP'][:4]}-02-30 10:00:00"
            bad = BadRecord("SIGNING_TIME is no date", "data.contract_sign_date", "FORMAT")
        else:
            bidders[0]["PRICE_UNIT"] = ABSENT
            rate = Decimal(str(bidders[0]["BID_PRICE"]).strip().rstrip("%"))  # plainly spelt: only the unit is wrong
            bidders[0]["BID_PRICE"] = format(rate * 100 if rate < 1 else rate, "f")
            bad = BadRecord("rate without PRICE_UNIT: 费率 or 下浮率 unknown", "data.bidders[0].bid_price.unit", "REQUIRED")
        self.bad[(kind, record["ID"])] = bad
