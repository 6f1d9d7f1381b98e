"""Text as the platform's modules wrote it: dates (quirk 11), no-value forms (quirk 12), names (quirk 13).

    dt_text(rng, ms, quirks)        # "2025-11-25 09:30:00", or "2025/11/25 9:30", "20251125", …
    optional(rng, quirks, value)    # value, or None / "" / ABSENT
"""

from __future__ import annotations

import random
from datetime import datetime
from typing import Any

from adapters.ggzy.simconfig import QuirkRates
from adapters.ggzy.wire import BEIJING

__all__ = ["ABSENT", "dt_text", "name_as_sent", "optional", "person_name", "strip_absent"]

ABSENT = "<absent>"  # a member the writing module left out; removed before serving
_SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
_GIVEN = "建华立军国强海峰志明晓东文静秀英玉兰春雷永刚德胜"


def dt_text(rng: random.Random, ms: int, quirks: QuirkRates) -> str:
    """A DT value; at ``quirks.date_forms`` one of the older forms of quirk 11 (all Beijing time)."""
    t = datetime.fromtimestamp(ms // 1000, BEIJING)
    if rng.random() >= quirks.date_forms:
        return t.strftime("%Y-%m-%d %H:%M:%S")
    form = rng.randrange(4)
    if form == 0:
        return f"{t.year}/{t.month}/{t.day} {t.hour}:{t.minute:02d}"
    if form == 1:
        return t.strftime("%Y-%m-%dT%H:%M:%S")
    if form == 2:
        return t.strftime("%Y%m%d")
    return f"{t.year}年{t.month}月{t.day}日"


def optional(rng: random.Random, quirks: QuirkRates, value: Any, *, share: float = 0.85) -> Any:
    """``value`` at ``share``; else no value as absent, ``null`` or ``""`` (quirk 12)."""
    if rng.random() < share:
        return value
    if rng.random() < quirks.no_value_forms:
        return rng.choice([None, ""])
    return ABSENT


def name_as_sent(rng: random.Random, name: str, quirks: QuirkRates) -> str:
    """The registered name with half-width brackets and stray spaces at ``quirks.spaces`` (quirk 13)."""
    if "（" in name and rng.random() < 0.5:
        name = name.replace("（", "(").replace("）", ")")
    if rng.random() < quirks.spaces:
        name = rng.choice([" ", "\u3000", ""]) + name + rng.choice([" ", "\u3000"])
    return name


def person_name(rng: random.Random) -> str:
    """A 项目负责人's name (personal data: never logged)."""
    return rng.choice(_SURNAMES) + "".join(rng.choice(_GIVEN) for _ in range(rng.randint(1, 2)))


def strip_absent(value: Any) -> Any:
    """``value`` without the members marked ``ABSENT`` (recursively)."""
    if isinstance(value, dict):
        return {k: strip_absent(v) for k, v in value.items() if not (isinstance(v, str) and v == ABSENT)}
    if isinstance(value, list):
        return [strip_absent(v) for v in value]
    return value
