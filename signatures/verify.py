"""Checking envelopes and receipts: structure (V5), offline verification (§5.9), receipts (§5.6).

    errors = check_envelope_structure(env)          # [FieldError], [] when sound
    verify_offline(saved_bytes, trust)              # raises SignatureInvalid(code, field)
    check_receipt(receipt, trust, sent_envelope, now=clock())

Every function that raises gives the first error of the first failing step as ``code`` and
``field``, and all errors of that step in the message.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any

from santong.errors import ConfigError, FieldError, SignatureInvalid
from signatures.digest import record_digest
from signatures.formats import (
    MAX_RECORDS,
    PROVINCE_SENDER,
    RECORD_TYPES,
    SUPPORTED_VERSIONS,
    TIME_WINDOW_S,
    is_batch_no,
    is_nonce,
    is_source,
    is_uuid,
    parse_datetime,
)
from signatures.jcs import loads_strict
from signatures.sm2 import SIG_ENCODINGS
from signatures.trust import TrustStore, verify_signed

__all__ = [
    "check_envelope_structure",
    "check_receipt",
    "check_receipt_structure",
    "check_v2",
    "verify_offline",
]

_ENVELOPE_HEADER = (
    "msgId", "msgType", "specVersion", "source", "sender", "batchNo", "operation", "recordCount",
    "timestamp", "nonce", "digestAlg", "signAlg", "signerId", "sigEncoding",
)  # fmt: skip
_RECEIPT_HEADER = (
    "msgId", "refMsgId", "msgType", "specVersion", "sender", "timestamp", "nonce", "digestAlg",
    "signAlg", "signerId", "sigEncoding", "status", "accepted", "rejected",
)  # fmt: skip
_INT_MEMBERS = frozenset({"recordCount", "accepted", "rejected"})
_TOP = ("header", "body", "signature")
_ENTRY = ("cd_id", "digest", "status", "errors")
_ENTRY_STATUSES = ("accepted", "rejected", "duplicate")
_DIGEST = re.compile(r"[0-9a-f]{64}")


def _fe(field: str, code: str, message: str) -> FieldError:
    return FieldError(field, code, message)


def _raise_first(errors: Sequence[FieldError], what: str, header: Mapping[str, Any]) -> None:
    if errors:
        detail = "; ".join(f"{e.field} {e.code}: {e.message}" for e in errors)
        raise SignatureInvalid(
            f"{what}: {detail}",
            code=errors[0].code,
            field=errors[0].field,
            sender=header.get("sender"),
            msg_id=header.get("msgId"),
        )


def check_v2(obj: object) -> dict[str, Any]:
    """Step V2 on parsed JSON: an object with a ``header`` object whose msgId is a UUID."""
    if not isinstance(obj, dict) or not isinstance(obj.get("header"), dict):
        raise SignatureInvalid("须为含 header 对象的 JSON 对象 / not an object with a header object", code="FORMAT", field="")
    if not is_uuid(obj["header"].get("msgId")):
        raise SignatureInvalid("msgId 须为小写 UUID / msgId is not a UUID", code="FORMAT", field="header.msgId")
    return obj


def _members(obj: Mapping[str, Any], required: Sequence[str], optional: Sequence[str], prefix: str) -> list[FieldError]:
    errors = [_fe(f"{prefix}{m}", "REQUIRED", "缺少成员 / member missing") for m in required if m not in obj]
    known = set(required) | set(optional)
    errors += [_fe(f"{prefix}{m}", "SCHEMA", "未定义的成员 / unknown member") for m in obj if m not in known]
    return errors


def _header_common(header: Mapping[str, Any], names: Sequence[str], msg_type_ok: bool) -> list[FieldError]:
    """Types and formats shared by envelope and receipt headers (absent members are skipped)."""
    errors: list[FieldError] = []
    for name in names:
        if name not in header:
            continue
        value = header[name]
        if name in _INT_MEMBERS:
            if not isinstance(value, int) or isinstance(value, bool) or value < 0:
                errors.append(_fe(f"header.{name}", "FORMAT", "须为非负整数 / must be a non-negative integer"))
        elif not isinstance(value, str):
            errors.append(_fe(f"header.{name}", "FORMAT", "须为字符串 / must be a string"))
    msg_type = header.get("msgType")
    if "msgType" in header and not msg_type_ok:
        errors.append(_fe("header.msgType", "CODE_UNKNOWN", f"未知的消息类型 / unknown msgType {msg_type!r}"))
    elif "specVersion" in header and header["specVersion"] not in tuple(f"{msg_type}/{v}" for v in SUPPORTED_VERSIONS):
        errors.append(_fe("header.specVersion", "VERSION_UNSUPPORTED", f"不支持的版本 / unsupported {header['specVersion']!r}"))
    for name, ok in (("msgId", is_uuid), ("timestamp", parse_datetime), ("nonce", is_nonce)):
        if name in header and isinstance(header[name], str) and not ok(header[name]):
            errors.append(_fe(f"header.{name}", "FORMAT", "格式错误 / malformed"))
    for name, expected in (("digestAlg", ("SM3",)), ("signAlg", ("SM2withSM3",)), ("sigEncoding", SIG_ENCODINGS)):
        if name in header and header[name] not in expected:
            errors.append(_fe(f"header.{name}", "CODE_UNKNOWN", f"须为 / must be {' or '.join(expected)}"))
    return errors


def _top_level(obj: Mapping[str, Any]) -> list[FieldError]:
    errors = [_fe(m, "SCHEMA", "缺少顶层成员 / top-level member missing") for m in _TOP if m not in obj]
    return errors + [_fe(m, "SCHEMA", "未定义的顶层成员 / unknown top-level member") for m in obj if m not in _TOP]


def check_envelope_structure(
    env: Mapping[str, Any], *, record_types: frozenset[str] = RECORD_TYPES
) -> list[FieldError]:
    """The structural checks of V5 and the record digests of V6 (§5.9), in that order.

    Not checked here (they need the receiver's state or clock): time window, nonce
    memory, source registration, the records' data.  ``record_types``: the msgTypes this
    receiver takes from this sender.
    """
    header = env.get("header")
    if not isinstance(header, dict):
        return [_fe("header", "FORMAT", "须为对象 / must be an object")]
    errors = _top_level(env) + _members(header, _ENVELOPE_HEADER, (), "header.")
    msg_type = header.get("msgType")
    errors += _header_common(header, _ENVELOPE_HEADER, isinstance(msg_type, str) and msg_type in record_types)
    if "source" in header and not is_source(header["source"]):
        errors.append(_fe("header.source", "REFERENCE", "数据来源格式错误 / malformed source"))
    if "batchNo" in header and not is_batch_no(header["batchNo"]):
        errors.append(_fe("header.batchNo", "FORMAT", "批次号格式错误 / malformed batchNo"))
    body = env.get("body")
    if not isinstance(body, list):
        return errors + [_fe("body", "FORMAT", "须为数组 / must be an array")]
    if not 1 <= len(body) <= MAX_RECORDS:
        errors.append(_fe("body", "LENGTH", f"记录数须为 1 至 {MAX_RECORDS} / 1 to {MAX_RECORDS} records"))
    count = header.get("recordCount")
    if isinstance(count, int) and not isinstance(count, bool) and count != len(body):
        errors.append(_fe("header.recordCount", "RANGE", f"记录数为 {len(body)} / body has {len(body)} records"))
    ops = {repr(rec.get("cd_operation")) for rec in body if isinstance(rec, dict)}  # repr: may be unhashable
    expected_op = body[0].get("cd_operation") if len(ops) == 1 and isinstance(body[0], dict) else "m"
    if "operation" in header and (header["operation"] not in ("i", "u", "d", "m") or header["operation"] != expected_op):
        errors.append(_fe("header.operation", "RANGE", f"须为 / must be {expected_op!r}"))
    for i, rec in enumerate(body):  # V6, digest step only
        if not isinstance(rec, dict):
            errors.append(_fe(f"body[{i}]", "FORMAT", "记录须为对象 / record must be an object"))
            continue
        try:
            ok = rec.get("digest") == record_digest(rec)
        except SignatureInvalid:
            errors.append(_fe(f"body[{i}]", "FORMAT", "记录无法规范化 / record cannot be canonicalized"))
            continue
        if not ok:
            errors.append(_fe(f"body[{i}].digest", "DIGEST_MISMATCH", "记录摘要与内容不符 / digest does not match the record"))
    return errors


def check_receipt_structure(receipt: Mapping[str, Any]) -> list[FieldError]:
    """V5 for a receipt: members, formats, and status/accepted/rejected against the body (§5.5)."""
    header = receipt.get("header")
    if not isinstance(header, dict):
        return [_fe("header", "FORMAT", "须为对象 / must be an object")]
    errors = _top_level(receipt) + _members(header, _RECEIPT_HEADER, ("errors",), "header.")
    errors += _header_common(header, _RECEIPT_HEADER, header.get("msgType") == "RECEIPT")
    if "refMsgId" in header and not is_uuid(header["refMsgId"]):
        errors.append(_fe("header.refMsgId", "FORMAT", "须为小写 UUID / must be a UUID"))
    status = header.get("status")
    if "status" in header and status not in ("ACCEPTED", "PARTIAL", "REJECTED"):
        errors.append(_fe("header.status", "CODE_UNKNOWN", f"未知状态 / unknown status {status!r}"))
    body = receipt.get("body")
    if not isinstance(body, list):
        return errors + [_fe("body", "FORMAT", "须为数组 / must be an array")]
    for i, entry in enumerate(body):
        errors += _entry_errors(entry, f"body[{i}]")
    if "errors" in header:
        errors += _error_list(header["errors"], "header.errors", nonempty=True)
    accepted = sum(1 for e in body if isinstance(e, dict) and e.get("status") in ("accepted", "duplicate"))
    rejected = sum(1 for e in body if isinstance(e, dict) and e.get("status") == "rejected")
    if not body:  # whole-batch rejection
        if status != "REJECTED":
            errors.append(_fe("header.status", "REFERENCE", "空 body 须为 REJECTED / empty body must be REJECTED"))
        if header.get("accepted") != 0:
            errors.append(_fe("header.accepted", "REFERENCE", "整批拒收时须为 0 / must be 0 when rejected whole"))
        if not isinstance(header.get("rejected"), int) or header.get("rejected", 0) < 1:
            errors.append(_fe("header.rejected", "REFERENCE", "须为收到的记录数 / must be the records received"))
        if "errors" not in header:
            errors.append(_fe("header.errors", "REFERENCE", "整批拒收须说明错误 / whole-batch rejection needs errors"))
        return errors
    if header.get("accepted") != accepted:
        errors.append(_fe("header.accepted", "REFERENCE", f"与 body 不符，应为 {accepted} / body says {accepted}"))
    if header.get("rejected") != rejected:
        errors.append(_fe("header.rejected", "REFERENCE", f"与 body 不符，应为 {rejected} / body says {rejected}"))
    expected = "ACCEPTED" if rejected == 0 else "REJECTED" if accepted == 0 else "PARTIAL"
    if status != expected:
        errors.append(_fe("header.status", "REFERENCE", f"应为 {expected} / body says {expected}"))
    if "errors" in header:
        errors.append(_fe("header.errors", "REFERENCE", "仅整批拒收时出现 / only in a whole-batch rejection"))
    return errors


def _entry_errors(entry: object, path: str) -> list[FieldError]:
    if not isinstance(entry, dict):
        return [_fe(path, "FORMAT", "须为对象 / must be an object")]
    errors = _members(entry, _ENTRY, (), f"{path}.")
    if "cd_id" in entry and not isinstance(entry["cd_id"], str):
        errors.append(_fe(f"{path}.cd_id", "FORMAT", "须为字符串 / must be a string"))
    if "digest" in entry and not (isinstance(entry["digest"], str) and _DIGEST.fullmatch(entry["digest"])):
        errors.append(_fe(f"{path}.digest", "FORMAT", "须为 64 位小写十六进制 / must be 64 lower-case hex"))
    status = entry.get("status")
    if "status" in entry and status not in _ENTRY_STATUSES:
        errors.append(_fe(f"{path}.status", "CODE_UNKNOWN", f"未知状态 / unknown status {status!r}"))
    if "errors" in entry:
        errors += _error_list(entry["errors"], f"{path}.errors", nonempty=False)
        if isinstance(entry["errors"], list) and (status == "rejected") != bool(entry["errors"]):
            errors.append(_fe(f"{path}.errors", "REFERENCE", "仅 rejected 带错误 / errors only for rejected"))
    return errors


def _error_list(value: object, path: str, *, nonempty: bool) -> list[FieldError]:
    if not isinstance(value, list) or (nonempty and not value):
        return [_fe(path, "FORMAT", "须为错误数组 / must be an array of errors")]
    bad = [
        i for i, e in enumerate(value)
        if not isinstance(e, dict) or set(e) != {"field", "code", "message"} or not all(isinstance(v, str) for v in e.values())
    ]  # fmt: skip
    return [_fe(f"{path}[{i}]", "FORMAT", "须为 {field, code, message} / must be {field, code, message}") for i in bad]


def verify_offline(obj: Mapping[str, Any] | bytes, trust: TrustStore, *, record_types: frozenset[str] = RECORD_TYPES) -> None:
    """§5.9: V2, V4, the structure of V5 and (envelopes) every record digest; raises on the first failure.

    ``obj`` is the saved bytes (then V2 also refuses a BOM, bad UTF-8, duplicate names)
    or parsed JSON.  A receipt (msgType RECEIPT) gets the receipt structure instead.
    """
    parsed = check_v2(loads_strict(obj) if isinstance(obj, bytes) else obj)
    verify_signed(parsed, trust)
    header = parsed["header"]
    if header.get("msgType") == "RECEIPT":
        _raise_first(check_receipt_structure(parsed), "回执结构错误 / receipt malformed", header)
    else:
        _raise_first(check_envelope_structure(parsed, record_types=record_types), "批次结构错误 / envelope malformed", header)


def check_receipt(
    receipt: Mapping[str, Any],
    trust: TrustStore,
    sent_envelope: Mapping[str, Any],
    *,
    now: datetime,
    skew_s: float = 0,
    province_sender: str = PROVINCE_SENDER,
) -> None:
    """Everything §5.6 says the hub checks of a receipt for ``sent_envelope``; raises ``SignatureInvalid``.

    Order: V2; ``sender`` is ``province_sender`` (REFERENCE, before any key is tried); V4
    with its keys; then, all reported together, the structure of V5 with status/counts
    against the body, a timestamp more than 300 s ahead of ``now + skew_s`` (TIME_WINDOW;
    ``skew_s`` is the platform clock's measured offset, province.md quirk 5), refMsgId =
    the envelope's msgId and the entries = its records (cd_id, digest, order) or, for a
    whole-batch rejection, ``rejected`` = its record count (REFERENCE).
    """
    if now.tzinfo is None:
        raise ConfigError("now must be timezone-aware", key="now")
    parsed = check_v2(receipt)
    header = parsed["header"]
    if header.get("sender") != province_sender:
        _raise_first([_fe("header.sender", "REFERENCE", f"回执须由 {province_sender} 签发 / not from {province_sender}")],
                     "回执被拒 / receipt refused", header)
    verify_signed(parsed, trust)
    errors = check_receipt_structure(parsed)
    stamp = parse_datetime(header.get("timestamp"))
    if stamp is not None and stamp > now + timedelta(seconds=skew_s + TIME_WINDOW_S):
        errors.append(_fe("header.timestamp", "TIME_WINDOW", "时间戳超前 300 秒以上 / timestamp more than 300 s ahead"))
    env_header, records = sent_envelope["header"], sent_envelope["body"]
    if header.get("refMsgId") != env_header["msgId"]:
        errors.append(_fe("header.refMsgId", "REFERENCE", f"非本节点所发批次 / not our batch {env_header['msgId']}"))
    body = parsed.get("body")
    if isinstance(body, list) and not body:
        if header.get("rejected") != len(records):
            errors.append(_fe("header.rejected", "REFERENCE", f"批次含 {len(records)} 条记录 / the batch had {len(records)} records"))
    elif isinstance(body, list):
        if len(body) != len(records):
            errors.append(_fe("body", "REFERENCE", f"批次含 {len(records)} 条记录 / the batch had {len(records)} records"))
        for i, (entry, rec) in enumerate(zip(body, records)):
            for name in ("cd_id", "digest"):
                if isinstance(entry, dict) and entry.get(name) != rec.get(name):
                    errors.append(_fe(f"body[{i}].{name}", "REFERENCE", f"与所发记录不符 / differs from record {i} sent"))
    _raise_first(errors, "回执被拒 / receipt refused", header)
