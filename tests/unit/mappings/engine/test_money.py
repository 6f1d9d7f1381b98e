"""Amounts between 元 and 万元 with exact decimals (R-DEC): conversions both ways, nothing rounded, and
property tests that a conversion is either exact or FORMAT."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mappings.transform_base import MapError
from santong.errors import ConfigError

TO_YUAN = {"from": "万元", "to": "元"}
TO_WAN = {"from": "元", "to": "万元"}


@pytest.mark.parametrize(("params", "sent", "expected"), [
    (TO_YUAN, Decimal("2.0"), "20000.00"),          # scjg FKJE, quirk 12
    (TO_YUAN, Decimal("8.5E-4"), "8.50"),            # scjg MSJE 8.5E-4 万元 = 8.5 元
    (TO_YUAN, "0.05", "500.00"),
    (TO_YUAN, "9862.354", "98623540.00"),            # e路阳光 HTJ
    (TO_WAN, "1500.00", "0.150000"),                 # credit legacy CF_FKJE (quirk 9)
    (TO_WAN, Decimal("9.862354E7"), "9862.354000"),  # e路阳光 quirk 4
    (TO_WAN, "1,234,567.80", "123.456780"),          # ggzy quirk 1
    (TO_WAN, "１８６５０００", "186.500000"),            # full-width digits
    (TO_WAN, 0, "0.000000"),
    ({"from": "元", "to": "元"}, "3.2568E6", "3256800.00"),
    ({"from": "万元", "to": "万元"}, "2.5", "2.500000"),
    ({"from": "万元", "to": "元", "places": 0}, "2.5", "25000"),
])
def test_money_converts_exactly(transform: Callable[..., Any], params: Any, sent: Any, expected: str) -> None:
    assert transform("money", params)(sent, {}) == expected


@pytest.mark.parametrize(("params", "sent", "code", "why"), [
    (TO_YUAN, "0.0000001", "FORMAT", "R-DEC"),       # 万元 → 元 must leave at most 2 decimals
    (TO_YUAN, "1.2345678", "FORMAT", "2 位小数"),
    (TO_WAN, "0.001", "FORMAT", "6 位小数"),
    (TO_WAN, "-5", "FORMAT", "非负"),
    (TO_WAN, "5元", "FORMAT", "不是数值"),
    (TO_WAN, True, "FORMAT", "不是数值"),
    (TO_WAN, "NaN", "FORMAT", "非负的有限"),
    (TO_WAN, "1E+99", "FORMAT", "超出范围"),
])
def test_money_refuses_what_it_cannot_carry_exactly(transform: Callable[..., Any], params: Any, sent: Any, code: str,
                                                    why: str) -> None:
    with pytest.raises(MapError) as info:
        transform("money", params)(sent, {})
    assert info.value.code == code and why in info.value.message


def test_money_takes_the_unit_the_record_names(transform: Callable[..., Any]) -> None:
    convert = transform("money", {"from": {"source": "dw", "default": "万元"}, "to": "元"})
    assert convert("1865000", {"dw": "元"}) == "1865000.00"
    assert convert("48.6", {}) == "486000.00"
    with pytest.raises(MapError) as info:
        convert("1", {"dw": "千元"})
    assert info.value.code == "CODE_UNKNOWN" and "千元" in info.value.message
    no_default = transform("money", {"from": {"source": "dw"}, "to": "元"})
    with pytest.raises(MapError) as info:
        no_default("1", {})
    assert info.value.code == "REQUIRED"


@pytest.mark.parametrize("params", [{"to": "元"}, {"from": "千元", "to": "元"}, {"from": "元", "to": "元", "places": -1},
                                    {"from": "元", "to": "元", "scale": 2}, "万元"])
def test_bad_money_parameters_are_refused_at_compile(transform: Callable[..., Any], params: Any) -> None:
    with pytest.raises(ConfigError):
        transform("money", params)


_YUAN = st.decimals(min_value=0, max_value=Decimal("9999999999999.99"), places=2, allow_nan=False, allow_infinity=False)
_ANY = st.decimals(min_value=0, max_value=Decimal("99999999999"), places=8, allow_nan=False, allow_infinity=False)


@settings(max_examples=300, deadline=None)
@given(amount=_YUAN)
def test_yuan_to_wan_and_back_is_the_identity(transform: Callable[..., Any], amount: Decimal) -> None:
    wan = transform("money", TO_WAN)(amount, {})
    assert len(wan.split(".")[1]) == 6
    assert transform("money", TO_YUAN)(wan, {}) == format(amount.quantize(Decimal("0.01")), "f")


@settings(max_examples=300, deadline=None)
@given(amount=_ANY)
def test_wan_to_yuan_succeeds_exactly_when_two_decimals_suffice(transform: Callable[..., Any], amount: Decimal) -> None:
    yuan = amount * 10000
    try:
        out = transform("money", TO_YUAN)(amount, {})
    except MapError as exc:
        assert exc.code == "FORMAT" and yuan != yuan.quantize(Decimal("0.01"))
    else:
        assert Decimal(out) == yuan and len(out.split(".")[1]) == 2


@settings(max_examples=300, deadline=None)
@given(sent=st.one_of(st.text(max_size=20), st.integers(), st.floats(), st.decimals(), st.booleans(), st.none(),
                      st.lists(st.integers(), max_size=2)))
def test_amount_transforms_answer_a_decimal_text_or_a_map_error(transform: Callable[..., Any], sent: Any) -> None:
    for name, params in (("money", TO_YUAN), ("money", TO_WAN), ("decimal", {"places": 3})):
        try:
            out = transform(name, params)(sent, {})
        except MapError as exc:
            assert exc.code in ("FORMAT", "CODE_UNKNOWN")
            continue
        assert Decimal(out) >= 0 and "E" not in out


@pytest.mark.parametrize(("sent", "expected"), [("5%", "5.0000"), ("0.05", "5.0000"), (Decimal("0.05"), "5.0000"),
                                                ("12.5", "12.5000"), ("８％", "8.0000"), ("100", "100.0000")])
def test_percent_reads_a_rate_as_ggzy_4_7_says(transform: Callable[..., Any], sent: Any, expected: str) -> None:
    assert transform("percent")(sent, {}) == expected


@pytest.mark.parametrize("sent", ["5.123456%", "abc%", "-3", "%"])
def test_percent_refuses_what_it_cannot_read_exactly(transform: Callable[..., Any], sent: str) -> None:
    with pytest.raises(MapError) as info:
        transform("percent")(sent, {})
    assert info.value.code == "FORMAT"
