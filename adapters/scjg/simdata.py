"""Seeded, realistic SJJH records: 仪征市 subjects with valid identifiers, the four kinds of §4.

    data = SimData(config)
    fields, legacy = data.record("XZCF", last_updated="2025-11-18 10:00:00")   # dict in XSD order

Values follow §4 and §6 (labels, 文号, 执法证号, 万元 as Java doubles, CDATA text with HTML);
``legacy_share`` of subjects carry the quirks 4, 15, 16, 17 (注册号, old labels, padding,
15-digit 身份证) and migrated records omit optional elements (quirk 5).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from adapters.scjg.simconfig import SimConfig
from adapters.scjg.wire import FIELDS, format_time, parse_time
from adapters.sthj.identifiers import make_id_number, make_org_code, make_uscc

__all__ = ["AGENCY", "AGENCY_CODE", "SimData", "Subject", "regno", "regno_check"]

AGENCY = "仪征市市场监督管理局"
AGENCY_CODE = "11321081MB1C87057L"
_SURNAMES = "王李张刘陈杨赵黄周吴徐孙朱马胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程"
_GIVEN = ["建国", "志刚", "玉兰", "桂芳", "海军", "国平", "德明", "娜", "静", "伟", "秀英", "春华", "明", "红梅",
          "晓东", "丽", "军", "文斌", "亚楠", "宏伟", "雪梅", "俊杰", "立新", "美华"]
_TOWNS = ["真州镇", "青山镇", "新集镇", "新城镇", "马集镇", "刘集镇", "陈集镇", "大仪镇", "月塘镇", "枣林湾"]
_ROADS = ["工农南路", "大庆北路", "胥浦路", "解放东路", "天宁路", "扬州路", "真州路", "仪扬路", "红星街", "沿江大道"]
_WORDS = ["润和", "佳鑫", "恒通", "天宁", "惠民", "红星", "金桥", "宏达", "顺发", "鑫源", "华瑞", "长江", "永兴", "联创"]
_SUFFIX = ["", "兴", "达", "盛", "源", "丰", "泰", "隆", "昌", "瑞", "祥", "安", "新", "福", "宝", "利"]
_COMPANY_TAILS = [("餐饮管理有限公司", "有限责任公司（自然人投资或控股）"),
                  ("商贸有限公司", "有限责任公司（自然人独资）"),
                  ("机械制造有限公司", "有限责任公司（自然人投资或控股）"),
                  ("化工有限公司", "股份有限公司（非上市、自然人投资或控股）")]
_SHOP_TAILS = ["粮油店", "生鲜超市", "建材经营部", "小吃店", "便利店", "五金店", "药店", "农资店"]
_INSPECTORS = [("王建国", "32108119005"), ("李娜", "32108119017"), ("陈晓东", "32108119023"), ("周明", "32108120031"),
               ("吴丽", "32108120044"), ("徐俊杰", "32108121052"), ("孙静", "32108121068"), ("朱立新", "32108122071")]


def regno_check(first14: str) -> str:
    """GB/T 17710 MOD 11,10 check digit of a 工商注册号 (quirk 4)."""
    p = 10
    for ch in first14:
        s = (p + int(ch)) % 10 or 10
        p = (s * 2) % 11
    return str((11 - p) % 10)


def regno(serial: int, shop: bool) -> str:
    """A 15-digit 注册号 of 仪征 (``6`` for 个体工商户, ``0`` for enterprises)."""
    first14 = f"321081{'6' if shop else '0'}{serial:07d}"
    return first14 + regno_check(first14)


def _five_years(day: date) -> date:
    """The day before the fifth anniversary (a 5-year licence; 29 Feb safe)."""
    return day.replace(day=1, year=day.year + 5) + timedelta(days=day.day - 2)


@dataclass(frozen=True)
class Subject:
    """A market subject of 仪征市 as the 登记 system knows it."""

    name: str
    category: str  # 法人及非法人组织 / 个体工商户
    uscc: str | None
    regno: str | None
    org_code: str | None
    rep: str
    rep_id: str
    address: str
    company_type: str
    legacy: bool


class SimData:
    """The seeded generator (one ``random.Random`` per simulator)."""

    def __init__(self, config: SimConfig) -> None:
        self.config = config
        self.rng = random.Random(config.seed)
        self.subjects = [self._subject(i) for i in range(max(8, config.size // 3))]
        self._serial = 0

    def _person(self) -> str:
        return self.rng.choice(_SURNAMES) + self.rng.choice(_GIVEN)

    def _subject(self, i: int) -> Subject:
        rng = self.rng
        shop = rng.random() < 0.45
        town = rng.choice(_TOWNS)
        word = _WORDS[i % len(_WORDS)] + _SUFFIX[(i // len(_WORDS)) % len(_SUFFIX)]
        tail, ctype = rng.choice(_COMPANY_TAILS)
        name = f"仪征市{town}{word}{rng.choice(_SHOP_TAILS)}" if shop else f"仪征市{word}{tail}"
        org = make_org_code("".join(rng.choice("0123456789ABCDEFGHJKLMNPQRTUWXY") for _ in range(8)))
        legacy = rng.random() < self.config.legacy_share
        born = date(1955, 1, 1) + timedelta(days=rng.randrange(0, 45 * 365))
        rep_id = make_id_number("321081", born, rng.randrange(100, 999))
        if legacy and shop:  # quirk 17: a 15-digit first-generation number
            rep_id = rep_id[:6] + rep_id[8:17]
        uscc = None if (legacy and shop) else make_uscc("92" if shop else "91", "321081", org)
        reg = regno(1000 + i, shop) if legacy or rng.random() < 0.2 else None
        address = f"江苏省扬州市仪征市{town}{rng.choice(_ROADS)}{rng.randrange(1, 300)}号"
        return Subject(name, "个体工商户" if shop else "法人及非法人组织", uscc, reg, None if shop else org,
                       self._person(), rep_id, address, "个体工商户" if shop else ctype, legacy)

    def new_id(self) -> str:
        return "".join(self.rng.choice("0123456789ABCDEF") for _ in range(32))

    def moment(self, start: str, end: str) -> str:
        a, b = parse_time(start), parse_time(end)
        return format_time(a + timedelta(seconds=self.rng.randrange(0, max(1, int((b - a).total_seconds())))))

    # -- records -----------------------------------------------------------------------
    def record(self, kind: str, last_updated: str) -> tuple[dict[str, str | None], bool]:
        """A valid record of ``kind`` saved at ``last_updated``; returns (fields, migrated)."""
        subject = self.rng.choice(self.subjects)
        self._serial += 1
        made = parse_time(last_updated) - timedelta(days=self.rng.randrange(0, 20), minutes=self.rng.randrange(0, 600))
        made = max(made, parse_time(last_updated) - timedelta(days=60))
        base: dict[str, str | None] = dict.fromkeys(FIELDS[kind])
        base.update(ID=self.new_id(), CJSJ=format_time(min(made, parse_time(last_updated))),
                    LAST_UPDATED=last_updated, SCBZ="0")
        migrated = subject.legacy and self.rng.random() < 0.5
        if migrated:
            base["OLD_ID"] = f"GS2016{kind[:2]}{self.rng.randrange(1, 999999):06d}"
        fill = {"XZXK": self._xzxk, "XZJC": self._xzjc, "XZCF": self._xzcf, "JYYC": self._jyyc}[kind]
        fill(base, subject, parse_time(base["CJSJ"] or last_updated))
        return base, migrated

    def _who(self, rec: dict[str, str | None], s: Subject) -> None:
        name = s.name + (self.rng.choice([" ", "\u3000"]) if s.legacy and self.rng.random() < 0.3 else "")
        rec.update(XDRMC=name, XDRLB=("法人" if s.legacy and s.category != "个体工商户" else s.category),
                   TYSHXYDM=s.uscc, GSZCH=s.regno, FDDBR=s.rep)
        if s.legacy and s.uscc is None and s.regno and self.rng.random() < 0.5:
            rec["TYSHXYDM"] = s.regno  # quirk 4: the 注册号 in the USCC column
        elif s.uscc and self.rng.random() < 0.03:
            rec["TYSHXYDM"] = s.uscc.lower()  # quirk 16
        if "ZZJGDM" in rec and s.org_code and s.legacy:
            rec["ZZJGDM"] = f"{s.org_code[:8]}-{s.org_code[8]}"
        if "FDDBRZJHM" in rec:
            rec.update(FDDBRZJLX="身份证", FDDBRZJHM=s.rep_id, ZS=s.address)

    def _agency(self, rec: dict[str, str | None], prefix: str) -> None:
        rec.update({prefix: AGENCY, prefix + "DM": AGENCY_CODE, "SJLYDW": AGENCY, "SJLYDWDM": AGENCY_CODE})

    def _xzxk(self, rec: dict[str, str | None], s: Subject, made: datetime) -> None:
        self._who(rec, s)
        day = made.date()
        long_term = self.rng.random() < 0.1
        rec.update(XKJDSMC="食品经营许可决定书", XKJDSWH=f"仪市监食经许〔{day.year}〕第{self.rng.randrange(1, 3000)}号",
                   XKLB=("其它" if s.legacy and self.rng.random() < 0.3 else self.rng.choice(["普通", "普通", "登记", "其他"])),
                   XKZSMC="食品经营许可证", XKZBH=f"JY{self.rng.choice('123')}321081{self.rng.randrange(0, 10**7):07d}",
                   XKNR="经营项目：预包装食品销售&nbsp;散装食品销售；<br/>主体业态：食品销售经营者",
                   XKSXMC=self.rng.choice(["食品经营许可（新办）", "食品经营许可（延续）", "食品经营许可（变更）"]),
                   XKSXBM=None if s.legacy else "000117001000", XKJDRQ=f"{day:%Y%m%d}", YXQQ=f"{day:%Y%m%d}",
                   YXQZ="99991231" if long_term else f"{_five_years(day):%Y%m%d}",
                   DQZT="有效",
                   SFGS="是" if self.rng.random() < 0.8 else "否")
        self._agency(rec, "XKJG")
        if s.legacy:
            rec["OLD_XKBH"] = f"SP321081{self.rng.randrange(10**9, 10**10)}"

    def _xzjc(self, rec: dict[str, str | None], s: Subject, made: datetime) -> None:
        self._who(rec, s)
        team = self.rng.sample(_INSPECTORS, 2)
        begin = made - timedelta(hours=self.rng.randrange(1, 48))
        kind = self.rng.choice(["日常检查", "双随机抽查", "专项检查"])
        problem = self.rng.random() < 0.25
        rec.update(JCBH=f"JC321081{begin:%Y%m%d}{self.rng.randrange(1, 999):04d}", JCSXMC="对食品销售者的行政检查",
                   JCSXBM="320117023000", JCLX=kind,  # empty only on records before 2020
                   JCFS=self.rng.choice(["现场检查", "现场检查、书面检查"]), JCDD=s.address,
                   JCKSSJ=format_time(begin), JCJSSJ=format_time(begin + timedelta(minutes=55)),
                   JCRY="、".join(n for n, _ in team), JCRYZFZH=";".join(c for _, c in team),
                   JCNR="检查食品经营许可证公示情况、进货查验记录&nbsp;&amp;&nbsp;临期食品管理",
                   JCJG="发现问题，责令整改" if problem else "未发现问题",
                   WTMS="部分食品未按要求分区贮存<br/>" if problem else None,
                   CLYJ="责令限期整改" if problem else None,
                   ZGQX=f"{begin + timedelta(days=15):%Y%m%d}" if problem else None,
                   SJRWBH=f"SSJ321081{begin.year}{self.rng.randrange(1, 9999):04d}" if kind == "双随机抽查" else None)
        self._agency(rec, "SSJG")

    def _xzcf(self, rec: dict[str, str | None], s: Subject, made: datetime) -> None:
        self._who(rec, s)
        opened = made - timedelta(days=self.rng.randrange(20, 60))
        fine_wan = self.rng.choice(["2.0", "0.5", "0.05", "1.2", "5.0"])
        confiscate = self.rng.random() < 0.4
        sep = "、" if s.legacy else ";"
        kinds = ["没收违法所得", "罚款"] if confiscate else ["罚款"]
        rec.update(AJBH=f"仪市监立〔{opened.year}〕{self.rng.randrange(1, 300)}号",
                   CFJDSWH=f"仪市监处罚〔{made.year}〕{self.rng.randrange(1, 500)}号",
                   AJMC=f"{s.name}销售超过保质期食品案", WFXWLX="销售超过保质期的食品",
                   WFSS="当事人销售超过保质期的&ldquo;康鑫牌&rdquo;苏打饼干&nbsp;2袋。<br/>有现场检查笔录为证。",
                   CFYJ="《中华人民共和国食品安全法》第一百二十四条第一款第（五）项",
                   CFLB=sep.join(kinds) + (sep if self.rng.random() < 0.2 else ""),
                   CFNR="罚款人民币" + fine_wan + "万元", FKJE=fine_wan, MSJE="8.5E-4" if confiscate else None,
                   LARQ=format_time(opened.replace(hour=0, minute=0, second=0)), CFJDRQ=f"{made:%Y%m%d}",
                   CFYXQ="20991231", GSJZQ=f"{made.year + 1}{made:%m%d}", SYCX="普通程序", DQZT="正常",
                   SFGS="是" if self.rng.random() < 0.85 else "否")
        self._agency(rec, "CFJG")

    def _jyyc(self, rec: dict[str, str | None], s: Subject, made: datetime) -> None:
        removed = self.rng.random() < 0.4
        rec.update(QYMC=s.name, TYSHXYDM=s.uscc, ZCH=s.regno, FDDBR=s.rep, QYLX=s.company_type,
                   BDLX="移出" if removed else "列入", LRYYDM="1",
                   LRYY="未依照《企业信息公示暂行条例》第八条规定的期限公示年度报告的", LRRQ=f"{made:%Y%m%d}",
                   LRJDSWH=f"仪市监异列〔{made.year}〕第{self.rng.randrange(1, 999):04d}号", LRJG=AGENCY, DJJG=AGENCY)
        if removed:
            rec.update(YCYYDM="1", YCYY="补报未报年份的年度报告并公示，申请移出", YCRQ=f"{made:%Y%m%d}",
                       YCJDSWH=f"仪市监异移〔{made.year}〕第{self.rng.randrange(1, 999):04d}号", YCJG=AGENCY)

    def edited(self, fields: dict[str, str | None], last_updated: str) -> dict[str, str | None]:
        """The same record saved again at ``last_updated`` (a remark amended)."""
        out = dict(fields)
        out["LAST_UPDATED"] = last_updated
        if "BZ" in out:
            out["BZ"] = "信息更正&nbsp;" + last_updated[:10]
        return out

