"""Sealing records, building and signing envelopes and receipts — STANDARD.md §5.2–§5.5.

    signer = Signer(SM2PrivateKey.from_pem(pem), "santong-321081")
    record = seal_record(unsealed, cd_batch="2025111300017")
    env = build_envelope(signer, msg_type="JGXW_CHECK", source="32108111321081MB1C87057L",
                         batch_no="2025111300017", records=[record])
    payload = canonical(env)      # send the JCS form: its size is the size received (§5.7)

Verification lives beside it and is re-exported here: ``verify_signed``, ``verify_offline``,
``check_envelope_structure``, ``check_receipt``, ``TrustStore``.
"""

from __future__ import annotations

import base64
import secrets
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from santong.errors import ConfigError, DataError, FieldError, SignatureInvalid
from signatures.digest import envelope_digest, record_digest, signed_message
from signatures.formats import (
    BEIJING,
    MAX_ENVELOPE_BYTES,
    MAX_RECORDS,
    RECORD_TYPES,
    format_datetime,
    is_batch_no,
    is_nonce,
    is_sender,
    is_uuid,
    parse_datetime,
)
from signatures.sm2 import DEFAULT_SIGNER_ID, SIG_ENCODINGS, SigEncoding, SM2PrivateKey
from signatures.trust import TrustStore, verify_signed
from signatures.verify import (
    check_envelope_structure,
    check_receipt,
    check_receipt_structure,
    verify_offline,
)

__all__ = [
    "RECORD_MEMBERS",
    "Signer",
    "TrustStore",
    "build_envelope",
    "build_receipt",
    "check_envelope_structure",
    "check_receipt",
    "check_receipt_structure",
    "envelope_digest",
    "record_digest",
    "seal_record",
    "signed_message",
    "verify_offline",
    "verify_signed",
]

# §5.2 member order (JCS sorts anyway; this is the order people read).
RECORD_MEMBERS: tuple[str, ...] = ("cd_id", "cd_operation", "cd_batch", "cd_source", "cd_time", "specVersion", "data")
_ENTRY_STATUSES = ("accepted", "rejected", "duplicate")

Clock = Callable[[], datetime]


def _beijing_now() -> datetime:
    return datetime.now(BEIJING)


def seal_record(unsealed: Mapping[str, Any], cd_batch: str) -> dict[str, Any]:
    """The sealed record: ``unsealed`` + ``cd_batch``, then ``digest`` over the rest (§5.2).

    ``unsealed`` has exactly cd_id, cd_operation, cd_source, cd_time, specVersion and data;
    anything missing or extra (``cd_batch``, ``digest`` included) is a ``DataError``.
    A sealed record is immutable: re-send it as it is, never seal it again.
    """
    expected = [m for m in RECORD_MEMBERS if m != "cd_batch"]
    errors = [FieldError(m, "REQUIRED", f"缺少 {m} / {m} missing") for m in expected if m not in unsealed]
    errors += [FieldError(m, "SCHEMA", f"未定义的成员 / unexpected member {m}") for m in unsealed if m not in expected]
    if not is_batch_no(cd_batch):
        errors.append(FieldError("cd_batch", "FORMAT", f"批次号格式错误 / bad batch number {cd_batch!r}", cd_batch))
    if errors:
        raise DataError("记录无法封装 / record cannot be sealed", errors, cd_id=unsealed.get("cd_id"))
    record = {m: (cd_batch if m == "cd_batch" else unsealed[m]) for m in RECORD_MEMBERS}
    record["digest"] = record_digest(record)
    return record


@dataclass(frozen=True)
class Signer:
    """A signing node: its private key, its sender id, signer ID and signature encoding."""

    key: SM2PrivateKey
    sender: str
    signer_id: str = DEFAULT_SIGNER_ID
    encoding: SigEncoding = "DER"

    def __post_init__(self) -> None:
        if not is_sender(self.sender):
            raise ConfigError(f"sender must match ^[a-z0-9][a-z0-9-]{{1,63}}$, not {self.sender!r}", key="sender")
        if self.encoding not in SIG_ENCODINGS:
            raise ConfigError(f"sigEncoding must be DER or RAW, not {self.encoding!r}", key="encoding")

    def sign(self, header: Mapping[str, Any], body: Sequence[Any], *, k: int | None = None) -> str:
        """Base64 SM2 signature over JCS({header, body}) with the header's signerId and sigEncoding.

        ``k`` fixes the nonce: only for reproducing published vectors.
        """
        encoding = header["sigEncoding"]
        if encoding not in SIG_ENCODINGS:
            raise ConfigError(f"header sigEncoding must be DER or RAW, not {encoding!r}", key="sigEncoding")
        message = signed_message({"header": header, "body": body})
        raw = self.key.sign(message, header["signerId"], encoding, k=k)
        return base64.b64encode(raw).decode("ascii")

    def sign_object(self, obj: Mapping[str, Any], *, k: int | None = None) -> dict[str, Any]:
        """A copy of an envelope or receipt with its signature made anew over its header and body."""
        return {"header": obj["header"], "body": obj["body"], "signature": self.sign(obj["header"], obj["body"], k=k)}


def _common_header(
    msg_id: str | None, timestamp: str | datetime | None, nonce: str | None, clock: Clock
) -> tuple[str, str, str]:
    msg_id = msg_id if msg_id is not None else str(uuid.uuid4())
    if not is_uuid(msg_id):
        raise ConfigError(f"msgId must be a lower-case UUID, not {msg_id!r}", key="msg_id")
    nonce = nonce if nonce is not None else secrets.token_hex(16)
    if not is_nonce(nonce):
        raise ConfigError(f"nonce must be 32 lower-case hex characters, not {nonce!r}", key="nonce")
    if timestamp is None:
        timestamp = clock()
    if isinstance(timestamp, datetime):
        timestamp = format_datetime(timestamp)
    if parse_datetime(timestamp) is None:
        raise ConfigError(f"timestamp must be YYYY-MM-DDTHH:MM:SS+08:00, not {timestamp!r}", key="timestamp")
    return msg_id, timestamp, nonce


def build_envelope(
    signer: Signer,
    *,
    msg_type: str,
    source: str,
    batch_no: str,
    records: Sequence[Mapping[str, Any]],
    msg_id: str | None = None,
    nonce: str | None = None,
    timestamp: str | datetime | None = None,
    clock: Clock = _beijing_now,
    k: int | None = None,
) -> dict[str, Any]:
    """The signed batch envelope of §5.3 for sealed ``records`` (1–500, one type, one source).

    msgId, nonce and timestamp are drawn when not given (timestamp from ``clock``, which
    should already include the platform clock offset, province.md quirk 5).  Records whose
    digest, specVersion or cd_source disagree, or a cd_id twice, raise ``DataError``; a
    count or size over the limits of §5.7 raises ``ConfigError`` (the batcher's bug).
    """
    if msg_type not in RECORD_TYPES:
        raise ConfigError(f"unknown msgType {msg_type!r}", key="msg_type")
    if not 1 <= len(records) <= MAX_RECORDS:
        raise ConfigError(f"an envelope carries 1 to {MAX_RECORDS} records, not {len(records)}", key="records")
    if not is_batch_no(batch_no):
        raise ConfigError(f"batchNo must be YYYYMMDDnnnnn, not {batch_no!r}", key="batch_no")
    spec_version = f"{msg_type}/1.0"
    errors: list[FieldError] = []
    seen: set[Any] = set()
    for i, rec in enumerate(records):
        try:
            digest_ok = rec.get("digest") == record_digest(rec)
        except SignatureInvalid as exc:
            errors.append(FieldError(f"body[{i}]", "FORMAT", exc.message))
            continue
        if not digest_ok:
            errors.append(FieldError(f"body[{i}].digest", "DIGEST_MISMATCH", "摘要与内容不符 / digest does not match"))
        if rec.get("specVersion") != spec_version:
            errors.append(FieldError(f"body[{i}].specVersion", "VERSION_UNSUPPORTED", f"须为 / must be {spec_version}"))
        if rec.get("cd_source") != source:
            errors.append(FieldError(f"body[{i}].cd_source", "REFERENCE", f"须为 / must be {source}"))
        if rec.get("cd_operation") not in ("i", "u", "d"):
            errors.append(FieldError(f"body[{i}].cd_operation", "FORMAT", "须为 i、u 或 d / must be i, u or d"))
        if rec.get("cd_id") in seen:
            errors.append(FieldError(f"body[{i}].cd_id", "DUPLICATE", "同一批次中 cd_id 重复 / cd_id twice in one batch"))
        seen.add(rec.get("cd_id"))
    if errors:
        raise DataError("批次无法封装 / batch cannot be sealed", errors, batch_no=batch_no)
    msg_id, timestamp, nonce = _common_header(msg_id, timestamp, nonce, clock)
    operations = {rec["cd_operation"] for rec in records}
    header: dict[str, Any] = {
        "msgId": msg_id,
        "msgType": msg_type,
        "specVersion": spec_version,
        "source": source,
        "sender": signer.sender,
        "batchNo": batch_no,
        "operation": operations.pop() if len(operations) == 1 else "m",
        "recordCount": len(records),
        "timestamp": timestamp,
        "nonce": nonce,
        "digestAlg": "SM3",
        "signAlg": "SM2withSM3",
        "signerId": signer.signer_id,
        "sigEncoding": signer.encoding,
    }
    body = [dict(rec) for rec in records]
    message = signed_message({"header": header, "body": body})
    raw = signer.key.sign(message, signer.signer_id, signer.encoding, k=k)
    signature = base64.b64encode(raw).decode("ascii")
    # JCS(envelope) = M without its final "}" + ',"signature":"…"}' ("signature" sorts last).
    size = len(message) - 1 + len(',"signature":""}') + len(signature)
    if size > MAX_ENVELOPE_BYTES:
        raise ConfigError(f"envelope of {size} bytes exceeds {MAX_ENVELOPE_BYTES}", key="records")
    return {"header": header, "body": body, "signature": signature}


def _error_dict(error: FieldError | Mapping[str, Any]) -> dict[str, str]:
    if isinstance(error, FieldError):
        return {"field": error.field, "code": error.code, "message": error.message}
    return {"field": str(error["field"]), "code": str(error["code"]), "message": str(error["message"])}


def build_receipt(
    signer: Signer,
    *,
    ref_msg_id: str,
    entries: Sequence[Mapping[str, Any]],
    batch_errors: Sequence[FieldError | Mapping[str, Any]] | None = None,
    records_received: int | None = None,
    msg_id: str | None = None,
    nonce: str | None = None,
    timestamp: str | datetime | None = None,
    clock: Clock = _beijing_now,
    k: int | None = None,
) -> dict[str, Any]:
    """The signed receipt of §5.5.

    Per record: ``entries`` in the envelope's order, each with cd_id, digest, status
    (accepted | rejected | duplicate) and errors (FieldError or dicts; empty unless
    rejected).  Whole-batch rejection: ``batch_errors`` (at least one), no entries, and
    ``records_received`` = the number of records in the refused envelope.  status,
    accepted and rejected are computed.
    """
    body: list[dict[str, Any]] = []
    for i, entry in enumerate(entries):
        status = entry["status"]
        errs = [_error_dict(e) for e in entry.get("errors", [])]
        if status not in _ENTRY_STATUSES:
            raise ConfigError(f"entry {i}: status {status!r} is not one of {_ENTRY_STATUSES}", key="entries")
        if (status == "rejected") != bool(errs):
            raise ConfigError(f"entry {i}: a rejected entry has errors, the others none", key="entries")
        body.append({"cd_id": entry["cd_id"], "digest": entry["digest"], "status": status, "errors": errs})
    if batch_errors:
        if body or not records_received or records_received < 1:
            raise ConfigError("a whole-batch rejection has no entries and records_received ≥ 1", key="batch_errors")
        accepted, rejected = 0, records_received
    else:
        if not body:
            raise ConfigError("a receipt needs entries or batch_errors", key="entries")
        accepted = sum(1 for e in body if e["status"] != "rejected")
        rejected = len(body) - accepted
    status = "ACCEPTED" if rejected == 0 else "REJECTED" if accepted == 0 else "PARTIAL"
    if not is_uuid(ref_msg_id):
        raise ConfigError(f"refMsgId must be a lower-case UUID, not {ref_msg_id!r}", key="ref_msg_id")
    msg_id, timestamp, nonce = _common_header(msg_id, timestamp, nonce, clock)
    header: dict[str, Any] = {
        "msgId": msg_id,
        "refMsgId": ref_msg_id,
        "msgType": "RECEIPT",
        "specVersion": "RECEIPT/1.0",
        "sender": signer.sender,
        "timestamp": timestamp,
        "nonce": nonce,
        "digestAlg": "SM3",
        "signAlg": "SM2withSM3",
        "signerId": signer.signer_id,
        "sigEncoding": signer.encoding,
        "status": status,
        "accepted": accepted,
        "rejected": rejected,
    }
    if batch_errors:
        header["errors"] = [_error_dict(e) for e in batch_errors]
    return {"header": header, "body": body, "signature": signer.sign(header, body, k=k)}
