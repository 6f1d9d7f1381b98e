"""Breaks a valid record the way production data is broken (quirks 1, 12, 13, 14, 15, and §7's 暂扣/吊销).

    bad = spoil(record, random.Random(3))     # changes ``record`` in place
    bad.reason, bad.field                     # 'DATE_ORDER', 'penalty.close_date'

A spoiled record can never become valid under the national standard, whatever the hub's
mapping does right: tests use :class:`BadRecord` to check that exactly these are quarantined,
with the field named.
"""

from __future__ import annotations

import random
import re
from dataclasses import asdict, dataclass
from datetime import date, timedelta
from typing import Any

from adapters.sthj.identifiers import USCC_CHARS, uscc_check
from adapters.sthj.simrecords import render_date

__all__ = ["REASONS", "BadRecord", "applicable_reasons", "parse_date", "spoil"]

REASONS = ("IMPOSSIBLE_DATE", "BAD_USCC", "BAD_ITEM_CODE", "DATE_ORDER", "NO_INSPECTORS", "REVOKED_LICENSE")
_QUIRK = {"IMPOSSIBLE_DATE": 1, "BAD_USCC": 12, "BAD_ITEM_CODE": 13, "DATE_ORDER": 14, "NO_INSPECTORS": 15}
_DATE_RE = re.compile(r"^(\d{4})(?:/(\d{1,2})/(\d{1,2})|-(\d{2})-(\d{2})|(\d{2})(\d{2})|年(\d{1,2})月(\d{1,2})日)$")


@dataclass(frozen=True)
class BadRecord:
    """Why a record is invalid: ``reason`` (one of :data:`REASONS`), the sthj ``field`` path, §5 ``quirk``."""

    reason: str
    field: str
    quirk: int | None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def parse_date(text: str) -> date:
    """Read any quirk-1 form (``2024/3/7``, ``2024-03-07``, ``20240307``, ``2024年3月7日``); ValueError otherwise."""
    m = _DATE_RE.match(text)
    if not m:
        raise ValueError(f"not a date: {text!r}")
    year = int(m.group(1))
    month, day = next((int(m.group(i)), int(m.group(i + 1))) for i in (2, 4, 6, 8) if m.group(i))
    return date(year, month, day)


def _present(obj: dict[str, Any], key: str) -> bool:
    return obj.get(key) not in (None, "", [])


def applicable_reasons(record: dict[str, Any]) -> list[str]:
    kind = record["record_type"]
    target = record["target"]
    reasons = ["IMPOSSIBLE_DATE", "BAD_ITEM_CODE"]
    if _present(target, "uscc"):
        reasons.append("BAD_USCC")
    if kind == "INSPECTION":
        reasons.append("NO_INSPECTORS")
    elif kind == "PENALTY":
        reasons += ["DATE_ORDER", "REVOKED_LICENSE"]
    elif _present(record["coercive"], "end_date") and record["coercive"]["measure_type"] in ("查封", "扣押"):
        reasons.append("DATE_ORDER")
    return reasons


def spoil(record: dict[str, Any], rng: random.Random, reason: str | None = None) -> BadRecord:
    """Make ``record`` invalid for one reason (random among the applicable ones unless given)."""
    reason = reason or rng.choice(applicable_reasons(record))
    field = _SPOILERS[reason](record, rng)
    return BadRecord(reason, field, _QUIRK.get(reason))


def _impossible(record: dict[str, Any], rng: random.Random) -> str:
    kind = record["record_type"]
    section, key = {
        "INSPECTION": ("inspection", "inspect_date"),
        "PENALTY": ("penalty", rng.choice(("file_date", "decision_date"))),
        "COERCIVE": ("coercive", "start_date"),
    }[kind]
    year = record[section][key][:4]
    record[section][key] = rng.choice(
        (f"{year}/2/30", f"{year}/14/3", f"{year}-04-31", f"{year}0230", f"{year}年2月30日", f"{year}/11/31")
    )
    return f"{section}.{key}"


def _bad_uscc(record: dict[str, Any], rng: random.Random) -> str:
    target = record["target"]
    good: str = target["uscc"]
    variants = ["check", "short", "long", "letter", "embedded"]
    if record.get("entry_channel") == "历史迁移":
        variants.append("org9")
    variant = rng.choice(variants)
    if variant == "check":
        bad = good[:17] + rng.choice([c for c in USCC_CHARS if c != good[17]])
    elif variant == "short":
        bad = good[:17]
    elif variant == "long":
        bad = good + rng.choice("0123456789")
    elif variant == "letter":
        pos = rng.randrange(10, 16)
        bad = good[:pos] + rng.choice("IOZSV") + good[pos + 1 :]
    elif variant == "embedded":  # check character right for the 17, embedded 组织机构代码 wrong
        wrong = rng.choice([c for c in "0123456789X" if c != good[16]])
        bad = good[:16] + wrong + uscc_check(good[:16] + wrong)
    else:
        org = good[8:17]
        bad = org[:8] + "-" + org[8] if rng.random() < 0.5 else org
    target["uscc"] = bad
    return "target.uscc"


def _bad_item(record: dict[str, Any], rng: random.Random) -> str:
    code = record["supervise_item_code"]
    form = rng.choice(("null", "empty", "absent", "short", "spaces"))
    if form == "absent":
        del record["supervise_item_code"]
    else:
        record["supervise_item_code"] = {"null": None, "empty": "", "short": code[:12],
                                         "spaces": f"{code[:8]} {code[8:]}"}[form]
    return "supervise_item_code"


def _date_order(record: dict[str, Any], rng: random.Random) -> str:
    if record["record_type"] == "PENALTY":
        body = record["penalty"]
        filed = parse_date(body["file_date"])
        if _present(body, "close_date") and rng.random() < 0.5:
            body["close_date"] = render_date(filed - timedelta(days=rng.randint(3, 20)), "slash")
            return "penalty.close_date"
        body["decision_date"] = render_date(filed - timedelta(days=rng.randint(1, 9)), "iso")
        return "penalty.decision_date"
    body = record["coercive"]
    end = parse_date(body["end_date"])
    if body.get("extended") and _present(body, "extended_end_date") and rng.random() < 0.5:
        body["extended_end_date"] = render_date(end - timedelta(days=rng.randint(1, 5)), "slash")
        return "coercive.extended_end_date"
    body["end_date"] = render_date(parse_date(body["start_date"]) - timedelta(days=rng.randint(1, 5)), "slash")
    return "coercive.end_date"


def _no_inspectors(record: dict[str, Any], rng: random.Random) -> str:
    record["inspection"]["inspectors"] = []
    if "entry_channel" in record:
        record["entry_channel"] = "批量导入"  # the import template had no inspector columns
    return "inspection.inspectors"


def _revoked(record: dict[str, Any], rng: random.Random) -> str:
    body = record["penalty"]
    body["penalty_types"] = [*body["penalty_types"], rng.choice(("暂扣许可证件", "吊销许可证件"))]
    if body["procedure"] == "简易程序":
        body["procedure"] = "普通程序"
    return "penalty.penalty_types"


_SPOILERS = {
    "IMPOSSIBLE_DATE": _impossible,
    "BAD_USCC": _bad_uscc,
    "BAD_ITEM_CODE": _bad_item,
    "DATE_ORDER": _date_order,
    "NO_INSPECTORS": _no_inspectors,
    "REVOKED_LICENSE": _revoked,
}
