"""LHJG_TASK — 联合/协同监管任务 (STANDARD.md §4.9), key ``task_id``; downward from the province, with the
协同监管任务书 as ``task_xml`` (base64 of the XML document's bytes).  Rules LHJ-1…6.

The XML is parsed with DTDs, entities and network access off; a DOCTYPE (hence any entity declaration) is
refused outright, and the bytes must decode in the encoding the declaration names (UTF-8, GBK or GB18030).
"""

from __future__ import annotations

import re
from typing import Any

from lxml import etree

from mappings.standard.context import INVALID, Ctx
from mappings.standard.objects import ATT, MAX_FILE_BYTES, ORGREF, SUBJ, decode_base64, elements, unique_member
from mappings.standard.schema import RecordType, not_before
from mappings.standard.types import Code, Date, DateTime, Field, Ident, Key, List, Str

__all__ = ["RECORD_TYPE", "parse_task_xml"]

_DECLARATION = re.compile(rb"<\?xml[^>]*?encoding\s*=\s*[\"']([A-Za-z0-9._-]+)[\"']")
_ENCODINGS = {"UTF-8": "utf-8", "GBK": "gbk", "GB18030": "gb18030"}
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False, huge_tree=False)


def parse_task_xml(document: bytes) -> Any:
    """The root element of a 协同监管任务书, or the reason (a ``str``) why it is refused (LHJ-4)."""
    match = _DECLARATION.match(document)
    declared = match.group(1).decode("ascii").upper() if match else "UTF-8"
    if declared not in _ENCODINGS:
        return f"XML 声明的编码 {declared} 不是 UTF-8、GBK 或 GB18030"
    try:
        document.decode(_ENCODINGS[declared])
    except UnicodeDecodeError:
        return f"XML 的字节不能按声明的编码 {declared} 解码"
    try:
        root = etree.fromstring(document, _PARSER)
    except etree.XMLSyntaxError as exc:
        return f"XML 格式错误：{exc}"
    info = root.getroottree().docinfo
    if info.doctype or info.internalDTD is not None:
        return "XML 不能含 DOCTYPE 或实体声明"
    if root.tag != "XTJGRW":
        return f"XML 根元素应为 XTJGRW，实为 {root.tag}"
    return root


class _TaskXml:
    """``task_xml``: standard base64 of at most 1 MiB of XML whose root is ``XTJGRW``; parsed as the root."""

    def __call__(self, value: Any, path: str, ctx: Ctx, label: str) -> Any:
        document = decode_base64(value)
        if document is None:
            return ctx.fail(path, "FORMAT", f"{label}应为带填充、不换行的标准 base64（LHJ-4）")
        if len(document) > MAX_FILE_BYTES:
            return ctx.fail(path, "RANGE", f"{label}解码后 {len(document)} 字节，超过 {MAX_FILE_BYTES} 字节（§4.9）")
        root = parse_task_xml(document)
        if isinstance(root, str):
            return ctx.fail(path, "FORMAT", f"{label}：{root}（LHJ-4）")
        return root


FIELDS = (
    Field("task_id", "任务编号", Key(64), "M"),
    Field("task_name", "任务名称", Str(200), "M"),
    Field("task_type", "任务类型", Code("LHJG_TASK_TYPE"), "M"),
    Field("initiator_org", "发起机构", Str(200), "M"),
    Field("initiator_org_code", "发起机构统一社会信用代码", Ident("uscc"), "M"),
    Field("lead_org", "牵头部门", Str(200), "M"),
    Field("lead_org_code", "牵头部门统一社会信用代码", Ident("uscc"), "M"),
    Field("cooperating_orgs", "配合部门", List(ORGREF, 0, 50), "O"),
    Field("issue_time", "下发时间", DateTime(), "M", act="LHJ-6"),
    Field("start_date", "任务开始日期", Date(), "M"),
    Field("end_date", "任务结束日期", Date(), "M"),
    Field("feedback_deadline", "反馈截止时间", DateTime(), "O"),
    Field("task_content", "任务内容摘要", Str(4000, lf=True), "M"),
    Field("supervise_item_codes", "监管事项编码", List(Ident("item"), 0, 50, unique="unique"), "O"),
    Field("target_area_number", "任务区域", Ident("area"), "M"),
    Field("subjects", "检查对象", List(SUBJ, 0, 500), "O"),
    Field("related_warning_id", "关联预警编号", Key(64), "O"),
    Field("task_xml", "协同监管任务书", _TaskXml(), "O"),
    Field("attachments", "其他附件", List(ATT, 0, 10), "O"),
)


def _lhj3(ctx: Ctx) -> None:
    lead = ctx.values.get("lead_org_code")
    for i, raw, parsed in elements(ctx, "cooperating_orgs"):
        if lead is not None and parsed.get("org_code") == lead:
            ctx.add(f"data.cooperating_orgs[{i}].org_code", "REFERENCE", "配合部门不能是牵头部门（LHJ-3）", raw.get("org_code"))


def _lhj5(ctx: Ctx) -> None:
    root, task_id = ctx.values.get("task_xml"), ctx.values.get("task_id")
    if root is None or root is INVALID or task_id is None:
        return
    number = (root.findtext("RWBH") or "").strip()
    if number != task_id:
        ctx.add("data.task_xml", "REFERENCE", f"任务书的任务编号 RWBH {number or '（缺失）'} 应等于任务编号 {task_id}（LHJ-5）")


RECORD_TYPE = RecordType(
    "LHJG_TASK",
    ("task_id",),
    FIELDS,
    (
        not_before("end_date", "start_date", "LHJ-1"),
        not_before("feedback_deadline", "issue_time", "LHJ-2"),
        _lhj3,
        unique_member("cooperating_orgs", "org_code", "统一社会信用代码", "§4.9"),
        _lhj5,
    ),
)
