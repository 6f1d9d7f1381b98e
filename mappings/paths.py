"""Source paths of the spec language, compiled once into getters ``get(scope) -> value | None``.

::

    get, is_list = compile_getter("penalty.fine_amount", loc)            # one value
    get, is_list = compile_getter("inspection.inspectors[].name", loc)   # one value per element
    get, is_list = compile_getter(["CF_NR_FK", "CF_FKJE"], loc)          # legacy aliases: the first present
    get, is_list = compile_getter("HTJ.@dw", loc, xml=True)              # an XML attribute
    build = compile_template("scjg:XZCF:{ID}", loc)                      # text from several paths

A step reads one member of an object; ``a.b[]`` reads a list, ``a.b[].c`` member ``c`` of each of its
elements.  ``null``, ``""``, white space only and ``[]`` read as ``None`` (no value).  For XML sources
(records converted by ``mappings.xmlinput``) three things differ: ``@name`` reads an attribute; an
element that carries attributes reads as its text; and ``X[]`` reads every ``X`` element, whether it
occurs once or several times.  Descending into something that is not an object is ``FORMAT`` for JSON
and no value for XML (an element without children has no members).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from mappings.specfile import Loc
from mappings.text import WHITESPACE, trim
from mappings.transform_base import MapError

__all__ = ["Getter", "compile_getter", "compile_template", "path_error"]

Getter = Callable[[Any], Any]

_NAME = r"[A-Za-z_][A-Za-z0-9_-]*"
_STEP = rf"@?{_NAME}"
_PATH = re.compile(rf"{_STEP}(\.{_STEP})*(\[\](\.{_STEP})*)?")
_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
TEXT = "#text"


def path_error(path: Any) -> str:
    return f"来源路径无效: {path!r}（形如 a.b、a.b[].c，XML 属性 a.@b；多个别名写成列表）"


_EDGE = frozenset(WHITESPACE)


def _plain(value: Any) -> Any:
    """§1.5: no value is ``None``."""
    if value.__class__ is str:
        if value and value[0] not in _EDGE and value[-1] not in _EDGE:
            return value
        return value if value.strip(WHITESPACE) else None
    if value.__class__ is list and not value:
        return None
    return value


def _json_dig(keys: tuple[str, ...], shown: str) -> Getter:
    last = keys[-1]
    if len(keys) == 1:
        def get1(scope: Any) -> Any:
            value = scope.get(last)
            if value.__class__ is str and value and value[0] not in _EDGE and value[-1] not in _EDGE:
                return value  # the common case, without a call
            return None if value is None else _plain(value)
        return get1
    if len(keys) == 2:
        first = keys[0]

        def get2(scope: Any) -> Any:
            node = scope.get(first)
            if node is None:
                return None
            if node.__class__ is not dict:
                raise MapError("FORMAT", f"来源 {shown} 的上级不是对象")
            value = node.get(last)
            if value.__class__ is str and value and value[0] not in _EDGE and value[-1] not in _EDGE:
                return value
            return None if value is None else _plain(value)
        return get2
    parents = keys[:-1]

    def get(scope: Any) -> Any:
        node = scope
        for key in parents:
            node = node.get(key)
            if node is None:
                return None
            if node.__class__ is not dict:
                raise MapError("FORMAT", f"来源 {shown} 的上级不是对象")
        value = node.get(last)
        return None if value is None else _plain(value)
    return get


def _xml_dig(keys: tuple[str, ...], shown: str) -> Getter:
    parents, last = keys[:-1], keys[-1]
    attribute = last.startswith("@")

    def get(scope: Any) -> Any:
        node = scope
        for key in parents:
            node = node.get(key)
            if node.__class__ is not dict:
                if node.__class__ is list:
                    raise MapError("FORMAT", f"来源 {shown} 的上级元素出现了多次")
                return None
        value = node.get(last)
        if value.__class__ is dict and not attribute:
            value = value.get(TEXT)
        return None if value is None else _plain(value)
    return get


def _steps(text: str) -> tuple[str, ...]:
    return tuple(text.split(".")) if text else ()


def _one(path: Any, loc: Loc, xml: bool) -> tuple[Getter, bool]:
    if not isinstance(path, str) or not _PATH.fullmatch(path):
        loc.fail(path_error(path))
    if "@" in path and not xml:
        loc.fail(f"属性步 @… 只用于 XML 来源: {path}")
    head_text, brackets, tail_text = path.partition("[]")
    head, tail = _steps(head_text), _steps(tail_text.lstrip("."))
    if any(step.startswith("@") for step in head[:-1] + tail[:-1]) or (brackets and head[-1].startswith("@")):
        loc.fail(f"属性步 @… 只能在路径末尾: {path}")
    dig = _xml_dig if xml else _json_dig
    if not brackets:
        return dig(head, path), False
    read_items = _raw_dig(head, head_text, xml)
    read_item = dig(tail, path) if tail else None

    def get_list(scope: Any) -> Any:
        items = read_items(scope)
        if items is None:
            return None
        if items.__class__ is not list:
            if not xml:
                raise MapError("FORMAT", f"来源 {head_text} 应为数组")
            items = [items]
        if not items:
            return None
        if read_item is None:
            return [_item(item, xml) for item in items]
        return [None if item is None else _scalar_scope(read_item, item, xml, path) for item in items]
    return get_list, True


def _raw_dig(keys: tuple[str, ...], shown: str, xml: bool) -> Getter:
    """Like a getter, but a list or an object is returned as it is (the start of ``a.b[]``)."""
    def get(scope: Any) -> Any:
        node = scope
        for key in keys:
            if node.__class__ is not dict:
                if xml or node is None:
                    return None
                raise MapError("FORMAT", f"来源 {shown} 的上级不是对象")
            node = node.get(key)
        return None if node is None else _plain(node)
    return get


def _item(item: Any, xml: bool) -> Any:
    if xml and item.__class__ is dict and TEXT in item:
        item = item[TEXT]
    return None if item is None else _plain(item)


def _scalar_scope(read: Getter, item: Any, xml: bool, path: str) -> Any:
    if item.__class__ is not dict:
        if xml:
            return None
        raise MapError("FORMAT", f"来源 {path} 的上级不是对象")
    return read(item)


def compile_getter(path: Any, loc: Loc, *, xml: bool = False) -> tuple[Getter, bool]:
    """A getter for ``path`` (or a list of alias paths, read in order) and whether it yields a list."""
    if isinstance(path, list):
        if not path:
            loc.fail(path_error(path))
        compiled = [_one(p, loc / i, xml) for i, p in enumerate(path)]
        kinds = {is_list for _, is_list in compiled}
        if len(kinds) != 1:
            loc.fail("别名路径应同为列表路径（含 []）或同为单值路径")
        getters = tuple(g for g, _ in compiled)

        def first_present(scope: Any) -> Any:
            for get in getters:
                value = get(scope)
                if value is not None:
                    return value
            return None
        return first_present, kinds.pop()
    return _one(path, loc, xml)


def compile_template(text: Any, loc: Loc, *, xml: bool = False, strict: bool = True) -> Callable[[Any], str | None]:
    """``"scjg:XZCF:{ID}"``: literal text around ``{path}`` placeholders (trimmed values).  A missing
    part is ``REQUIRED`` with ``strict`` (``cd_id``), else the whole template has no value."""
    if not isinstance(text, str) or not _PLACEHOLDER.search(text):
        loc.fail("模板应为含 {来源路径} 的文字，如 \"sthj:{record_type}:{record_id}\"")
    literals = _PLACEHOLDER.split(text)[0::2]
    getters = []
    for path in _PLACEHOLDER.findall(text):
        get, is_list = _one(path, loc, xml)
        if is_list:
            loc.fail(f"模板中的来源路径不能含 []: {path}")
        getters.append((path, get))

    def build(scope: Any) -> str | None:
        parts = [literals[0]]
        for (path, get), literal in zip(getters, literals[1:]):
            value = get(scope)
            if value is None:
                if strict:
                    raise MapError("REQUIRED", f"来源缺少 {path}")
                return None
            if type(value) not in (str, int):
                raise MapError("FORMAT", f"来源 {path} 应为字符串，实为 {type(value).__name__}")
            parts += (trim(str(value)), literal)
        return "".join(parts)
    return build
