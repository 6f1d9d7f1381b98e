"""Exact amounts (R-DEC): the ``decimal`` and ``money`` transforms.

In a spec::

    transforms: [{decimal: {places: 3}}]                                  # a quantity, 3 decimals
    transforms: [{decimal: {places: 2, unit: {source: penalty.amount_unit, factors: {元: 1, 万元: 10000}}}}]
    transforms: [{money: {from: 万元, to: 元}}]                            # 2.0 万元 → "20000.00"
    transforms: [{money: {from: 元, to: 万元}}]                            # "1500.00" 元 → "0.150000"
    transforms: [{money: {from: {source: PRICE_UNIT, default: 元}, to: 元}}]   # the unit named by the record
    transforms: [percent]                                                 # "5%", "0.05", "5" → "5.0000" (ggzy §4.7)

Numbers are read from ``Decimal``s (``mappings.engine.loads``), integers, or text (full-width digits,
white space and thousands separators ``,`` allowed; exponents such as ``8.5E-4`` too).  Nothing is
rounded: a value that needs more decimals than ``places`` (default: 2 for 元, 6 for 万元) is ``FORMAT``,
and so is a negative or non-finite number.  元 → 万元 divides by 10 000 exactly; 万元 → 元 multiplies.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Context, Decimal, DecimalException, Inexact, InvalidOperation, Overflow
from typing import Any

from mappings.specfile import Loc
from mappings.text import lookup_key, nfkc, squeeze_out
from mappings.transform_base import CompileEnv, MapError, Transform, TransformDef

__all__ = ["MONEY_TRANSFORMS", "read_number"]

_UNITS = {"元": Decimal(1), "万元": Decimal(10000)}
_PLACES = {"元": 2, "万元": 6}
# amounts are never rounded: unit factors are applied in a context that raises instead of rounding
_EXACT = Context(prec=60, Emax=9999, Emin=-9999, traps=[InvalidOperation, Inexact, Overflow])


def read_number(value: Any) -> Decimal:
    """``value`` as an exact, finite, non-negative ``Decimal``; ``MapError`` (``FORMAT``) otherwise."""
    if type(value) is bool:
        raise MapError("FORMAT", f"{value} 不是数值")
    if isinstance(value, Decimal):
        number = value
    elif type(value) is int:
        number = Decimal(value)
    elif type(value) is float:  # not parsed by engine.loads: the shortest round-trip text is the literal
        number = Decimal(repr(value))
    elif type(value) is str:
        try:
            number = Decimal(squeeze_out(nfkc(value)).replace(",", ""))
        except InvalidOperation:
            raise MapError("FORMAT", f"{value} 不是数值") from None
    else:
        raise MapError("FORMAT", f"{value!r} 不是数值")
    if not number.is_finite() or number < 0:
        raise MapError("FORMAT", f"{value} 不是非负的有限数值")
    return number


def _exact(number: Decimal, places: int, value: Any, why: str = "") -> str:
    step = Decimal(1).scaleb(-places)
    try:
        exact = number.quantize(step)  # default context: more than 28 digits is InvalidOperation
    except InvalidOperation:
        raise MapError("FORMAT", f"{value} 超出范围") from None
    if exact != number:
        raise MapError("FORMAT", f"{value}{why} 需要超过 {places} 位小数，不能舍入（R-DEC）")
    return format(abs(exact), "f")


def _times(number: Decimal, factor: Decimal, value: Any) -> Decimal:
    try:
        return _EXACT.multiply(number, factor) if factor != 1 else number
    except DecimalException:
        raise MapError("FORMAT", f"{value} 超出范围") from None


def _decimal(params: Any, env: CompileEnv, loc: Loc) -> Transform:
    if not isinstance(params, dict) or set(params) - {"places", "unit"} or not isinstance(params.get("places"), int):
        loc.fail("decimal 需要 {places: N}，可选 unit: {source: 路径, factors: {单位: 倍数}}")
    places: int = params["places"]
    unit = params.get("unit")
    unit_of: Callable[[Any], Any] | None = None
    factors: dict[str, Decimal] = {}
    if unit is not None:
        if not isinstance(unit, dict) or set(unit) != {"source", "factors"} or not isinstance(unit["factors"], dict):
            (loc / "decimal" / "unit").fail("unit 需要 source 和 factors")
        unit_of = env.getter(unit["source"], loc / "decimal" / "unit" / "source")
        factors = {lookup_key(str(k)): Decimal(str(v)) for k, v in unit["factors"].items()}

    def convert(value: Any, scope: Any) -> Any:
        number = read_number(value)
        if unit_of is not None:
            sent = unit_of(scope)
            if sent is not None:
                factor = factors.get(lookup_key(str(sent)))
                if factor is None:
                    raise MapError("CODE_UNKNOWN", f"金额单位“{sent}”未知（可为 {'、'.join(factors)}）")
                number = _times(number, factor, value)
        return _exact(number, places, value)
    return convert


def _unit_name(raw: Any, loc: Loc) -> str:
    if not isinstance(raw, str) or lookup_key(raw) not in _UNITS:
        loc.fail(f"金额单位应为 元 或 万元，不是 {raw!r}")
    return lookup_key(raw)


def _money(params: Any, env: CompileEnv, loc: Loc) -> Transform:
    here = loc / "money"
    if not isinstance(params, dict) or not {"from", "to"} <= set(params) or set(params) - {"from", "to", "places"}:
        loc.fail("money 需要 {from: 元|万元|{source: 路径, default: 单位}, to: 元|万元}，可选 places")
    to = _unit_name(params["to"], here / "to")
    places = params.get("places", _PLACES[to])
    if not isinstance(places, int) or isinstance(places, bool) or not 0 <= places <= 8:
        (here / "places").fail("places 应为 0–8 的整数")
    sent_unit = params["from"]
    unit_of: Callable[[Any], Any] | None = None
    fixed_from = None
    if isinstance(sent_unit, dict):
        if set(sent_unit) - {"source", "default"} or "source" not in sent_unit:
            (here / "from").fail("from 应为 元、万元，或 {source: 路径, default: 元|万元}")
        unit_of = env.getter(sent_unit["source"], here / "from" / "source")
        fixed_from = _unit_name(sent_unit["default"], here / "from" / "default") if "default" in sent_unit else None
    else:
        fixed_from = _unit_name(sent_unit, here / "from")

    def convert(value: Any, scope: Any) -> Any:
        number = read_number(value)
        unit = fixed_from
        if unit_of is not None:
            sent = unit_of(scope)
            if sent is not None:
                unit = lookup_key(str(sent))
                if unit not in _UNITS:
                    raise MapError("CODE_UNKNOWN", f"金额单位“{sent}”未知（可为 元、万元）")
        if unit is None:
            raise MapError("REQUIRED", f"金额 {value} 没有单位，规格也没有默认单位")
        if unit != to:
            number = _times(number, _UNITS[unit] / _UNITS[to], value)
        return _exact(number, places, value, f"（{unit}→{to}）")
    return convert


def _percent(params: Any, env: CompileEnv, loc: Loc) -> Transform:
    if params is None:
        params = {}
    places = params.get("places", 4) if isinstance(params, dict) and not set(params) - {"places"} else None
    if not isinstance(places, int) or isinstance(places, bool) or not 0 <= places <= 8:
        loc.fail("percent 的参数应为 {places: N}（默认 4）")

    def convert(value: Any, scope: Any) -> Any:
        text = value.strip() if type(value) is str else value
        marked = type(text) is str and nfkc(text).rstrip().endswith("%")
        number = read_number(nfkc(text).rstrip()[:-1] if marked else text)
        if not marked and 0 < number < 1:  # ggzy §4.7 step 4: a fraction (the bid client refuses rates below 1 %)
            number = number.scaleb(2)
        return _exact(number, places, value)
    return convert


MONEY_TRANSFORMS: dict[str, TransformDef] = {
    "decimal": TransformDef(_decimal, params=True),
    "money": TransformDef(_money, params=True),
    "percent": TransformDef(_percent, params=None),
}
