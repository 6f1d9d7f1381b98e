"""信用核查 (§3.7) inside the simulator: current memberships from the feed, exact name match (quirk 14)."""

from __future__ import annotations

from typing import Any

from adapters.credit.wire import LIST_TYPES, mask_id

__all__ = ["SCENES", "answer_check", "memberships"]

SCENES = ("XZXK", "ZTB", "ZFCG", "CZZJ", "PYPX", "QT")


def memberships(events: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """recordId → its latest LR event, for entries not removed since."""
    current: dict[str, dict[str, Any]] = {}
    for event in events:
        if event["action"] == "LR":
            current[event["recordId"]] = event
        else:
            current.pop(event["recordId"], None)
    return current


def answer_check(body: dict[str, Any], events: list[dict[str, Any]], unavailable: tuple[str, ...],
                 commitments: dict[str, list[dict[str, Any]]], now_text: str, query_id: str) -> tuple[str, Any]:
    """(code, data) of a well-formed request: code "0" or "4202"."""
    subjects: dict[str, dict[str, Any]] = {}
    for event in events:
        s = event["subject"]
        key = s.get("uscc") or f"{s['name']}|{s.get('idNo')}"
        subjects[key] = s
    current = memberships(events)
    uscc, name = body.get("uscc"), (body.get("name") or "").strip() or None
    person = body.get("subjectType") == "自然人"
    subject: dict[str, Any] | None = None
    matched_by = None
    if uscc:
        subject, matched_by = subjects.get(uscc), "USCC"
    elif person:
        masked = mask_id(str(body.get("idNo") or ""))
        subject = subjects.get(f"{name}|{masked}")
        matched_by = "NAME_ID"
    else:
        found = [s for s in subjects.values() if s["name"] == name and s.get("uscc")]
        if len(found) > 1:
            return "4202", {"candidates": [{"name": s["name"], "uscc": s["uscc"]} for s in found]}
        subject, matched_by = (found[0] if found else None), "NAME"
    lists: list[dict[str, Any]] = []
    if subject is not None:
        for event in current.values():
            if event["subject"] is subject or event["subject"] == subject:
                if event["listType"] in unavailable:
                    continue
                lists.append({"listType": event["listType"], "listName": event["listName"],
                              "recordId": event["recordId"], "inclusion": event["inclusion"],
                              "measures": event["measures"], "detail": event["detail"]})
    if lists:
        result = "HIT"
    elif unavailable:
        result = "PARTIAL"
    elif subject is None and not person:
        result = "NOT_FOUND"
    else:
        result = "CLEAN"
    data = {"queryId": query_id, "clientRequestId": body.get("requestId"), "checkResult": result,
            "subjectFound": subject is not None, "matchedBy": matched_by if subject else None,
            "nameMismatch": bool(subject and uscc and name and subject["name"] != name),
            "subject": subject, "lists": lists,
            "commitments": commitments.get(str(subject.get("uscc"))) or [] if subject else [],
            "unavailableLists": list(unavailable),
            "dataAsOf": {t: now_text for t in LIST_TYPES if t not in unavailable}, "checkedAt": now_text}
    return "0", data
