"""JGXW_LICENSE — 行政许可行为 (STANDARD.md §4.4), key ``license_action_code``.

Rules LIC-1…5 and ACP-1…4; ``validate_data("JGXW_LICENSE", data, cd_time=...)`` applies them.
"""

from __future__ import annotations

from mappings.standard.groups import ACP, ACP_RULES, ORG
from mappings.standard.schema import RecordType, code_in, not_before, required_when
from mappings.standard.types import Code, Date, Field, Ident, Key, Str

__all__ = ["RECORD_TYPE"]

FIELDS = (
    Field("license_action_code", "许可行为编码", Key(64), "M"),
    Field("supervise_item_code", "监管事项编码", Ident("item"), "O"),
    Field("license_item_code", "许可事项编码", Key(64), "O"),
    Field("license_document_name", "行政许可决定文书名称", Str(100), "M"),
    Field("license_document_number", "行政许可决定文书号", Str(100), "M"),
    Field("license_type", "许可类别", Code("LICENSE_TYPE"), "M"),
    Field("license_certificate_name", "许可证书名称", Str(100), "O"),
    Field("license_number", "许可编号", Str(100), "O"),
    Field("license_content", "许可内容", Str(4000, lf=True), "M"),
    Field("application_date", "申请日期", Date(), "O", act="LIC-5"),
    Field("decision_date", "许可决定日期", Date(), "M", act="LIC-5"),
    Field("valid_from", "有效期自", Date(), "M"),
    Field("valid_to", "有效期至", Date(), "M"),
    Field("license_status", "当前状态", Code("LICENSE_STATUS"), "M"),
    Field("invalid_date", "失效日期", Date(), "C"),
    Field("invalid_reason", "失效原因", Str(200), "O"),
    *ACP,
    *ORG,
    Field("remark", "备注", Str(500, lf=True), "O"),
)

RECORD_TYPE = RecordType(
    "JGXW_LICENSE",
    ("license_action_code",),
    FIELDS,
    (
        not_before("decision_date", "application_date", "LIC-1"),
        not_before("valid_to", "valid_from", "LIC-2"),
        required_when("invalid_date", code_in("license_status", "2"), "LIC-3", "许可当前状态为无效"),
        not_before("invalid_date", "decision_date", "LIC-4"),
        *ACP_RULES,
    ),
)
