"""Text, code and list transforms the sources need: full-width → half-width, HTML in CDATA, a source's own
code list, lists split and joined; with property tests."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mappings.transform_base import MapError
from santong.errors import ConfigError


@pytest.mark.parametrize(("name", "sent", "expected"), [
    ("halfwidth", "９１３２１０８１ＭＡ１ＸＫ３Ｒ５９Ｊ", "91321081MA1XK3R59J"),
    ("halfwidth", "扬州润扬（仪征分公司）", "扬州润扬(仪征分公司)"),
    ("halfwidth_digits", "仪住建罚决字〔２０２５〕第１８号", "仪住建罚决字〔2025〕第18号"),   # e路阳光 quirk 9: brackets kept
    ("halfwidth_digits", "（ＡＢ１）", "（ＡＢ1）"),
    ("squeeze", "91321000 723581646d\u3000", "91321000723581646d"),                 # e路阳光 quirk 8
    ("squeeze", " \u3000 ", None),
    ("html", "热食类&nbsp;冷食类&ldquo;康鑫牌&rdquo;<br/>主体业态：餐饮", "热食类 冷食类“康鑫牌”\n主体业态：餐饮"),
    ("html", "<p>第一段</p><p>第二段&amp;&lt;b&gt;</p>", "第一段\n第二段&<b>"),           # scjg quirk 8; escaped tags stay text
    ("html", "没有标记的旧记录", "没有标记的旧记录"),
    ("html", "<br/>", None),
])
def test_text_transforms(transform: Callable[..., Any], name: str, sent: str, expected: Any) -> None:
    assert transform(name)(sent, {}) == expected


def test_map_translates_a_sources_own_codes_before_the_standard_lookup(transform: Callable[..., Any]) -> None:
    translate = transform("map", {"97": "001", "01": "002", "3": "111", "废弃": None})
    assert translate("97", {}) == "001" and translate(" ９７ ", {}) == "001" and translate(3, {}) == "111"
    assert translate("废弃", {}) is None
    with pytest.raises(MapError) as info:
        translate("98", {})
    assert info.value.code == "CODE_UNKNOWN" and "98" in info.value.message and "97" in info.value.message
    lookup = transform("code", "CE_TYPE")
    assert lookup(translate("97", {}), {}) == {"code": "001", "label": "统一社会信用代码"}


@pytest.mark.parametrize("params", [{}, {"97": {"code": "001"}}, "97"])
def test_a_bad_map_is_refused_at_compile(transform: Callable[..., Any], params: Any) -> None:
    with pytest.raises(ConfigError, match="map"):
        transform("map", params)


@pytest.mark.parametrize(("params", "sent", "expected"), [
    (None, "王建国、李娜", ["王建国", "李娜"]),                       # scjg JCRY
    (";", "32108119005;32108119017", ["32108119005", "32108119017"]),
    (None, "没收违法所得;罚款;", ["没收违法所得", "罚款"]),             # scjg quirk 9: trailing separator
    (None, " 、 ", None),
    (None, ["already", "a list"], ["already", "a list"]),
])
def test_split(transform: Callable[..., Any], params: Any, sent: Any, expected: Any) -> None:
    assert transform("split", params)(sent, {}) == expected


def test_join(transform: Callable[..., Any]) -> None:
    assert transform("join", "、")(["周海峰", None, "刘婷"], {}) == "周海峰、刘婷"
    assert transform("join")([None], {}) is None


_SEPARATORS = "、，,;；"
_ITEM = st.text(alphabet=st.characters(blacklist_characters=_SEPARATORS, blacklist_categories=("Cs",)), max_size=8)


@settings(max_examples=300, deadline=None)
@given(items=st.lists(_ITEM, max_size=6), glue=st.sampled_from(list(_SEPARATORS)))
def test_split_gives_the_non_blank_trimmed_items_in_order(transform: Callable[..., Any], items: list[str], glue: str) -> None:
    from mappings.text import trim

    got = transform("split")(glue.join(items), {})
    expected = [trim(i) for i in items if trim(i)]
    assert got == (expected or None)
    if got:
        assert transform("join", glue)(got, {}) == glue.join(expected)


@settings(max_examples=300, deadline=None)
@given(text=st.text(max_size=40))
def test_halfwidth_leaves_no_full_width_ascii_and_is_idempotent(transform: Callable[..., Any], text: str) -> None:
    once = transform("halfwidth")(text, {})
    assert not any(0xFF01 <= ord(c) <= 0xFF5E or c == "\u3000" for c in once)
    assert transform("halfwidth")(once, {}) == once
    assert len(once) == len(text)


@settings(max_examples=300, deadline=None)
@given(text=st.text(max_size=60))
def test_html_never_leaves_tags_or_raises(transform: Callable[..., Any], text: str) -> None:
    from mappings.text import trim

    out = transform("html")(text, {})
    assert out is None or (isinstance(out, str) and out == trim(out) and "\r" not in out)


@settings(max_examples=200, deadline=None)
@given(sent=st.one_of(st.text(max_size=20), st.integers(), st.floats(), st.booleans(), st.none(), st.lists(st.text(), max_size=2),
                      st.dictionaries(st.text(max_size=3), st.text(max_size=3), max_size=2)))
def test_text_transforms_answer_text_or_format(transform: Callable[..., Any], sent: Any) -> None:
    for name in ("trim", "text", "html", "nfkc", "upper", "squeeze", "halfwidth", "halfwidth_digits", "first_listed", "bool",
                 "area6", "idno_upgrade"):
        try:
            transform(name)(sent, {})
        except MapError as exc:
            assert exc.code == "FORMAT"
    for name, params in (("code", "CE_TYPE"), ("map", {"1": "x"})):
        try:
            transform(name, params)(sent, {})
        except MapError as exc:
            assert exc.code in ("FORMAT", "CODE_UNKNOWN")


def test_remove_and_picking_one_element(transform: Callable[..., Any]) -> None:
    assert transform("remove", "-－")("72357098-X", {}) == "72357098X"
    assert transform("remove", "-")("-", {}) is None
    times = ["2025-11-04T09:00:00+08:00", None, "2025-11-25T09:30:00+08:00", "2025-11-24T17:00:00+08:00"]
    assert [transform(n)(times, {}) for n in ("first", "last", "max", "min")] == [times[0], times[3], times[2], times[0]]
    assert transform("max")([None], {}) is None
    with pytest.raises(MapError):
        transform("max")([{"code": "1"}, {"code": "2"}], {})
