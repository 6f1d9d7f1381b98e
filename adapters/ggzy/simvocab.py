"""Words the simulator builds names from: places, firms, authorities and projects of 仪征/扬州.

    pick_firm(rng, area="321081")        # ("扬州润扬市政工程有限公司", "91321081MA1N8TQE2G")
"""

from __future__ import annotations

import random

from adapters.sthj.identifiers import USCC_CHARS, make_org_code, make_uscc

__all__ = ["PLACES", "authority", "firm", "org_body", "project_name"]

PLACES = ("真州镇", "新集镇", "新城镇", "马集镇", "刘集镇", "陈集镇", "大仪镇", "月塘镇", "青山镇", "枣林湾", "胥浦街道",
          "化工园区", "经济开发区", "汽车工业园")
_PREFIX = ("仪征市", "扬州市", "江苏", "扬州", "江苏省")
_TRADE_NAMES = ("真州", "润扬", "鑫城", "古运河", "广陵", "邗建", "捺山", "铜山", "天宁", "仪扬", "瘦西湖", "文昌", "宏达",
                "恒信", "华建", "正衡", "顺达", "汇通", "三江", "金鼎", "中兴", "永泰", "德诚", "新世纪", "安澜")
_TRADES = {
    "A": ("建设工程", "建筑安装工程", "市政工程", "路桥工程", "水利工程", "园林绿化工程", "装饰工程", "工程监理", "工程咨询"),
    "B": ("医疗器械", "信息技术", "电子科技", "物业管理", "环境工程", "办公设备", "教学设备", "保安服务"),
    "C": ("置业", "房地产开发", "实业", "城市建设发展"),
    "D": ("矿业", "建材", "石料"),
    "E": ("投资", "商贸", "实业", "资产管理"),
}
#: 招标人/采购人/出让人/转让方 per trade type; all on the 321081 register
_AUTH_NAMES = {
    "A": ("仪征市住房和城乡建设局", "仪征市交通运输局", "仪征市水利局", "仪征市城市建设投资发展有限公司", "仪征市真州镇人民政府",
          "仪征市新城镇人民政府", "仪征市教育局"),
    "B": ("仪征市人民医院", "仪征市公安局", "仪征市第二中学", "仪征市中医院", "仪征市城市管理局", "仪征市行政审批局"),
    "C": ("仪征市自然资源和规划局",),
    "D": ("仪征市自然资源和规划局",),
    "E": ("仪征市国有资产投资经营有限公司", "仪征市城市建设投资发展有限公司", "仪征市交通产业集团有限公司"),
}
_WORKS = {
    "A": ("中心小学综合楼新建工程", "道路改造工程", "排水管网改造工程", "河道整治工程", "安置小区配套工程",
          "污水处理厂提标改造工程", "公园景观提升工程", "农村公路提档升级工程"),
    "B": ("医用耗材集中采购项目", "信息化系统建设项目", "物业管理服务采购项目", "教学设备采购项目", "办公家具采购项目"),
    "C": ("国有建设用地使用权出让", ),
    "D": ("建筑用石料采矿权出让",),
    "E": ("房产租赁权转让", "车辆产权转让", "国有股权转让"),
}


def org_body(rng: random.Random, *, legacy: bool = False) -> str:
    """8-character 组织机构代码 body: digits for legacy codes, ``MA`` + 6 for codes after 2015."""
    if legacy:
        return "".join(rng.choice("0123456789") for _ in range(8))
    return "MA" + "".join(rng.choice(USCC_CHARS[:30]) for _ in range(6))


def firm(rng: random.Random, trade_type: str, *, area: str = "321081", legacy: bool = False) -> tuple[str, str]:
    """A company's (name, USCC); ``legacy``: a pre-2016 firm (numeric org code inside the USCC)."""
    name = rng.choice(_PREFIX) + rng.choice(_TRADE_NAMES) + rng.choice(_TRADES[trade_type]) + "有限公司"
    return name, make_uscc("91", area, make_org_code(org_body(rng, legacy=legacy)))


def authority(rng: random.Random, trade_type: str) -> tuple[str, str]:
    """(name, USCC) of a 招标人 for ``trade_type``; the same name always has the same code."""
    name = rng.choice(_AUTH_NAMES[trade_type])
    category = "91" if name.endswith("公司") else "11"
    seeded = random.Random(name)  # one name, one code, whatever the seed
    return name, make_uscc(category, "321081", make_org_code(org_body(seeded, legacy=True)))


def project_name(rng: random.Random, trade_type: str, year: int) -> str:
    work = rng.choice(_WORKS[trade_type])
    if trade_type == "C":
        return f"仪征市{year}-G{rng.randint(1, 60):02d}号地块{work}"
    return "仪征市" + rng.choice(PLACES) + work
