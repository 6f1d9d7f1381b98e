"""XML parsing that refuses DTDs, entities and network access (XXE), for both sides of SJJH.

    root = parse_bytes(body)          # lxml element; XmlRefused on a DOCTYPE, XMLSyntaxError on bad XML

The encoding comes from the XML declaration (quirk 1: ``QueryAbnormalList`` is GBK); bytes
are never decoded before parsing.
"""

from __future__ import annotations

from lxml import etree

__all__ = ["XmlRefused", "parse_bytes"]


class XmlRefused(ValueError):
    """The document carries a DTD (and so possibly entities); SJJH never sends one."""


def _parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False,
                           huge_tree=False, remove_blank_text=False, strip_cdata=False)


def parse_bytes(data: bytes) -> etree._Element:
    """Parse ``data`` safely; raises :class:`XmlRefused` or ``lxml.etree.XMLSyntaxError``."""
    root = etree.fromstring(data, _parser())
    tree = root.getroottree()
    if tree.docinfo.doctype or tree.docinfo.internalDTD is not None:
        raise XmlRefused("XML with a DOCTYPE is refused")
    return root
