"""``santong map`` as an integrator meets it: one JSON line per standard record (sealed), field-level errors
and exit 1 for malformed input — never a traceback —, exit 2 for usage errors, registry lookups that see
earlier records of the file, and ``--check`` reporting every broken spec and table."""

from __future__ import annotations

import io
import json
import shutil
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any, Optional

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from hub.map_cmd import preview_batch, run_map
from mappings.standard import validate_record
from signatures.digest import record_digest

ROOT = Path(__file__).resolve().parents[3]
GOLDEN = ROOT / "tests" / "unit" / "mappings" / "golden" / "sthj"
FIXTURES = ROOT / "tests" / "unit" / "mappings" / "engine"
SPECS = FIXTURES / "specs"


def _run(source: str | None, file: Path | None, kind: str | None = None, check: bool = False,
         spec_dir: Path | None = None) -> tuple[int, list[dict[str, Any]], str]:
    out, err = io.StringIO(), io.StringIO()
    extra = {"spec_dir": spec_dir} if spec_dir else {}
    code = run_map(source, file, kind, check, out=out, err=err, **extra)
    lines = [json.loads(line) for line in out.getvalue().splitlines()] if not check else []
    return code, lines, err.getvalue() + (out.getvalue() if check else "")


def _write(tmp_path: Path, name: str, content: Any) -> Path:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content if isinstance(content, str) else json.dumps(content, ensure_ascii=False), encoding="utf-8")
    return path


def _golden(name: str) -> dict[str, Any]:
    (path,) = GOLDEN.glob(f"*__{name}.in.json")
    return json.loads(path.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def test_one_record_is_one_sealed_standard_record() -> None:
    code, lines, err = _run("sthj", next(GOLDEN.glob("INSPECTION__s3_2_3_inspection_unit.in.json")))
    assert (code, err) == (0, "")
    (line,) = lines
    assert line["ok"] is True and line["msgType"] == "JGXW_CHECK"
    record = line["record"]
    assert record["cd_batch"] == preview_batch() and record["cd_batch"].endswith("00001")
    assert record["digest"] == record_digest({k: v for k, v in record.items() if k != "digest"})
    assert validate_record(record) == []


def test_the_preview_batch_is_today_in_beijing() -> None:
    late = datetime(2025, 11, 18, 17, 30, tzinfo=timezone.utc)          # already the 19th in +08:00
    assert preview_batch(late) == "2025111900001"
    assert preview_batch(late - timedelta(hours=2)) == "2025111800001"


def test_an_array_of_records_and_of_pages_prints_one_line_each_in_order(tmp_path: Path) -> None:
    a, b, c = _golden("s3_2_3_inspection_unit"), _golden("s6_2_penalty_daily_exponent"), _golden("q13_item_null")
    page = {"code": 0, "message": "成功", "data": {"records": [b, c], "next_cursor": "x"}}
    code, lines, _ = _run("sthj", _write(tmp_path, "f.json", [a, page]))
    assert code == 1                                       # q13_item_null does not map
    assert [(x["ok"], x.get("msgType")) for x in lines] == [(True, "JGXW_CHECK"), (True, "JGXW_PUNISH"), (False, "JGXW_CHECK")]
    assert lines[2]["where"] == "[1].data.records[1]"
    assert lines[2]["errors"][0] == {"field": "data.supervise_item_code", "code": "REQUIRED", "message": "监管事项编码必填"}


@pytest.mark.parametrize(("content", "field", "code_"), [
    (b'{"record_id": "HBZF-JC-2025-004317", "record_type": "INSPECTION",', "", "FORMAT"),          # broken JSON
    ('{"record_type": "INSPECTION", "record_id": "仪征"}'.encode("gbk"), "", "FORMAT"),           # a wrong encoding
    (b"<html><body>502 Bad Gateway</body></html>", "", "FORMAT"),
])
def test_a_file_that_is_not_json_is_one_error_line(tmp_path: Path, content: bytes, field: str, code_: str) -> None:
    code, lines, err = _run("sthj", _write(tmp_path, "bad.json", content))
    assert code == 1 and err == ""
    (line,) = lines
    assert line["ok"] is False and [(e["field"], e["code"]) for e in line["errors"]] == [(field, code_)]


def test_missing_fields_and_an_invalid_credit_code_are_field_errors(tmp_path: Path) -> None:
    record = _golden("s3_2_3_inspection_unit")
    del record["inspection"]["inspect_date"]
    record["target"]["uscc"] = "91321081MA1N8K2R19"         # wrong check character
    code, (line,), _ = _run("sthj", _write(tmp_path, "r.json", record))
    assert code == 1
    assert {(e["field"], e["code"]) for e in line["errors"]} == {("data.check_date", "REQUIRED"),
                                                                ("data.administrative_cp_ui_code", "CHECKSUM")}


def test_a_record_that_cannot_tell_its_kind_is_an_error_line_unless_kind_is_given(tmp_path: Path) -> None:
    record = _golden("s3_2_3_inspection_unit")
    del record["record_type"]
    path = _write(tmp_path, "r.json", record)
    code, (line,), _ = _run("sthj", path)
    assert code == 1 and line["errors"][0]["code"] == "REQUIRED" and "--kind" in line["errors"][0]["message"]
    code, (line,), _ = _run("sthj", path, kind="INSPECTION")
    assert code == 1 and line["errors"][0]["code"] == "REFERENCE"           # the spec's expect: record_type
    code, (line,), _ = _run("sthj", _write(tmp_path, "p.json", _golden("s6_2_penalty_daily_exponent")), kind="INSPECTION")
    assert code == 1 and line["errors"][0]["code"] == "REFERENCE" and "PENALTY" in line["errors"][0]["message"]


@pytest.mark.parametrize(("source", "kind", "status", "says"), [
    ("nosuch", None, 2, "未知的来源"),
    ("sthj", "PERMIT", 2, "没有类别"),
])
def test_usage_errors_are_one_line_and_exit_2(tmp_path: Path, source: str, kind: Optional[str], status: int, says: str) -> None:
    code, lines, err = _run(source, _write(tmp_path, "r.json", {}), kind=kind)
    assert code == status and lines == [] and says in err and len(err.strip().splitlines()) == 1


def test_an_unreadable_file_is_a_usage_error(tmp_path: Path) -> None:
    code, _, err = _run("sthj", tmp_path / "missing.json")
    assert code == 2 and "missing.json" in err


def test_a_source_without_specs_is_named(tmp_path: Path) -> None:
    code, lines, err = _run("elu-yangguang", _write(tmp_path, "r.xml", b"<XMXX/>"), spec_dir=SPECS)
    assert code == 1 and lines == [] and "elu-yangguang" in err and "还没有映射规格" in err


def test_xml_records_see_the_registry_entries_of_earlier_records(tmp_path: Path) -> None:
    inspections = (FIXTURES / "payloads" / "scjgx_inspections.xml").read_text(encoding="utf-8")
    body = inspections.split("\n", 1)[1]
    item = "<items><item><NAME>对食品销售者的行政检查</NAME><CODE>11320300000118</CODE></item></items>"
    later = _write(tmp_path, "later.xml", f'<?xml version="1.0" encoding="GBK"?><batch>{body}{item}</batch>'.encode("gbk"))
    code, lines, _ = _run("scjgx", later, spec_dir=SPECS)
    assert code == 1 and [x["ok"] for x in lines] == [False, True, True]
    assert "登记簿" in lines[0]["errors"][0]["message"]
    first = _write(tmp_path, "first.xml", f'<?xml version="1.0" encoding="GBK"?><batch>{item}{body}</batch>'.encode("gbk"))
    code, lines, _ = _run("scjgx", first, spec_dir=SPECS)
    assert code == 0
    assert [(x["ok"], x["msgType"]) for x in lines] == [(True, None), (True, "JGXW_CHECK"), (True, "JGXW_CHECK")]
    assert lines[0]["remembered"] == [{"kind": "scjg_item", "key": "对食品销售者的行政检查",
                                       "values": {"item_code": "11320300000118"}}]
    assert lines[1]["record"]["data"]["supervise_item_code"] == "11320300000118"
    assert lines[2]["record"]["cd_operation"] == "d"


def test_a_record_element_alone_needs_kind_when_nothing_tells_it(tmp_path: Path) -> None:
    record = (FIXTURES / "payloads" / "scjgx_inspections.xml").read_text(encoding="utf-8")
    alone = record[record.index("<record>", record.index("<record>") + 1): record.rindex("</record>") + 9]
    path = _write(tmp_path, "one.xml", alone.encode())
    code, _, err = _run("scjgx", path, spec_dir=SPECS)
    assert code == 2 and "--kind" in err
    code, (line,), _ = _run("scjgx", path, kind="XZJC", spec_dir=SPECS)
    assert code == 0 and line["record"]["cd_operation"] == "d"


def test_check_reports_every_broken_spec_and_table(tmp_path: Path) -> None:
    code, _, out = _run(None, None, check=True, spec_dir=SPECS)
    assert code == 0 and "0 处问题" in out
    specs = tmp_path / "specs"
    shutil.copytree(SPECS, specs)
    for name, old, new in (("demo/CF.yaml", "transforms: [html]", "transforms: [htm]"),
                           ("scjgx/XZJC.yaml", "{code: CHECK_RESULT}", "{code: CHECK_RESULTS}")):
        path = specs / name
        path.write_text(path.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    code, _, out = _run(None, None, check=True, spec_dir=specs)
    assert code == 1 and "2 处问题" in out and "CF.yaml:" in out and "htm" in out and "XZJC.yaml:" in out


def test_check_does_not_read_a_file(tmp_path: Path) -> None:
    code, _, err = _run(None, tmp_path / "x.json", check=True)
    assert code == 2 and "--check" in err


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=st.binary(max_size=300))
def test_any_bytes_get_an_exit_status_and_never_a_traceback(tmp_path: Path, body: bytes) -> None:
    path = _write(tmp_path, "any.bin", body)
    for source, spec_dir in (("sthj", None), ("scjgx", SPECS), ("demo", SPECS)):
        code, lines, err = _run(source, path, spec_dir=spec_dir)
        assert code in (0, 1, 2) and "Traceback" not in err and "内部错误" not in err
        assert all(isinstance(line["ok"], bool) for line in lines)


def test_the_typer_command() -> None:
    """The `map` command of the real command line."""
    from hub.cli import app

    runner = CliRunner()
    result = runner.invoke(app, ["map", "sthj", str(next(GOLDEN.glob("PENALTY__q01_date_forms_mixed.in.json")))])
    assert result.exit_code == 0 and json.loads(result.stdout)["msgType"] == "JGXW_PUNISH"
    assert runner.invoke(app, ["map", "--check"]).exit_code == 0
    assert runner.invoke(app, ["map", "--help"]).exit_code == 0
