"""Standard XYSGS_XK / XYSGS_CF records → the platform's 2020 rows (§4.1/§4.2, mapping hints §7).

    row = render_row("XK", record["data"])          # {"XK_XDR_MC": …, …} in §4.1 column order
    key = platform_key("XK", row)                   # ("XK", 文书号, 相对人标识) as §4.4 compares it
    column_field("CF_NR_FK")                        # "data.fine_amount_wan" (to name row errors)

Codes are written as the platform's labels, not STANDARD's (``111`` → ``身份证``, ``03`` →
``没收违法所得``, ``05`` → ``吊销许可证件`` / ``暂扣许可证件`` by ``punish_content``).  A 法人 or
个体工商户 without ``xdr_uscc`` gets the placeholder ``00000000000000000X`` back.
"""

from __future__ import annotations

from typing import Any

from adapters.credit.wire import PLACEHOLDER_USCC

__all__ = ["DATA_TYPES", "column_field", "platform_key", "render_row", "subject_columns"]

DATA_TYPES = {"XYSGS_XK": "XK", "XYSGS_CF": "CF"}

_SUBJECT = {
    "XDR_MC": "xdr_name", "XDR_LB": "xdr_category", "XDR_SHXYM": "xdr_uscc", "XDR_GSZC": "xdr_business_reg_no",
    "XDR_ZZJG": "xdr_org_code", "XDR_SWDJ": "xdr_tax_reg_no", "XDR_SYDW": "xdr_institution_cert_no",
    "XDR_SHZZ": "xdr_social_org_cert_no", "FRDB": "legal_representative",
    "FR_ZJLX": "legal_representative_ce_type", "FR_ZJHM": "legal_representative_id_number",
    "XDR_ZJLX": "xdr_ce_type", "XDR_ZJHM": "xdr_id_number",
}
_XK = {
    "XK_XKWS": "license_document_name", "XK_WSH": "license_document_number", "XK_XKLB": "license_type",
    "XK_XKZS": "license_certificate_name", "XK_XKBH": "license_number", "XK_NR": "license_content",
    "XK_JDRQ": "decision_date", "XK_YXQZ": "valid_from", "XK_YXQZI": "valid_to", "XK_XKJG": "license_org",
    "XK_XKJGDM": "license_org_code", "XK_ZT": "license_status", "XK_LYDW": "data_source_org",
    "XK_LYDWDM": "data_source_org_code", "BZ": "remark",
}
_CF = {
    "CF_WSH": "punish_document_code", "CF_WFXW": "illegal_type", "CF_SY": "illegal_fact", "CF_YJ": "punish_basis",
    "CF_CFLB": "punish_type", "CF_NR": "punish_content", "CF_NR_FK": "fine_amount_wan",
    "CF_NR_WFFF": "confiscated_amount_wan", "CF_NR_ZKDX": "revoked_license", "CF_JDRQ": "set_date",
    "CF_YXQ": "punish_valid_until", "CF_GSJZQ": "publish_end_date", "CF_CFJG": "punish_org",
    "CF_CFJGDM": "punish_org_code", "CF_SJLY": "data_source_org", "CF_SJLYDM": "data_source_org_code", "BZ": "remark",
}
COLUMNS: dict[str, dict[str, str]] = {
    "XK": {**{f"XK_{k}": v for k, v in _SUBJECT.items()}, **_XK},
    "CF": {**{f"CF_{k}": v for k, v in _SUBJECT.items()}, **_CF},
}
_CE_LABELS = {"111": "身份证", "414": "护照号", "516": "港澳居民来往内地通行证", "511": "台湾居民来往大陆通行证",
              "553": "外国人永久居留身份证"}
_PUNISH_LABELS = {"01": "警告", "02": "罚款", "03": "没收违法所得", "04": "责令停产停业", "06": "行政拘留",
                  "07": "通报批评", "08": "降低资质等级", "09": "限制开展生产经营活动", "10": "责令关闭",
                  "11": "限制从业", "99": "其他"}
_LABELS = {"1": "法人及非法人组织", "2": "自然人", "3": "个体工商户"}


def column_field(column: str) -> str:
    """The standard field (``data.…``) a 2020 column comes from; the column itself if unknown."""
    for table in COLUMNS.values():
        if column in table:
            return f"data.{table[column]}"
    return column


def _code(value: Any) -> str | None:
    return str(value["code"]) if isinstance(value, dict) and "code" in value else None


def _label(data: dict[str, Any], field: str) -> str | None:
    value = data.get(field)
    code = _code(value)
    if code is None or not isinstance(value, dict):
        return None
    if field == "xdr_category":
        return _LABELS.get(code, str(value.get("label")))
    if field.endswith("ce_type"):
        return _CE_LABELS.get(code, str(value.get("label")))
    return str(value.get("label"))


def _punish(data: dict[str, Any]) -> str | None:
    items = data.get("punish_type")
    if not isinstance(items, list) or not items:
        return None
    labels: list[str] = []
    for item in items:
        code = _code(item)
        if code == "05":
            label = "吊销许可证件" if "吊销" in str(data.get("punish_content") or "") else "暂扣许可证件"
        else:
            label = _PUNISH_LABELS.get(code or "", str(item.get("label") if isinstance(item, dict) else item))
        if label not in labels:
            labels.append(label)
    return "；".join(labels)


def render_row(data_type: str, data: dict[str, Any]) -> dict[str, Any]:
    """The complete 2020 row of a standard record's ``data`` (every column, ``None`` when empty)."""
    row: dict[str, Any] = {}
    for column, field in COLUMNS[data_type].items():
        if field in ("xdr_category", "xdr_ce_type", "legal_representative_ce_type"):
            value: Any = _label(data, field)
        elif field in ("license_type", "license_status"):
            value = _code(data.get(field)) if field == "license_status" else _label(data, field)
        elif field == "punish_type":
            value = _punish(data)
        else:
            raw = data.get(field)
            value = None if raw is None or raw == "" else str(raw)
        row[column] = value
    prefix = data_type
    if row[f"{prefix}_XDR_LB"] in ("法人及非法人组织", "个体工商户") and not row[f"{prefix}_XDR_SHXYM"]:
        row[f"{prefix}_XDR_SHXYM"] = PLACEHOLDER_USCC
    return row


def subject_columns(data_type: str, row: dict[str, Any]) -> dict[str, Any]:
    """The key columns a §3.2 ``D`` row carries (文书号 and 相对人), taken from a delivered row."""
    p = data_type
    return {c: row.get(c) for c in (f"{p}_WSH", f"{p}_XDR_MC", f"{p}_XDR_SHXYM", f"{p}_XDR_ZJHM")}


def _trim(value: Any) -> str:
    return str(value or "").strip(" \t\r\n\f\v\u3000")


def platform_key(data_type: str, row: dict[str, Any]) -> tuple[str, str, str]:
    """§4.4 duplicate key: (dataType, 文书号, USCC if real, else 证件号码, else 名称), trimmed."""
    p = data_type
    uscc = _trim(row.get(f"{p}_XDR_SHXYM"))
    ident = uscc if uscc and uscc != PLACEHOLDER_USCC else _trim(row.get(f"{p}_XDR_ZJHM")) or _trim(row.get(f"{p}_XDR_MC"))
    return data_type, _trim(row.get(f"{p}_WSH")), ident
