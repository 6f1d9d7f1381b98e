"""Whose signatures we accept: the trust store and step V4 of STANDARD.md §5.6.

    trust = TrustStore()
    trust.register("js-province", SM2PublicKey.from_pem(pem),
                   valid_from=..., valid_to=..., accept_early_s=86_400)   # province.md quirk 17
    verify_signed(receipt, trust)          # raises SignatureInvalid with the §5.11 code and field
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from santong.errors import ConfigError, SignatureInvalid
from signatures.digest import signed_message
from signatures.formats import parse_datetime
from signatures.sm2 import (
    DEFAULT_SIGNER_ID,
    SIG_ENCODINGS,
    SM2PublicKey,
    decode_signature,
)

__all__ = ["TrustStore", "TrustedKey", "decode_base64_strict", "verify_signed"]


def _aware(moment: datetime | None, name: str) -> None:
    if moment is not None and moment.tzinfo is None:
        raise ConfigError(f"{name} must be timezone-aware", key=name)


@dataclass(frozen=True)
class TrustedKey:
    """One registered key and its validity window (both ends inclusive; None = open).

    ``accept_early_s`` lets the key verify that long before ``valid_from``: province.md
    quirk 17 (the platform has signed with a new key up to 24 h early).
    """

    key: SM2PublicKey
    valid_from: datetime | None = None
    valid_to: datetime | None = None
    accept_early_s: int = 0

    def valid_at(self, at: datetime) -> bool:
        if self.valid_from is not None and at < self.valid_from - timedelta(seconds=self.accept_early_s):
            return False
        return self.valid_to is None or at <= self.valid_to


@dataclass
class _Sender:
    signer_id: str
    keys: list[TrustedKey] = field(default_factory=list)


class TrustStore:
    """Per sender id: its keys with validity windows, and the one signer ID it uses (§5.4)."""

    def __init__(self) -> None:
        self._senders: dict[str, _Sender] = {}

    def register(
        self,
        sender: str,
        key: SM2PublicKey,
        *,
        valid_from: datetime | None = None,
        valid_to: datetime | None = None,
        signer_id: str = DEFAULT_SIGNER_ID,
        accept_early_s: int = 0,
    ) -> None:
        """Add a key of ``sender``; every key of one sender must name the same signer ID."""
        _aware(valid_from, "valid_from")
        _aware(valid_to, "valid_to")
        if valid_from is not None and valid_to is not None and valid_to < valid_from:
            raise ConfigError(f"key of {sender}: valid_to before valid_from", key=sender)
        entry = self._senders.setdefault(sender, _Sender(signer_id))
        if entry.signer_id != signer_id:
            raise ConfigError(
                f"sender {sender} is registered with signer ID {entry.signer_id!r}, not {signer_id!r}",
                key=sender,
            )
        entry.keys.append(TrustedKey(key, valid_from, valid_to, accept_early_s))

    def __contains__(self, sender: object) -> bool:
        return sender in self._senders

    def signer_id(self, sender: str) -> str | None:
        """The registered signer ID of ``sender``, None when the sender is unknown."""
        entry = self._senders.get(sender)
        return entry.signer_id if entry else None

    def keys_at(self, sender: str, at: datetime) -> list[SM2PublicKey]:
        """Every key of ``sender`` valid at ``at`` (during a rotation, old and new)."""
        _aware(at, "at")
        entry = self._senders.get(sender)
        return [k.key for k in entry.keys if k.valid_at(at)] if entry else []


def decode_base64_strict(text: object) -> bytes | None:
    """Standard padded base64 without line breaks, in its one canonical spelling; else None."""
    if not isinstance(text, str) or not text.isascii():
        return None
    try:
        raw = base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        return None
    # b64decode ignores non-zero unused bits ("MEQ=" and "MEU=" decode alike): re-encode.
    return raw if base64.b64encode(raw).decode("ascii") == text else None


def verify_signed(obj: Mapping[str, Any], trust: TrustStore, *, at: datetime | None = None) -> None:
    """Step V4 for an envelope or receipt: return quietly or raise ``SignatureInvalid``.

    Keys are those of ``header.sender`` valid at ``at`` (default: the header's own
    ``timestamp``).  Codes and fields: unknown sender, bad signature → SIGNATURE_INVALID
    on ``signature``; signer ID not the registered one → SIGNATURE_INVALID on
    ``header.signerId``; ``sigEncoding`` other than DER/RAW → CODE_UNKNOWN on
    ``header.sigEncoding``.
    """
    _aware(at, "at")
    header = obj.get("header")
    if not isinstance(header, dict):
        raise SignatureInvalid("缺少 header 对象 / header object missing", code="FORMAT", field="")
    sender, msg_id = header.get("sender"), header.get("msgId")

    def fail(why: str, code: str = "SIGNATURE_INVALID", fld: str = "signature") -> SignatureInvalid:
        return SignatureInvalid(why, code=code, field=fld, sender=sender, msg_id=msg_id)

    registered = trust.signer_id(sender) if isinstance(sender, str) else None
    if not isinstance(sender, str) or registered is None:
        raise fail(f"未登记的发送方 / unknown sender {sender!r}")
    if header.get("signerId") != registered:
        raise fail(
            f"签名者标识与登记不符 / signerId {header.get('signerId')!r} is not the registered {registered!r}",
            fld="header.signerId",
        )
    encoding = header.get("sigEncoding")
    if encoding not in SIG_ENCODINGS:
        raise fail(f"未知的签名编码 / unknown sigEncoding {encoding!r}", "CODE_UNKNOWN", "header.sigEncoding")
    raw = decode_base64_strict(obj.get("signature"))
    if raw is None:
        raise fail("签名不是规范的 base64 / signature is not canonical base64")
    if decode_signature(raw, str(encoding)) is None:
        raise fail(f"签名不是有效的 {encoding} 编码 / signature is not valid {encoding}")
    when = at or parse_datetime(header.get("timestamp"))
    if when is None:
        raise fail("时间戳无法读取，无法选择密钥 / timestamp unreadable, no key can be chosen")
    keys = trust.keys_at(sender, when)
    if not keys:
        raise fail(f"发送方在 {when.isoformat()} 无有效密钥 / no key of {sender} valid at {when.isoformat()}")
    if "body" not in obj:
        raise fail("缺少 body / body missing")
    message = signed_message(obj)
    if not any(key.verify(message, raw, registered, encoding) for key in keys):
        raise fail(f"签名验证失败 / signature does not verify with the key of sender {sender}")
