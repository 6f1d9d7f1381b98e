"""FXYJ — 风险预警 (STANDARD.md §4.8), key ``warning_id``; downward from the province, delivered to the
departments in ``receiver_orgs``.  Rules FXY-1…3."""

from __future__ import annotations

from mappings.standard.objects import ATT, ORGREF, SUBJ, unique_member
from mappings.standard.schema import RecordType, not_before
from mappings.standard.types import Bool, Code, Date, DateTime, Field, Ident, Key, List, Str

__all__ = ["RECORD_TYPE"]

FIELDS = (
    Field("warning_id", "预警编号", Key(64), "M"),
    Field("warning_title", "预警标题", Str(200), "M"),
    Field("risk_level", "风险等级", Code("RISK_LEVEL"), "M"),
    Field("risk_category", "风险类别", Code("RISK_CATEGORY"), "M"),
    Field("warning_content", "预警内容", Str(4000, lf=True), "M"),
    Field("issue_org", "发布机构", Str(200), "M"),
    Field("issue_org_code", "发布机构统一社会信用代码", Ident("uscc"), "M"),
    Field("issue_time", "发布时间", DateTime(), "M", act="FXY-2"),
    Field("target_area_number", "预警区域", Ident("area"), "M"),
    Field("receiver_orgs", "接收部门", List(ORGREF, 1, 50), "M"),
    Field("subjects", "涉及主体", List(SUBJ, 0, 500), "O"),
    Field("supervise_item_code", "监管事项编码", Ident("item"), "O"),
    Field("handle_deadline", "处置时限", DateTime(), "M"),
    Field("feedback_required", "是否需要反馈", Bool(), "M"),
    Field("valid_until", "预警有效期至", Date(), "O"),
    Field("attachments", "附件", List(ATT, 0, 10), "O"),
)

RECORD_TYPE = RecordType(
    "FXYJ",
    ("warning_id",),
    FIELDS,
    (
        not_before("handle_deadline", "issue_time", "FXY-1"),
        unique_member("receiver_orgs", "org_code", "统一社会信用代码", "FXY-3"),
    ),
)
