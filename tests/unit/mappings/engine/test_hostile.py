"""Hostile input: the engine fed random and malformed JSON and XML never raises past its
boundary — ``map_all`` always answers, ``map`` raises only ``DataError`` — and every answer is structured:
field errors with a path, a §5.11 code and a message."""

from __future__ import annotations

import copy
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from mappings.engine import SpecMapper, loads
from mappings.spec import SpecOutcome
from santong.errors import DataError

from .conftest import PAYLOADS, SPECS

CODES = {"REQUIRED", "FORMAT", "LENGTH", "CHECKSUM", "CODE_UNKNOWN", "RANGE", "ORDER", "REFERENCE", "SCHEMA", "DUPLICATE"}
GOLDEN = Path(__file__).parents[1] / "golden" / "sthj"
STHJ = [loads(p.read_bytes()) for p in sorted(GOLDEN.glob("*.in.json"))]
DEMO = json.loads((PAYLOADS / "demo_rows.json").read_text(encoding="utf-8"))


def _keys(node: Any) -> set[str]:
    if isinstance(node, dict):
        return set(node).union(*(_keys(v) for v in node.values())) if node else set()
    if isinstance(node, list):
        return set().union(*(_keys(v) for v in node)) if node else set()
    return set()


MEMBERS = sorted(set().union(*(_keys(p) for p in STHJ + DEMO)))
_scalars = (st.none() | st.booleans() | st.integers(-10**20, 10**20) | st.text(max_size=12)
            | st.decimals(allow_nan=True, allow_infinity=True) | st.floats() | st.sampled_from(["", " ", "\u3000", "null"]))
_keys_st = st.sampled_from(MEMBERS) | st.text(max_size=6)
JSON = st.recursive(_scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_keys_st, inner, max_size=6),
                    max_leaves=25)


@pytest.fixture(scope="module")
def engines() -> tuple[SpecMapper, SpecMapper]:
    return SpecMapper(), SpecMapper(SPECS)


def _structured(outcomes: list[SpecOutcome]) -> None:
    """Every outcome is a record or field errors (no outcome at all: no spec's ``when`` held)."""
    for outcome in outcomes:
        if outcome.error is None:
            continue
        assert outcome.error.errors
        for error in outcome.error.errors:
            assert isinstance(error.field, str) and error.code in CODES and isinstance(error.message, str) and error.message
            json.dumps(error.as_dict(), ensure_ascii=False)


def _all_kinds(engines: tuple[SpecMapper, SpecMapper], payload: Any) -> None:
    for mapper in engines:
        for source, kind in mapper.specs:
            _structured(mapper.map_all(source, kind, payload))
            try:
                mapper.map(source, kind, payload)
            except DataError:
                pass


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow])
@given(payload=JSON)
def test_random_json_values_get_structured_answers(engines: tuple[SpecMapper, SpecMapper], payload: Any) -> None:
    _all_kinds(engines, payload)


def _paths(node: Any, here: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [here] if here else []
    if isinstance(node, dict):
        for key, value in node.items():
            out += _paths(value, here + (key,))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            out += _paths(value, here + (i,))
    return out


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow])
@given(data=st.data())
def test_valid_records_with_random_damage_get_structured_answers(engines: tuple[SpecMapper, SpecMapper],
                                                                 data: st.DataObject) -> None:
    payload = copy.deepcopy(data.draw(st.sampled_from(STHJ + DEMO)))
    for _ in range(data.draw(st.integers(1, 4))):
        paths = _paths(payload)
        if not paths:
            break
        path = data.draw(st.sampled_from(paths))
        parent = payload
        for step in path[:-1]:
            parent = parent[step]
        if data.draw(st.booleans()) and isinstance(parent, dict):
            del parent[path[-1]]
        else:
            parent[path[-1]] = data.draw(JSON)
    sthj, fixtures = engines
    kind = payload.get("record_type") if isinstance(payload.get("record_type"), str) else "PENALTY"
    _structured(sthj.map_all("sthj", kind, payload))
    _structured(fixtures.map_all("demo", "CF", payload))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=st.binary(max_size=200) | st.text(max_size=100).map(lambda t: t.encode("utf-8")))
def test_random_bytes_are_one_format_error(engines: tuple[SpecMapper, SpecMapper], body: bytes) -> None:
    sthj, fixtures = engines
    for mapper, source, kind in ((sthj, "sthj", "INSPECTION"), (fixtures, "scjgx", "XZJC"), (fixtures, "demo", "CF")):
        outcomes = mapper.map_all(source, kind, body)
        _structured(outcomes)


_TAGS = st.sampled_from(["ID", "JCBH", "JCRY", "JCRYZFZH", "XDRLB", "TYSHXYDM", "LAST_UPDATED", "SCBZ", "JCKSSJ", "JCNR",
                         "SSJGDM", "records", "record", "x", "BZ"])


def _tree(draw: Any, depth: int = 0) -> Any:
    element = etree.Element(draw(_TAGS))
    if draw(st.booleans()):
        element.set(draw(st.sampled_from(["dw", "id", "{http://www.w3.org/2001/XMLSchema-instance}nil"])),
                    draw(st.sampled_from(["true", "元", "1", ""])))
    if depth < 3 and draw(st.booleans()):
        for _ in range(draw(st.integers(0, 4))):
            element.append(_tree(draw, depth + 1))
    else:
        element.text = draw(st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=20))
    return element


@st.composite
def xml_documents(draw: Any) -> bytes:
    tree = _tree(draw)
    encoding = draw(st.sampled_from(["UTF-8", "GBK", "GB18030"]))
    try:
        return etree.tostring(tree, encoding=encoding, xml_declaration=True)  # type: ignore[no-any-return]
    except (UnicodeEncodeError, LookupError, ValueError):
        return etree.tostring(tree, encoding="UTF-8", xml_declaration=True)  # type: ignore[no-any-return]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=xml_documents())
def test_random_xml_trees_get_structured_answers(engines: tuple[SpecMapper, SpecMapper], body: bytes) -> None:
    for mapper in engines:
        for (source, kind) in mapper.specs:
            if mapper.input_of(source).xml:
                _structured(mapper.map_all(source, kind, body))
                _structured(mapper.map_all(source, kind, etree.fromstring(body)))


@pytest.mark.parametrize("body", [
    b"[" * 100_000,                                          # nesting deeper than the parser's recursion
    b'{"a": ' * 5000 + b"1" + b"}" * 5000,
    b"<a>" * 5000 + b"</a>" * 5000,
    b'{"updated_at": 1e999999}',
    b'{"record_id": "\\ud800"}',                             # a lone surrogate
])
def test_pathological_documents_are_answered(engines: tuple[SpecMapper, SpecMapper], body: bytes) -> None:
    sthj, fixtures = engines
    _structured(sthj.map_all("sthj", "INSPECTION", body))
    _structured(fixtures.map_all("scjgx", "XZJC", body))


def test_a_huge_decimal_is_format_not_a_crash(engines: tuple[SpecMapper, SpecMapper]) -> None:
    payload = copy.deepcopy(next(p for p in STHJ if p.get("record_type") == "PENALTY" and "penalty" in p))
    payload["penalty"]["fine_amount"] = Decimal("9" * 100)
    (outcome,) = engines[0].map_all("sthj", "PENALTY", payload)
    assert outcome.error is not None and ("data.fine_amount", "FORMAT") in [(e.field, e.code) for e in outcome.error.errors]
