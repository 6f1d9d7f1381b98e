"""统一交易标识码 (ggzy.md §4.5) for the simulator: make valid codes, and deliberately broken ones.

    make_trade_code("12321000MB1F23582K", "A", date(2025, 11, 3), 173)   # '12321000MB1F23582KA20251103001730'
    make_trade_code("12321081466452615W", "A", date(2018, 6, 12), 458)   # legacy: '...WA18061200004581'
    legacy_reverse_check("12321081466452615WA1703090000112")             # 'X' (quirk 10: the old system's check)

Validation for the mapping side is :func:`mappings.identifiers.check_udc`; this module only builds.
"""

from __future__ import annotations

from datetime import date

__all__ = ["UDC_CHARS", "legacy_reverse_check", "make_trade_code", "mod37_2"]

UDC_CHARS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ*"


def mod37_2(first32: str) -> str:
    """ISO/IEC 7064 MOD 37-2 check character over the first 32 characters."""
    p = 0
    for ch in first32:
        p = ((p + UDC_CHARS.index(ch)) * 2) % 37
    return UDC_CHARS[(38 - p) % 37]


def legacy_reverse_check(first32: str) -> str:
    """The check the former 扬州市建设工程交易中心 system wrote: weights ``2^i mod 37`` from the left (quirk 10)."""
    total = sum(UDC_CHARS.index(ch) * pow(2, i, 37) for i, ch in enumerate(first32, start=1))
    return UDC_CHARS[(1 - total) % 37]


def make_trade_code(issuer: str, trade_type: str, day: date, serial: int) -> str:
    """A valid code: current layout from 2019-01-01 (5-digit serial), legacy before (``yyMMdd``, 7 digits)."""
    if day >= date(2019, 1, 1):
        body = f"{issuer}{trade_type}{day:%Y%m%d}{serial:05d}"
    else:
        body = f"{issuer}{trade_type}{day:%y%m%d}{serial:07d}"
    return body + mod37_2(body)
