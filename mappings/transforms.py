"""The transforms a mapping spec may name (``TRANSFORMS``), each compiled once into
``fn(value, scope) -> value`` (see ``mappings.transform_base``).  Dates are in ``mappings.dates``,
amounts in ``mappings.money``; text, codes and lists are here.

In a spec::

    transforms: [trim, nfkc, upper]                  # text
    transforms: [html]                               # CDATA with HTML entities and <br/> (scjg quirk 8)
    transforms: [squeeze, halfwidth, upper]          # "91321000 723581646d" → "91321000723581646D"
    transforms: [{map: {"97": "001", "01": "002"}}, {code: CE_TYPE}]   # a source's own code list
    transforms: [{split: "、;"}, trim]               # "王建国、李娜" → ["王建国", "李娜"] (a list target)
    transforms: [trim, {join: "、"}]                 # a list source into one text target
    transforms: [{code: PUNISH_TYPE}, unique]        # list level: drop repeated codes

The full list, with what each accepts, is in ``mappings/specs/README.md``.
"""

from __future__ import annotations

import html as _html_lib
import re
from collections.abc import Mapping
from typing import Any

from mappings.dates import DATE_TRANSFORMS
from mappings.identifiers import upgrade_idno15
from mappings.money import MONEY_TRANSFORMS
from mappings.specfile import Loc
from mappings.text import WHITESPACE, lookup_key, nfc, nfkc, squeeze_out, trim
from mappings.transform_base import CompileEnv, MapError, Transform, TransformDef, as_string
from santong.errors import DataError

__all__ = ["TRANSFORMS", "CompileEnv", "MapError", "Transform", "TransformDef", "fuse"]

_string = as_string


def _trim(value: Any, scope: Any) -> Any:
    text = (value if value.__class__ is str else _string(value)).strip(WHITESPACE)
    if not text:
        return None
    return text if text.isascii() else nfc(text)


def _text(value: Any, scope: Any) -> Any:
    return nfc(trim(_string(value).replace("\r\n", "\n").replace("\r", "\n"))) or None


def _nfkc(value: Any, scope: Any) -> Any:
    return nfkc(_string(value))


def _upper(value: Any, scope: Any) -> Any:
    return _string(value).upper()


def _squeeze(value: Any, scope: Any) -> Any:
    return squeeze_out(_string(value)) or None


_HALFWIDTH = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}
_HALFWIDTH_DIGITS = {cp: cp - 0xFEE0 for cp in range(0xFF10, 0xFF1A)}


def _halfwidth(value: Any, scope: Any) -> Any:
    return _string(value).translate(_HALFWIDTH)


def _halfwidth_digits(value: Any, scope: Any) -> Any:
    return _string(value).translate(_HALFWIDTH_DIGITS)


_BREAK = re.compile(r"<\s*br\s*/?\s*>|<\s*/\s*(?:p|div|li|tr)\s*>", re.IGNORECASE)
_TAG = re.compile(r"<[^<>]*>")


def _html(value: Any, scope: Any) -> Any:
    text = _string(value)
    if "<" in text or "&" in text:
        # tags first, entities second: an escaped "&lt;b&gt;" is text and stays
        text = _html_lib.unescape(_TAG.sub("", _BREAK.sub("\n", text)))
    return _text(text.replace("\u00a0", " "), scope)


def _bool(value: Any, scope: Any) -> Any:
    if type(value) is bool:
        return value
    if type(value) is int and value in (1, 0):
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


_SEPARATORS = "、，,;；"
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
        try:
            if item is not None and key in seen:
                continue
            seen.add(key)
        except TypeError:  # an unhashable item (a signalling NaN …) is kept, never compared
            pass
        out.append(item)
    return out


def _simple(fn: Transform) -> TransformDef:
    return TransformDef(lambda params, env, loc: fn)


def _code(params: Any, env: CompileEnv, loc: Loc) -> Transform:
    if not isinstance(params, str):
        loc.fail("code 需要代码表名，如 {code: CHECK_TYPE}")
    table = env.table(params, loc)
    extra = env.labels(params)
    codes = table.codes
    # sources send few distinct labels: what a text resolves to is remembered (bounded, tables are immutable)
    known: dict[str, tuple[str, str]] = {}

    def lookup(value: Any, scope: Any) -> Any:
        hit = known.get(value) if value.__class__ is str else None
        if hit is None:
            code = table.resolve(value, extra)
            if code is None:
                raise MapError("CODE_UNKNOWN", f"“{value}”不是代码表 {table.ref}（{table.name}）的代码或标签")
            hit = (code, codes[code].label)
            if value.__class__ is str and len(known) < 4096:
                known[value] = hit
        return {"code": hit[0], "label": hit[1]}
    return lookup


def _map(params: Any, env: CompileEnv, loc: Loc) -> Transform:
    if not isinstance(params, dict) or not params:
        loc.fail('map 需要 {来源代码: 值}，如 {map: {"97": "001"}}（来源代码请加引号）')
    table: dict[str, Any] = {}
    for key, out in params.items():
        if isinstance(out, (dict, list)):
            (loc / "map" / str(key)).fail("map 的值应为文字、数字、布尔值或 null（null：没有值）")
        table[lookup_key(str(key))] = out
    choices = "、".join(str(k) for k in params)

    def translate(value: Any, scope: Any) -> Any:
        key = lookup_key(_string(value))
        if key not in table:
            raise MapError("CODE_UNKNOWN", f"“{value}”不在此来源的代码对照中（可为 {choices}）")
        return table[key]
    return translate


def _split(params: Any, env: CompileEnv, loc: Loc) -> Transform:
    if params is not None and (not isinstance(params, str) or not params):
        loc.fail("split 的参数应为分隔符组成的文字，如 {split: \"、;\"}")
    separators = re.compile("[" + re.escape(params or _SEPARATORS) + "]")

    def split(value: Any, scope: Any) -> Any:
        if type(value) is list:
            return value
        return [p for p in (trim(p) for p in separators.split(_string(value))) if p] or None
    return split


def _remove(params: Any, env: CompileEnv, loc: Loc) -> Transform:
    if not isinstance(params, str) or not params:
        loc.fail("remove 的参数应为要删去的字符，如 {remove: \"-－\"}")
    table = {ord(c): None for c in params}

    def remove(value: Any, scope: Any) -> Any:
        return _string(value).translate(table) or None
    return remove


def _pick(choose: Any) -> TransformDef:
    def factory(params: Any, env: CompileEnv, loc: Loc) -> Transform:
        def pick(value: Any, scope: Any) -> Any:
            items = [v for v in value if v is not None]
            if not items:
                return None
            try:
                return choose(items)
            except (TypeError, ArithmeticError):
                raise MapError("FORMAT", "列表各项无法比较大小") from None
        return pick
    return TransformDef(factory, list_level=True, joins=True)


def _join(params: Any, env: CompileEnv, loc: Loc) -> Transform:
    if params is not None and not isinstance(params, str):
        loc.fail("join 的参数应为连接符，如 {join: \"、\"}")
    glue = "、" if params is None else params

    def join(value: Any, scope: Any) -> Any:
        parts = [_string(v) for v in value if v is not None]
        return glue.join(parts) or None
    return join


def _trim_nfkc(value: Any, scope: Any) -> Any:
    text = _trim(value, scope)
    return text if text is None or text.isascii() else nfkc(text)


def _trim_nfkc_upper(value: Any, scope: Any) -> Any:
    text = _trim(value, scope)
    if text is None:
        return None
    return (text if text.isascii() else nfkc(text)).upper()


# chains that most entries use, as one function each (same results, fewer calls on the hot path)
_FUSED: dict[tuple[Transform, ...], Transform] = {
    (_trim, _nfkc): _trim_nfkc,
    (_trim, _nfkc, _upper): _trim_nfkc_upper,
}


def fuse(chain: tuple[Transform, ...]) -> tuple[Transform, ...]:
    """``chain`` with its leading common run replaced by one fused function, where there is one."""
    for size in (3, 2):
        fused = _FUSED.get(chain[:size])
        if fused is not None:
            return (fused,) + chain[size:]
    return chain


TRANSFORMS: Mapping[str, TransformDef] = {
    "trim": _simple(_trim),
    "text": _simple(_text),
    "html": _simple(_html),
    "nfkc": _simple(_nfkc),
    "upper": _simple(_upper),
    "squeeze": _simple(_squeeze),
    "halfwidth": _simple(_halfwidth),
    "halfwidth_digits": _simple(_halfwidth_digits),
    "bool": _simple(_bool),
    "area6": _simple(_area6),
    "idno_upgrade": _simple(_idno_upgrade),
    "first_listed": _simple(_first_listed),
    "code": TransformDef(_code, params=True),
    "map": TransformDef(_map, params=True),
    "split": TransformDef(_split, params=None, splits=True),
    "join": TransformDef(_join, params=None, list_level=True, joins=True),
    "unique": TransformDef(lambda params, env, loc: _unique, list_level=True),
    "remove": TransformDef(_remove, params=True),
    "first": _pick(lambda items: items[0]),
    "last": _pick(lambda items: items[-1]),
    "max": _pick(max),
    "min": _pick(min),
    **DATE_TRANSFORMS,
    **MONEY_TRANSFORMS,
}
