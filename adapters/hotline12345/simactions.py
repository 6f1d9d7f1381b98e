"""What the hotline and the units can do to an order (§3.6, §4.9), on top of the :class:`Store`.

    acts = Actions(store)
    acts.sign(order_no, unit, now, {"signTime": …, "signer": …, "signerPhone": …})
    acts.hotline(order_no, "approve_return", now, {"mode": "reassign", "unitCode": "3210810015"})

Unit actions assume the request was validated (``simvalidate``) and that it names the current
dispatch; a status that does not allow the action raises :class:`Refused` (409 40901).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from adapters.hotline12345.simstore import OPEN, Store
from adapters.hotline12345.wire import format_time, parse_time

__all__ = ["Actions", "Refused"]

_SUPERVISE_REASONS = {"01": "签收超时", "02": "办理超期", "03": "市民重复来电", "04": "领导批示", "05": "回访不满意",
                      "99": "其他"}
_RETURN_REASONS = {"01": "非本单位职责", "02": "诉求信息不全", "03": "已进入诉讼/仲裁/复议程序", "04": "重复件", "99": "其他"}
_RESULTS = {"1": "已解决", "2": "部分解决", "3": "未解决（已解释说明）", "4": "反映不属实"}
_SATISFACTION = {"1": "满意", "2": "基本满意", "3": "不满意", "4": "未联系上"}


class Refused(Exception):
    """The action is not allowed now: ``code`` (a §3.10 code) and ``message``."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


class Actions:
    """Transitions T1–T14 with the sub-records they create."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def _view(self, order_no: str, unit: str | None = None) -> dict[str, Any]:
        order = self.store.orders[order_no]
        return order.views[unit or order.current_unit or ""]

    # -- unit actions (T2, T3, T4, T7) ---------------------------------------------------
    def sign(self, order_no: str, unit: str, now: datetime, body: dict[str, Any]) -> tuple[dict[str, Any], None]:
        self._need(order_no, unit, ("20",), "签收")
        return self.store.transition(order_no, unit, "30", "SIGNED", "UNIT", now,
                                     changes={"signTime": body["signTime"]}), None

    def return_(self, order_no: str, unit: str, now: datetime, body: dict[str, Any]) -> tuple[dict[str, Any], str]:
        view = self._need(order_no, unit, ("20", "30"), "退回")
        if format_time(now) > view["returnDeadline"][:19]:
            raise Refused("42205", "已超过退回时限")
        rid = self.store.next_id(self.store.orders[order_no], "TH", now)
        record = {"returnId": rid, "dispatchSeq": view["dispatchSeq"], "returnTime": body["returnTime"],
                  "reasonCode": body["reasonCode"], "reasonName": _RETURN_REASONS.get(body["reasonCode"], "其他"),
                  "reasonText": body["reasonText"], "operator": body["operator"], "reviewResult": "0",
                  "reviewOpinion": None, "reviewTime": None}
        return self.store.transition(order_no, unit, "40", "RETURNED", "UNIT", now,
                                     changes={"returns": [*view["returns"], record]}), rid

    def extension(self, order_no: str, unit: str, now: datetime, body: dict[str, Any]) -> tuple[dict[str, Any], str]:
        view = self._view(order_no, unit)
        if view["status"] == "32":
            raise Refused("40903", "存在待审核的延期申请")
        view = self._need(order_no, unit, ("30",), "延期申请")
        mine = [e for e in view["extensions"] if e["dispatchSeq"] == view["dispatchSeq"]]
        if len(mine) >= 2 or not 1 <= int(body["extendDays"]) <= 15 or format_time(now) > view["handleDeadline"][:19]:
            raise Refused("42203", "延期次数或天数超出限制")
        rid = self.store.next_id(self.store.orders[order_no], "YQ", now)
        record = {"applyId": rid, "dispatchSeq": view["dispatchSeq"], "applyTime": body["applyTime"],
                  "extendDays": body["extendDays"], "reason": body["reason"], "applicant": body["applicant"],
                  "reviewStatus": "0", "reviewOpinion": None, "reviewTime": None, "newHandleDeadline": None}
        return self.store.transition(order_no, unit, "32", "EXTENSION_APPLIED", "UNIT", now,
                                     changes={"extensions": [*view["extensions"], record]}), rid

    def feedback(self, order_no: str, unit: str, now: datetime, body: dict[str, Any]) -> tuple[dict[str, Any], str]:
        view = self._need(order_no, unit, ("30", "32"), "办结反馈")
        extensions = [dict(e, reviewStatus="3") if e["reviewStatus"] == "0" else e for e in view["extensions"]]
        rid = self.store.next_id(self.store.orders[order_no], "FK", now)
        record = {"feedbackId": rid, "dispatchSeq": view["dispatchSeq"], "feedbackTime": body["feedbackTime"],
                  "handleResult": body["handleResult"], "handleResultName": _RESULTS[body["handleResult"]],
                  "replyText": body["replyText"], "contacted": body["contacted"],
                  "contactTime": body.get("contactTime"), "contactMethod": body.get("contactMethod"),
                  "handler": body["handler"], "handlerPhone": body["handlerPhone"], "reviewStatus": "0",
                  "reviewOpinion": None}
        return self.store.transition(order_no, unit, "50", "FEEDBACK_SUBMITTED", "UNIT", now,
                                     changes={"feedback": record, "extensions": extensions}), rid

    def _need(self, order_no: str, unit: str, allowed: tuple[str, ...], what: str) -> dict[str, Any]:
        view = self._view(order_no, unit)
        if view["status"] not in allowed:
            raise Refused("40901", f"工单当前状态为“{view['statusName']}”，不允许{what}")
        return view

    # -- hotline actions (§8) ------------------------------------------------------------
    def hotline(self, order_no: str, action: str, now: datetime, body: dict[str, Any]) -> dict[str, Any]:
        """Apply one ``/_sim/hotline/{orderNo}/{action}``; :class:`Refused` when §4.9 does not allow it."""
        store = self.store
        order = store.orders[order_no]
        if action == "dispatch":
            if order.current_unit and order.current["status"] in OPEN:
                raise Refused("40901", "工单已派单")
            return store.dispatch(order_no, body.get("unitCode", "3210810012"), now, body.get("limitType", "02"))
        view = order.current
        unit, status, stamp = view["unitCode"], view["status"], format_time(now)
        if action in ("supervise", "urge"):
            kind = "1" if action == "supervise" else "2"
            reason = body.get("reason", "02")
            record = {"superviseId": store.next_id(order, "DB", now), "dispatchSeq": view["dispatchSeq"],
                      "superviseType": kind, "superviseTypeName": "督办" if kind == "1" else "催办",
                      "superviseLevel": body.get("level", "1") if kind == "1" else None,
                      "superviseReason": reason, "superviseReasonName": _SUPERVISE_REASONS.get(reason, "其他"),
                      "superviseContent": body.get("content", "请加快办理进度，按时办结并反馈。"),
                      "superviseTime": stamp, "limitTime": body.get("limitTime") if kind == "1" else None,
                      "supervisor": "扬州市12345政务服务便民热线"}
            return store.supervise(order_no, record, now)
        if action == "cancel":
            self._state(status, OPEN)
            return store.transition(order_no, unit, "80", "CANCELLED", "HOTLINE", now,
                                    opinion=body.get("opinion", "市民来电撤诉，撤销该工单。"))
        if action in ("approve_extension", "refuse_extension"):
            self._state(status, ("32",))
            ok = action == "approve_extension"
            pending = view["extensions"][-1]
            deadline = view["handleDeadline"]
            if ok:
                deadline = format_time(store.calendar.add_working_days(parse_time(deadline), int(pending["extendDays"])))
            done = dict(pending, reviewStatus="1" if ok else "2", reviewTime=stamp,
                        reviewOpinion=f"同意延期{pending['extendDays']}个工作日。" if ok else "不同意延期。",
                        newHandleDeadline=deadline if ok else None)
            return store.transition(order_no, unit, "30", "EXTENSION_APPROVED" if ok else "EXTENSION_REFUSED",
                                    "HOTLINE", now, opinion=done["reviewOpinion"],
                                    changes={"extensions": [*view["extensions"][:-1], done], "handleDeadline": deadline})
        if action in ("approve_return", "reject_return"):
            self._state(status, ("40",))
            mode = body.get("mode", "same_unit")
            result = "3" if action == "reject_return" else "2" if mode == "same_unit" else "1"
            last = dict(view["returns"][-1], reviewResult=result, reviewTime=stamp)
            view["returns"] = [*view["returns"][:-1], last]
            if action == "reject_return":
                return store.transition(order_no, unit, "30", "RETURN_REJECTED", "HOTLINE", now,
                                        changes={"signTime": view["signTime"] or stamp}, opinion="退回理由不成立，请继续办理。")
            if mode == "same_unit":
                return store.dispatch(order_no, unit, now, view["limitType"], cause="REDISPATCHED")
            target = body.get("unitCode") or "3210810015"
            store.transition(order_no, unit, "90", "REASSIGNED", "HOTLINE", now, opinion="同意退回，改派他单位。")
            return store.dispatch(order_no, target, now, view["limitType"], cause="DISPATCHED")
        if action == "reject_feedback":
            self._state(status, ("50",))
            fb = dict(view["feedback"], reviewStatus="2", reviewOpinion="答复内容不完整，请重新答复。")
            return store.transition(order_no, unit, "30", "FEEDBACK_REJECTED", "HOTLINE", now,
                                    changes={"feedback": fb}, opinion=fb["reviewOpinion"])
        if action == "visit":
            self._state(status, ("50",))
            sat = str(body.get("satisfaction", "1"))
            visit = {"visitTime": stamp, "visitMethod": "1", "satisfaction": sat,
                     "satisfactionName": _SATISFACTION[sat], "visitContent": "回访诉求人，对办理结果的评价已记录。"}
            if sat == "3":
                view["visit"] = visit
                return store.dispatch(order_no, unit, now, view["limitType"], cause="REDO")
            return store.transition(order_no, unit, "60", "CLOSED", "HOTLINE", now, opinion="回访完成，工单办结。",
                                    changes={"visit": visit, "feedback": dict(view["feedback"], reviewStatus="1")})
        raise Refused("40402", f"unknown hotline action {action!r}")

    @staticmethod
    def _state(status: str, allowed: tuple[str, ...]) -> None:
        if status not in allowed:
            raise Refused("40901", f"工单当前状态为{status}，不允许该操作")
