"""Reading e路阳光 XML bodies safely: the declared encoding decides (quirk 1), GBK under a UTF-8 label is
re-decoded (quirk 2), and no DTD, entity declaration or external reference is ever honoured.

    root = parse_body(response.content)      # lxml element of RESPONSE, or a raise
    record_bytes(row)                        # one record element as a UTF-8 XML document (bytes)

``UnsafeXml`` (a DTD or entity in the body) is refused outright; ``MalformedXml`` (cut short,
unescaped ``&``, undecodable either way — quirk 15) is for the caller to repeat.
"""

from __future__ import annotations

import re

from lxml import etree

__all__ = ["MalformedXml", "UnsafeXml", "parse_body", "record_bytes", "strip_declaration", "text_of"]

_DECL_STR = re.compile(r"^\s*<\?xml[^>]*\?>", re.S)
_PROLOG_DTD = re.compile(rb"^\s*(?:<\?xml[^>]*\?>)?\s*(?:<!--.*?-->\s*)*<!DOCTYPE", re.S)


class MalformedXml(ValueError):
    """The body is not well-formed XML in its declared encoding nor as GB18030 (quirks 2, 15)."""


class UnsafeXml(ValueError):
    """The body carries a DTD or an entity declaration: refused, never resolved."""


def _parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False,
                           huge_tree=False, remove_comments=True, remove_pis=True)


def _refuse_dtd(root: etree._Element) -> etree._Element:
    tree = root.getroottree()
    if tree.docinfo.doctype or tree.docinfo.internalDTD is not None:
        raise UnsafeXml("XML body carries a DTD; refused")
    if any(isinstance(node, etree._Entity) for node in root.iter()):
        raise UnsafeXml("XML body references an entity; refused")
    return root


def parse_body(data: bytes) -> etree._Element:
    """The root element of ``data``; see the module docstring for what is refused or retried."""
    if _PROLOG_DTD.match(data):
        raise UnsafeXml("XML body carries a DTD; refused")
    try:
        return _refuse_dtd(etree.fromstring(data, _parser()))
    except etree.XMLSyntaxError as first:
        # quirk 2: GBK bytes under encoding="UTF-8" — decode as GB18030, drop the declaration, parse again
        try:
            text = data.decode("gb18030")
        except UnicodeDecodeError:
            raise MalformedXml(f"XML body not well-formed: {first}") from first
        try:
            return _refuse_dtd(etree.fromstring(strip_declaration(text), _parser()))
        except (etree.XMLSyntaxError, ValueError) as second:
            raise MalformedXml(f"XML body not well-formed: {first}") from second


def record_bytes(element: etree._Element) -> bytes:
    """``element`` alone as a UTF-8 XML document with its declaration (the hub's raw payload)."""
    body: bytes = etree.tostring(element, encoding="UTF-8", xml_declaration=False, with_tail=False)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + body


def text_of(parent: etree._Element, tag: str) -> str | None:
    """Stripped text of child ``tag``; ``None`` when missing, empty or white space only (quirk 7)."""
    child = parent.find(tag)
    if child is None or child.text is None:
        return None
    value = child.text.strip(" \t\r\n\u3000")
    return value or None


def strip_declaration(text: str) -> str:
    """``text`` without its XML declaration (lxml refuses a ``str`` that declares an encoding)."""
    return _DECL_STR.sub("", text, count=1)
