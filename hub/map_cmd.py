"""``santong map SOURCE FILE [--kind KIND]`` and ``santong map --check``: what the hub makes of a payload.

::

    code = run_map("sthj", Path("record.json"), kind=None, check=False)   # JSON lines on stdout, exit code

FILE holds one raw record as the source sends it, a JSON array of records or of response pages (the
source's ``_source.yaml`` ``input:`` says where a page keeps its records and kind), or for an XML source
an XML document in its declared encoding (one record element, or a whole response holding several).
Records are mapped in file order with one in-memory registry, so that a record needing a related
record (a ggzy stage needs its TENDER_PROJECT) sees the ones before it, as the running hub would.

One JSON line per standard record:
``{"ok": true, "msgType": "JGXW_CHECK", "record": {sealed §5.2 record}}``;
``{"ok": true, "msgType": null, "cd_id": …, "remembered": […]}`` for a record that only feeds the registry;
``{"ok": false, "msgType": …, "cd_id": …, "where": …, "errors": [{"field", "code", "message", "value"}]}``.
Records are sealed under the placeholder batch ``<today +08:00>00001``: they are previews, never sent.

Exit status: 0 every record mapped; 1 a record (or the file itself: broken JSON or XML, a wrong
encoding) failed, or ``--check`` found a problem, or SOURCE is an adapter with no specs yet; 2 usage
errors: an unknown SOURCE, an unreadable FILE, an unknown ``--kind``, or a file whose records cannot tell
their kind when the source has no way to (then ``--kind`` is needed).
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any, TextIO

from mappings.check import check_all
from mappings.engine import DEFAULT_SPEC_DIR, SpecMapper, loads
from mappings.inputs import Piece, split_json, split_xml
from mappings.registry_port import InMemoryRegistry
from mappings.spec import SpecOutcome
from mappings.xmlinput import parse_xml
from santong.errors import ConfigError, DataError, FieldError
from signatures.envelope import seal_record

__all__ = ["ADAPTERS", "preview_batch", "run_map"]

# the adapter names of STANDARD.md §2.11, one per external system
ADAPTERS = ("scjg", "sthj", "hotline12345", "elu-yangguang", "ggzy", "credit", "province")
_BEIJING = timezone(timedelta(hours=8))


class _Usage(Exception):
    """A usage error: one line on stderr, exit status 2."""


def preview_batch(now: datetime | None = None) -> str:
    """The placeholder ``cd_batch`` of ``santong map`` output: today's +08:00 date and sequence 00001."""
    return (now or datetime.now(_BEIJING)).astimezone(_BEIJING).strftime("%Y%m%d") + "00001"


@dataclass
class _Printer:
    out: TextIO
    failed: bool = False

    def line(self, obj: dict[str, Any]) -> None:
        self.out.write(json.dumps(obj, ensure_ascii=False, default=str) + "\n")

    def errors(self, errors: list[FieldError], **context: Any) -> None:
        self.failed = True
        self.line({"ok": False, **context, "errors": [e.as_dict() for e in errors]})


def run_map(source: str | None, file: Path | None, kind: str | None, check: bool, *,
            spec_dir: Path = DEFAULT_SPEC_DIR, out: TextIO | None = None, err: TextIO | None = None) -> int:
    """Map FILE as SOURCE's payload and print one JSON line per standard record; or ``check``.  Returns the
    exit status (module docstring).  Never raises for bad input."""
    out, err = out or sys.stdout, err or sys.stderr
    try:
        if check:
            if file is not None:
                raise _Usage("--check 不读 FILE（只检查规格和代码表）")
            return _check(spec_dir, source, out)
        if source is None or file is None:
            raise _Usage("需要 SOURCE 和 FILE（或只用 --check）")
        return _map(source, file, kind, spec_dir, out, err)
    except _Usage as exc:
        err.write(f"santong map: usage error: {exc}\n")
        return 2
    except ConfigError as exc:
        err.write(f"santong map: 映射规格有误: {exc}\n")
        return 1
    except Exception as exc:  # noqa: BLE001 - the command's boundary: one line, never a traceback
        err.write(f"santong map: 内部错误（请报告）: {type(exc).__name__}: {exc}\n")
        return 1


def _check(spec_dir: Path, source: str | None, out: TextIO) -> int:
    report = check_all(spec_dir)
    problems = [p for p in report.problems if source is None or f"/{source}/" in str(p.context.get("file", ""))]
    for problem in problems:
        out.write(f"{problem}\n")
    out.write(f"已检查 {report.tables} 个代码表、{len(report.sources)} 个来源的 {report.specs} 个映射规格："
              f"{len(problems)} 处问题\n")
    return 1 if problems else 0


def _map(source: str, file: Path, kind: str | None, spec_dir: Path, out: TextIO, err: TextIO) -> int:
    registry = InMemoryRegistry()
    mapper = SpecMapper(spec_dir, registry=registry)
    known = mapper.sources.get(source)
    if known is None or not known.kinds:
        if source in ADAPTERS:
            err.write(f"santong map: 来源 {source} 还没有映射规格（{spec_dir / source}/）；"
                      f"已有规格的来源: {', '.join(sorted(s for s, v in mapper.sources.items() if v.kinds)) or '无'}\n")
            return 1
        raise _Usage(f"未知的来源 {source!r}（可为 {', '.join(ADAPTERS)}）")
    kinds = sorted(known.kinds)
    if kind is not None and kind not in kinds:
        raise _Usage(f"来源 {source} 没有类别 {kind!r}（可为 {', '.join(kinds)}）")
    try:
        body = file.read_bytes()
    except OSError as exc:
        raise _Usage(f"无法读取 {file}: {exc.strerror or exc}") from exc
    printer = _Printer(out)
    try:
        pieces = _pieces(mapper, source, body)
    except DataError as exc:
        printer.errors(exc.errors or [FieldError("", "FORMAT", exc.message)], where=str(file))
        return 1
    tellable = bool(known.input.kind_rules) or any(specs[0].expect for specs in known.kinds.values())
    default = kind or (kinds[0] if len(kinds) == 1 else None)
    resolved = [(p, p.kind or mapper.kind_of(source, p.record)) for p in pieces]
    if default is None and not tellable and any(told is None for _, told in resolved):
        raise _Usage(f"{source} 的记录不能说明自己的类别，请用 --kind 指定（可为 {', '.join(kinds)}）")
    for piece, told in resolved:
        _one(mapper, source, piece, told, default, kind, printer)
    return 1 if printer.failed else 0


def _pieces(mapper: SpecMapper, source: str, body: bytes) -> list[Piece]:
    shape = mapper.input_of(source)
    if shape.xml:
        return split_xml(parse_xml(body, utf8_fallback=shape.utf8_fallback), shape)
    return split_json(loads(body), shape)


def _one(mapper: SpecMapper, source: str, piece: Piece, told: str | None, default: str | None, asked: str | None,
         printer: _Printer) -> None:
    where = {"where": piece.where} if piece.where else {}
    if told is not None and asked is not None and told != asked:
        printer.errors([FieldError("", "REFERENCE", f"记录自身为 {told} 类，与 --kind {asked} 不符", told)], **where)
        return
    kind = told or default
    if kind is None:
        printer.errors([FieldError("", "REQUIRED", f"记录不能说明自己的类别（可用 --kind 指定，可为 "
                                                   f"{', '.join(sorted(mapper.sources[source].kinds))}）", None)], **where)
        return
    for outcome in mapper.map_all(source, kind, piece.record):
        _print(outcome, printer, where)


def _print(outcome: SpecOutcome, printer: _Printer, where: dict[str, str]) -> None:
    if outcome.error is not None:
        printer.errors(outcome.error.errors or [FieldError("", "FORMAT", outcome.error.message)],
                       msgType=outcome.msg_type, cd_id=outcome.cd_id, **where)
        return
    if outcome.record is None:
        printer.line({"ok": True, "msgType": None, "cd_id": outcome.cd_id,
                      "remembered": [r.as_dict() for r in outcome.remembered]})
        return
    record = outcome.record
    try:
        sealed = seal_record(record.unsealed("d" if record.operation == "delete" else "i"), preview_batch())
    except DataError as exc:
        printer.errors(exc.errors, msgType=record.msg_type, cd_id=record.cd_id, **where)
        return
    printer.line({"ok": True, "msgType": record.msg_type, "record": sealed})
