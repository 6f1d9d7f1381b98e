"""Breaks a valid SJJH record the way production data is broken, naming the field (for quarantine tests).

    bad = spoil("XZCF", fields, random.Random(3))     # changes ``fields`` in place
    bad.reason, bad.field                             # 'DATE_ORDER', 'CFJDRQ'

A spoiled record can never become valid under the national standard whatever the mapping
does right; tests check that exactly these are quarantined with this field named.
"""

from __future__ import annotations

import random
from dataclasses import asdict, dataclass
from typing import Any

from adapters.sthj.identifiers import USCC_CHARS

__all__ = ["REASONS", "BadRecord", "spoil"]

REASONS = ("BAD_USCC", "IMPOSSIBLE_DATE", "MISSING_REQUIRED", "DATE_ORDER", "BAD_ID_NUMBER")


@dataclass(frozen=True)
class BadRecord:
    """Why a record is invalid: ``reason`` (one of :data:`REASONS`) and the SJJH ``field``."""

    reason: str
    field: str

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


_DATE_FIELD = {"XZXK": "XKJDRQ", "XZJC": "ZGQX", "XZCF": "CFJDRQ", "JYYC": "LRRQ"}
_REQUIRED = {"XZXK": "XKJDSWH", "XZJC": "JCRY", "XZCF": "CFJDSWH", "JYYC": "LRYY"}


def _reasons(kind: str, fields: dict[str, str | None]) -> list[str]:
    reasons = ["MISSING_REQUIRED"]
    if fields.get("TYSHXYDM") and len(fields["TYSHXYDM"] or "") == 18:
        reasons.append("BAD_USCC")
    if kind in ("XZXK", "XZCF", "JYYC"):
        reasons.append("IMPOSSIBLE_DATE")
    if kind == "XZCF":
        reasons.append("DATE_ORDER")
    if fields.get("FDDBRZJHM") and len(fields["FDDBRZJHM"] or "") == 18:
        reasons.append("BAD_ID_NUMBER")
    return reasons


def spoil(kind: str, fields: dict[str, str | None], rng: random.Random, reason: str | None = None) -> BadRecord:
    """Make ``fields`` invalid for one reason (random among the applicable ones unless given)."""
    reason = reason or rng.choice(_reasons(kind, fields))
    if reason == "BAD_USCC":
        code = str(fields["TYSHXYDM"]).upper()
        wrong = USCC_CHARS[(USCC_CHARS.index(code[17]) + 1 + rng.randrange(29)) % 31]
        fields["TYSHXYDM"] = code[:17] + wrong
        return BadRecord(reason, "TYSHXYDM")
    if reason == "IMPOSSIBLE_DATE":
        name = _DATE_FIELD[kind]
        fields[name] = str(fields[name])[:4] + "0231"
        return BadRecord(reason, name)
    if reason == "DATE_ORDER":  # decided before the case was opened
        larq = str(fields["LARQ"])
        fields["CFJDRQ"] = f"{int(larq[:4]) - 1}{larq[5:7]}{larq[8:10]}"
        return BadRecord(reason, "CFJDRQ")
    if reason == "BAD_ID_NUMBER":
        number = str(fields["FDDBRZJHM"])
        fields["FDDBRZJHM"] = number[:17] + ("0" if number[17] != "0" else "1")
        return BadRecord(reason, "FDDBRZJHM")
    name = _REQUIRED[kind]
    fields[name] = None
    return BadRecord("MISSING_REQUIRED", name)
