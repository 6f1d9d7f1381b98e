"""Seeded work orders for the simulated hotline (§8): realistic, valid unless marked bad.

    people = People(random.Random(7))
    base, bad = new_base(people, knobs, order_no, call_time, appeal_type, channel, bad_rate)

``base`` holds the order-level members of a unit view (§4.2); the store adds the dispatch
members.  ``bad`` (a :class:`BadRecord` or ``None``) says why the order can never become a
valid TSJB record and which field the hub must name.
"""

from __future__ import annotations

import random
from dataclasses import asdict, dataclass
from datetime import date, datetime, timedelta
from typing import Any

from adapters.hotline12345.simconfig import Knobs
from adapters.hotline12345.simvocab import AREAS, BRANDS, GIVEN, GIVEN2, MATTERS, SHOPS, SURNAMES
from adapters.hotline12345.wire import APPEAL_TYPES, format_time
from adapters.sthj.identifiers import USCC_CHARS, id_check, make_id_number, make_org_code, make_uscc

__all__ = ["APPEAL_WEIGHTS", "CHANNELS", "BadRecord", "People", "new_base"]

APPEAL_WEIGHTS = {"01": 25, "02": 15, "03": 30, "04": 10, "05": 15, "06": 5}
CHANNELS = {("电话", "1"): 60, ("网站", "2"): 10, ("微信", "3"): 20, ("APP", "4"): 10}
_FULLWIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


@dataclass(frozen=True)
class BadRecord:
    """Why an order is invalid under the standard: ``reason``, the 12345 ``field``, the standard ``target``."""

    reason: str
    field: str
    target: str

    def as_dict(self) -> dict[str, str]:
        return asdict(self)


class People:
    """Seeded names, phones, ID numbers, addresses and market subjects."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def name(self) -> str:
        r = self.rng
        return r.choice(SURNAMES) + (r.choice(GIVEN) if r.random() < 0.35 else r.choice(GIVEN2))

    def mobile(self) -> str:
        r = self.rng
        return r.choice(("13", "15", "18")) + str(r.randint(0, 9)) + f"{r.randint(0, 99_999_999):08d}"

    def id_number(self, gender: str) -> str:
        r = self.rng
        born = date(1950, 1, 1) + timedelta(days=r.randint(0, 365 * 55))
        seq = r.randrange(0, 999, 2) + (1 if gender == "1" else 0)
        return make_id_number(r.choice(("321081", "321002")), born, seq)

    def address(self) -> tuple[str, str, str]:
        """(areaCode, areaName, full address in 仪征市)."""
        code, town, streets = self.rng.choice(AREAS)
        return code, town, f"仪征市{town}{self.rng.choice(streets)}{self.rng.randint(1, 200)}号"

    def uscc(self, obj_type: str) -> str:
        body = "MA" + "".join(self.rng.choice(USCC_CHARS[:-5]) for _ in range(6))
        return make_uscc("92" if obj_type == "2" else "91", "321081", make_org_code(body))


def _pick(rng: random.Random, weights: dict[Any, int]) -> Any:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _phone_noise(phone: str, rng: random.Random) -> str:
    forms = (f"+86 {phone[:3]} {phone[3:7]} {phone[7:]}", f"+86{phone}", f"86-{phone}", f"{phone[:3]} {phone[3:7]} {phone[7:]}",
             phone.translate(_FULLWIDTH))
    return rng.choice(forms)


def new_base(people: People, knobs: Knobs, order_no: str, call: datetime, appeal: str, channel: tuple[str, str],
             bad_rate: float) -> tuple[dict[str, Any], str, BadRecord | None]:
    """Order-level members, the unit to dispatch to, and the bad-record mark (if any)."""
    r = people.rng
    complaint = appeal in ("03", "04")
    roll = r.random()
    market = complaint and roll < 0.85
    area_code, town, address = people.address()
    level = r.choice(MATTERS["market" if market else "other"])
    l1, n1, l2, n2, l3, n3, unit, title = level
    obj: dict[str, Any] | None = None
    if market:
        shop, obj_type = r.choice(SHOPS)
        name = f"仪征市{town}{r.choice(BRANDS)}{shop}"
        uscc = people.uscc(obj_type) if roll < 0.70 else None
        obj = {"objName": name, "objType": obj_type, "objTypeName": "企业" if obj_type == "1" else "个体工商户",
               "objUscc": uscc, "objAddress": address}
    gender = r.choice(("1", "2"))
    anonymous = appeal == "04" and r.random() < 0.3
    id_no = people.id_number(gender)
    appellant: dict[str, Any] = {
        "name": "匿名" if anonymous else people.name(), "gender": gender if not anonymous else "0",
        "phone": None if anonymous else people.mobile(), "idType": None if anonymous else "01",
        "idNo": None if anonymous else id_no, "address": None if anonymous else people.address()[2] + "1幢101室",
        "anonymousFlag": "1" if anonymous else "0", "secrecyFlag": "1" if r.random() < 0.5 else "0"}
    content = (f"市民反映：{address}附近{obj['objName'] if obj else '路段'}存在问题，影响周边居民正常生活。"
               "\r\n诉求：请相关部门核查处理。")
    register = call + timedelta(minutes=r.randint(2, 9), seconds=r.randint(0, 59))
    base: dict[str, Any] = {
        "orderNo": order_no, "title": title.format(obj=obj["objName"] if obj else "", street=address[:-4]),
        "callTime": format_time(call), "registerTime": format_time(register), "channel": channel[0],
        "channelCode": channel[1], "appealType": appeal, "appealTypeName": APPEAL_TYPES[appeal],
        "content": content, "eventAddress": address, "areaCode": area_code, "areaName": town,
        "matterCategory": {"level1Code": l1, "level1Name": n1, "level2Code": l2, "level2Name": n2,
                           "level3Code": l3, "level3Name": n3},
        "appellant": appellant, "reportedObject": obj, "marketSubjectFlag": "1" if market else "0",
        "attachments": [], "relatedOrderNo": None}
    _quirks(base, people, knobs)
    bad = _spoil(base, r) if market and r.random() < bad_rate else None
    return base, unit, bad


def _quirks(base: dict[str, Any], people: People, k: Knobs) -> None:
    """The data quirks of §5 (1, 2, 3, 8, 12, 13, 15), each drawn with its knob's rate."""
    r, a, obj = people.rng, base["appellant"], base["reportedObject"]
    if a["phone"] and k.phone_noise and r.random() < k.phone_noise:
        a["phone"] = _phone_noise(a["phone"], r)
    if a["idNo"] and k.id15_rate and r.random() < k.id15_rate:
        a["idNo"] = a["idNo"][:6] + a["idNo"][8:17]  # quirk 3: a first-generation 15-digit number
    elif a["idNo"] and k.id_mask_rate and r.random() < k.id_mask_rate:
        a["idNo"] = a["idNo"][:10] + "****" + a["idNo"][14:] if r.random() < 0.5 else a["idNo"][:6] + "*" * 8 + a["idNo"][14:]
    if k.appeal_label_rate and r.random() < k.appeal_label_rate:
        base["appealType"] = base["appealTypeName"]
    if obj and obj["objUscc"] and k.uscc_noise_rate and r.random() < k.uscc_noise_rate:
        u = obj["objUscc"]
        obj["objUscc"] = r.choice((u.lower(), f" {u} ", "", None))
    if k.fullwidth_rate and r.random() < k.fullwidth_rate:
        base["eventAddress"] = base["eventAddress"].translate(_FULLWIDTH).replace("镇", "镇\u3000", 1) + " "
    if k.content_markup_rate and r.random() < k.content_markup_rate:
        base["content"] = base["content"].replace("\r\n", "<br/>").replace("：", "：&nbsp;") + " &lt;完&gt;"


def _spoil(base: dict[str, Any], r: random.Random) -> BadRecord:
    a, obj = base["appellant"], base["reportedObject"]
    choices = ["NO_NAME"] if a["anonymousFlag"] == "0" else []
    if obj and obj.get("objUscc"):
        choices.append("BAD_USCC")
    if a["idNo"] and len(a["idNo"]) == 18 and "*" not in a["idNo"]:
        choices.append("BAD_ID")
    reason = r.choice(choices or ["NO_NAME"])
    if reason == "BAD_USCC":
        u = obj["objUscc"].strip().upper()
        wrong = USCC_CHARS[(USCC_CHARS.index(u[17]) + 1) % 31]
        obj["objUscc"] = u[:17] + wrong
        return BadRecord(reason, "reportedObject.objUscc", "data.respondent_ui_code")
    if reason == "BAD_ID":
        a["idNo"] = a["idNo"][:17] + ("0" if id_check(a["idNo"][:17]) != "0" else "1")
        return BadRecord(reason, "appellant.idNo", "data.complainant_id_number")
    a["anonymousFlag"], a["name"] = "0", ""
    return BadRecord("NO_NAME", "appellant.name", "data.complainant_name")


