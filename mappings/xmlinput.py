"""XML payloads (scjg SOAP, e路阳光): safe parsing in the declared encoding, and the record convention
that lets the same path syntax read JSON and XML.

::

    root = parse_xml(body)                           # DataError (FORMAT) for anything unsafe or broken
    root = parse_xml(body, utf8_fallback=True)       # e路阳光 quirk 2: GBK bytes declared UTF-8 are re-read
    for kind, element in find_records(root, {("records", "record"): "XZCF", ("XMXX",): "XMXX"}):
        record = to_record(element)                  # {"ID": "…", "SPSXLIST": {"SPSX": [{…}, {…}]}, …}

Encoding: the declaration decides — ``UTF-8`` strictly; ``GBK``, ``GB2312``, ``CP936`` and ``GB18030`` are
all read as GB18030 (a superset); no declared encoding: UTF-8, and if the bytes are not UTF-8, GB18030.
Any other encoding is refused.  A DOCTYPE is refused (no DTD, so no external entities, no entity
expansion: XXE and "billion laughs" cannot happen), and entities are never resolved or fetched.

The record convention (documented in ``mappings/specs/README.md``):

* an element with child elements is an object, members named by the children's local names (namespace
  prefixes dropped); a name that occurs more than once holds a list, in document order;
* an element without child elements is its text — ``None`` when it is empty, white space only, or
  ``xsi:nil="true"`` (CDATA is text like any other);
* attributes are members ``@name`` of their element's object; an element without children that has
  attributes is the object ``{"#text": text, "@name": value}``, which a path reads as its text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

from lxml import etree

from santong.errors import DataError, FieldError

__all__ = ["TEXT", "find_records", "local_name", "parse_xml", "to_record"]

TEXT = "#text"
_XSI = "{http://www.w3.org/2001/XMLSchema-instance}"
_NIL = _XSI + "nil"
_DECLARATION = re.compile(rb"^(?:\xef\xbb\xbf)?\s*<\?xml\s[^>]*?\?>")
_ENCODING = re.compile(rb"""encoding\s*=\s*["']([A-Za-z0-9._:-]+)["']""")
_PROLOG_DTD = re.compile(r"^(?:\s|<!--.*?-->|<\?.*?\?>)*<!DOCTYPE", re.DOTALL)
_GB = {"gbk", "gb2312", "gb18030", "cp936", "x-gbk", "gb_2312-80", "euc-cn"}
_UTF8 = {"utf-8", "utf8", "us-ascii", "ascii"}


def _refuse(message: str, exc: BaseException | None = None) -> DataError:
    error = DataError(f"XML 无法读取：{message}", [FieldError("", "FORMAT", message, None)])
    if exc is not None:
        error.__cause__ = exc
    return error


def _decode(data: bytes, utf8_fallback: bool) -> str:
    declaration = _DECLARATION.match(data)
    declared = name = None
    if declaration is not None:
        found = _ENCODING.search(declaration.group(0))
        name = found.group(1).decode("ascii") if found else None
        declared = name.lower() if name else None
    body = data[declaration.end():] if declaration is not None else data.removeprefix(b"\xef\xbb\xbf")
    if declared is not None and declared not in _GB | _UTF8:
        raise _refuse(f"不支持的字符编码 {name}（只接受 UTF-8、GBK、GB2312、GB18030）")
    if declared in _GB:
        try:
            return body.decode("gb18030")
        except UnicodeDecodeError as exc:
            raise _refuse(f"内容不是所声明的 {name} 编码：{exc.reason}（第 {exc.start} 字节）", exc) from exc
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as exc:
        if declared is not None and not utf8_fallback:
            raise _refuse(f"内容不是所声明的 {name} 编码：{exc.reason}（第 {exc.start} 字节）", exc) from exc
        try:
            return body.decode("gb18030")
        except UnicodeDecodeError as exc2:
            raise _refuse(f"内容既不是 UTF-8 也不是 GB18030：{exc2.reason}（第 {exc2.start} 字节）", exc2) from exc2


def parse_xml(data: bytes, *, utf8_fallback: bool = False) -> Any:
    """The root element of ``data``; ``DataError`` (``FORMAT``) when it is not safe, well-formed XML."""
    if not isinstance(data, (bytes, bytearray)):
        raise _refuse("XML 应以字节读入（编码由 XML 声明决定）")
    text = _decode(bytes(data), utf8_fallback)
    if _PROLOG_DTD.match(text):
        raise _refuse("不接受含 DOCTYPE（DTD、实体声明）的 XML")
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False,
                             huge_tree=False, remove_comments=True, remove_pis=True)
    try:
        root = etree.fromstring(text, parser)
    except (etree.XMLSyntaxError, ValueError) as exc:
        raise _refuse(f"不是格式正确的 XML：{exc}", exc) from exc
    if root is None:
        raise _refuse("文档为空")
    if root.getroottree().docinfo.doctype:
        raise _refuse("不接受含 DOCTYPE（DTD、实体声明）的 XML")
    return root


def local_name(element: Any) -> str:
    """The tag without its namespace: ``{http://…/sjjh}QueryLicensesResponse`` → ``QueryLicensesResponse``."""
    tag: str = element.tag
    return tag.rpartition("}")[2] if tag[0] == "{" else tag


def _children(element: Any) -> list[Any]:
    return [child for child in element if isinstance(child.tag, str)]


def _convert(element: Any) -> Any:
    attributes = {"@" + (k.rpartition("}")[2] if k[0] == "{" else k): v
                  for k, v in element.attrib.items() if not k.startswith(_XSI)}
    children = _children(element)
    if not children:
        text = None if element.get(_NIL) in ("true", "1") else element.text
        return {TEXT: text, **attributes} if attributes else text
    out: dict[str, Any] = attributes
    repeated: set[str] = set()
    for child in children:
        name = local_name(child)
        value = _convert(child)
        if name not in out:
            out[name] = value
        elif name in repeated:
            out[name].append(value)
        else:
            out[name] = [out[name], value]
            repeated.add(name)
    return out


def to_record(element: Any) -> dict[str, Any]:
    """One record element as the engine reads it (see the module docstring)."""
    value = _convert(element)
    if isinstance(value, dict):
        return value
    return {TEXT: value}


def find_records(root: Any, patterns: Mapping[tuple[str, ...], str]) -> Iterator[tuple[str, Any]]:
    """``(kind, element)`` for every element whose ancestry ends with one of ``patterns`` (local names,
    outermost first), in document order; the inside of a matched element is not searched."""
    longest = max((len(p) for p in patterns), default=0)
    stack: list[tuple[Any, tuple[str, ...]]] = [(root, (local_name(root),))]
    while stack:
        element, names = stack.pop()
        kind = next((patterns[names[-n:]] for n in range(min(longest, len(names)), 0, -1) if names[-n:] in patterns), None)
        if kind is not None:
            yield kind, element
            continue
        children = _children(element)
        stack.extend((child, names + (local_name(child),)) for child in reversed(children))
