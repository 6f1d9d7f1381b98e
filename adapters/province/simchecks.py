"""The platform's asynchronous checks of an upward envelope (§4.3, STANDARD.md §5.6 V4–V6).

    errors = check_signature(envelope, keys, signer_id, at_s)          # V4; stops here when any
    errors = check_header(envelope, ctx)                                # V5, all together
    errors = check_record(record, header, receive_s, validator)        # V6, every error of a record

Errors are dicts ``{"field", "code", "message"}`` as they appear in the receipt.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import rfc8785

from adapters.province.simclock import parse_beijing
from adapters.province.simcrypto import (
    SimPublicKey,
    decode_signature,
    jcs,
    sm2_verify,
    sm3_hex,
)

__all__ = [
    "HeaderContext",
    "NodeKey",
    "RecordValidator",
    "check_header",
    "check_record",
    "check_signature",
    "common_operation",
    "signed_message",
]

# (record, platform receive time in Unix seconds) -> data errors as receipt dicts
RecordValidator = Callable[[dict[str, Any], float], list[dict[str, Any]]]

HEADER_MEMBERS = ("msgId", "msgType", "specVersion", "source", "sender", "batchNo", "operation", "recordCount",
                  "timestamp", "nonce", "digestAlg", "signAlg", "signerId", "sigEncoding")
RECORD_MEMBERS = ("cd_id", "cd_operation", "cd_batch", "cd_source", "cd_time", "specVersion", "data", "digest")
_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$")
_NONCE = re.compile(r"^[0-9a-f]{32}$")
_HEX64 = re.compile(r"^[0-9a-f]{64}$")
_CD_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,31}:[A-Z][A-Z0-9_]{0,31}:[^\s\x00-\x1f\x7f]{1,128}$")


@dataclass(frozen=True)
class NodeKey:
    """A registered node key and its validity (platform Unix seconds, None = open)."""

    key: SimPublicKey
    valid_from_s: float | None = None
    valid_to_s: float | None = None

    def valid_at(self, at_s: float) -> bool:
        return (self.valid_from_s is None or at_s >= self.valid_from_s) and (
            self.valid_to_s is None or at_s <= self.valid_to_s)


@dataclass(frozen=True)
class HeaderContext:
    """What V5 compares the header with: registration, receive time, nonce memory."""

    upward_types: Sequence[str]
    sources: Sequence[str]
    receive_s: float
    window_s: int
    nonce_replayed: Callable[[str], bool]


def _e(fieldname: str, code: str, message: str) -> dict[str, Any]:
    return {"field": fieldname, "code": code, "message": message}


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def signed_message(envelope: dict[str, Any]) -> bytes:
    """M = JCS({"header", "body"}); a member missing from the envelope counts as null."""
    return jcs({"header": envelope.get("header"), "body": envelope.get("body")})


def valid_datetime(value: Any) -> bool:
    if not isinstance(value, str) or not _DATETIME.match(value):
        return False
    try:
        parse_beijing(value)
    except ValueError:
        return False
    return True


def valid_batch_no(value: Any) -> bool:
    if not isinstance(value, str) or not re.fullmatch(r"\d{13}", value) or value[8:] == "00000":
        return False
    try:
        date(int(value[:4]), int(value[4:6]), int(value[6:8]))
    except ValueError:
        return False
    return True


def common_operation(body: list[Any]) -> str | None:
    ops = {r.get("cd_operation") for r in body if isinstance(r, dict)}
    if not ops:
        return None
    return str(next(iter(ops))) if len(ops) == 1 else "m"


def check_signature(envelope: dict[str, Any], keys: Sequence[NodeKey], signer_id: str, at_s: float) -> list[dict[str, Any]]:
    """V4: registered signer ID, sigEncoding, then SM2 with every key valid at ``at_s``."""
    header = envelope["header"]
    if header.get("signerId") != signer_id:
        return [_e("header.signerId", "SIGNATURE_INVALID", "签名者标识与登记不符")]
    encoding = header.get("sigEncoding")
    if encoding not in ("DER", "RAW"):
        return [_e("header.sigEncoding", "CODE_UNKNOWN", "签名编码应为 DER 或 RAW")]
    failed = [_e("signature", "SIGNATURE_INVALID", f"批次签名验证失败（发送方 {header.get('sender')}，SM2withSM3）")]
    rs = decode_signature(envelope.get("signature"), encoding)
    if rs is None:
        return failed
    message = signed_message(envelope)
    if any(sm2_verify(k.key, signer_id, message, *rs) for k in keys if k.valid_at(at_s)):
        return []
    return failed


def check_header(envelope: dict[str, Any], ctx: HeaderContext) -> list[dict[str, Any]]:
    """V5: every header error at once (an empty list when the header is good)."""
    header, body = envelope["header"], envelope.get("body")
    errors = [_e(f"header.{m}", "REQUIRED", "缺少必填项") for m in HEADER_MEMBERS if _blank(header.get(m))]
    errors += [_e(f"header.{m}", "SCHEMA", "未定义的成员") for m in header if m not in HEADER_MEMBERS]
    errors += [_e(m, "SCHEMA", "未定义的成员") for m in envelope if m not in ("header", "body", "signature")]
    present = {m: header[m] for m in HEADER_MEMBERS if not _blank(header.get(m))}
    msg_type = present.get("msgType")
    if "msgType" in present and msg_type not in ctx.upward_types:
        errors.append(_e("header.msgType", "CODE_UNKNOWN", f"不受理的消息类型 {msg_type}"))
    if "specVersion" in present and present["specVersion"] != f"{msg_type}/1.0":
        errors.append(_e("header.specVersion", "VERSION_UNSUPPORTED", "规范版本不受支持"))
    if "batchNo" in present and not valid_batch_no(present["batchNo"]):
        errors.append(_e("header.batchNo", "FORMAT", "批次号应为 13 位 YYYYMMDDnnnnn"))
    if "timestamp" in present:
        if not valid_datetime(present["timestamp"]):
            errors.append(_e("header.timestamp", "FORMAT", "时间格式应为 YYYY-MM-DDTHH:MM:SS+08:00"))
        elif abs(parse_beijing(present["timestamp"]) - ctx.receive_s) > ctx.window_s:
            errors.append(_e("header.timestamp", "TIME_WINDOW", "时间戳与平台接收时间相差超过 300 秒"))
    if "nonce" in present:
        if not isinstance(present["nonce"], str) or not _NONCE.match(present["nonce"]):
            errors.append(_e("header.nonce", "FORMAT", "随机数应为 32 位小写十六进制"))
        elif ctx.nonce_replayed(present["nonce"]):
            errors.append(_e("header.nonce", "REPLAY", "随机数 24 小时内已被其他报文使用"))
    if "source" in present and present["source"] not in ctx.sources:
        errors.append(_e("header.source", "REFERENCE", "报送来源未登记"))
    errors += _count_errors(present, body)
    if "digestAlg" in present and present["digestAlg"] != "SM3":
        errors.append(_e("header.digestAlg", "CODE_UNKNOWN", "摘要算法应为 SM3"))
    if "signAlg" in present and present["signAlg"] != "SM2withSM3":
        errors.append(_e("header.signAlg", "CODE_UNKNOWN", "签名算法应为 SM2withSM3"))
    return errors


def _count_errors(present: dict[str, Any], body: Any) -> list[dict[str, Any]]:
    if body is None:
        return [_e("body", "REQUIRED", "缺少记录")]
    if not isinstance(body, list):
        return [_e("body", "FORMAT", "body 应为数组")]
    errors = []
    count = present.get("recordCount")
    if count is not None and (not isinstance(count, int) or isinstance(count, bool)):
        errors.append(_e("header.recordCount", "FORMAT", "记录数应为整数"))
    elif count is not None and count != len(body):
        errors.append(_e("header.recordCount", "RANGE", f"记录数 {count} 与实际 {len(body)} 不符"))
    if "operation" in present and body and present["operation"] != common_operation(body):
        errors.append(_e("header.operation", "RANGE", "操作类型与记录不符"))
    if not 1 <= len(body) <= 500:
        errors.append(_e("body", "LENGTH", "每批 1 至 500 条记录"))
    return errors


def check_record(record: Any, header: dict[str, Any], receive_s: float, window_s: int,
                 validator: RecordValidator | None) -> list[dict[str, Any]]:
    """V6: control fields, digest, specVersion, cd_source, cd_time, then the type's data."""
    if not isinstance(record, dict):
        return [_e("", "FORMAT", "记录应为对象")]
    # STANDARD.md §5.11: a missing top-level member is SCHEMA, a member without value REQUIRED.
    errors = [_e(m, "SCHEMA", "缺少成员") for m in RECORD_MEMBERS if m not in record]
    errors += [_e(m, "REQUIRED", "缺少必填值") for m in RECORD_MEMBERS if m in record and _blank(record[m])]
    errors += [_e(m, "SCHEMA", "未定义的成员") for m in record if m not in RECORD_MEMBERS]
    v = {m: record[m] for m in RECORD_MEMBERS if not _blank(record.get(m))}
    if "cd_id" in v and (not isinstance(v["cd_id"], str) or len(v["cd_id"]) > 200 or not _CD_ID.match(v["cd_id"])):
        errors.append(_e("cd_id", "FORMAT", "记录标识格式错误"))
    if "cd_operation" in v and v["cd_operation"] not in ("i", "u", "d"):
        errors.append(_e("cd_operation", "FORMAT", "操作类型应为 i、u 或 d"))
    if "cd_batch" in v and not valid_batch_no(v["cd_batch"]):
        errors.append(_e("cd_batch", "FORMAT", "批次号应为 13 位 YYYYMMDDnnnnn"))
    if "cd_source" in v and v["cd_source"] != header.get("source"):
        errors.append(_e("cd_source", "REFERENCE", "数据来源与批次来源不一致"))
    if "cd_time" in v:
        if not valid_datetime(v["cd_time"]):
            errors.append(_e("cd_time", "FORMAT", "时间格式应为 YYYY-MM-DDTHH:MM:SS+08:00"))
        elif parse_beijing(v["cd_time"]) > receive_s + window_s:
            errors.append(_e("cd_time", "RANGE", "变更时间晚于平台接收时间"))
    if "specVersion" in v and v["specVersion"] != header.get("specVersion"):
        errors.append(_e("specVersion", "VERSION_UNSUPPORTED", "记录规范版本与批次不一致"))
    if "data" in v and not isinstance(v["data"], dict):
        errors.append(_e("data", "FORMAT", "data 应为对象"))
    if "digest" in v:
        errors += _digest_errors(record)
    if validator is not None:
        # One judgement per control field (ours); the validator adds what it finds elsewhere.
        seen = {(e["field"], e["code"]) for e in errors}
        control = {e["field"] for e in errors if e["field"] in RECORD_MEMBERS}
        for e in validator(record, receive_s):
            if (e["field"], e["code"]) not in seen and e["field"] not in control:
                seen.add((e["field"], e["code"]))
                errors.append(e)
    return errors


def _digest_errors(record: dict[str, Any]) -> list[dict[str, Any]]:
    digest = record["digest"]
    if not isinstance(digest, str) or not _HEX64.match(digest):
        return [_e("digest", "FORMAT", "摘要应为 64 位小写十六进制")]
    try:
        actual = sm3_hex(jcs({k: val for k, val in record.items() if k != "digest"}))
    except rfc8785.CanonicalizationError:
        actual = ""
    if actual != digest:
        return [_e("digest", "DIGEST_MISMATCH", "记录摘要与内容不符")]
    return []

