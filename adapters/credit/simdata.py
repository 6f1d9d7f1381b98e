"""Seeded, realistic content of the simulated platform: organs, subjects and list-change events.

    data = SimData(config)
    events, bad = data.seed_events(now)      # §4.6 events (without seq), {eventId: BadEvent}
    data.organs                              # the §3.8 directory of the area

Identifiers are valid (GB 32100 / 11714 / 11643, through ``adapters.sthj.identifiers``) unless
an event is deliberately bad; ``BadEvent`` names the STANDARD field that must fail.
"""

from __future__ import annotations

import copy
import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from adapters.credit.simconfig import SimConfig
from adapters.credit.wire import LIST_NAMES, mask_id
from adapters.sthj.identifiers import make_id_number, make_org_code, make_uscc, USCC_CHARS

__all__ = ["BadEvent", "ORGANS", "SimData"]

ORGANS: tuple[tuple[str, str, str], ...] = (
    ("仪征市市场监督管理局", "11321081MB1C87057L", "321081"),
    ("仪征市行政审批局", "11321081MB1C440570", "321081"),
    ("仪征市住房和城乡建设局", "113210810141268357", "321081"),
    ("仪征市城市管理局", "11321081MB1G5526XR", "321081"),
    ("仪征市人民法院", "11321081004671311R", "321081"),
    ("国家税务总局仪征市税务局", "11321081MB1H094327", "321081"),
    ("扬州市市场监督管理局", "11321000MB1F335619", "321000"),
    ("国家税务总局扬州市税务局第二稽查局", "11321000MB1H09432W", "321000"),
)
_SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林高罗"
_GIVEN = ("建国", "立华", "海峰", "秀兰", "志强", "国平", "德明", "红梅", "俊", "丽娟", "文斌", "晓东", "春燕", "永刚")
_TOWNS = ("真州", "新城", "青山", "马集", "刘集", "陈集", "大仪", "月塘", "新集", "樊川")
_TRADES = ("建材贸易", "物流", "机械制造", "化工", "电器销售", "餐饮管理", "建设工程", "再生资源回收", "纺织", "汽车配件")
_MEASURES = {
    "SXBZXR": [("GXF-01", "限制高消费及非生活和工作必需的消费行为", "GXF"),
               ("ZTB-01", "限制参与依法必须招标项目的投标活动", "ZTB"),
               ("XZXK-01", "作为行政许可审慎审查对象，不适用告知承诺制", "XZXK")],
    "YZWFSX": [("ZTB-01", "限制参与依法必须招标项目的投标活动", "ZTB"), ("ZFCG-01", "限制参加政府采购活动", "ZFCG"),
               ("RZXZ-01", "限制担任企业法定代表人、董事、监事、高级管理人员", "RZXZ")],
    "JYYC": [("XZXK-02", "列为重点监管对象，提高抽查比例和频次", "XZXK"), ("PYPX-01", "取消参加评先评优资格", "PYPX")],
    "ZDSSWF": [("CZZJ-01", "限制申请财政性资金和政策扶持", "CZZJ"), ("ZFCG-01", "限制参加政府采购活动", "ZFCG")],
}
_SOURCES = {"SXBZXR": "最高人民法院（经信用中国）", "YZWFSX": "国家企业信用信息公示系统（江苏）",
            "JYYC": "国家企业信用信息公示系统（江苏）", "ZDSSWF": "国家税务总局江苏省税务局"}
_ORGAN_OF = {"SXBZXR": 4, "YZWFSX": 0, "JYYC": 0, "ZDSSWF": 5}


@dataclass(frozen=True)
class BadEvent:
    """Why STANDARD refuses an event: ``field`` (``data.…``), ``reason``, and the quirk if any."""

    field: str
    reason: str
    quirk: int | None = None


class SimData:
    """Deterministic generator (``config.seed``)."""

    def __init__(self, config: SimConfig) -> None:
        self.config = config
        self.rng = random.Random(config.seed)
        self.organs = [{"name": n, "uscc": u, "areaCode": a, "status": "1"} for n, u, a in ORGANS]
        self._n = 0

    def _name(self) -> str:
        return self.rng.choice(_SURNAMES) + self.rng.choice(_GIVEN)

    def _company(self) -> dict[str, Any]:
        self._n += 1
        body = "MA1" + "".join(self.rng.choice(USCC_CHARS[:31].replace("I", "")) for _ in range(5))
        uscc = make_uscc("91", "321081", make_org_code(body))
        name = f"仪征市{self.rng.choice(_TOWNS)}{self.rng.choice(_TRADES)}有限公司" if self._n % 7 else \
            f"扬州{self.rng.choice(_TOWNS)}{self.rng.choice(_TRADES)}（仪征）有限公司"
        return {"name": name, "category": "法人及非法人组织", "uscc": uscc, "regNo": None, "legalRep": self._name(),
                "idType": None, "idNo": None}

    def _person(self, sxbzxr: bool) -> dict[str, Any]:
        born = date(1950, 1, 1) + timedelta(days=self.rng.randrange(20000))
        number = make_id_number("321081", born, self.rng.randrange(1000))
        empty: Any = "" if sxbzxr else None  # quirk 13: SXBZXR sends "" where others send null
        return {"name": self._name(), "category": "自然人", "uscc": empty, "regNo": empty, "legalRep": empty,
                "idType": "身份证", "idNo": mask_id(number)}

    def _inclusion(self, list_type: str, day: date, organ: int | None = None) -> dict[str, Any]:
        name, uscc, _ = ORGANS[_ORGAN_OF[list_type] if organ is None else organ]
        reasons = {"SXBZXR": "有履行能力而拒不履行生效法律文书确定义务", "YZWFSX": "被列入经营异常名录届满3年仍未履行相关义务",
                   "JYYC": "通过登记的住所或者经营场所无法联系的", "ZDSSWF": "虚开增值税专用发票"}
        return {"date": day.isoformat(), "reason": reasons[list_type], "organ": name, "organUscc": uscc,
                "docNo": f"仪{list_type}〔{day.year}〕第{self.rng.randrange(1, 9999):04d}号"}

    def _detail(self, list_type: str, day: date, subject: dict[str, Any], yc: bool) -> dict[str, Any]:
        if list_type == "SXBZXR":
            case = f"({day.year})苏1081执{self.rng.randrange(100, 9999)}号"
            fbsj = int(datetime(day.year, day.month, day.day, 10).timestamp() * 1000)
            return {"AH": case, "ZXFY": "仪征市人民法院", "LASJ": (day - timedelta(days=120)).isoformat(),
                    "ZXYJWH": f"({day.year})苏1081民初{self.rng.randrange(100, 9999)}号", "ZCZXYJDW": "仪征市人民法院",
                    "FLYW": f"被告{subject['name']}偿还原告借款本金{self.rng.randrange(1, 50) * 10000}元及利息。",
                    "LXQK": self.rng.choice(("全部未履行", "部分未履行")), "SXQX": "有履行能力而拒不履行生效法律文书确定义务",
                    "FBSJ": fbsj}
        if list_type == "YZWFSX":
            return {"LRYJ": "《市场监督管理严重违法失信名单管理办法》第十三条",
                    "YCYJ": "《市场监督管理严重违法失信名单管理办法》第十六条" if yc else None, "GLCFWSH": None}
        if list_type == "JYYC":
            return {"LRYYDM": "4", "YCYYDM": "4" if yc else None}
        return {"AJXZ": "虚开增值税专用发票", "ZYWFSS": "在无真实业务的情况下为他人虚开增值税专用发票。",
                "CFQK": "依照《中华人民共和国税收征收管理法》处以罚款。", "JCDW": "国家税务总局仪征市税务局",
                "GBQSRQ": day.isoformat(), "GBJZRQ": (day + timedelta(days=3 * 365)).isoformat(), "CWFZR": None}

    def event(self, n: int, when: datetime, list_type: str, action: str, record_id: str, subject: dict[str, Any],
              inclusion: dict[str, Any], removal: dict[str, Any] | None, detail: dict[str, Any]) -> dict[str, Any]:
        return {"eventId": f"EV{when:%Y%m%d%H}{n:010d}", "eventTime": f"{when:%Y-%m-%d %H:%M:%S}",
                "listType": list_type, "listName": LIST_NAMES[list_type], "action": action, "recordId": record_id,
                "areaCode": self.config.area, "subject": subject, "inclusion": inclusion, "removal": removal,
                "measures": [] if action == "YC" else [{"code": c, "name": m, "domain": d}
                                                       for c, m, d in _MEASURES[list_type]],
                "detail": detail, "dataSource": _SOURCES[list_type]}

    def new_event(self, n: int, when: datetime, open_entries: list[dict[str, Any]]) -> tuple[dict[str, Any], BadEvent | None]:
        """One event at ``when``: a YC of an open entry (about 1 in 4) or a new LR; maybe deliberately bad."""
        rng = self.rng
        if open_entries and rng.random() < 0.25:
            lr = open_entries.pop(rng.randrange(len(open_entries)))
            day = when.date()
            removal = {**self._inclusion(lr["listType"], day), "reason": "已履行相关义务，依申请移出"}
            event = self.event(n, when, lr["listType"], "YC", lr["recordId"], lr["subject"], lr["inclusion"],
                               removal, self._detail(lr["listType"], date.fromisoformat(lr["inclusion"]["date"]),
                                                     lr["subject"], True))
        else:
            list_type = rng.choice(("SXBZXR", "YZWFSX", "JYYC", "JYYC", "ZDSSWF"))
            person = list_type == "SXBZXR" and rng.random() < 0.3
            subject = self._person(True) if person else self._company()
            day = when.date() - timedelta(days=rng.randrange(0, 3))
            record_id = f"{list_type}-321081{day.year}{n:06d}"
            event = self.event(n, when, list_type, "LR", record_id, subject, self._inclusion(list_type, day), None,
                               self._detail(list_type, day, subject, False))
            open_entries.append(copy.deepcopy(event))
        return event, self._spoil(event)

    def _spoil(self, event: dict[str, Any]) -> BadEvent | None:
        if event["subject"]["category"] == "自然人":
            return BadEvent("data.subject_ui_code", "自然人证件号码已脱敏，须由登记簿补全 / masked idNo", 5)
        if self.rng.random() >= self.config.bad_share:
            return None
        choice = self.rng.randrange(3)
        if choice == 0 or event["action"] == "LR" and choice == 2:
            u = event["inclusion"]["organUscc"]
            event["inclusion"] = {**event["inclusion"], "organUscc": u[:17] + ("0" if u[17] != "0" else "1")}
            return BadEvent("data.include_org_code", "列入机关统一社会信用代码校验位错误 / bad check character")
        if choice == 1:
            day = event["inclusion"]["date"]
            event["inclusion"] = {**event["inclusion"], "date": day[:5] + "02-30"}
            return BadEvent("data.include_date", "列入日期不存在 / impossible include date")
        event["removal"] = {**event["removal"], "date": None}
        return BadEvent("data.remove_date", "移出事件无移出日期 / YC without removal date")

    def orphan_yc(self, n: int, when: datetime) -> dict[str, Any]:
        """A YC whose LR was never in the feed (quirk 13)."""
        subject = self._company()
        day = (when - timedelta(days=900)).date()
        inclusion = self._inclusion("JYYC", day)
        removal = {**self._inclusion("JYYC", when.date()), "reason": "补报年度报告并公示"}
        return self.event(n, when, "JYYC", "YC", f"JYYC-321081{day.year}{n:06d}", subject, inclusion, removal,
                          self._detail("JYYC", day, subject, True))
