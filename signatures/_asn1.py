"""The little DER and PEM that SM2 keys and signatures need, written out by hand.

``cryptography`` cannot load keys on the SM2 curve, and the structures are small: a
SEQUENCE of INTEGERs (the signature), SubjectPublicKeyInfo and PKCS#8 / SEC1 private
keys.  The reader is strict (definite, minimal lengths; minimal non-negative INTEGERs;
no trailing bytes), so that one signature has exactly one accepted encoding.

Internal to ``signatures``: callers translate ``DerError`` into their own errors.
"""

from __future__ import annotations

import base64
import binascii
import re

__all__ = [
    "BIT_STRING",
    "INTEGER",
    "OCTET_STRING",
    "OID",
    "SEQUENCE",
    "DerError",
    "DerReader",
    "der_uint",
    "parse_uint",
    "pem_decode",
    "pem_encode",
    "tlv",
]

INTEGER = 0x02
BIT_STRING = 0x03
OCTET_STRING = 0x04
OID = 0x06
SEQUENCE = 0x30


class DerError(ValueError):
    """The bytes are not the strict DER expected."""


def _length(n: int) -> bytes:
    if n < 0x80:
        return bytes([n])
    body = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(body)]) + body


def tlv(tag: int, content: bytes) -> bytes:
    """One DER element: tag, minimal length, content."""
    return bytes([tag]) + _length(len(content)) + content


def der_uint(n: int) -> bytes:
    """A non-negative INTEGER element (a leading 00 only when the high bit is set)."""
    if n < 0:
        raise DerError("negative INTEGER")
    # bit_length // 8 + 1 bytes leave room for the sign bit and never more: minimal.
    return tlv(INTEGER, n.to_bytes(n.bit_length() // 8 + 1, "big"))


def parse_uint(content: bytes) -> int:
    """The value of an INTEGER's content octets; refuses negative and non-minimal forms."""
    if not content:
        raise DerError("empty INTEGER")
    if content[0] & 0x80:
        raise DerError("negative INTEGER")
    if len(content) > 1 and content[0] == 0 and content[1] < 0x80:
        raise DerError("INTEGER not minimally encoded")
    return int.from_bytes(content, "big")


class DerReader:
    """Reads consecutive elements of a DER string: ``DerReader(data).read(SEQUENCE)``."""

    def __init__(self, data: bytes) -> None:
        self._data = data
        self._pos = 0

    def at_end(self) -> bool:
        return self._pos == len(self._data)

    def peek_tag(self) -> int | None:
        return self._data[self._pos] if self._pos < len(self._data) else None

    def read(self, tag: int) -> bytes:
        """The content of the next element, which must have ``tag``."""
        data, pos = self._data, self._pos
        if pos + 2 > len(data):
            raise DerError("truncated element")
        if data[pos] != tag:
            raise DerError(f"expected tag {tag:#04x}, found {data[pos]:#04x}")
        first = data[pos + 1]
        pos += 2
        if first < 0x80:
            length = first
        else:
            n = first & 0x7F
            if n == 0 or n > 4 or pos + n > len(data):
                raise DerError("bad length")
            length = int.from_bytes(data[pos : pos + n], "big")
            if length < 0x80 or data[pos] == 0:
                raise DerError("length not minimally encoded")
            pos += n
        if pos + length > len(data):
            raise DerError("truncated content")
        self._pos = pos + length
        return data[pos : pos + length]

    def finish(self) -> None:
        """Refuse trailing bytes."""
        if not self.at_end():
            raise DerError("trailing bytes")


_PEM_RE = re.compile(
    r"-----BEGIN (?P<label>[A-Z0-9 ]+)-----\s*(?P<body>[A-Za-z0-9+/=\s]*?)\s*-----END (?P=label)-----"
)


def pem_encode(der: bytes, label: str) -> str:
    """PEM armour with 64-character lines and a final newline."""
    b64 = base64.b64encode(der).decode("ascii")
    lines = [b64[i : i + 64] for i in range(0, len(b64), 64)]
    return f"-----BEGIN {label}-----\n" + "\n".join(lines) + f"\n-----END {label}-----\n"


def pem_decode(text: str) -> tuple[str, bytes]:
    """The label and DER bytes of the one PEM block in ``text``."""
    blocks = list(_PEM_RE.finditer(text))
    if len(blocks) != 1:
        raise DerError(f"expected one PEM block, found {len(blocks)}")
    body = "".join(blocks[0].group("body").split())
    try:
        der = base64.b64decode(body, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise DerError("PEM body is not base64") from exc
    return blocks[0].group("label"), der
