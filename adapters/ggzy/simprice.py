"""Prices as the platform's modules wrote them (ggzy.md §4.7, quirks 1–5).

    amount_text(rng, Decimal("17986420.35"), year=2017, quirks=q)   # "17,986,420.35" or RawNumber("1.798642035E7")
    rate_text(rng, Decimal("5"), quirks=q)                           # "5", "5%" or "0.05"
"""

from __future__ import annotations

import random
from decimal import Decimal
from typing import Any

from adapters.ggzy.simconfig import QuirkRates
from adapters.ggzy.simjson import RawNumber
from adapters.ggzy.simtext import ABSENT

__all__ = ["amount_text", "exponent_form", "rate_text", "unit_value"]


def exponent_form(value: Decimal) -> str:
    """``17986420.35`` → ``1.798642035E7`` (the desktop client's double printing)."""
    sign, digits, exp = value.normalize().as_tuple()
    text = "".join(str(d) for d in digits)
    power = len(digits) + int(exp) - 1
    mantissa = text[0] + ("." + text[1:] if len(text) > 1 else ".0")
    return ("-" if sign else "") + f"{mantissa}E{power}"


def amount_text(rng: random.Random, value: Decimal, *, year: int, quirks: QuirkRates) -> Any:
    """How a module of ``year`` sent an amount: JSON number (2016–2018), commas (2017–2021), or plain."""
    if 2016 <= year <= 2018 and rng.random() < quirks.json_number:
        if rng.random() < quirks.exponent and value >= 1000:
            return RawNumber(exponent_form(value))
        return RawNumber(str(value.normalize()) if value == value.to_integral() else str(value))
    if 2017 <= year <= 2021 and rng.random() < quirks.thousands:
        return f"{value:,}"
    return str(value)


def rate_text(rng: random.Random, percent: Decimal, *, quirks: QuirkRates) -> str:
    """A 下浮率/费率 of ``percent`` % in one of its three spellings (quirk 5)."""
    if rng.random() >= quirks.rate_spelling:
        return str(percent)
    if rng.random() < 0.5:
        return f"{percent}%"
    return str((percent / 100).normalize())


def unit_value(rng: random.Random, unit: str, *, year: int, quirks: QuirkRates, is_rate: bool) -> Any:
    """``PRICE_UNIT`` as sent: code, pre-2019 label (quirk 4), or missing for amounts (quirk 3)."""
    if not is_rate and unit == "0" and rng.random() < quirks.unit_missing:  # only 元 may go without
        return rng.choice([None, "", ABSENT])
    if year < 2019:
        return {"0": "元", "1": "万元", "2": "费率", "3": "下浮率"}[unit]
    return unit
