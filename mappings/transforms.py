"""The transforms a mapping spec may name, each compiled once into ``fn(value, scope) -> value``.

A transform sees one non-empty value (``None`` never reaches it) and the object the field's source
path was read from (``scope``: the raw record, or one element of an ``each`` list).  It raises
``MapError(code, message)`` for what it cannot map; the engine reports that on the target field with
the value the source sent.  A transform that returns ``None`` ends the chain: the field has no value.

In a spec: ``transforms: [trim, nfkc, upper]``, ``[date]``, ``[{code: CHECK_TYPE}]``,
``[{decimal: {places: 2, unit: {source: penalty.amount_unit, factors: {元: 1, 万元: 10000}}}}]``.
``TRANSFORMS`` lists them; ``list_level`` ones (``unique``) run once on the whole list after the
per-element ones.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any, Protocol

from mappings.codes import CodeTable
from mappings.identifiers import upgrade_idno15
from mappings.specfile import Loc
from mappings.text import lookup_key, nfc, nfkc, squeeze_out, trim
from santong.errors import DataError

__all__ = ["TRANSFORMS", "CompileEnv", "MapError", "Transform", "TransformDef"]

Transform = Callable[[Any, Any], Any]


class MapError(Exception):
    """A value a transform cannot map: ``code`` is a §5.11 code, ``message`` says why (Chinese)."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code, self.message = code, message


class CompileEnv(Protocol):
    """What a transform factory may use while a spec is compiled."""

    def table(self, table_id: str, loc: Loc) -> CodeTable: ...
    def labels(self, table_id: str) -> Mapping[str, str]: ...
    def getter(self, path: Any, loc: Loc) -> Callable[[Any], Any]: ...


@dataclass(frozen=True)
class TransformDef:
    """A named transform: ``factory(params, env, loc)`` compiles it; ``params`` says whether it takes any."""

    factory: Callable[[Any, CompileEnv, Loc], Transform]
    params: bool = False
    list_level: bool = False


def _string(value: Any) -> str:
    if type(value) is str:
        return value
    if type(value) is int:
        return str(value)
    raise MapError("FORMAT", f"应为字符串，实为 {type(value).__name__}")


def _trim(value: Any, scope: Any) -> Any:
    return nfc(trim(_string(value))) or None


def _text(value: Any, scope: Any) -> Any:
    return nfc(trim(_string(value).replace("\r\n", "\n").replace("\r", "\n"))) or None


def _nfkc(value: Any, scope: Any) -> Any:
    return nfkc(_string(value))


def _upper(value: Any, scope: Any) -> Any:
    return _string(value).upper()


_DATE_FORMS = (
    re.compile(r"([0-9]{4})/([0-9]{1,2})/([0-9]{1,2})"),
    re.compile(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})"),
    re.compile(r"([0-9]{4})([0-9]{2})([0-9]{2})"),
    re.compile(r"([0-9]{4})年([0-9]{1,2})月([0-9]{1,2})日"),
)


def _date(value: Any, scope: Any) -> Any:
    text = squeeze_out(nfkc(_string(value)))
    for form in _DATE_FORMS:
        m = form.fullmatch(text)
        if m:
            y, mo, d = (int(g) for g in m.groups())
            try:
                return datetime(y, mo, d).date().isoformat()
            except ValueError:
                raise MapError("FORMAT", f"日期 {value} 不存在") from None
    raise MapError("FORMAT", f"{value} 不是可识别的日期（YYYY/M/D、YYYY-MM-DD、YYYYMMDD 或 YYYY年M月D日）")


_BEIJING_EPOCH = datetime(1970, 1, 1, 8, 0, 0)  # the Unix epoch on a +08:00 wall clock


def _epoch_ms(value: Any, scope: Any) -> Any:
    if type(value) is not int:
        raise MapError("FORMAT", "应为 Unix 毫秒时间戳（整数）")
    # seconds are floored: a datetime has no fraction (§1.4), and a rounded-up time could lie in the future
    return (_BEIJING_EPOCH + timedelta(seconds=value // 1000)).isoformat() + "+08:00"


def _bool(value: Any, scope: Any) -> Any:
    if type(value) is bool:
        return value
    if value in (1, 0) and type(value) is int:
        return value == 1
    if type(value) is str:
        key = lookup_key(value).lower()
        if key in ("true", "是", "1"):
            return True
        if key in ("false", "否", "0"):
            return False
    raise MapError("FORMAT", f"{value!r} 不是布尔值（true/false、是/否）")


def _area6(value: Any, scope: Any) -> Any:
    text = _string(value)
    # a 9- or 12-digit statistical division code (乡镇街道, 村) is reduced to its county (§2.5)
    return text[:6] if len(text) in (9, 12) and text.isascii() and text.isdigit() else text


def _idno_upgrade(value: Any, scope: Any) -> Any:
    text = _string(value)
    if len(text) != 15 or not text.isascii() or not text.isdigit():
        return text
    try:
        return upgrade_idno15(text)
    except DataError as exc:
        raise MapError("FORMAT", exc.errors[0].message) from None


_LIST_SEPARATORS = re.compile(r"[、,，;；/]")


def _first_listed(value: Any, scope: Any) -> Any:
    # §3.5: several forms sent for one check map to the first one listed
    parts = [p for p in (trim(p) for p in _LIST_SEPARATORS.split(_string(value))) if p]
    return parts[0] if parts else None


def _unique(value: Any, scope: Any) -> Any:
    seen: set[Any] = set()
    out = []
    for item in value:
        key = item.get("code") if isinstance(item, dict) else item
        if item is not None and key in seen:
            continue
        seen.add(key)
        out.append(item)
    return out


def _simple(fn: Transform) -> TransformDef:
    return TransformDef(lambda params, env, loc: fn)


def _code(params: Any, env: CompileEnv, loc: Loc) -> Transform:
    if not isinstance(params, str):
        loc.fail("code 需要代码表名，如 {code: CHECK_TYPE}")
    table = env.table(params, loc)
    extra = env.labels(params)

    def lookup(value: Any, scope: Any) -> Any:
        code = table.resolve(value, extra)
        if code is None:
            raise MapError("CODE_UNKNOWN", f"“{value}”不是代码表 {table.ref}（{table.name}）的代码或标签")
        return table.entry(code)
    return lookup


def _decimal(params: Any, env: CompileEnv, loc: Loc) -> Transform:
    if not isinstance(params, dict) or set(params) - {"places", "unit"} or not isinstance(params.get("places"), int):
        loc.fail("decimal 需要 {places: N}，可选 unit: {source: 路径, factors: {单位: 倍数}}")
    places: int = params["places"]
    step = Decimal(1).scaleb(-places)
    unit = params.get("unit")
    unit_of: Callable[[Any], Any] | None = None
    factors: dict[str, Decimal] = {}
    if unit is not None:
        if not isinstance(unit, dict) or set(unit) != {"source", "factors"} or not isinstance(unit["factors"], dict):
            (loc / "decimal" / "unit").fail("unit 需要 source 和 factors")
        unit_of = env.getter(unit["source"], loc / "decimal" / "unit" / "source")
        factors = {lookup_key(str(k)): Decimal(str(v)) for k, v in unit["factors"].items()}

    def convert(value: Any, scope: Any) -> Any:
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
        if unit_of is not None:
            sent = unit_of(scope)
            if sent is not None:
                factor = factors.get(lookup_key(str(sent)))
                if factor is None:
                    raise MapError("CODE_UNKNOWN", f"金额单位“{sent}”未知（可为 {'、'.join(factors)}）")
                number *= factor
        try:
            exact = number.quantize(step)
        except InvalidOperation:
            raise MapError("FORMAT", f"{value} 超出范围") from None
        if exact != number:
            raise MapError("FORMAT", f"{value} 需要超过 {places} 位小数，不能舍入（R-DEC）")
        return format(abs(exact), "f")
    return convert


TRANSFORMS: dict[str, TransformDef] = {
    "trim": _simple(_trim),
    "text": _simple(_text),
    "nfkc": _simple(_nfkc),
    "upper": _simple(_upper),
    "date": _simple(_date),
    "epoch_ms_to_datetime": _simple(_epoch_ms),
    "bool": _simple(_bool),
    "area6": _simple(_area6),
    "idno_upgrade": _simple(_idno_upgrade),
    "first_listed": _simple(_first_listed),
    "unique": TransformDef(lambda params, env, loc: _unique, list_level=True),
    "code": TransformDef(_code, params=True),
    "decimal": TransformDef(_decimal, params=True),
}
