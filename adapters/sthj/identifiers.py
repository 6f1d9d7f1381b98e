"""Check characters of the identifiers the simulator generates (STANDARD.md §2.1–§2.3).

    uscc = make_uscc("91", "321081", make_org_code("MA1N7G5T"))   # '91321081MA1N7G5T0R'
    uscc_valid(uscc)                                              # True
    make_id_number("321081", date(1990, 5, 17), 123)              # '321081199005171234'
    upgrade_id15("321081680923041")                               # '321081196809230419'

Used by the data generator to make valid identifiers (and deliberately broken ones), and
by the tests to prove which records are valid.
"""

from __future__ import annotations

import re
from datetime import date

__all__ = [
    "USCC_CHARS",
    "id_check",
    "id_number_valid",
    "make_id_number",
    "make_org_code",
    "make_uscc",
    "org_check",
    "org_code_valid",
    "upgrade_id15",
    "uscc_check",
    "uscc_valid",
]

USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ORG_RE = re.compile(r"^[0-9A-Z]{8}[0-9X]$")
_ID_RE = re.compile(r"^[0-9]{17}[0-9X]$")


def org_check(body: str) -> str:
    """GB 11714 check character of an 8-character body (letters are code point − 55)."""
    total = sum((int(c) if c.isdigit() else ord(c) - 55) * w for c, w in zip(body, _ORG_WEIGHTS))
    r = 11 - total % 11
    return "X" if r == 10 else "0" if r == 11 else str(r)


def make_org_code(body: str) -> str:
    """The 9-character 组织机构代码 of ``body``."""
    return body + org_check(body)


def org_code_valid(code: str) -> bool:
    return bool(_ORG_RE.match(code)) and org_check(code[:8]) == code[8]


def uscc_check(first17: str) -> str:
    """GB 32100 check character of the first 17 characters."""
    total = sum(USCC_CHARS.index(c) * w for c, w in zip(first17, _USCC_WEIGHTS))
    return USCC_CHARS[(31 - total % 31) % 31]


def make_uscc(category: str, area: str, org_code: str) -> str:
    """``category`` (e.g. ``91``, ``92``) + 6-digit area + 9-character 组织机构代码 + check."""
    first17 = category + area + org_code
    return first17 + uscc_check(first17)


def uscc_valid(code: str) -> bool:
    """Rules 1–5 of STANDARD.md §2.1 (length, character set, area digits, check, embedded org code)."""
    if len(code) != 18 or any(c not in USCC_CHARS for c in code) or not code[2:8].isdigit():
        return False
    return uscc_check(code[:17]) == code[17] and org_code_valid(code[8:17])


def id_check(first17: str) -> str:
    """ISO 7064 MOD 11-2 check character of an ID number (GB 11643)."""
    return "10X98765432"[sum(int(d) * w for d, w in zip(first17, _ID_WEIGHTS)) % 11]


def make_id_number(area: str, birth: date, sequence: int) -> str:
    """An 18-character 居民身份证号码."""
    first17 = f"{area}{birth:%Y%m%d}{sequence:03d}"
    return first17 + id_check(first17)


def id_number_valid(number: str) -> bool:
    """Format, birth date (1900 or later) and check character of an 18-character number."""
    if not _ID_RE.match(number):
        return False
    try:
        born = date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return False
    return born.year >= 1900 and id_check(number[:17]) == number[17]


def upgrade_id15(number: str) -> str:
    """The 18-character form of a 15-digit first-generation number (``19`` + year, check appended)."""
    first17 = number[:6] + "19" + number[6:]
    return first17 + id_check(first17)
