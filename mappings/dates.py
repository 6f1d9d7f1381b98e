"""Date and date-time transforms: every form the sources send, into the standard's ``date``
(``YYYY-MM-DD``) and ``datetime`` (``YYYY-MM-DDTHH:MM:SS+08:00``, R-TIME).

In a spec::

    transforms: [date]                                   # 2024/3/5, 2024-03-05, 20240305, 2024年3月5日
    transforms: [{date: {also: [dotted, time]}}]         # + 2024.3.5, and the date of a date-time
    transforms: [{date: {also: [epoch_ms]}}]             # + an integer of epoch milliseconds
    transforms: [datetime]                               # 2024-03-05 14:20:00, 2024/3/5 9:30, 20240305142000, …
    transforms: [{datetime: {also: [epoch_s]}}]          # + an integer of epoch seconds
    transforms: [epoch_ms_to_datetime]                   # integer milliseconds only (sthj updated_at)
    transforms: [date, {date_add: {months: 3}}]          # 2025-11-30 → 2026-02-28 (same day, else the month's last)

Full-width digits and white space anywhere are accepted (NFKC, then white space removed).  A time
without an offset is Beijing time; ``Z`` or another offset is converted to +08:00; fractions of a second
are floored.  An impossible date or time is ``FORMAT``, never corrected; a date alone where a date-time
is wanted is ``FORMAT`` too (the time is unknown and is not invented).
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from typing import Any

from mappings.specfile import Loc
from mappings.text import WHITESPACE, nfkc, squeeze_out
from mappings.transform_base import CompileEnv, MapError, Transform, TransformDef, as_string

__all__ = ["DATE_TRANSFORMS", "parse_date", "parse_datetime"]

_DATE_FORMS = "YYYY/M/D、YYYY-MM-DD、YYYYMMDD 或 YYYY年M月D日"
_DATETIME = re.compile(
    r"(?:([0-9]{4})([-/.])([0-9]{1,2})\2([0-9]{1,2})|([0-9]{4})([0-9]{2})([0-9]{2})|([0-9]{4})年([0-9]{1,2})月([0-9]{1,2})日)"
    r"[T ]?(?:([0-9]{1,2}):([0-9]{2})(?::([0-9]{2})(?:\.[0-9]+)?)?|([0-9]{1,2})时([0-9]{1,2})分(?:([0-9]{1,2})秒)?)"
    r" ?(Z|[+-][0-9]{2}:?[0-9]{2})?")
_SPACES = re.compile(r"\s+")
_D14 = re.compile(r"([0-9]{4})([0-9]{2})([0-9]{2})([0-9]{2})([0-9]{2})([0-9]{2})")
_EPOCH = datetime(1970, 1, 1, 8, 0, 0)  # the Unix epoch on a +08:00 wall clock
_BEIJING = timedelta(hours=8)
_DATE_OPTIONS = ("dotted", "time", "epoch_ms", "epoch_s")
_DATETIME_OPTIONS = ("epoch_ms", "epoch_s")


def _clean(value: Any, *, squeeze: bool = True) -> str:
    """NFKC text without edge white space; inside, white space removed (dates) or one space (date-times)."""
    text = as_string(value)
    if text.isascii() and text.isprintable() and " " not in text:
        return text
    text = nfkc(text).strip(WHITESPACE)
    return squeeze_out(text) if squeeze else _SPACES.sub(" ", text)


def _ymd(groups: tuple[str | None, ...], value: Any) -> date:
    y, m, d = (int(g) for g in groups if g is not None and g not in "-/.")
    try:
        return date(y, m, d)
    except ValueError:
        raise MapError("FORMAT", f"日期 {value} 不存在") from None


def _digits(part: str, low: int, high: int) -> bool:
    return low <= len(part) <= high and part.isascii() and part.isdigit()


def parse_date(value: Any, *, dotted: bool = False) -> date | None:
    """The date of ``value`` in one of the date forms (``None`` when it is not one); ``MapError`` when the
    form is right but the date does not exist."""
    text = _clean(value)
    if text[-1:] == "日":                                   # YYYY年M月D日
        y, sep, rest = text[:-1].partition("年")
        m, sep2, d = rest.partition("月")
        if not (sep and sep2):
            return None
    elif len(text) == 8 and _digits(text, 8, 8):             # YYYYMMDD
        y, m, d = text[:4], text[4:6], text[6:]
    else:                                                    # YYYY-M-D, YYYY/M/D (, YYYY.M.D)
        sep = "-" if "-" in text else "/" if "/" in text else "." if dotted and "." in text else ""
        parts = text.split(sep) if sep else ()
        if len(parts) != 3:
            return None
        y, m, d = parts
    if not (_digits(y, 4, 4) and _digits(m, 1, 2) and _digits(d, 1, 2)):
        return None
    try:
        return date(int(y), int(m), int(d))
    except ValueError:
        raise MapError("FORMAT", f"日期 {value} 不存在") from None


def parse_datetime(value: Any) -> datetime | None:
    """The Beijing wall-clock time of ``value`` in one of the date-time forms, or ``None``."""
    text = _clean(value, squeeze=False)
    if len(text) == 19 and text[10] in " T" and text[4] == "-":
        try:
            return datetime.fromisoformat(text)
        except ValueError:
            pass
    if len(text) == 14 and text.isdigit():
        m14 = _D14.fullmatch(text)
        assert m14 is not None
        return _moment(*(int(g) for g in m14.groups()), value=value)
    m = _DATETIME.fullmatch(text)
    if m is None:
        return None
    g = m.groups()
    day = _ymd(g[:10], value)
    hh, mm, ss = (g[10], g[11], g[12]) if g[10] is not None else (g[13], g[14], g[15])
    moment = _moment(day.year, day.month, day.day, int(hh or 0), int(mm or 0), int(ss or 0), value=value)
    zone = g[16]
    if zone and zone not in ("+08:00", "+0800"):
        offset = timedelta(0) if zone == "Z" else timedelta(hours=int(zone[1:3]), minutes=int(zone[-2:]))
        moment = moment - (offset if zone[0] != "-" else -offset) + _BEIJING
    return moment


def _moment(y: int, mo: int, d: int, h: int, mi: int, s: int, *, value: Any) -> datetime:
    try:
        return datetime(y, mo, d, h, mi, s)
    except ValueError:
        raise MapError("FORMAT", f"时间 {value} 不存在") from None


def _epoch(value: Any, per_second: int) -> datetime:
    if type(value) is not int or value < 0:
        raise MapError("FORMAT", f"{value!r} 不是 Unix {'毫秒' if per_second == 1000 else '秒'}时间戳（非负整数）")
    # floored to the second: a datetime has no fraction (§1.4), and a rounded-up time could lie in the future
    try:
        return _EPOCH + timedelta(seconds=value // per_second)
    except OverflowError:
        raise MapError("FORMAT", f"时间戳 {value} 超出范围") from None


def _stamp(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds") + "+08:00"


def _options(params: Any, allowed: tuple[str, ...], name: str, loc: Loc) -> frozenset[str]:
    if params is None:
        return frozenset()
    also = params.get("also") if isinstance(params, dict) and set(params) == {"also"} else None
    if not isinstance(also, list) or not set(also) <= set(allowed):
        loc.fail(f"{name} 的参数应为 {{also: [...]}}，可选 {', '.join(allowed)}")
    return frozenset(also)


def _date(params: Any, env: CompileEnv, loc: Loc) -> Transform:
    also = _options(params, _DATE_OPTIONS, "date", loc)
    dotted, with_time = "dotted" in also, "time" in also
    unit = 1000 if "epoch_ms" in also else 1 if "epoch_s" in also else 0

    def convert(value: Any, scope: Any) -> Any:
        if unit and type(value) is int:
            return _epoch(value, unit).date().isoformat()
        day = parse_date(value, dotted=dotted)
        if day is not None:
            return day.isoformat()
        if with_time:
            moment = parse_datetime(value)
            if moment is not None:
                return moment.date().isoformat()
        raise MapError("FORMAT", f"{value} 不是可识别的日期（{_DATE_FORMS}）")
    return convert


def _datetime(params: Any, env: CompileEnv, loc: Loc) -> Transform:
    also = _options(params, _DATETIME_OPTIONS, "datetime", loc)
    unit = 1000 if "epoch_ms" in also else 1 if "epoch_s" in also else 0

    def convert(value: Any, scope: Any) -> Any:
        if unit and type(value) is int:
            return _stamp(_epoch(value, unit))
        moment = parse_datetime(value)
        if moment is not None:
            return _stamp(moment)
        if parse_date(value, dotted=True) is not None:
            raise MapError("FORMAT", f"{value} 只有日期，没有时刻（不补时刻）")
        raise MapError("FORMAT", f"{value} 不是可识别的日期时间（如 YYYY-MM-DD HH:MM:SS）")
    return convert


def _add(params: Any, env: CompileEnv, loc: Loc) -> Transform:
    units = ("years", "months", "days")
    if not isinstance(params, dict) or not params or set(params) - set(units) or \
            not all(isinstance(v, int) and not isinstance(v, bool) for v in params.values()):
        loc.fail("date_add 需要 {years: N, months: N, days: N} 之一或几项（整数）")
    months = params.get("years", 0) * 12 + params.get("months", 0)
    days = timedelta(days=params.get("days", 0))

    def add(value: Any, scope: Any) -> Any:
        day = parse_date(value)
        if day is None:
            raise MapError("FORMAT", f"{value} 不是日期（date_add 前先用 date）")
        index = day.year * 12 + day.month - 1 + months
        year, month = divmod(index, 12)
        last = (date(year + (month + 1) // 12, (month + 1) % 12 + 1, 1) - timedelta(days=1)).day
        try:
            return (date(year, month + 1, min(day.day, last)) + days).isoformat()
        except (ValueError, OverflowError):
            raise MapError("FORMAT", f"{value} 加上期限后超出范围") from None
    return add


def _epoch_ms(value: Any, scope: Any) -> Any:
    if type(value) is not int:
        raise MapError("FORMAT", f"{value!r} 应为 Unix 毫秒时间戳（整数）")
    return _stamp(_epoch(value, 1000))


def _epoch_s(value: Any, scope: Any) -> Any:
    if type(value) is not int:
        raise MapError("FORMAT", f"{value!r} 应为 Unix 秒时间戳（整数）")
    return _stamp(_epoch(value, 1))


DATE_TRANSFORMS: dict[str, TransformDef] = {
    "date": TransformDef(_date, params=None),
    "datetime": TransformDef(_datetime, params=None),
    "date_add": TransformDef(_add, params=True),
    "epoch_ms_to_datetime": TransformDef(lambda params, env, loc: _epoch_ms),
    "epoch_s_to_datetime": TransformDef(lambda params, env, loc: _epoch_s),
}
