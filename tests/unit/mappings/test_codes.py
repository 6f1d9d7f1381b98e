"""Code tables as versioned data (STANDARD.md §3.1) and the label lookup of §1.9."""

from __future__ import annotations

from pathlib import Path

import pytest

from mappings import codes
from mappings.codes import CodeTables
from santong.errors import ConfigError, DataError

REQUIRED_TABLES = {
    "CE_TYPE": ("stable", 12), "CP_TYPE": ("stable", 3), "CHECK_TYPE": ("provisional", 8),
    "CHECK_FORM": ("provisional", 4), "CHECK_RESULT": ("stable", 7), "PUNISH_PROCEDURE": ("stable", 2),
    "PUNISH_TYPE": ("stable", 12), "FORCE_TYPE": ("stable", 2), "COERCIVE_MEASURE": ("stable", 5),
    "ENFORCE_MODE": ("provisional", 7), "FORCE_STATUS": ("stable", 5),
}


@pytest.fixture(scope="module")
def tables() -> CodeTables:
    return CodeTables.load_default()


def test_load_default_is_loaded_once(tables: CodeTables) -> None:
    assert CodeTables.load_default() is tables


@pytest.mark.parametrize(("table_id", "expected"), REQUIRED_TABLES.items())
def test_required_tables_ship_with_status_and_code_count_of_3_1(tables: CodeTables, table_id: str,
                                                               expected: tuple[str, int]) -> None:
    table = tables.table(table_id)
    assert (table.status, len(table.codes)) == expected
    assert table.ref == f"{table_id}@1.0"


def test_every_table_of_3_1_ships(tables: CodeTables) -> None:
    assert len([t for t in tables if t != "AREA"]) == 40


def test_provisional_codes_of_stable_tables_are_marked(tables: CodeTables) -> None:
    assert tables.table("CE_TYPE").codes["553"].status == "provisional"
    assert tables.table("CE_TYPE").codes["111"].status == "stable"
    assert tables.table("FORCE_STATUS").codes["5"].status == "provisional"


@pytest.mark.parametrize(("table_id", "sent", "code"), [
    ("PUNISH_PROCEDURE", "2", "02"),          # step 2: pad to the table's width
    ("CE_TYPE", "1", "001"),
    ("CE_TYPE", "１１１", "111"),              # step 1: NFKC
    ("CE_TYPE", " 身 份 证 ", "111"),          # step 1: every white space removed
    ("CE_TYPE", "\u3000居民身份证\u3000", "111"),
    ("CE_TYPE", 111, "111"),
    ("CP_TYPE", "自然人（个人）", "2"),          # full-width parentheses in an alias
    ("CHECK_RESULT", "发现问题，责令整改", "2"),
    ("CHECK_TYPE", "双随机、一公开", "1"),
    ("PUNISH_TYPE", "罚款", "02"),
    ("PUNISH_TYPE", "99", "99"),
    ("FORCE_STATUS", "实施中", "1"),
    ("GGZY_FIELD", "A", "A"),
    ("AREA", "321081", "321081"),
])
def test_lookup_follows_1_9(tables: CodeTables, table_id: str, sent: object, code: str) -> None:
    result = tables.lookup(table_id, sent)
    assert result == {"code": code, "label": tables.table(table_id).codes[code].label}


def test_lookup_returns_the_canonical_label_never_the_alias(tables: CodeTables) -> None:
    assert tables.lookup("CHECK_RESULT", "未发现环境违法行为") == {"code": "1", "label": "未发现问题"}


@pytest.mark.parametrize(("table_id", "sent"), [
    ("CHECK_TYPE", "随便检查"), ("PUNISH_PROCEDURE", "3"), ("CE_TYPE", "0001"), ("CE_TYPE", ""), ("CE_TYPE", None),
    ("CE_TYPE", True), ("AREA", "仪征市"),  # AREA names repeat across prefectures: codes only
])
def test_lookup_of_an_unknown_value_is_code_unknown(tables: CodeTables, table_id: str, sent: object) -> None:
    with pytest.raises(DataError) as info:
        tables.lookup(table_id, sent, field="data.x")
    (error,) = info.value.errors
    assert (error.field, error.code) == ("data.x", "CODE_UNKNOWN")
    assert tables.resolve(table_id, sent) is None


def test_source_labels_come_before_padding(tables: CodeTables) -> None:
    """§1.9: a source's own code list is translated by its spec, never through padding or aliases."""
    table = tables.table("TSJB_TYPE")
    assert table.resolve("03") is None
    assert table.resolve("03", {"03": "1"}) == "1"


def test_is_valid_needs_the_exact_canonical_label(tables: CodeTables) -> None:
    assert codes.is_valid("CHECK_TYPE", {"code": "1", "label": "双随机抽查"})
    assert not tables.is_valid("CHECK_TYPE", {"code": "1", "label": "双随机"})
    assert not tables.is_valid("CHECK_TYPE", {"code": "8", "label": "双随机抽查"})
    assert not tables.is_valid("CHECK_TYPE", {"code": "1", "label": "双随机抽查", "x": 1})
    assert not tables.is_valid("CHECK_TYPE", "1")


def test_module_lookup_uses_the_default_tables() -> None:
    assert codes.lookup("CE_TYPE", "身份证") == {"code": "111", "label": "居民身份证"}


def test_unknown_table_is_a_config_error(tables: CodeTables) -> None:
    with pytest.raises(ConfigError):
        tables.lookup("NO_SUCH_TABLE", "1")


def test_area_holds_all_of_jiangsu(tables: CodeTables) -> None:
    area = tables.table("AREA")
    prefectures = [c for c in area.codes.values() if c.parent == "320000"]
    counties = [c for c in area.codes.values() if c.parent not in (None, "320000")]
    assert len(prefectures) == 13 and len(counties) == 95
    for code, label in [("320000", "江苏省"), ("321000", "扬州市"), ("321002", "广陵区"), ("321003", "邗江区"),
                        ("321012", "江都区"), ("321023", "宝应县"), ("321081", "仪征市"), ("321084", "高邮市")]:
        assert area.codes[code].label == label
    assert "321088" not in area.codes
    assert all(c.parent in area.codes for c in area.codes.values() if c.parent)


def _write(tmp_path: Path, name: str, text: str) -> Path:
    (tmp_path / f"{name}.yaml").write_text(text, encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize(("text", "problem"), [
    (('id: T\nversion: "1.0"\nname: t\nstatus: stable\ncodes:\n  - {code: "1", label: 甲, aliases: [乙]}\n'
      '  - {code: "2", label: 乙}\n'), "同时指向"),
    ('id: T\nversion: "1.0"\nname: t\nstatus: stable\ncodes:\n  - {code: "1", label: 甲}\n  - {code: "22", label: 乙}\n',
     "等宽"),
    ('id: T\nversion: "1.0"\nname: t\nstatus: stable\ncodes:\n  - {code: "1", label: 甲}\n  - {code: "1", label: 乙}\n',
     "重复"),
    ('id: T\nversion: "1.0"\nname: t\nstatus: maybe\ncodes: []\n', "status"),
    ('id: U\nversion: "1.0"\nname: t\nstatus: stable\ncodes:\n  - {code: "1", label: 甲}\n', "文件名"),
    ('id: T\nname: t\nstatus: stable\ncodes: []\n', "version"),
])
def test_a_broken_table_file_is_a_config_error(tmp_path: Path, text: str, problem: str) -> None:
    with pytest.raises(ConfigError) as info:
        CodeTables.load_dir(_write(tmp_path, "T", text))
    assert problem in str(info.value)
