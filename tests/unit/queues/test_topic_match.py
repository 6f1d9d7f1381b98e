"""Topic matching, word for word as RabbitMQ's ``rabbit_exchange_type_topic``.

The contract suite checks a table like this one against a real RabbitMQ.  This one is
larger and runs in microseconds; every pattern of it was also checked against every key
of it on RabbitMQ 3.10.8, with no difference.
"""

from __future__ import annotations

import pytest

from queues.routing import route, split_words, topic_matches

CASES = [
    # pattern, routing key, matches?
    ("a.b", "a.b", True),
    ("a.b", "a.c", False),
    ("a.b", "a.b.c", False),
    ("a.b", "a", False),
    # * is exactly one word
    ("*", "a", True),
    ("*", "", False),
    ("*", "a.b", False),
    ("*.b", "a.b", True),
    ("*.b", "b", False),
    ("*.b", "a.c.b", False),
    ("a.*", "a.b", True),
    ("a.*", "a", False),
    ("a.*", "a.b.c", False),
    ("*.*", "a.b", True),
    ("*.*", "a", False),
    ("a.*.c", "a.b.c", True),
    ("a.*.c", "a.c", False),
    # # is zero or more words
    ("#", "", True),
    ("#", "a", True),
    ("#", "a.b.c.d", True),
    ("a.#", "a", True),
    ("a.#", "a.b.c", True),
    ("a.#", "b.a", False),
    ("#.b", "b", True),
    ("#.b", "a.b", True),
    ("#.b", "a.b.c", False),
    ("a.#.b", "a.b", True),
    ("a.#.b", "a.x.b", True),
    ("a.#.b", "a.x.y.z.b", True),
    ("a.#.b", "a.b.c", False),
    ("a.#.b", "b.a.b", False),
    ("#.#", "", True),
    ("#.#", "a.b", True),
    ("a.#.#.b", "a.b", True),
    ("#.a.#", "x.a.y", True),
    ("#.a.#", "x.y", False),
    ("a.*.#", "a", False),
    ("a.*.#", "a.b", True),
    ("a.*.#", "a.b.c.d", True),
    ("*.#.*", "a", False),
    ("*.#.*", "a.b", True),
    ("#.*", "", False),
    ("#.*", "a.b.c", True),
    # empty words are words: "" has none, "a." has two, "." has two
    ("", "", True),
    ("", "a", False),
    ("a.*", "a.", True),
    ("*.b", ".b", True),
    ("*", ".", False),
    ("*.*", ".", True),
    ("a..b", "a..b", True),
    ("a.*.b", "a..b", True),
    ("a.#.b", "a..b", True),
    ("#", ".", True),
    # only a whole word is a wildcard
    ("a#", "a", False),
    ("a#", "ab", False),
    ("a#", "a#", True),
    ("a*", "ab", False),
    ("a.b*", "a.bc", False),
    # santong's own patterns
    ("JGXW_CHECK.*", "JGXW_CHECK.321081", True),
    ("JGXW_CHECK.*", "JGXW_CHECK.321081.x", False),
    ("JGXW_PUNISH.#", "JGXW_PUNISH", True),
    ("scjg.*", "scjg.license", True),
    ("scjg.*", "scjgx.license", False),
]


@pytest.mark.parametrize(("pattern", "key", "expected"), CASES)
def test_topic_matches_as_rabbitmq(pattern: str, key: str, expected: bool) -> None:
    assert topic_matches(pattern, key) is expected


def test_words_are_split_as_rabbitmq_splits_them() -> None:
    assert split_words("") == ()
    assert split_words("a") == ("a",)
    assert split_words("a.") == ("a", "")
    assert split_words(".") == ("", "")


def test_route_by_exchange_type() -> None:
    bindings = [("q1", "a.*"), ("q2", "#"), ("q3", "a.b"), ("q2", "a.b")]
    assert route("topic", bindings, "a.b") == {"q1", "q2", "q3"}
    assert route("topic", bindings, "x") == {"q2"}
    assert route("direct", bindings, "a.b") == {"q2", "q3"}
    assert route("direct", bindings, "a.x") == set()
    assert route("fanout", bindings, "anything") == {"q1", "q2", "q3"}
    with pytest.raises(ValueError):
        route("headers", bindings, "a")
