"""Fills a simulated hotline: the §6 examples verbatim, then ``orders`` seeded orders (§8).

    bad = seed_orders(store, actions, config, rng)      # {orderNo: BadRecord}

Seeded orders are registered over the 10 working days before ``clock_start`` and driven
through §4.9 to a spread of statuses by the same :class:`Actions` the interface uses.
"""

from __future__ import annotations

import copy
import random
from datetime import datetime, timedelta
from typing import Any

from adapters.hotline12345.simactions import Actions, Refused
from adapters.hotline12345.simconfig import SimConfig
from adapters.hotline12345.simdata import APPEAL_WEIGHTS, CHANNELS, BadRecord, People, _pick, new_base
from adapters.hotline12345.simstore import Order, Store
from adapters.hotline12345.simvocab import REPLIES
from adapters.hotline12345.wire import format_time, parse_time

__all__ = ["EXAMPLE_61", "seed_orders"]

EXAMPLE_61: dict[str, Any] = {
    "orderNo": "YZ12345-20251103-000123", "version": 880012345,
    "title": "反映真州镇大庆南路一餐饮店后厨卫生差、食用后腹泻", "callTime": "2025-11-03 08:47:12",
    "registerTime": "2025-11-03 08:52:40", "channel": "电话", "channelCode": "1", "appealType": "03",
    "appealTypeName": "投诉", "limitType": "02", "limitTypeName": "一般件",
    "content": ("市民来电反映：11月2日晚在仪征市真州镇大庆南路88号“味香园餐饮店”就餐，同行3人食用后均出现腹泻症状；"
                "该店后厨地面油污严重，未见餐具消毒设施。\r\n诉求：请相关部门核查该店食品安全情况并依法处理。"),
    "eventAddress": "仪征市真州镇大庆南路88号", "areaCode": "321081100", "areaName": "真州镇",
    "matterCategory": {"level1Code": "12", "level1Name": "市场监管", "level2Code": "1203", "level2Name": "食品安全",
                       "level3Code": "120302", "level3Name": "餐饮服务食品安全"},
    "appellant": {"name": "刘建华", "gender": "1", "phone": "+86 139 5273 4186", "idType": "01",
                  "idNo": "3210811985****2037", "address": "仪征市真州镇天宁路16号3幢2单元501室",
                  "anonymousFlag": "0", "secrecyFlag": "1"},
    "reportedObject": {"objName": "仪征市真州镇味香园餐饮店", "objType": "2", "objTypeName": "个体工商户",
                       "objUscc": "92321081MA1Y7K3P65", "objAddress": "仪征市真州镇大庆南路88号"},
    "marketSubjectFlag": "1", "dispatchSeq": 1, "dispatchId": "YZ12345-20251103-000123-01",
    "unitCode": "3210810012", "unitName": "仪征市市场监督管理局", "unitUscc": "11321081MB1C87057L",
    "dispatchTime": "2025-11-03 09:20:11",
    "dispatchOpinion": "请核查该餐饮店食品安全情况，依法处理并答复市民。诉求人要求保密。",
    "dispatcher": "市热线派单组-0217", "signDeadline": "2025-11-04 09:20:11", "returnDeadline": "2025-11-05 09:20:11",
    "handleDeadline": "2025-11-10 09:20:11", "signTime": None, "status": "20", "statusName": "待签收",
    "overdueFlag": "0", "supervisions": [], "extensions": [], "returns": [], "feedback": None, "visit": None,
    "attachments": [
        {"fileId": "F2025110300004711", "fileName": "来电录音.mp3", "fileType": "mp3", "fileSize": 1843205,
         "category": "3", "categoryName": "来电录音",
         "url": "http://{host}:{port}/yz12345/file/download?fileId=F2025110300004711&expires=1762140011&sign=7e1c04b2a9",
         "urlExpireTime": "2025-11-03 11:20:11",
         "sha256": "c4e1d2a7f08b3956e2d41a7c9b0f83e65d2a1c4b7e9f0a3d6c8b1e2f4a5d7c90"}],
    "relatedOrderNo": None, "updateTime": "2025-11-03 09:20:11",
}


def _t(text: str) -> datetime:
    return parse_time(text).replace(tzinfo=None)


def _examples(store: Store, acts: Actions, people: People, config: SimConfig) -> None:
    """§6.1 verbatim; §6.3 (returned, reassigned), §6.4 (re-dispatched to the same unit), 000140 (撤销)."""
    view = copy.deepcopy(EXAMPLE_61)
    base = {k: v for k, v in view.items() if k in _BASE_KEYS}
    store.orders[view["orderNo"]] = Order(view["orderNo"], base, {"3210810012": view}, "3210810012", 1)
    for no, appeal, cat, obj, appellant in (
        ("YZ12345-20251103-000131", "03", ("05", "城乡建设", "0502", "物业管理", "050201", "物业服务质量"),
         ("仪征市天宁物业管理有限公司", "1", "91321081MA1XN2C49P"), ("周丽娟", "2", "0514 8341 2345", "321081197811094625")),
        ("YZ12345-20251104-000207", "04", ("12", "市场监管", "1206", "无照经营", "120601", "无证无照经营"),
         ("新集镇工业集中区东侧废品收购点", "2", ""), None),
        ("YZ12345-20251103-000140", "03", ("12", "市场监管", "1205", "消费维权", "120501", "单用途预付卡"),
         ("仪征市真州镇恒昌健身会所有限公司", "1", "91321081MA20R6HB25"), ("孙立群", "1", "13852711234", "321081200102285511")),
    ):
        call = _t(no[8:12] + "-" + no[12:14] + "-" + no[14:16] + " 08:10:00") - timedelta(days=1)
        b, _, _ = new_base(people, config.knobs.model_copy(update={"phone_noise": 0, "id_mask_rate": 0,
                                                                    "id15_rate": 0, "uscc_noise_rate": 0}),
                           no, call, appeal, ("微信", "3") if appeal == "04" else ("电话", "1"), 0.0)
        b["matterCategory"] = dict(zip(("level1Code", "level1Name", "level2Code", "level2Name", "level3Code",
                                        "level3Name"), cat))
        b["reportedObject"] = {"objName": obj[0], "objType": obj[1], "objTypeName": "企业" if obj[1] == "1" else "个体工商户",
                               "objUscc": obj[2], "objAddress": b["eventAddress"]}
        b["marketSubjectFlag"] = "1"
        if appellant is None:
            b["appellant"] = {"name": "匿名", "gender": "0", "phone": None, "idType": None, "idNo": None,
                              "address": None, "anonymousFlag": "1", "secrecyFlag": "1"}
        else:
            b["appellant"].update(name=appellant[0], gender=appellant[1], phone=appellant[2], idType="01",
                                  idNo=appellant[3], anonymousFlag="0")
        store.orders[no] = Order(no, b)
    acts.hotline("YZ12345-20251103-000131", "dispatch", _t("2025-11-03 09:48:20"), {"unitCode": "3210810012"})
    _ret(acts, "YZ12345-20251103-000131", "2025-11-03 10:36:02", "01")
    acts.hotline("YZ12345-20251103-000131", "approve_return", _t("2025-11-03 14:05:47"),
                 {"mode": "reassign", "unitCode": "3210810015"})
    acts.hotline("YZ12345-20251104-000207", "dispatch", _t("2025-11-04 10:02:00"), {"unitCode": "3210810012"})
    _ret(acts, "YZ12345-20251104-000207", "2025-11-04 11:30:00", "02")
    acts.hotline("YZ12345-20251104-000207", "approve_return", _t("2025-11-04 15:20:00"), {"mode": "same_unit"})
    acts.hotline("YZ12345-20251103-000140", "dispatch", _t("2025-11-03 08:30:00"), {"unitCode": "3210810012"})
    acts.hotline("YZ12345-20251103-000140", "cancel", _t("2025-11-03 08:55:00"), {"opinion": "重复件，撤销。"})


_BASE_KEYS = ("orderNo", "title", "callTime", "registerTime", "channel", "channelCode", "appealType",
              "appealTypeName", "content", "eventAddress", "areaCode", "areaName", "matterCategory", "appellant",
              "reportedObject", "marketSubjectFlag", "attachments", "relatedOrderNo")


def _ret(acts: Actions, no: str, when: str, reason: str) -> None:
    view = acts.store.orders[no].current
    acts.return_(no, view["unitCode"], _t(when), {
        "returnTime": when, "reasonCode": reason, "reasonText": "该诉求不属于本单位职责范围，请改派相关部门办理。",
        "operator": "王建国"})


def _life(acts: Actions, no: str, target: str, t: datetime, end: datetime, rng: random.Random) -> datetime:
    """Drive a dispatched order towards ``target`` with events spaced inside (t, end)."""
    step = (end - t) / 6
    unit = acts.store.orders[no].current_unit or ""

    def nxt() -> datetime:
        nonlocal t
        t = t + step * rng.uniform(0.3, 0.9)
        return t

    if target in ("30", "32", "50", "60"):
        acts.sign(no, unit, nxt(), {"signTime": format_time(t - timedelta(seconds=1))})
    if target == "32":
        acts.extension(no, unit, nxt(), {"applyTime": format_time(t), "extendDays": 5, "applicant": "王建国",
                                         "reason": "需调取相关材料并组织现场复核，申请延期办理。"})
    if target in ("50", "60"):
        acts.feedback(no, unit, nxt(), {"feedbackTime": format_time(t), "handleResult": rng.choice("123"),
                                        "replyText": rng.choice(REPLIES), "contacted": "1",
                                        "contactTime": format_time(t - timedelta(minutes=30)), "contactMethod": "1",
                                        "handler": "王建国", "handlerPhone": "0514-83421234"})
    if target == "60":
        acts.hotline(no, "visit", nxt(), {"satisfaction": rng.choice("1124")})
    if target in ("40", "90"):
        view = acts.store.orders[no].current
        acts.return_(no, unit, min(nxt(), _t(view["returnDeadline"]) - timedelta(minutes=1)), {
            "returnTime": format_time(t), "reasonCode": "01", "operator": "王建国",
            "reasonText": "该诉求不属于本单位职责范围，建议改派相关部门。"})
    if target == "90":
        acts.hotline(no, "approve_return", nxt(), {"mode": "reassign", "unitCode": "3210810101"})
    if target == "80":
        acts.hotline(no, "cancel", nxt(), {"opinion": "市民来电撤诉，撤销该工单。"})
    return t


def seed_orders(store: Store, acts: Actions, config: SimConfig, rng: random.Random) -> dict[str, BadRecord]:
    """The §6 examples and ``config.orders`` seeded orders; returns the bad ones."""
    people = People(rng)
    _examples(store, acts, people, config)
    start = _t(config.clock_start)
    first = store.calendar.working_days_before(start, 10)
    bad: dict[str, BadRecord] = {}
    span = (start - first).total_seconds()
    calls = sorted(first + timedelta(seconds=rng.uniform(0, span * 0.8)) for _ in range(config.orders))
    serials: dict[str, int] = {}
    for call in calls:
        day = call.strftime("%Y%m%d")
        serials[day] = serials.get(day, 300) + rng.randint(1, 9)
        no = f"YZ12345-{day}-{serials[day]:06d}"
        appeal = _pick(rng, APPEAL_WEIGHTS)
        base, unit, mark = new_base(people, config.knobs, no, call, appeal, _pick(rng, CHANNELS), config.bad_rate)
        store.orders[no] = Order(no, base)
        if mark is not None:
            bad[no] = mark
        dispatched = _t(base["registerTime"]) + timedelta(minutes=rng.randint(10, 50))
        acts.hotline(no, "dispatch", dispatched, {"unitCode": unit, "limitType": rng.choice(("02", "02", "02", "03"))})
        if config.knobs.redispatch_same_unit and rng.random() < 0.15:
            t = dispatched + timedelta(minutes=40)
            _ret(acts, no, format_time(t), "02")
            dispatched = t + timedelta(minutes=30)
            acts.hotline(no, "approve_return", dispatched, {"mode": "same_unit"})
        target = rng.choices(("20", "30", "32", "40", "50", "60", "80", "90"), weights=(2, 3, 1, 1, 2, 3, 1, 1))[0]
        try:
            _life(acts, no, target, dispatched, start - timedelta(minutes=5), rng)
        except Refused:
            pass  # a deadline got in the way: the order stays where it got to
    store.version = max(store.version, 880014980)  # later changes sort after the §6 examples
    return bad
