"""Seeded records of the simulated e路阳光 (§8): projects with stages, units, checks, penalties, 公示.

    records = generate(SimConfig(projects=20))     # list[SimRecord], same seed → same records
    rec.fields                                     # element → value, in table order (None: no value)

Values are stored as the system would send them, quirks of §5 already applied (dates as entered,
USCC spellings, full-width 文号, 元 amounts); ``simxml`` only decides empty-versus-missing and the
bytes.  A record made bad (``bad_share``) names the source element at fault in ``bad``.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from adapters.elu_yangguang.simconfig import SimConfig
from adapters.elu_yangguang.simvocab import (
    AGENCIES, BUILDINGS, CHECK_FINDINGS, CHECK_SCOPES, DELETE_REASONS, GCFL, PENALTY_CASES, STAGES, UNIT_BRANDS,
    UNIT_TYPES,
)
from adapters.elu_yangguang.wire import BEIJING, format_dt, parse_dt
from adapters.sthj.identifiers import USCC_CHARS, make_org_code, make_uscc, uscc_check
from adapters.sthj.simvocab import GIVEN_NAMES, ROADS, SURNAMES, TOWNS

__all__ = ["BadRecord", "SimRecord", "generate", "java_double"]

_FULLWIDTH = str.maketrans("0123456789", "０１２３４５６７８９")
_BODY_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"


@dataclass(frozen=True)
class BadRecord:
    """Why a record is invalid: ``reason`` (BAD_USCC, MISSING, UNKNOWN_LABEL) and the source ``element``."""

    reason: str
    element: str

    def as_dict(self) -> dict[str, str]:
        return {"reason": self.reason, "element": self.element}


@dataclass
class SimRecord:
    """One record: kind, key, ``fields`` (without GXSJ), its GXSJ and when it becomes visible (epoch s)."""

    kind: str
    key: str
    fields: dict[str, Any]
    gxsj: int
    visible_at: int
    bad: BadRecord | None = None
    project: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def live(self) -> bool:
        return self.fields.get("SFYX") == "1"


def java_double(value: Decimal) -> str:
    """``Double.toString`` of ``value`` (exponent form from 10 000 000 on, quirk 4)."""
    if value < Decimal(10_000_000):
        text = format(value.normalize(), "f")
        return text if "." in text else text + ".0"
    sign, digits, exp = value.normalize().as_tuple()
    s = "".join(map(str, digits))
    power = len(s) - 1 + int(exp)
    return f"{s[0]}.{s[1:] or '0'}E{power}"


class _Gen:
    def __init__(self, config: SimConfig) -> None:
        self.c, self.q = config, config.quirks
        self.rng = random.Random(config.seed)
        self.end = int(parse_dt(config.data_end).timestamp())
        self.start = self.end - config.span_days * 86400
        self.records: list[SimRecord] = []
        self.batch_seconds = [self.rng.randrange(self.start, self.end) for _ in range(4)]
        self.serial = {"JD": 0, "CJ": 0, "JC": 0, "CF": 0, "GS": 0, "SX": 0}

    # -- small helpers ----------------------------------------------------------------------
    def chance(self, p: float) -> bool:
        return p > 0 and self.rng.random() < p

    def person(self) -> str:
        return self.rng.choice(SURNAMES) + self.rng.choice(GIVEN_NAMES)

    def uscc(self, category: str = "91", area: str = "321081") -> str:
        body = "MA" + "".join(self.rng.choice(_BODY_CHARS[:10] + "ABCDEFGHJKLMNPQRTUWXY") for _ in range(6))
        return make_uscc(category, area, make_org_code(body.replace("I", "1").replace("O", "0")))

    def spell_uscc(self, code: str, *, org_ok: bool = False) -> str:
        """Quirk 8: lower case and/or spaces (U+3000 too); pre-2016 units their hyphenated 组织机构代码."""
        if not (self.q.on(8) and self.chance(self.q.uscc_spelling_share)):
            return code
        if org_ok and code[8:16].isdigit() and self.rng.random() < 0.3:
            return code[8:16] + "-" + code[16]
        pos = self.rng.randrange(2, 16)
        return (code[:pos] + self.rng.choice((" ", "\u3000", " ")) + code[pos:]).lower()

    def day(self, d: date) -> str:
        """Quirk 5: a hand-entered date in one of its three forms."""
        if self.q.on(5) and self.chance(self.q.date_form_share):
            return self.rng.choice((f"{d.year}.{d.month}.{d.day}", f"{d.year}年{d.month:02d}月{d.day:02d}日"))
        return d.isoformat()

    def wenhao(self, text: str) -> str:
        return text.translate(_FULLWIDTH) if self.q.on(9) and self.chance(self.q.fullwidth_share) else text

    def label(self, text: str, variants: tuple[str, ...] = ()) -> str:
        if self.q.on(16) and self.chance(self.q.label_variant_share):
            text = self.rng.choice(variants) if variants and self.rng.random() < 0.6 else text
            return self.rng.choice((" ", "", "  ")) + text + self.rng.choice((" ", ""))
        return text

    def stamp(self, low: int, kind: str) -> int:
        moment = self.rng.randrange(max(low, self.start), self.end)
        if kind in ("XMXX", "JDSJ") and self.q.on(13) and self.chance(self.q.same_second_share):
            moment = max(self.rng.choice(self.batch_seconds), low)
        return moment

    def add(self, kind: str, key: str, fields: dict[str, Any], gxsj: int, project: str) -> SimRecord:
        lag = self.rng.randint(0, self.c.commit_lag_s)
        rec = SimRecord(kind, key, fields, gxsj, gxsj + lag, project=project)
        if self.q.on(11) and self.chance(self.q.tombstone_share):
            fields["SFYX"], fields["SJWXYY"] = "0", self.rng.choice(DELETE_REASONS)
        self.records.append(rec)
        return rec

    def next_no(self, series: str) -> int:
        self.serial[series] += 1
        return self.serial[series]

    # -- kinds ----------------------------------------------------------------------------
    def project(self, n: int) -> None:
        rng = self.rng
        gcfl = rng.choice(GCFL)
        lx = rng.choice(("01", "02", "03"))
        applied = datetime.fromtimestamp(self.start - rng.randrange(0, 400 * 86400), BEIJING)
        code = f"{applied:%y%m}-321081-{rng.choice(('04', '47', '48', '77', '89')):s}-{lx}-{n + 1:06d}"
        owner_gov = rng.random() < 0.5
        owner = (f"仪征市{rng.choice(TOWNS)}人民政府" if owner_gov and rng.random() < 0.4
                 else f"仪征市{rng.choice(UNIT_BRANDS)}城建发展有限公司")
        owner_code = self.uscc("11" if "政府" in owner else "91")
        town = rng.choice(TOWNS)
        name = f"仪征市{town}{rng.choice(BUILDINGS[gcfl])}"
        dqjd = rng.randint(1, 4)
        start_day = applied.date() + timedelta(days=rng.randint(30, 120))
        fields: dict[str, Any] = {
            "XMDM": code, "JXMDM": None, "XMMC": name, "XZQHDM": "321081",
            "LXLX": {"01": "审批", "02": "核准", "03": "备案"}[lx], "XMZJSX": "政府投资" if owner_gov else "社会投资",
            "GCFL": self.label(gcfl), "JSXZ": self.label(rng.choice(("新建", "新建", "扩建", "改建"))),
            "JSDWMC": owner, "JSDWDM": self.spell_uscc(owner_code), "JSDD": f"仪征市{town}{rng.choice(ROADS)}东侧",
            "JSDDXZQH": f"321081{rng.randint(100, 112):03d}" if rng.random() < 0.7 else None,
            "ZTZE": str(Decimal(rng.randint(5000, 5_000_000)) / 100), "JSGMJNR": f"{name}，配套建设室外工程及附属设施。",
            "YDMJ": str(Decimal(rng.randint(100_000, 9_000_000)) / 100) if rng.random() < 0.8 else None,
            "JZMJ": str(rng.randint(2000, 90000)) if gcfl == "房屋建筑工程" else None,
            "NKGSJ": self.day(start_day), "NJCSJ": self.day(start_day + timedelta(days=rng.randint(300, 900))),
            "DQJD": str(dqjd), "SBSJ": format_dt(applied), "SFYX": "1", "SJWXYY": None,
        }
        legacy = None
        if self.chance(self.c.legacy_share):  # quirk 6: a pre-2017 project also under its legacy code
            legacy = f"3210812016{n + 1:06d}"
            fields["JXMDM"] = legacy
        first_stage = self.stamp(self.start, "JDSJ")
        late = self.q.on(10) and self.chance(self.q.stage_before_project_share)
        gxsj = (min(first_stage + rng.randint(1, max(1, self.c.stage_before_project_h)) * 3600, self.end - 1)
                if late else self.stamp(self.start, "XMXX"))
        project = self.add("XMXX", code, fields, gxsj, code)
        if legacy is not None:
            old = dict(fields, XMDM=legacy, JXMDM=None, SBSJ="2016-04-15 10:31:07", JSGMJNR=None)
            self.add("XMXX", legacy, old, project.gxsj, code).extra["legacy_of"] = code
        refs = [code, legacy] if legacy else [code]
        for stage in range(1, dqjd + 1):
            self.stage(rng.choice(refs), str(stage), first_stage if stage == 1 else self.stamp(first_stage, "JDSJ"),
                       owner, owner_code)
        for dwlx in ("施工单位", "监理单位", "设计单位", "勘察单位")[: rng.randint(2, 4)]:
            self.unit(rng.choice(refs), dwlx)
        for _ in range(rng.randint(0, 4)):
            self.check(rng.choice(refs))
        if rng.random() < 0.05:
            self.penalty(rng.choice(refs), owner, owner_code)
        self.units_cache = None

    def stage(self, xmdm: str, spjd: str, gxsj: int, owner: str, owner_code: str) -> None:
        rng = self.rng
        label, approvals = STAGES[spjd]
        began = gxsj - rng.randint(3, 20) * 86400
        done = rng.random() < 0.7
        items = []
        for code, name, agency, title in approvals[: rng.randint(0, len(approvals))] if spjd != "3" else approvals[:1]:
            slbm = f"321081{datetime.fromtimestamp(began, BEIJING):%Y%m%d}{self.next_no('SX'):06d}"
            finished = began + rng.randint(1, 10) * 86400
            if code == "000105001000":
                pfwh = f"321081{datetime.fromtimestamp(finished, BEIJING):%Y%m%d}{rng.randint(1, 9999):04d}"
            else:
                pfwh = f"建字第{slbm[6:]}号"
            spsx = {"SPSXSLBM": slbm, "SPSXBM": code, "SPSXMC": name, "SPBMMC": AGENCIES[agency][0],
                    "SPBMDM": AGENCIES[agency][1], "SLSJ": format_dt(began),
                    "BLZT": "已办结" if done else "办理中",
                    "BJSJ": (self.day(datetime.fromtimestamp(finished, BEIJING).date()) if rng.random() < 0.3
                             else format_dt(finished)) if done else None,
                    "PFWH": self.wenhao(pfwh) if done else None, "PFWJBT": title if done else None,
                    "YXQZ": (datetime.fromtimestamp(finished, BEIJING).date() + timedelta(days=365)).isoformat()
                    if done and spjd == "3" else None,
                    "SFYX": "1", "SJWXYY": None, "GXSJ": format_dt(gxsj)}
            items.append(spsx)
        if items and self.q.on(11) and self.chance(0.1):  # a removed approval stays in the list
            items.append(dict(items[0], SPSXSLBM=str(items[0]["SPSXSLBM"])[:-3] + "999", BLZT="已撤回", BJSJ=None,
                              PFWH=None, PFWJBT=None, YXQZ=None, SFYX="0", SJWXYY="重复录入，已作废"))
        key = f"YZJD{datetime.fromtimestamp(began, BEIJING):%Y%m%d}{self.next_no('JD'):05d}"
        fields = {"JDSLBH": key, "XMDM": xmdm, "SPJD": spjd, "SPJDMC": label,
                  "JDZT": "已办结" if done else "办理中", "KSSJ": format_dt(began),
                  "JSSJ": format_dt(gxsj) if done else None, "SPSXLIST": items, "SFYX": "1", "SJWXYY": None}
        self.add("JDSJ", key, fields, gxsj, xmdm)
        if done and spjd in ("3", "4"):
            self.notice(xmdm, spjd, gxsj)

    def unit(self, xmdm: str, dwlx: str) -> None:
        rng = self.rng
        word, letter, zz, variants = UNIT_TYPES[dwlx]
        area = rng.choice(("321081", "321000", "321002"))
        name = f"{'江苏' if area == '321000' else '扬州'}{rng.choice(UNIT_BRANDS)}{word}有限公司"
        code = self.uscc("91", area)
        sgxk = dwlx in ("施工单位", "监理单位") and self.q.on(3) and self.chance(self.q.yuan_share)
        wan = Decimal(rng.randint(100, 2_000_000)) / 100
        attrs: dict[str, str] = {}
        if sgxk:
            if self.q.on(4) and self.chance(self.q.exponent_share * 5):
                wan = Decimal(rng.randint(1000, 30000)) + Decimal(rng.randint(0, 9999)) / 10000
            yuan = wan * 10000
            htj = java_double(yuan) if self.q.on(4) else format(yuan.normalize(), "f")
            if rng.random() < 0.5:
                attrs["dw"] = "元"
        else:
            htj = format(wan.normalize(), "f")
        no = self.next_no("CJ")
        key = f"CJ{self.end_day()}{no:06d}"
        fields = {"CJDWBH": key, "XMDM": xmdm, "DWLX": self.label(dwlx, variants), "DWMC": name,
                  "TYSHXYDM": self.spell_uscc(code, org_ok=True), "ZZZSBH": f"{letter}2320{rng.randint(10000, 99999)}",
                  "ZZMC": zz, "XMFZR": self.person(), "ZCZSBH": f"苏1322018{rng.randint(100000, 999999)}",
                  "HTJ": htj, "HTJ@dw": attrs.get("dw"), "HTQDRQ": self.day(date(2025, rng.randint(1, 10), rng.randint(1, 28))),
                  "SJLY": "SGXK" if sgxk else rng.choice(("XMSP", "ZLAJ")), "SFYX": "1", "SJWXYY": None}
        self.add("CJDW", key, fields, self.stamp(self.start, "CJDW"), xmdm).extra["uscc"] = code

    def end_day(self) -> str:
        return datetime.fromtimestamp(self.end, BEIJING).strftime("%Y%m%d")

    def check(self, xmdm: str) -> None:
        rng = self.rng
        gxsj = self.stamp(self.start, "JDJC")
        day = datetime.fromtimestamp(gxsj, BEIJING).date() - timedelta(days=rng.randint(0, 6))
        result = rng.choice(("合格", "合格", "基本合格", "不合格"))
        inspectors = [self.person() for _ in range(rng.randint(1, 3))]
        notices = []
        if result != "合格" and rng.random() < 0.6:
            kind = rng.choice(("限期整改", "局部停工整改", "停工整改"))
            notices.append({"ZGTZSBH": self.wenhao(f"仪建安监整字〔{day.year}〕第{rng.randint(1, 300):03d}号"),
                            "ZGLX": kind, "XFRQ": self.day(day), "ZGQX": self.day(day + timedelta(days=7)),
                            "ZGYQ": "整改完成后书面回复。", "ZGZT": "未回复", "FCRQ": None, "FCJL": None})
        unit_code = self.uscc("91", "321000")
        key = f"YZAJ-JC-{day.year}-{self.next_no('JC'):04d}"
        jclx = rng.choice(("质量监督检查", "安全监督检查", "质量安全综合检查"))
        fields = {"JCBH": key, "XMDM": xmdm, "JCLX": self.label(jclx),
                  "JCFS": self.label(rng.choice(("日常检查", "双随机抽查", "专项检查"))), "JCRQ": self.day(day),
                  "JCJGMC": AGENCIES["jdz"][0], "JCJGDM": AGENCIES["jdz"][1], "JCRY": "、".join(inspectors),
                  "ZFZH": "、".join(f"321081{rng.randint(10000, 99999)}" for _ in inspectors),
                  "JCDXMC": f"江苏{rng.choice(UNIT_BRANDS)}建设工程有限公司", "JCDXDM": self.spell_uscc(unit_code),
                  "JCNR": rng.choice(CHECK_SCOPES), "JCJG": self.label(result),
                  "CLCS": "无" if result == "合格" else (
                      str(notices[0]["ZGLX"]).replace("限期整改", "责令整改") if notices else "责令整改"),
                  "WTMS": None if result == "合格" else rng.choice(CHECK_FINDINGS) + "。", "ZGTZLIST": notices,
                  "SFYX": "1", "SJWXYY": None}
        self.add("JDJC", key, fields, gxsj, xmdm)

    def penalty(self, xmdm: str, owner: str, owner_code: str) -> None:
        rng = self.rng
        gxsj = self.stamp(self.start, "XZCF")
        day = datetime.fromtimestamp(gxsj, BEIJING).date() - timedelta(days=rng.randint(0, 5))
        act, basis, kinds = rng.choice(PENALTY_CASES)
        no = self.next_no("CF")
        key = f"YZJS-CF-{day.year}-{no:04d}"
        fine = Decimal(rng.randint(100, 100_000)) / 100
        fields = {"CFBH": key, "XMDM": xmdm, "CFJDSWH": self.wenhao(f"仪住建罚决字〔{day.year}〕第{no}号"),
                  "AJMC": f"{owner}{act}案", "WFXW": f"{owner}{act}。", "CFYJ": basis, "CFLB": self.label(kinds),
                  "CFNR": f"处罚款人民币{fine}万元。", "FKJE": str(fine), "MSJE": None, "XDRMC": owner,
                  "XDRDM": self.spell_uscc(owner_code), "FDDBR": self.person(), "CFJDRQ": self.day(day),
                  "CFJGMC": AGENCIES["zjj"][0], "CFJGDM": AGENCIES["zjj"][1],
                  "GSJZQ": day.replace(year=day.year + 3).isoformat(), "SFYX": "1", "SJWXYY": None}
        self.add("XZCF", key, fields, gxsj, xmdm)

    def notice(self, xmdm: str, spjd: str, gxsj: int) -> None:
        day = datetime.fromtimestamp(gxsj, BEIJING).date() + timedelta(days=1)
        kind = "施工许可公示" if spjd == "3" else "竣工验收备案公示"
        key = f"GS{day:%Y%m%d}{self.next_no('GS'):06d}"
        fields = {"GSBH": key, "XMDM": xmdm, "GSLX": kind, "GSBT": f"项目{xmdm}{kind}",
                  "GSNR": f"<p>{kind}：项目代码 {xmdm} &amp; 公示期七日</p>", "GSKSRQ": day.isoformat(),
                  "GSJSRQ": (day + timedelta(days=6)).isoformat(), "FBDWMC": AGENCIES["spj"][0],
                  "FBSJ": format_dt(min(gxsj + 3600, self.end - 1)), "GSDZ": f"http://127.0.0.1/elyg/gs/detail?gsbh={key}",
                  "SFYX": "1", "SJWXYY": None}
        self.add("GSXX", key, fields, min(gxsj + 3600, self.end - 1), xmdm)


# element -> reason applied by spoil, per kind (the source element named in BadRecord)
_SPOIL: dict[str, tuple[tuple[str, str], ...]] = {
    "XMXX": (("BAD_USCC", "JSDWDM"), ("MISSING", "XMMC"), ("UNKNOWN_LABEL", "GCFL")),
    "JDSJ": (("MISSING", "KSSJ"), ("UNKNOWN_LABEL", "JDZT")),
    "CJDW": (("BAD_USCC", "TYSHXYDM"), ("MISSING", "DWMC"), ("UNKNOWN_LABEL", "DWLX")),
    "JDJC": (("BAD_USCC", "JCDXDM"), ("MISSING", "JCRQ"), ("UNKNOWN_LABEL", "JCJG")),
    "XZCF": (("BAD_USCC", "XDRDM"), ("MISSING", "CFYJ"), ("UNKNOWN_LABEL", "CFLB")),
    "GSXX": (("MISSING", "GSBT"),),
}
_UNKNOWN = {"GCFL": "住宅工程", "JDZT": "待审核", "DWLX": "咨询单位", "JCJG": "待定", "CFLB": "训诫"}


def _spoil(rec: SimRecord, rng: random.Random) -> None:
    reason, element = rng.choice(_SPOIL[rec.kind])
    if reason == "BAD_USCC":
        code = "".join(ch for ch in str(rec.fields[element]).upper() if not ch.isspace())
        if len(code) != 18:
            code = make_uscc("91", "321081", make_org_code("MA" + code[:6].replace("-", "0")))
        good = uscc_check(code[:17])
        rec.fields[element] = code[:17] + USCC_CHARS[(USCC_CHARS.index(good) + 7) % 31]
    elif reason == "MISSING":
        rec.fields[element] = None
    else:
        rec.fields[element] = _UNKNOWN[element]
    rec.bad = BadRecord(reason, element)


def generate(config: SimConfig) -> list[SimRecord]:
    """Every seeded record, ``bad_share`` of the live ones spoiled (legacy XMXX are never spoiled)."""
    gen = _Gen(config)
    for n in range(config.projects):
        gen.project(n)
    spoiler = random.Random(config.seed * 7 + 3)
    for rec in gen.records:
        if rec.live and "legacy_of" not in rec.extra and config.bad_share > 0 and spoiler.random() < config.bad_share:
            _spoil(rec, spoiler)
    return gen.records
