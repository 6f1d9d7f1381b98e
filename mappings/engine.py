"""The declarative mapping engine: ``SpecMapper`` maps raw source records with the specs of
``mappings/specs/<source>/<KIND>.yaml`` (language: ``mappings/specs/README.md``).

::

    from mappings.engine import SpecMapper, loads
    from mappings.registry_port import InMemoryRegistry

    mapper = SpecMapper(registry=InMemoryRegistry())   # compiles every spec once; ConfigError if one is broken
    payload = loads(body_bytes)                         # NOT json.loads: amounts must stay exact
    records = mapper.map("sthj", "INSPECTION", payload)   # [MappedRecord], or DataError with every field error
    records = mapper.map("scjg", "XZCF", xml_bytes)       # XML: the record element as bytes, or an lxml element
    outcomes = mapper.map_all("scjg", "XZCF", element)    # one SpecOutcome per spec of the kind, never raises

Payloads of JSON sources are dicts parsed with ``loads`` (or ``json.loads(..., parse_float=decimal.Decimal)``),
or the raw bytes; plain ``json.loads`` turns ``1.08E7`` into a binary float.  (A float that does arrive is
read through its shortest round-trip text, exact for every literal of up to 15 significant digits.)
Payloads of XML sources are the record element (lxml), its bytes (``mappings.xmlinput.parse_xml`` rules),
or the record already converted by ``mappings.xmlinput.to_record``.

Failure semantics: a record is mapped whole or not at all.  After mapping, the data is validated
against the standard (``mappings.standard``); ``DataError.errors`` lists every mapping and validation
error, one per (field, code), validation errors on a field that already failed to map left out.  An
unknown (source, kind) is a ``DataError`` with one error, field ``""``, code ``CODE_UNKNOWN``: the
record is quarantined like any other unmappable record, and mapping resumes once a spec is deployed.
A kind with several specs (a scjg 处罚 is JGXW_PUNISH and XYSGS_CF) yields one record per spec whose
``when`` holds; ``map`` refuses the raw record if any of them fails.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

from mappings.base import MappedRecord
from mappings.codes import CodeTables
from mappings.inputs import InputSpec
from mappings.registry_port import SubjectRegistry
from mappings.sources import SourceSpecs, load_specs
from mappings.spec import CompiledSpec, SpecOutcome, combined
from mappings.xmlinput import parse_xml, to_record
from santong.errors import DataError, FieldError

__all__ = ["DEFAULT_SPEC_DIR", "CompiledSpec", "SpecMapper", "SpecOutcome", "load_specs", "loads"]

DEFAULT_SPEC_DIR = Path(__file__).with_name("specs")


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out = dict(pairs)
    if len(out) != len(pairs):
        names = [name for name, _ in pairs]
        raise ValueError(f"duplicate member name {next(n for n in names if names.count(n) > 1)!r}")
    return out


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def loads(raw: bytes | str) -> Any:
    """Parse a JSON document from a source: numbers with a fraction or exponent become exact
    ``Decimal``s; duplicate member names, NaN and Infinity are refused (``DataError``, ``FORMAT``).
    Adapters check the content type first: an HTML error page (sthj quirk 16) is a transient failure."""
    try:
        return json.loads(raw, parse_float=Decimal, parse_constant=_no_constant, object_pairs_hook=_no_duplicates)
    except (ValueError, UnicodeDecodeError, RecursionError) as exc:
        raise DataError("来源数据不是有效的 JSON", [FieldError("", "FORMAT", f"不是有效的 JSON：{exc}", None)]) from exc


class SpecMapper:
    """The ``Mapper`` of santong: every spec under ``spec_dir`` compiled once, at construction.

    ``registry`` is the subject registry (关联整合) that ``registry:`` field entries read and ``remember:``
    blocks write; without one, every lookup misses and nothing is remembered.
    """

    def __init__(self, spec_dir: Path = DEFAULT_SPEC_DIR, *, tables: CodeTables | None = None,
                 registry: SubjectRegistry | None = None) -> None:
        self._tables = tables or CodeTables.load_default()
        self._sources: dict[str, SourceSpecs] = load_specs(spec_dir, self._tables)
        self._registry = registry

    @property
    def specs(self) -> Mapping[tuple[str, str], tuple[CompiledSpec, ...]]:
        """Every spec, by (source, kind)."""
        return {(s.name, kind): specs for s in self._sources.values() for kind, specs in s.kinds.items()}

    @property
    def sources(self) -> Mapping[str, SourceSpecs]:
        return self._sources

    def input_of(self, source: str) -> InputSpec:
        """How ``source``'s payloads look as a whole (``_source.yaml`` ``input:``)."""
        found = self._sources.get(source)
        return found.input if found is not None else InputSpec()

    def kind_of(self, source: str, record: Any) -> str | None:
        """The kind a record tells by itself: the source's ``kind`` rules, else the one kind whose specs'
        ``expect`` it meets; ``None`` when it cannot tell."""
        found = self._sources.get(source)
        if found is None or type(record) is not dict:
            return None
        told = found.input.kind_told(record)
        if told is not None:
            return told
        fitting = [kind for kind, specs in found.kinds.items() if specs[0].expect and specs[0].accepts(record)]
        return fitting[0] if len(fitting) == 1 else None

    def map(self, source: str, kind: str, payload: Any) -> list[MappedRecord]:
        """The standard records of one raw record; ``DataError`` (quarantine) when it cannot be mapped."""
        outcomes = self.map_all(source, kind, payload)
        failed = [o.error for o in outcomes if o.error is not None]
        if failed:
            raise failed[0] if len(failed) == 1 else combined(failed, source=source, kind=kind)
        return [o.record for o in outcomes if o.record is not None]

    def map_all(self, source: str, kind: str, payload: Any) -> list[SpecOutcome]:
        """One outcome per spec of (source, kind) that applies to ``payload``; never raises for bad data."""
        found = self._sources.get(source)
        specs = found.kinds.get(kind) if found is not None else None
        if not specs:
            error = FieldError("", "CODE_UNKNOWN", f"没有来源 {source} 的 {kind} 类记录的映射规格", f"{source}/{kind}")
            return [SpecOutcome(f"{source}/{kind}", None, None,
                                error=DataError(f"没有 {source}/{kind} 的映射规格", [error], source=source, kind=kind))]
        assert found is not None
        try:
            record = self._record(found.input, payload)
        except DataError as exc:
            exc.context.update(source=source, kind=kind)
            return [SpecOutcome(specs[0].name, specs[0].msg_type, None, error=exc)]
        outcomes = []
        for spec in specs:
            if spec.applies is not None and type(record) is dict and not spec.applies(record, {}):
                continue
            outcomes += spec.run_all(record, self._tables, self._registry)
        return outcomes

    @staticmethod
    def _record(shape: InputSpec, payload: Any) -> Any:
        if isinstance(payload, (bytes, bytearray)):
            if not shape.xml:
                return loads(bytes(payload))
            payload = parse_xml(bytes(payload), utf8_fallback=shape.utf8_fallback)
        if shape.xml and hasattr(payload, "tag") and hasattr(payload, "attrib"):
            return to_record(payload)
        return payload
