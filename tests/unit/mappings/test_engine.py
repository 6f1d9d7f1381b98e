"""The mapping engine: spec compilation (ConfigError with file, line, field), transforms, ``loads``,
and the ``Mapper`` contract (a record is mapped whole or refused with every error)."""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from mappings.base import Mapper
from mappings.codes import CodeTables
from mappings.compiler import SourceContext
from mappings.engine import DEFAULT_SPEC_DIR, SpecMapper, loads
from mappings.registry import default_mapper
from mappings.specfile import read_spec_file
from mappings.transforms import TRANSFORMS, MapError
from santong.errors import ConfigError, DataError

STHJ = DEFAULT_SPEC_DIR / "sthj"


def _copy_specs(tmp_path: Path) -> Path:
    root = tmp_path / "specs"
    shutil.copytree(STHJ, root / "sthj")
    return root


def _edit(path: Path, old: str, new: str) -> int:
    """Replace ``old`` (which must occur once) by ``new``; return the 1-based line of the change."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")
    return text[: text.index(old)].count("\n") + 1


SPEC_MISTAKES = [
    ("unknown transform", "INSPECTION.yaml", "inspection.inspect_date, transforms: [date]}",
     "inspection.inspect_date, transforms: [datum]}", "check_date", "datum"),
    ("unknown target", "INSPECTION.yaml", "{target: check_date,", "{target: check_dat,", "check_dat", "不是此记录类型的字段"),
    ("unknown code table", "INSPECTION.yaml", "[{code: CHECK_TYPE}]", "[{code: CHECK_TYP}]", None, "CHECK_TYP"),
    ("list without []", "INSPECTION.yaml", '"inspection.inspectors[].name"', "inspection.inspectors", "check_personnel", "[]"),
    ("when reads a later field", "INSPECTION.yaml", "[{code: CHECK_FORM}]}",
     "[{code: CHECK_FORM}], when: {target: check_result, present: true}}", "check_form", "前面映射"),
    ("unknown fragment", "INSPECTION.yaml", "  - include: acp\n", "  - include: acpp\n", None, "acpp"),
    ("unknown key", "INSPECTION.yaml", "version: 1\n", "version: 1\nfrobnicate: true\n", None, "frobnicate"),
    ("kind is not the file name", "INSPECTION.yaml", "kind: INSPECTION\n", "kind: CHECK\n", None, "文件名"),
    ("unknown record type", "INSPECTION.yaml", "msg_type: JGXW_CHECK\n", "msg_type: JGXW_CHEK\n", None, "JGXW_CHEK"),
    ("params missing", "PENALTY.yaml", "daily_continuous, transforms: [bool]}", "daily_continuous, transforms: [{bool: 1}]}",
     "is_daily_penalty", "不接受参数"),
    ("list transform on a scalar", "PENALTY.yaml", "penalty.illegal_type, transforms: [trim]}",
     "penalty.illegal_type, transforms: [trim, unique]}", "illegal_type", "列表"),
    ("label code not in table", "COERCIVE.yaml", '    查封: "1"\n', '    查封: "3"\n', None, "FORCE_TYPE"),
    ("duplicate unconditional target", "INSPECTION.yaml", "  - include: org\n",
     "  - include: org\n  - {target: check_date, source: inspection.inspect_date}\n", "check_date", "不会生效"),
    ("bad source path", "INSPECTION.yaml", "source: inspection.findings,", "source: inspection..findings,",
     "check_content", "来源路径无效"),
    ("no origin", "INSPECTION.yaml", "{target: task_id, source: task_no,", "{target: task_id, sauce: task_no,", "task_id",
     "sauce"),
    ("tombstone field not allowed", "PENALTY.yaml", "    - {target: delete_reason,", "    - {target: set_date,", "set_date",
     "不是此记录类型的字段"),
]


@pytest.mark.parametrize(("case", "file", "old", "new", "field", "problem"), SPEC_MISTAKES, ids=[m[0] for m in SPEC_MISTAKES])
def test_a_broken_spec_names_file_line_and_field(tmp_path: Path, case: str, file: str, old: str, new: str,
                                                field: str | None, problem: str) -> None:
    root = _copy_specs(tmp_path)
    line = _edit(root / "sthj" / file, old, new)
    with pytest.raises(ConfigError) as info:
        SpecMapper(root)
    error = info.value
    assert error.context["file"].endswith(file)
    assert abs(error.context["line"] - line) <= 1, (error.context["line"], line, str(error))
    assert f"{file}:{error.context['line']}:" in str(error)
    assert problem in str(error)
    if field:
        assert error.context["field"] == field


def test_a_mistake_in_a_shared_fragment_names_the_source_file(tmp_path: Path) -> None:
    root = _copy_specs(tmp_path)
    line = _edit(root / "sthj" / "_source.yaml", "source: org.region_code\n", "source: org.region_code\n      when: {x: 1}\n")
    with pytest.raises(ConfigError) as info:
        SpecMapper(root)
    assert info.value.context["file"].endswith("_source.yaml")
    assert info.value.context["line"] in (line, line + 1)
    assert info.value.context["field"] == "area_number"


def test_an_invalid_cd_source_constant_is_refused_at_load(tmp_path: Path) -> None:
    root = _copy_specs(tmp_path)
    _edit(root / "sthj" / "_source.yaml", '"32108111321081MB1L26308J"', '"32108111321081MB1L26308K"')
    with pytest.raises(ConfigError, match="cd_source.*校验位应为 J"):
        SpecMapper(root)


def test_yaml_syntax_error_names_its_line(tmp_path: Path) -> None:
    root = _copy_specs(tmp_path)
    line = _edit(root / "sthj" / "COERCIVE.yaml", "version: 1\n", "version: [1\n")
    with pytest.raises(ConfigError) as info:
        SpecMapper(root)
    assert info.value.context["line"] >= line and "COERCIVE.yaml" in str(info.value)


def test_specs_are_compiled_once_and_shared() -> None:
    assert default_mapper() is default_mapper()
    mapper: Mapper = default_mapper()  # SpecMapper satisfies the port
    assert {("sthj", "INSPECTION"), ("sthj", "PENALTY"), ("sthj", "COERCIVE")} <= set(default_mapper().specs)
    assert mapper is not None


def test_unknown_source_or_kind_is_code_unknown(mapper: SpecMapper) -> None:
    for source, kind in [("sthj", "PERMIT"), ("nobody", "INSPECTION")]:
        with pytest.raises(DataError) as info:
            mapper.map(source, kind, {})
        (error,) = info.value.errors
        assert (error.field, error.code, error.value) == ("", "CODE_UNKNOWN", f"{source}/{kind}")
        assert info.value.context == {"source": source, "kind": kind}


def test_a_payload_that_is_not_an_object_is_format(mapper: SpecMapper) -> None:
    with pytest.raises(DataError) as info:
        mapper.map("sthj", "INSPECTION", ["not", "a", "record"])
    assert [(e.field, e.code) for e in info.value.errors] == [("", "FORMAT")]


# ---- loads ---------------------------------------------------------------------------------------

def test_loads_keeps_amounts_exact() -> None:
    doc = loads(b'{"a": 1.08E7, "b": 52000.0, "c": 3650.5, "d": 12, "e": 0.1}')
    assert doc == {"a": Decimal("1.08E7"), "b": Decimal("52000.0"), "c": Decimal("3650.5"), "d": 12, "e": Decimal("0.1")}
    assert type(doc["d"]) is int


@pytest.mark.parametrize("body", [
    b'{"a": 1, "a": 2}',                                              # duplicate member name (§5.1)
    b'{"a": NaN}',
    b"<html><body><h1>504 Gateway Time-out</h1></body></html>",     # sthj quirk 16
    b"\xff\xfe{}",
])
def test_loads_refuses_what_is_not_plain_json(body: bytes) -> None:
    with pytest.raises(DataError) as info:
        loads(body)
    assert [(e.field, e.code) for e in info.value.errors] == [("", "FORMAT")]


# ---- transforms ----------------------------------------------------------------------------------

def _transform(name: str, params: Any = None, labels: dict[str, dict[str, str]] | None = None) -> Any:
    ctx = SourceContext(CodeTables.load_default(), {}, labels or {}, {})
    loc = read_spec_file(STHJ / "INSPECTION.yaml").root
    return TRANSFORMS[name].factory(params, ctx, loc)


@pytest.mark.parametrize("sent", ["2024/3/7", "2024-03-07", "20240307", "2024年3月7日", "2024年03月07日", "2024-3-7",
                                  "２０２４/３/７", " 2024/3/7\u3000", "2024/03/07"])
def test_date_reads_every_sthj_form(sent: str) -> None:
    assert _transform("date")(sent, {}) == "2024-03-07"


@pytest.mark.parametrize(("sent", "why"), [("2024/2/30", "不存在"), ("2025/14/3", "不存在"), ("2025/11/31", "不存在"),
                                           ("07/03/2024", "不是可识别"), ("2024.3.7", "不是可识别"), ("2024/3/7 10:00", "不是可识别")])
def test_date_never_corrects_an_impossible_date(sent: str, why: str) -> None:
    with pytest.raises(MapError) as info:
        _transform("date")(sent, {})
    assert info.value.code == "FORMAT" and why in info.value.message and sent in info.value.message


@pytest.mark.parametrize(("ms", "expected"), [
    (1763446809731, "2025-11-18T14:20:09+08:00"),  # sthj-rest.md quirk 2
    (0, "1970-01-01T08:00:00+08:00"),
    (1762876799999, "2025-11-11T23:59:59+08:00"),
])
def test_epoch_ms_to_datetime_is_beijing_time_floored_to_the_second(ms: int, expected: str) -> None:
    assert _transform("epoch_ms_to_datetime")(ms, {}) == expected


@pytest.mark.parametrize("sent", ["1763446809731", 1763446809731.0, True])
def test_epoch_ms_must_be_an_integer(sent: Any) -> None:
    with pytest.raises(MapError):
        _transform("epoch_ms_to_datetime")(sent, {})


UNIT = {"places": 2, "unit": {"source": "amount_unit", "factors": {"元": 1, "万元": 10000}}}


@pytest.mark.parametrize(("sent", "scope", "expected"), [
    (Decimal("1.08E7"), {}, "10800000.00"),
    (Decimal("10800000.0"), {}, "10800000.00"),
    (Decimal("52000.0"), {}, "52000.00"),
    (Decimal("3650.5"), {}, "3650.50"),
    (52000, {}, "52000.00"),
    ("8,000", {}, "8000.00"),
    ("８０００.5", {}, "8000.50"),
    (0.1, {}, "0.10"),                      # a float that slipped through: read from its shortest text
    (Decimal("2.5"), {"amount_unit": "万元"}, "25000.00"),
    (Decimal("2.5"), {"amount_unit": None}, "2.50"),
    (Decimal("2.5"), {"amount_unit": "元"}, "2.50"),
    (Decimal("0.000001"), {"amount_unit": "万元"}, "0.01"),
    (Decimal("-0"), {}, "0.00"),
])
def test_decimal_is_exact(sent: Any, scope: dict[str, Any], expected: str) -> None:
    assert _transform("decimal", UNIT)(sent, scope) == expected


@pytest.mark.parametrize(("sent", "scope", "code"), [
    (Decimal("3650.555"), {}, "FORMAT"),
    (Decimal("2.5000001"), {"amount_unit": "万元"}, "FORMAT"),
    (Decimal(-5), {}, "FORMAT"),
    ("abc", {}, "FORMAT"),
    (True, {}, "FORMAT"),
    (Decimal("1E+40"), {}, "FORMAT"),
    (Decimal("2.5"), {"amount_unit": "千元"}, "CODE_UNKNOWN"),
])
def test_decimal_refuses_what_it_cannot_carry_exactly(sent: Any, scope: dict[str, Any], code: str) -> None:
    with pytest.raises(MapError) as info:
        _transform("decimal", UNIT)(sent, scope)
    assert info.value.code == code


def test_decimal_quantity_has_three_places() -> None:
    assert _transform("decimal", {"places": 3})(Decimal("1.5"), {}) == "1.500"


def test_code_uses_the_specs_own_labels_first() -> None:
    lookup = _transform("code", "FORCE_TYPE", labels={"FORCE_TYPE": {"查封": "1"}})
    assert lookup("查封", {}) == {"code": "1", "label": "行政强制措施"}
    assert lookup("强制执行", {}) == {"code": "2", "label": "行政强制执行"}
    with pytest.raises(MapError) as info:
        lookup("代履行", {})
    assert info.value.code == "CODE_UNKNOWN" and "代履行" in info.value.message


@pytest.mark.parametrize(("name", "sent", "expected"), [
    ("trim", "\u3000吴桂兰 \u00a0\t", "吴桂兰"),
    ("trim", " 仪征市 瑞丰 ", "仪征市 瑞丰"),
    ("trim", "\u3000 ", None),
    ("trim", 32108120057, "32108120057"),
    ("text", "第一行\r\n第二行\r第三行 ", "第一行\n第二行\n第三行"),
    ("nfkc", "９１３２１０８１ＭＡ", "91321081MA"),
    ("upper", "32108119790314153x", "32108119790314153X"),
    ("idno_upgrade", "321081580224105", "321081195802241057"),
    ("idno_upgrade", "E12345678", "E12345678"),
    ("area6", "321081100", "321081"),
    ("area6", "321081100200", "321081"),
    ("area6", "321081", "321081"),
    ("bool", True, True),
    ("bool", "是", True),
    ("bool", "false", False),
    ("bool", 0, False),
    ("first_listed", "现场检查、抽样检验", "现场检查"),
])
def test_simple_transforms(name: str, sent: Any, expected: Any) -> None:
    assert _transform(name)(sent, {}) == expected


@pytest.mark.parametrize(("name", "sent"), [("trim", {"a": 1}), ("bool", "yes"), ("bool", 2), ("idno_upgrade", "321081680230041")])
def test_simple_transforms_refuse_wrong_input(name: str, sent: Any) -> None:
    with pytest.raises(MapError) as info:
        _transform(name)(sent, {})
    assert info.value.code == "FORMAT"


def test_unique_keeps_the_first_of_each_code() -> None:
    a, b = {"code": "03", "label": "x"}, {"code": "02", "label": "y"}
    assert _transform("unique")([a, b, dict(a), None, None], {}) == [a, b, None, None]
