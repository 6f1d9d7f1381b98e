"""Date and date-time transforms: every form the sources send, into the standard's ``date`` and ``datetime``
(+08:00); impossible values are FORMAT, never corrected; property tests over the whole calendar."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mappings.transform_base import MapError

FULL = str.maketrans("0123456789", "０１２３４５６７８９")


@pytest.mark.parametrize(("sent", "params", "expected"), [
    ("2024年3月5日", None, "2024-03-05"),                 # credit legacy, e路阳光 quirk 5
    ("2024/3/5", None, "2024-03-05"),
    ("20240305", None, "2024-03-05"),                    # scjg quirk 2
    ("２０２４/３/５", None, "2024-03-05"),                # full-width digits
    ("2025.3.5", {"also": ["dotted"]}, "2025-03-05"),    # e路阳光 quirk 5
    ("2025-11-18 15:20:41", {"also": ["time"]}, "2025-11-18"),   # scjg LARQ
    ("2025-11-18T23:30:00Z", {"also": ["time"]}, "2025-11-19"),  # R-TIME: the calendar date in +08:00
    ("2018/7/3 9:00", {"also": ["time"]}, "2018-07-03"),  # ggzy quirk 11
    (1763431200000, {"also": ["epoch_ms"]}, "2025-11-18"),  # credit SXBZXR FBSJ
    (1763431200, {"also": ["epoch_s"]}, "2025-11-18"),
])
def test_date_reads_the_forms_the_sources_send(transform: Callable[..., Any], sent: Any, params: Any, expected: str) -> None:
    assert transform("date", params)(sent, {}) == expected


@pytest.mark.parametrize(("sent", "expected"), [
    ("2024-03-05 14:20:00", "2024-03-05T14:20:00+08:00"),
    ("2024-03-05T14:20:00", "2024-03-05T14:20:00+08:00"),
    ("2024-03-05T14:20:00+08:00", "2024-03-05T14:20:00+08:00"),
    ("2024-03-05T06:20:00Z", "2024-03-05T14:20:00+08:00"),
    ("2024-03-05T01:20:00-05:00", "2024-03-05T14:20:00+08:00"),
    ("2024-03-05 14:20:00.999", "2024-03-05T14:20:00+08:00"),    # floored, never rounded up
    ("2018/7/3 9:00", "2018-07-03T09:00:00+08:00"),                # ggzy quirk 11
    ("2025.11.5 16:42:30", "2025-11-05T16:42:30+08:00"),
    ("2024年3月5日 14时20分", "2024-03-05T14:20:00+08:00"),
    ("20251202150236", "2025-12-02T15:02:36+08:00"),               # ggzy DATA_TIMESTAMP
    ("２０２４－０３－０５　１４：２０：００", "2024-03-05T14:20:00+08:00"),
    ("  2025-11-18 15:20:41\u3000", "2025-11-18T15:20:41+08:00"),
])
def test_datetime_reads_every_date_time_form_as_beijing_time(transform: Callable[..., Any], sent: str, expected: str) -> None:
    assert transform("datetime")(sent, {}) == expected


@pytest.mark.parametrize(("sent", "params", "expected"), [
    (1763446809731, {"also": ["epoch_ms"]}, "2025-11-18T14:20:09+08:00"),
    (1763446809, {"also": ["epoch_s"]}, "2025-11-18T14:20:09+08:00"),
])
def test_datetime_reads_epochs_when_the_spec_says_so(transform: Callable[..., Any], sent: int, params: Any,
                                                     expected: str) -> None:
    assert transform("datetime", params)(sent, {}) == expected
    assert transform(f"epoch_{'ms' if sent > 10**11 else 's'}_to_datetime")(sent, {}) == expected


@pytest.mark.parametrize(("name", "sent", "why"), [
    ("datetime", "2024-03-05", "只有日期"),             # no time is invented
    ("datetime", "2024-02-30 10:00:00", "不存在"),
    ("datetime", "2024-03-05 24:00:00", "不存在"),
    ("datetime", "2024-03-05 10:61", "不存在"),
    ("datetime", "yesterday", "不是可识别"),
    ("datetime", 1763446809731, "不是可识别"),          # an integer is epoch only with also: [epoch_ms]
    ("date", "2025.3.5", "不是可识别"),                # dotted only when the spec allows it
    ("date", "2025-11-18 15:20:41", "不是可识别"),     # a date-time only with also: [time]
    ("date", "2025年2月29日", "不存在"),
    ("epoch_s_to_datetime", "1763446809", "整数"),
    ("epoch_s_to_datetime", -1, "非负"),
])
def test_impossible_or_unexpected_values_are_format_naming_the_value(transform: Callable[..., Any], name: str,
                                                                     sent: Any, why: str) -> None:
    with pytest.raises(MapError) as info:
        transform(name)(sent, {})
    assert info.value.code == "FORMAT" and why in info.value.message and str(sent) in info.value.message


def test_date_options_are_checked_when_the_spec_is_compiled(transform: Callable[..., Any]) -> None:
    from santong.errors import ConfigError

    with pytest.raises(ConfigError, match="also"):
        transform("date", {"also": ["tomorrow"]})


_DAYS = st.dates(min_value=date(1900, 1, 1), max_value=date(2099, 12, 31))
_MOMENTS = st.datetimes(min_value=datetime(1900, 1, 1), max_value=datetime(2099, 12, 31, 23, 59, 59)).map(
    lambda d: d.replace(microsecond=0))


@settings(max_examples=200, deadline=None)
@given(day=_DAYS, form=st.sampled_from(["{y}-{m:02d}-{d:02d}", "{y}/{m}/{d}", "{y}{m:02d}{d:02d}", "{y}年{m}月{d}日",
                                        "{y}.{m}.{d}", "{y}-{m}-{d}"]), full=st.booleans())
def test_every_date_form_reads_back_the_same_day(transform: Callable[..., Any], day: date, form: str, full: bool) -> None:
    sent = form.format(y=day.year, m=day.month, d=day.day)
    sent = sent.translate(FULL) if full else sent
    assert transform("date", {"also": ["dotted"]})(sent, {}) == day.isoformat()


@settings(max_examples=200, deadline=None)
@given(moment=_MOMENTS, form=st.sampled_from(["%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S", "%Y/%m/%d %H:%M:%S",
                                              "%Y%m%d%H%M%S", "%Y年%m月%d日 %H:%M:%S", "%Y-%m-%dT%H:%M:%S+08:00"]))
def test_every_date_time_form_reads_back_the_same_moment(transform: Callable[..., Any], moment: datetime, form: str) -> None:
    expected = moment.isoformat() + "+08:00"
    assert transform("datetime")(moment.strftime(form), {}) == expected
    assert transform("date", {"also": ["time"]})(moment.strftime(form), {}) == moment.date().isoformat()


@settings(max_examples=200, deadline=None)
@given(moment=_MOMENTS, hours=st.integers(-12, 14))
def test_an_explicit_offset_is_converted_to_beijing_time(transform: Callable[..., Any], moment: datetime, hours: int) -> None:
    sign = "+" if hours >= 0 else "-"
    sent = f"{moment.isoformat()}{sign}{abs(hours):02d}:00"
    expected = moment - timedelta(hours=hours) + timedelta(hours=8)
    assert transform("datetime")(sent, {}) == expected.isoformat() + "+08:00"


@settings(max_examples=300, deadline=None)
@given(sent=st.one_of(st.text(max_size=30), st.integers(), st.none(), st.floats(), st.booleans(),
                      st.from_regex(r"[0-9０-９]{4}[-/.年][0-9]{1,2}[-/.月][0-9]{1,3}日?( [0-9]{1,2}:[0-9]{1,2}(:[0-9]{1,2})?)?",
                                    fullmatch=True)))
def test_date_transforms_answer_a_value_or_format_and_nothing_else(transform: Callable[..., Any], sent: Any) -> None:
    for name, params in (("date", None), ("date", {"also": ["dotted", "time", "epoch_ms"]}), ("datetime", None),
                         ("datetime", {"also": ["epoch_s"]})):
        try:
            out = transform(name, params)(sent, {})
        except MapError as exc:
            assert exc.code == "FORMAT"
            continue
        assert isinstance(out, str)
        if name == "date":
            assert date.fromisoformat(out)
        else:
            assert out.endswith("+08:00") and datetime.fromisoformat(out[:-6])
