"""How a source's payloads look as a whole: the ``input:`` block of ``_source.yaml``, and splitting a file
(one record, a JSON array of records or of response pages, an XML document) into records with the kind
each one tells.  ``santong map`` uses it; the hub's adapters already know their records and kinds.

::

    input:
      format: xml                                   # json (default) or xml
      utf8_fallback: true                           # xml: a body declared UTF-8 that is not, is read as GB18030
      records:                                      # xml: element path (local names) → kind; matched at the end
        QueryLicensesResponse/records/record: XZXK
        XMXX: XMXX
      pages:                                        # json: where a response page holds its records
        - {records: data.records, kind: data.dataType}
      kind:                                         # how a bare record tells its kind; the first rule that holds
        - {source: record_type}                     # the member's value is the kind
        - {when: {source: eventId, present: true}, kind: LIST_EVENT}

Defaults: ``format: json``, ``pages: [{records: data.records}]``, no ``kind`` rules.  A record that no rule
classifies has the kind whose specs' ``expect`` it meets, when exactly one kind's do.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from mappings.conditions import Cond, compile_cond
from mappings.paths import compile_getter
from mappings.specfile import Loc
from mappings.transform_base import MapError
from mappings.xmlinput import find_records, to_record

__all__ = ["InputSpec", "Piece", "compile_input", "split_json", "split_xml"]

_KEYS = {"format", "utf8_fallback", "records", "pages", "kind"}
_KIND_TEXT = re.compile(r"[A-Z][A-Z0-9_]{0,31}")


@dataclass(frozen=True)
class PageRule:
    records: tuple[str, ...]
    kind: Callable[[Any], Any] | None


@dataclass(frozen=True)
class KindRule:
    cond: Cond | None
    kind: str | None
    read: Callable[[Any], Any] | None


@dataclass(frozen=True)
class InputSpec:
    """A source's payload shape (see the module docstring)."""

    format: str = "json"
    utf8_fallback: bool = False
    records: Mapping[tuple[str, ...], str] = field(default_factory=dict)
    pages: tuple[PageRule, ...] = (PageRule(("data", "records"), None),)
    kind_rules: tuple[KindRule, ...] = ()

    @property
    def xml(self) -> bool:
        return self.format == "xml"

    def kind_told(self, record: Any) -> str | None:
        """The kind ``record`` names by the ``kind`` rules, if any."""
        if type(record) is not dict:
            return None
        for rule in self.kind_rules:
            if rule.cond is not None and not rule.cond(record, {}):
                continue
            if rule.kind is not None:
                return rule.kind
            assert rule.read is not None
            try:
                value = rule.read(record)
            except MapError:
                value = None
            if isinstance(value, str) and value.strip():
                return value.strip()
        return None


@dataclass(frozen=True)
class Piece:
    """One record of a file: where it was (``[2]``, ``[0].data.records[1]``, ``/RESPONSE/BODY/ROWS/XMXX[1]``),
    the kind its page or element told (``None``: ask the record itself), and the record."""

    where: str
    kind: str | None
    record: Any


def _dig(node: Any, keys: tuple[str, ...]) -> Any:
    for key in keys:
        if type(node) is not dict:
            return None
        node = node.get(key)
    return node


def split_json(document: Any, spec: InputSpec) -> list[Piece]:
    """The records of a parsed JSON file: one record or page, or an array of records or of pages."""
    items = document if type(document) is list else [document]
    prefix = "" if type(document) is not list else None
    out: list[Piece] = []
    for i, item in enumerate(items):
        here = "" if prefix == "" else f"[{i}]"
        for rule in spec.pages:
            records = _dig(item, rule.records)
            if type(records) is list:
                told = rule.kind(item) if rule.kind is not None else None
                kind = told.strip() if isinstance(told, str) and told.strip() else None
                path = here + "." + ".".join(rule.records) if here else ".".join(rule.records)
                out += [Piece(f"{path}[{j}]", kind, record) for j, record in enumerate(records)]
                break
        else:
            out.append(Piece(here, None, item))
    return out


def split_xml(root: Any, spec: InputSpec) -> list[Piece]:
    """The record elements of a parsed XML document (converted); the root itself when none matches."""
    found = list(find_records(root, spec.records))
    if not found:
        return [Piece("/" + root.tag.rpartition("}")[2], None, to_record(root))]
    return [Piece(element.getroottree().getpath(element), kind, to_record(element)) for kind, element in found]


def _kind_name(value: Any, loc: Loc) -> str:
    if not isinstance(value, str) or not _KIND_TEXT.fullmatch(value):
        loc.fail(f"类别应为大写标识，如 XZCF，不是 {value!r}")
    return value


def compile_input(raw: Any, loc: Loc) -> InputSpec:
    """The ``input:`` block of ``_source.yaml`` (``None``: the defaults)."""
    if raw is None:
        return InputSpec()
    if not isinstance(raw, dict) or set(raw) - _KEYS:
        loc.fail(f"input 只能有 {sorted(_KEYS)}")
    fmt = raw.get("format", "json")
    if fmt not in ("json", "xml"):
        (loc / "format").fail("format 应为 json 或 xml")
    xml = fmt == "xml"
    records: dict[tuple[str, ...], str] = {}
    for path, kind in (raw.get("records") or {}).items():
        steps = tuple(str(path).strip("/").split("/"))
        if not xml or not all(steps):
            (loc / "records").fail("records 只用于 XML 来源：{元素路径: 类别}，如 QueryLicensesResponse/records/record: XZXK")
        records[steps] = _kind_name(kind, loc / "records" / str(path))
    pages = InputSpec().pages
    if "pages" in raw:
        if xml or not isinstance(raw["pages"], list):
            (loc / "pages").fail("pages 只用于 JSON 来源：[{records: 路径, kind: 路径}]")
        pages = tuple(_page(p, loc / "pages" / i) for i, p in enumerate(raw["pages"]))
    rules = tuple(_kind_rule(r, loc / "kind" / i, xml) for i, r in enumerate(raw.get("kind") or []))
    fallback = raw.get("utf8_fallback", False)
    if not isinstance(fallback, bool) or (fallback and not xml):
        (loc / "utf8_fallback").fail("utf8_fallback 只用于 XML 来源，应为 true 或 false")
    return InputSpec(fmt, fallback, records, pages, rules)


def _page(raw: Any, loc: Loc) -> PageRule:
    if not isinstance(raw, dict) or "records" not in raw or set(raw) - {"records", "kind"}:
        loc.fail("页规则应为 {records: 路径, kind: 路径（可选）}")
    compile_getter(raw["records"], loc / "records")  # checks the path
    kind = compile_getter(raw["kind"], loc / "kind")[0] if "kind" in raw else None
    return PageRule(tuple(str(raw["records"]).split(".")), kind)


def _kind_rule(raw: Any, loc: Loc, xml: bool) -> KindRule:
    if not isinstance(raw, dict) or not raw.keys() & {"source", "kind"} or set(raw) - {"source", "kind", "when"} \
            or {"source", "kind"} <= raw.keys():
        loc.fail("类别规则应为 {source: 路径} 或 {when: 条件, kind: 类别}")
    cond = compile_cond(raw["when"], loc / "when", xml=xml)[0] if "when" in raw else None
    if "kind" in raw:
        return KindRule(cond, _kind_name(raw["kind"], loc / "kind"), None)
    get, is_list = compile_getter(raw["source"], loc / "source", xml=xml)
    if is_list:
        (loc / "source").fail("类别的来源路径不能含 []")
    return KindRule(cond, None, get)
