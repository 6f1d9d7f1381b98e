"""The fast canonical form gives exactly rfc8785's bytes for every plain santong value."""

from __future__ import annotations

import rfc8785
from hypothesis import given, settings
from hypothesis import strategies as st

from signatures.jcs import _plain, canonical

names = st.text(alphabet=st.characters(min_codepoint=0, max_codepoint=127), max_size=12)
leaves = st.none() | st.booleans() | st.integers(-(2**53 - 1), 2**53 - 1) | st.text(
    alphabet=st.characters(blacklist_categories=("Cs",)), max_size=20)
values = st.recursive(leaves, lambda inner: st.lists(inner, max_size=5) | st.dictionaries(names, inner, max_size=5),
                      max_leaves=30)


@settings(max_examples=400, deadline=None)
@given(values)
def test_fast_path_equals_rfc8785(value: object) -> None:
    assert _plain(value)
    assert canonical(value) == rfc8785.dumps(value)


def test_floats_and_non_ascii_names_take_the_library() -> None:
    assert not _plain({"a": 1.5}) and canonical({"a": 1.5}) == rfc8785.dumps({"a": 1.5})
    assert not _plain({"é": 1}) and canonical({"é": 1, "z": 2}) == rfc8785.dumps({"é": 1, "z": 2})
    assert not _plain({"a": 2**60})
